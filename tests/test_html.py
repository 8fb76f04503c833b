"""The search page over the demo corpus: what a citizen sees and clicks."""

import re
from datetime import date
from html import unescape
from xml.etree import ElementTree as ET

import pytest
from flask import template_rendered

from index.writer import build_index
from webui import create_app
from webui.filters import fecha, hace, numero, periodo
from webui.views import FACET_SHOWN, narrow_facet

ATOM = "{http://www.w3.org/2005/Atom}"


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
    # The page asks for fewer values of each list (the rest behind "ver más"): the same first ones.
    for name, items in shown["facets"].items():
        assert [(i["value"], i["count"]) for i in items] == [
            (i["value"], i["count"]) for i in api["facets"][name]][:len(items)]


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
    assert "Volver a los resultados" in html


def test_bad_parameter_on_the_page_is_a_spanish_400_page(client):
    response = client.get("/", query_string={"from": "mañana"})
    assert response.status_code == 400
    assert "no es válida" in response.get_data(as_text=True)


def test_text_from_releases_is_escaped_everywhere(tmp_path, closing):
    source = tmp_path / "hostil.jsonl"
    source.write_text(
        '{"id": "x1", "title": "Aviso <script>alert(1)</script> urgente", "date": "2026-01-05",'
        ' "body": "Texto con <img src=x onerror=alert(2)> y la palabra aviso.", "source": "Fuente <b>falsa</b>"}\n',
        encoding="utf-8",
    )
    build_index(tmp_path / "ix", [source])
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "ix")})).test_client()
    for url in ("/?q=aviso", "/comunicados/x1?q=aviso", "/?q=<script>", "/buscar.atom?q=aviso"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>falsa" not in html
    entry = ET.fromstring(client.get("/buscar.atom?q=aviso").data).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Aviso <script>alert(1)</script> urgente"
    snippet = client.get("/api/v1/search?q=aviso").get_json()["hits"][0]["snippet"]
    assert "&lt;img" in snippet and "<mark>aviso</mark>" in snippet


def test_missing_index_is_a_503_that_says_so(tmp_path, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "nada")})).test_client()
    assert client.get("/").status_code == 503
    assert client.get("/api/v1/search").get_json()["error"]["code"] == "unavailable"


def test_years_are_drawn_as_bars_that_filter_and_show_their_months(client, captured):
    html = page(client)
    bars = dict(re.findall(r'<a href="([^"]+)" class="bar[^"]*"\s+aria-label="(\d{4}): ', html))
    assert set(bars.values()) == {"2025", "2026"}
    year_url = unescape(next(url for url, year in bars.items() if year == "2025"))
    assert "from=2025" in year_url and "to=2025" in year_url
    html = client.get(year_url).get_data(as_text=True)
    assert "Meses de 2025" in html
    assert "marzo de 2025: 4 comunicados" in html
    assert html.count('class="axis"') >= 2 + 12
    assert captured[-1]["result"]["chips"][0]["label"] == "Fecha: 2025"


def test_choosing_the_chosen_month_again_widens_to_its_year(client, captured):
    page(client, **{"from": "2025-03", "to": "2025-03"})
    result = captured[-1]["result"]
    assert result["chips"][0]["label"] == "Fecha: marzo de 2025"
    march = next(m for m in result["months"] if m["value"] == "2025-03")
    assert march["selected"]
    assert "from=2025&" in march["toggle_url"] and march["toggle_url"].endswith("to=2025")


