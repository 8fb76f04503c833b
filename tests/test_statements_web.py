"""The statements' pages and API: /declaraciones, /api/v1/statements, /oficiales/<key>, and the release page's anchors."""

import json
import re
import shutil
from html import unescape

import pytest
from flask import template_rendered

from index.writer import build_index
from search.statements import STATEMENTS_FOLDER
from webui import create_app


def test_each_hit_links_to_its_place_in_the_release(client):
    html = client.get("/declaraciones", query_string={"q": "la clave ha sido la información"}).get_data(as_text=True)
    link = re.search(r'href="(/comunicados/[^"#]+)#(declaracion-\d+)"', html)
    assert link, "a hit links to its release and position"
    page = client.get(link.group(1)).get_data(as_text=True)
    paragraph = re.search(rf'<p id="{link.group(2)}">(.*?)</p>', page, re.S)
    assert paragraph and "La clave ha sido la información" in unescape(paragraph.group(1))


def test_the_page_and_the_api_show_the_same_search(app, client):
    query = {"q": "vacunas", "official": "ramon-pena-ortiz", "kind": "cita-textual"}
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(context)

    with template_rendered.connected_to(record, app):
        client.get("/declaraciones", query_string=query)
    api = client.get("/api/v1/statements", query_string=query).get_json()
    page = rendered[0]["result"]
    assert api["total"] == page["total"] > 0
    assert [h["id"] for h in api["hits"]] == [h["id"] for h in page["hits"]]
    assert all(h["speaker"]["key"] == "ramon-pena-ortiz" and h["kind"] == "cita-textual" for h in api["hits"])
    # Links are the page's own: they never reach the API.
    assert "url" not in api["hits"][0] and "chips" not in api


def test_facets_of_the_page_filter_by_official_topic_and_date(client):
    html = unescape(client.get("/declaraciones").get_data(as_text=True))
    for heading in ("Funcionarios", "Temas", "Fecha", "Tipo de declaración", "Quién habla"):
        assert f">{heading}</h2>" in html
    year = re.search(r'href="(/declaraciones\?from=(\d{4})&to=\2)"', html)
    filtered = client.get(year.group(1)).get_data(as_text=True)
    assert f"Fecha: {year.group(2)}" in filtered


@pytest.mark.parametrize("path", ["/declaraciones", "/api/v1/statements"])
@pytest.mark.parametrize("query, words", [
    ({"kind": "rumor"}, "«rumor» del parámetro «kind» no existe"),
    ({"from": "ayer"}, "La fecha «ayer» del parámetro «from» no es válida"),
    ({"page": "0"}, "«page» debe estar entre 1"),
    ({"place": "tlalpan"}, "es de los comunicados"),
    ({"q": '"sin cerrar'}, None),
])
def test_a_bad_request_gets_a_spanish_400_never_a_500(client, path, query, words):
    response = client.get(path, query_string=query)
    if words is None:
        assert response.status_code in (200, 400)
        return
    assert response.status_code == 400
    text = response.get_json()["error"]["message"] if path.startswith("/api/") else unescape(response.get_data(as_text=True))
    assert words in text


def test_an_officials_page_shows_role_counts_over_time_topics_and_latest_statements(client):
    html = unescape(client.get("/oficiales/luis-mendoza").get_data(as_text=True))
    assert "<h1 id=\"official-name\">Luis Mendoza</h1>" in html
    assert "alcalde" in html and "Alcaldía Benito Juárez" in html
    api = client.get("/api/v1/statements", query_string={"official": "luis-mendoza",
                                                          "speaker_type": "funcionariado"}).get_json()
    releases = client.get("/api/v1/search", query_string={"official": "luis-mendoza"}).get_json()
    assert f'">{api["total"]}</a>' in html and f'">{releases["total"]}</a>' in html
    # Two histograms drawn on the server, bars labelled with their counts.
    assert html.count('<svg class="histogram"') == 2
    per_year = {i["value"]: i["count"] for i in api["facets"]["year"]}
    for year, count in per_year.items():
        assert f'aria-label="{year}: {count} declaraci' in html
    assert "Temas de los que más habla" in html and api["facets"]["topic"][0]["label"] in html
    latest = html.split("Últimas declaraciones", 1)[1]
    assert latest.count('<li class="hit statement">') == min(10, api["total"])


def test_an_official_nobody_quoted_or_named_is_a_404(client):
    response = client.get("/oficiales/nadie-de-nadie")
    assert response.status_code == 404 and "No hay un funcionario" in unescape(response.get_data(as_text=True))


def test_speakers_of_hits_link_to_their_official_page(client):
    html = client.get("/declaraciones", query_string={"official": "luis-mendoza"}).get_data(as_text=True)
    assert 'href="/oficiales/luis-mendoza"' in html


def test_the_release_page_quotes_link_to_their_paragraphs(client):
    hit = client.get("/api/v1/search", query_string={"q": "BlindarBJ reduce delitos"}).get_json()["hits"][0]
    html = client.get(f"/comunicados/{hit['id']}").get_data(as_text=True)
    side = html.split("Funcionarios y lo que dijeron", 1)[1].split("</section>", 1)[0]
    anchors = re.findall(r'href="#(declaracion-\d+)"', side)
    assert anchors and all(f'id="{a}"' in html for a in anchors)


@pytest.fixture(scope="module")
def odd_index(tmp_path_factory):
    """A release whose quote carries markup, and a copy of its index without statements."""
    corpus = tmp_path_factory.mktemp("odd")
    record = {"id": "marcado", "title": "Prueba de marcado", "date": "2026-03-01", "source": "Alcaldía Tlalpan",
              "body": "“No queremos <script>alert(1)</script> en las calles”, afirmó la alcaldesa Noemí Arreola Vidal."}
    (corpus / "marcado.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    path = tmp_path_factory.mktemp("odd-index")
    assert build_index(path, [corpus]).ok
    bare = tmp_path_factory.mktemp("bare-index") / "ix"
    shutil.copytree(path, bare)
    shutil.rmtree(bare / STATEMENTS_FOLDER)
    return path, bare


def test_text_from_releases_is_escaped_on_every_page(odd_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(odd_index[0])})).test_client()
    for url in ("/declaraciones?q=calles", "/oficiales/noemi-arreola-vidal", "/comunicados/marcado"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html, url


def test_an_index_without_statements_still_shows_its_releases(odd_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(odd_index[1])})).test_client()
    release = client.get("/comunicados/marcado")
    assert release.status_code == 200 and "Prueba de marcado" in release.get_data(as_text=True)
    missing = client.get("/api/v1/statements")
    assert missing.status_code == 503 and missing.get_json()["error"]["message"]
