"""The JSON API over the demo corpus: counts, filters, facets and errors a program relies on."""

from collections import Counter

import pytest

ALL = {"per_page": 100}


def api(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ids(client, **params):
    return {h["id"] for h in api(client, **ALL, **params)["hits"]}


def test_empty_query_lists_every_release_newest_first(client, expected):
    result = api(client, **ALL)
    assert result["total"] == len(expected)
    dates = [h["date"] for h in result["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_hits_carry_the_documented_fields(client):
    hit = api(client, q="seguridad")["hits"][0]
    assert set(hit) == {"id", "title", "date", "url", "source", "officials", "topics", "places", "organizations",
                        "type", "snippet", "score"}
    assert isinstance(hit["score"], float)


def test_year_and_source_facets_count_the_corpus(client, expected):
    facets = api(client)["facets"]
    assert {f["value"]: f["count"] for f in facets["year"]} == Counter(e["date"][:4] for e in expected)
    assert {f["label"]: f["count"] for f in facets["source"]} == Counter(e["source"] for e in expected)


@pytest.mark.parametrize("facet", ["official", "topic", "source", "year", "month"])
def test_each_facet_count_is_the_total_of_its_filter(client, facet):
    for item in api(client, q="programa")["facets"][facet][:5]:
        if facet in ("year", "month"):
            narrowed = api(client, q="programa", **{"from": item["value"], "to": item["value"]})
        else:
            narrowed = api(client, q="programa", **{facet: item["value"]})
        assert narrowed["total"] == item["count"], item


def test_values_of_one_filter_combine_with_or(client):
    topics = [f["value"] for f in api(client)["facets"]["topic"][:2]]
    both = client.get("/api/v1/search", query_string=[("topic", topics[0]), ("topic", topics[1]), ("per_page", 100)])
    assert {h["id"] for h in both.get_json()["hits"]} == ids(client, topic=topics[0]) | ids(client, topic=topics[1])


def test_different_filters_combine_with_and(client):
    topic = api(client)["facets"]["topic"][0]["value"]
    narrowed = ids(client, topic=topic, **{"from": "2025", "to": "2025"})
    assert narrowed == ids(client, topic=topic) & ids(client, **{"from": "2025", "to": "2025"})
    assert narrowed


def test_filters_accept_display_names_in_any_case_and_without_accents(client):
    official = api(client)["facets"]["official"][0]
    by_key = ids(client, official=official["value"])
    assert ids(client, official=official["label"].upper()) == by_key
    topic = api(client)["facets"]["topic"][0]
    assert ids(client, topic=topic["label"]) == ids(client, topic=topic["value"])


def test_selected_filter_values_are_marked(client):
    official = api(client)["facets"]["official"][0]["value"]
    facet = api(client, official=official)["facets"]["official"]
    assert [f["value"] for f in facet if f["selected"]] == [official]


def test_date_range_keeps_only_releases_inside_it(client):
    result = api(client, **ALL, **{"from": "2025-03-01", "to": "2025-06-30"})
    assert result["total"] > 0
    assert all("2025-03-01" <= h["date"] <= "2025-06-30" for h in result["hits"])


def test_sort_orders(client):
    newest = [h["date"] for h in api(client, q="programa", sort="recientes", **ALL)["hits"]]
    oldest = [h["date"] for h in api(client, q="programa", sort="antiguos", **ALL)["hits"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)
    scores = [h["score"] for h in api(client, q="programa", **ALL)["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_pages_do_not_overlap_and_cover_the_results(client):
    total = api(client)["total"]
    seen = []
    for page in range(1, 100):
        hits = api(client, page=page, per_page=7)["hits"]
        if not hits:
            break
        seen += [h["id"] for h in hits]
    assert len(seen) == len(set(seen)) == total


def test_page_past_the_end_is_empty_not_the_last_page(client):
    result = api(client, page=50)
    assert result["hits"] == [] and result["page"] == 50


def test_release_endpoint_returns_the_full_body(client):
    hit = api(client, q="simulacro")["hits"][0]
    release = client.get(f"/api/v1/releases/{hit['id']}").get_json()
    assert release["title"] == hit["title"]
    assert len(release["body"]) > len(hit["snippet"]) / 2


def test_unknown_release_is_a_404_in_json(client):
    response = client.get("/api/v1/releases/no-existe")
    assert response.status_code == 404
    assert "no-existe" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "params, word",
    [
        ({"page": "0"}, "page"),
        ({"page": "dos"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"sort": "fecha"}, "orden"),
        ({"from": "2026-02-30"}, "from"),
        ({"from": "2026-05-01", "to": "2026-01-01"}, "posterior"),
        ({"q": "x" * 600}, "larga"),
    ],
)
def test_bad_parameters_get_a_400_that_says_what_is_wrong(client, params, word):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"]["code"] == "bad_request"
    assert word in body["error"]["message"]


@pytest.mark.parametrize(
    "q", ['"', "(", ")", "AND", "OR OR", "title:", "*", "a*", "-", '"árbol', "NOT", "[a TO", "{", "~2", "^", "a:b:c",
          "date:[2026 TO]", "official:", "((((", "\\", "'", "O Y NO", "<script>"],
)
def test_no_query_text_gives_a_server_error(client, q):
    assert client.get("/api/v1/search", query_string={"q": q}).status_code in (200, 400)
    assert client.get("/", query_string={"q": q}).status_code in (200, 400)


def test_a_typed_id_returns_exactly_that_release_and_an_absent_one_nothing(client):
    everything = api(client, **ALL)["hits"]
    wanted = everything[len(everything) // 2]["id"]
    found = api(client, q=f"id:{wanted}")
    assert found["total"] == 1 and [h["id"] for h in found["hits"]] == [wanted]
    absent = api(client, q=f"id:{wanted}-no-existe")
    assert absent["total"] == 0 and absent["hits"] == [] and absent["mode"] == "all"