def test_long_facet_lists_are_cut_with_a_link_to_all_of_them(client, captured):
    html = page(client)
    officials = captured[-1]["result"]["facets"]["official"]
    assert len(officials) > FACET_SHOWN
    section = html.split('id="facet-official"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == FACET_SHOWN
    assert "ver más" in section and "data-filterable" not in section
    html = client.get(re.search(r'href="([^"]*mas=official[^"]*)"', section).group(1).replace("&amp;", "&")).get_data(as_text=True)
    every = client.get("/api/v1/search", query_string={"per_page": 1}).get_json()["facets"]["official"]
    section = html.split('id="facet-official"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == len(captured[-1]["result"]["facets"]["official"]) >= len(every)
    assert "data-filterable" in section and "ver menos" in section


def test_the_full_list_of_a_facet_narrows_on_the_server_too(client):
    html = page(client, mas="official", filtro="MENDOZA")
    section = html.split('id="facet-official"', 1)[1].split("</section>", 1)[0]
    labels = re.findall(r'<span class="label">([^<]+)</span>', section)
    assert labels and all("mendoza" in label.lower() for label in labels)
    assert "2 con «MENDOZA»" in unescape(section)
    assert 'value="MENDOZA"' in section


def test_a_facet_too_long_to_draw_keeps_its_chosen_values():
    items = [{"label": f"Persona {n}", "selected": n == 7} for n in range(10)]
    shown, matching = narrow_facet(items, "", 3)
    assert [i["label"] for i in shown] == ["Persona 0", "Persona 1", "Persona 2", "Persona 7"] and matching == 10
    shown, matching = narrow_facet(items, "persona 9", 3)
    assert [i["label"] for i in shown] == ["Persona 9"] and matching == 1


def test_officials_and_topics_of_a_hit_narrow_the_same_search(client, captured):
    page(client, q="becas")
    hit = captured[-1]["result"]["hits"][0]
    url = hit["officials"][0]["filter_url"]
    assert "q=becas" in url and f"official={hit['officials'][0]['key']}" in url
    client.get(url)
    assert all(hit["officials"][0]["key"] in [o["key"] for o in h["officials"]] for h in captured[-1]["result"]["hits"])


def test_a_search_with_too_many_filters_offers_to_drop_each_one(client):
    html = unescape(page(client, q="vacunación", topic="deporte"))
    assert "0 resultados" in html
    assert "Ningún comunicado cumple a la vez la búsqueda y el filtro elegido" in html
    without = client.get("/api/v1/search", query_string={"q": "vacunación"}).get_json()["total"]
    assert f"Quitar «deporte»</a>: {without} resultados" in html


def test_when_no_release_has_every_word_the_page_says_it_shows_any(client):
    html = unescape(page(client, q="vacunación trolebús"))
    assert "Ningún comunicado contiene todas las palabras de «vacunación trolebús»" in html


def test_a_corrected_search_is_titled_with_its_words_and_offers_the_typed_ones(client, captured):
    # Issue 15: the results already are for the corrected words, so the heading names them
    # ("¿Quisiste decir…?" read backwards); the typed words are offered as "Buscar en cambio «…»".
    html = unescape(page(client, q="vacunacion infuenza"))
    result = captured[-1]["result"]
    assert result["suggestion"] and f"para «{result['suggestion']}»" in html
    assert f"Buscar en cambio «<a href=\"{result['original_url']}\">vacunacion infuenza</a>»" in html
    assert "exact=1" in result["original_url"] and "q=vacunacion+infuenza" in result["original_url"]
    assert "infuenza</strong> → <strong>influenza" in html


def test_the_page_says_how_the_query_was_read(client):
    html = unescape(page(client, q="bj"))
    assert "Cómo se leyó la búsqueda" in html
    assert "Sinónimos:" in html and "Benito Juárez" in html
    assert "Sin distinguir tildes" in html


def test_the_exact_spelling_switch_stays_on_once_chosen(client):
    assert not re.search(r'id="exact"[^>]*checked', page(client, q="año"))
    html = page(client, q="año", exact="1")
    assert re.search(r'id="exact"[^>]*checked', html)
    assert "Tildes y ñ exactamente como se escribieron" in html


def test_feed_and_csv_links_carry_the_search_but_not_the_page(client, captured):
    html = unescape(page(client, q="becas", topic="educacion", page="1", mas="official"))
    feed = re.search(r'href="([^"]+)" type="application/atom\+xml">Suscribirse', html).group(1)
    csv = re.search(r'href="([^"]+)" type="text/csv"', html).group(1)
    assert feed.startswith("/buscar.atom?") and "q=becas" in feed and "topic=educacion" in feed and "mas=" not in feed
    assert csv.startswith("/api/v1/search?") and "format=csv" in csv and "topic=educacion" in csv


def test_the_feed_lists_the_searchs_newest_releases(client):
    response = client.get("/buscar.atom", query_string={"q": "becas"})
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.find(f"{ATOM}title").text == "Hemeroteca: becas"
    entries = feed.findall(f"{ATOM}entry")
    api = client.get("/api/v1/search", query_string={"q": "becas", "sort": "recientes"}).get_json()
    assert [e.find(f"{ATOM}title").text for e in entries] == [h["title"] for h in api["hits"]]
    stamps = [e.find(f"{ATOM}updated").text for e in entries]
    assert stamps == sorted(stamps, reverse=True) and feed.find(f"{ATOM}updated").text == stamps[0]
    link = entries[0].find(f"{ATOM}link[@rel='alternate']").get("href")
    # Without a canonical address the links are relative: the request's Host never reaches a feed.
    assert link.startswith("/comunicados/")
    assert client.get(link).status_code == 200


def test_the_feed_of_a_bad_search_is_a_spanish_400(client):
    response = client.get("/buscar.atom", query_string={"from": "ayer"})
    assert response.status_code == 400 and "no es válida" in response.get_data(as_text=True)


def test_parameters_meant_for_url_building_are_just_parameters(client):
    for url in ("/?_scheme=javascript&_external=1&release_id=1&format=x", "/comunicados/x?_anchor=y&release_id=2"):
        assert client.get(url).status_code in (200, 404)


def test_a_release_page_shows_officials_with_their_quotes_and_similar_releases(client):
    hit = client.get("/api/v1/search", query_string={"q": "BlindarBJ reduce delitos"}).get_json()["hits"][0]
    html = unescape(client.get(f"/comunicados/{hit['id']}").get_data(as_text=True))
    officials = html.split("Funcionarios y lo que dijeron", 1)[1].split("</section>", 1)[0]
    zepeda = officials.split("Omar Zepeda Lara", 1)[1]
    assert zepeda.split("</li>", 1)[0].count("<blockquote>") == 1 and "La clave ha sido la información" in zepeda
    assert "Más como este" in html
    assert "Volver a los resultados" not in html  # reached without a search


def test_dates_and_numbers_read_as_mexican_spanish():
    assert fecha("2026-01-20") == "20 de enero de 2026"
    today = date(2026, 11, 25)
    assert hace("2026-11-22", today=today) == "hace 3 días"
    assert hace("2026-11-24", today=today) == "ayer"
    assert hace("2026-09-01", today=today) == "" and hace("2026-12-01", today=today) == ""
    assert numero(1234) == "1,234"
    assert periodo(date(2025, 1, 1), date(2025, 12, 31)) == "2025"
    assert periodo(date(2025, 6, 1), None) == "desde el 1 de junio de 2025"


def test_the_csv_download_states_its_cap(demo_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "EXPORT_LIMIT": 500})).test_client()
    html = client.get("/?q=becas").get_data(as_text=True)
    assert re.search(r'Descargar CSV</a><span class="hint"> \(hasta 500 comunicados\)', html)


