"""Officials, topics, sources and stats over the demo corpus: figures that agree with the search and the answer key."""

from collections import Counter
from pathlib import Path

import pytest
from unidecode import unidecode

from index.writer import build_index
from search.schema import create_empty
from webui import create_app

CORPUS = Path(__file__).parent / "corpus"


def get(client, path, **params):
    response = client.get(path, query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def hits(client, **params):
    return get(client, "/api/v1/search", per_page=100, **params)["hits"]


def test_stats_count_the_corpus_and_its_dates(client, expected):
    stats = get(client, "/api/v1/stats")
    dates = sorted(e["date"] for e in expected)
    assert stats["releases"] == len(expected)
    assert (stats["first_date"], stats["last_date"]) == (dates[0], dates[-1])
    assert stats["sources"] == len({e["source"] for e in expected})
    assert stats["undated"] == 0
    assert stats["last_indexed"].endswith("+00:00")


def test_sources_are_counted_as_in_the_answer_key(client, expected):
    listed = get(client, "/api/v1/sources")
    assert {s["label"]: s["releases"] for s in listed["sources"]} == Counter(e["source"] for e in expected)
    counts = [s["releases"] for s in listed["sources"]]
    assert counts == sorted(counts, reverse=True) and listed["total"] == len(counts)


@pytest.mark.parametrize("kind, facet", [("officials", "official"), ("topics", "topic"), ("sources", "source")])
def test_each_entry_finds_as_many_releases_as_it_says_within_its_dates(client, kind, facet):
    for entry in get(client, f"/api/v1/{kind}")[kind][:6]:
        found = hits(client, **{facet: entry["key"]})
        assert len(found) == entry["releases"], entry
        dates = sorted(h["date"] for h in found)
        assert (entry["first"], entry["last"]) == (dates[0], dates[-1])


def test_an_officials_role_is_the_one_of_their_latest_release(client):
    for official in get(client, "/api/v1/officials")["officials"][:6]:
        latest = max(hits(client, official=official["key"]), key=lambda h: h["date"])
        roles = {o["role"] for o in latest["officials"] if o["key"] == official["key"]}
        assert official["role"] in roles


def test_an_official_in_full_lists_roles_sources_and_topics_that_add_up(client):
    first = get(client, "/api/v1/officials")["officials"][0]
    official = get(client, f"/api/v1/officials/{first['key']}")
    assert {k: official[k] for k in first} == first
    found = hits(client, official=first["key"])
    assert official["sources"][0]["label"] == official["source"]
    assert sum(s["releases"] for s in official["sources"]) == len(found)
    topics = Counter(t["key"] for h in found for t in h["topics"])
    assert {t["key"]: t["releases"] for t in official["topics"]} == topics


def test_an_official_is_found_by_name_in_any_case_and_without_accents(client, expected):
    name = next(o["name"] for e in expected for o in e["officials"] if not o["name"].isascii())
    typed = unidecode(name).upper()
    official = get(client, f"/api/v1/officials/{typed}")
    assert official["name"] == name
    assert official["key"] in {o["key"] for o in get(client, "/api/v1/officials", q=typed.split()[-1])["officials"]}


def test_officials_narrow_by_name_and_by_source(client):
    everyone = get(client, "/api/v1/officials")["officials"]
    source = get(client, "/api/v1/sources")["sources"][0]
    narrowed = get(client, "/api/v1/officials", source=source["label"])["officials"]
    assert 0 < len(narrowed) < len(everyone)
    mentioned = {o["key"] for h in hits(client, source=source["key"]) for o in h["officials"]}
    assert {o["key"] for o in narrowed} == mentioned
    assert get(client, "/api/v1/officials", q="MENDOZA")["officials"][0]["name"] == "Luis Mendoza"


def test_an_unknown_official_is_a_404_in_spanish(client):
    response = client.get("/api/v1/officials/nadie-con-este-nombre")
    assert response.status_code == 404
    assert "funcionario" in response.get_json()["error"]["message"]


def test_the_catalog_follows_the_index_when_it_changes(tmp_path, closing):
    build_index(tmp_path, [CORPUS / "texto"])
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})).test_client()
    before = get(client, "/api/v1/stats")
    build_index(tmp_path, [CORPUS / "json"])
    after = get(client, "/api/v1/stats")
    assert after["releases"] > before["releases"] and after["generation"] > before["generation"]


def test_an_empty_index_answers_with_zeros_not_errors(tmp_path, closing):
    create_empty(tmp_path)
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})).test_client()
    stats = get(client, "/api/v1/stats")
    assert (stats["releases"], stats["first_date"], stats["officials"]) == (0, None, 0)
    assert get(client, "/api/v1/officials")["officials"] == []
    walked = get(client, "/api/v1/search", after="")
    assert walked["hits"] == [] and walked["next"] is None
    assert client.get("/api/v1/search?format=csv").get_data(as_text=True).strip() == "\ufeff" + ",".join(
        ("id", "fecha", "titulo", "fuente", "url", "funcionarios", "temas", "lugares", "dependencias", "tipo"))
