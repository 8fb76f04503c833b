"""The search page over the demo corpus: what a citizen sees and clicks."""

import re
from html import unescape

import pytest
from flask import template_rendered

from index.writer import build_index
from webui import create_app


@pytest.fixture
def captured(app):
    """The contexts of the templates rendered during a test."""
    recorded = []

    def record(sender, template, context, **extra):
        recorded.append(context)

    template_rendered.connect(record, app)
    yield recorded
    template_rendered.disconnect(record, app)


def page(client, **params):
    response = client.get("/", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_page_is_spanish_with_counts_and_dates_in_spanish(client):
    html = page(client, q="seguridad")
    assert '<html lang="es-MX">' in html
    assert re.search(r"\d+ resultados", html)
    assert re.search(r"\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de 20\d\d", html)


def test_page_and_api_come_from_the_same_search(client, captured):
    page(client, q="vacunación", per_page=5)
    shown = captured[-1]["result"]
    api = client.get("/api/v1/search", query_string={"q": "vacunación", "per_page": 5}).get_json()
    assert [h["id"] for h in shown["hits"]] == [h["id"] for h in api["hits"]]
    assert shown["total"] == api["total"]
    assert {k: [(i["value"], i["count"]) for i in v] for k, v in shown["facets"].items()} == {
        k: [(i["value"], i["count"]) for i in v] for k, v in api["facets"].items()}


def test_html_only_extras_are_not_available_via_json(client):
    api = client.get("/api/v1/search", query_string={"q": "vacunación", "official": "x"}).get_json()
    assert "chips" not in api and "page_urls" not in api
    assert all("toggle_url" not in item for items in api["facets"].values() for item in items)


def test_clicking_a_facet_narrows_to_its_count(client, captured):
    page(client, q="programa")
    item = captured[-1]["result"]["facets"]["topic"][0]
    html = client.get(item["toggle_url"]).get_data(as_text=True)
    assert captured[-1]["result"]["total"] == item["count"]
    assert "Limpiar filtros" in html
    assert f'Quitar filtro {item["label"]}' in unescape(html)


def test_removing_a_chip_restores_the_search(client, captured):
    page(client, q="programa")
    before = captured[-1]["result"]["total"]
    item = captured[-1]["result"]["facets"]["official"][0]
    client.get(item["toggle_url"])
    chip = captured[-1]["result"]["chips"][0]
    client.get(chip["remove_url"])
    assert captured[-1]["result"]["total"] == before


def test_snippets_mark_every_form_of_the_word(client):
    html = page(client, q="vacunacion")
    marked = {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", html)}
    assert "vacunación" in marked
    assert marked & {"vacunas", "vacuna", "vacunar"}


def test_pagination_keeps_the_filters(client, captured):
    page(client, per_page=5, **{"from": "2025", "to": "2025"})
    url = captured[-1]["result"]["page_urls"][2]
    assert "from=2025" in url and "to=2025" in url and "page=2" in url


def test_release_page_marks_the_query_and_links_back(client):
    hit = client.get("/api/v1/search", query_string={"q": "simulacro"}).get_json()["hits"][0]
    html = client.get(f"/comunicados/{hit['id']}", query_string={"q": "simulacro"}).get_data(as_text=True)
    assert unescape(hit["title"]) in unescape(html)
    assert "<mark>" in html
    assert "Volver a la búsqueda" in html


def test_bad_parameter_on_the_page_is_a_spanish_400_page(client):
    response = client.get("/", query_string={"from": "mañana"})
    assert response.status_code == 400
    assert "no es válida" in response.get_data(as_text=True)


def test_text_from_releases_is_escaped_everywhere(tmp_path):
    source = tmp_path / "hostil.jsonl"
    source.write_text(
        '{"id": "x1", "title": "Aviso <script>alert(1)</script> urgente", "date": "2026-01-05",'
        ' "body": "Texto con <img src=x onerror=alert(2)> y la palabra aviso.", "source": "Fuente <b>falsa</b>"}\n',
        encoding="utf-8",
    )
    build_index(tmp_path / "ix", [source])
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "ix")}).test_client()
    for url in ("/?q=aviso", "/comunicados/x1?q=aviso", "/?q=<script>"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>falsa" not in html
    snippet = client.get("/api/v1/search?q=aviso").get_json()["hits"][0]["snippet"]
    assert "&lt;img" in snippet and "<mark>aviso</mark>" in snippet


def test_missing_index_is_a_503_that_says_so(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "nada")}).test_client()
    assert client.get("/").status_code == 503
    assert client.get("/api/v1/search").get_json()["error"]["code"] == "unavailable"