@pytest.mark.parametrize("named, rest", [(9, "y 5 funcionarios más"), (5, "y 1 funcionario más")])
def test_a_hit_naming_many_officials_shows_a_few_and_links_to_the_rest(tmp_path, closing, named, rest):
    officials = ", ".join(f'{{"name": "Persona Número{n}", "role": "regidor"}}' for n in range(named))
    source = tmp_path / "cabildo.jsonl"
    source.write_text(
        f'{{"id": "c1", "title": "Sesión de cabildo", "date": "2026-01-05", "body": "Sesión ordinaria del cabildo.",'
        f' "officials": [{officials}]}}\n', encoding="utf-8")
    build_index(tmp_path / "ix", [source])
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "ix")})).test_client()
    html = client.get("/?q=cabildo").get_data(as_text=True)
    tags = html.split('class="tags"', 1)[1].split("</ul>", 1)[0]
    assert tags.count("tag official") == 4
    assert re.search(rf'<a class="tag more" href="/comunicados/c1\?q=cabildo">{rest}</a>', tags)


def test_a_recent_release_says_how_long_ago_it_came_out(tmp_path, closing):
    source = tmp_path / "recientes.jsonl"
    source.write_text(
        f'{{"id": "r1", "title": "Aviso de hoy", "date": "{date.today().isoformat()}", "body": "Aviso publicado hoy."}}\n'
        '{"id": "r2", "title": "Aviso antiguo", "date": "2020-01-05", "body": "Aviso de hace años."}\n',
        encoding="utf-8")
    build_index(tmp_path / "ix", [source])
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "ix")})).test_client()
    html = client.get("/?q=aviso&sort=recientes").get_data(as_text=True)
    assert f'{fecha(date.today())}</time> <span class="ago">(hoy)</span>' in html
    assert '5 de enero de 2020</time>\n' in html
