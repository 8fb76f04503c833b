"""How the pages speak: one search box a section, *usted* throughout, and a reading of the query that fits it."""

import re
from html import unescape
from pathlib import Path

TEMPLATES = Path(__file__).parent.parent / "webui" / "templates"
# Imperatives and pronouns of *tú* that a page must not use (it speaks *usted*).
TU = re.compile(r"\b(revisa|prueba con|prueba a|vuelve|escribe|quisiste|puedes|tienes|intenta|busca en cambio|"
                r"tus?)\b", re.IGNORECASE)


def html(client, path="/", **query):
    return unescape(client.get(path, query_string=query).get_data(as_text=True))


def reading(page):
    found = re.search(r'<div class="reading" id="lectura">(.*?)</div>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def test_no_template_speaks_tu():
    for template in TEMPLATES.glob("*.html"):
        text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", template.read_text(encoding="utf-8"), flags=re.S)
        assert not TU.search(text), f"{template.name}: {TU.search(text).group(0)}"


def test_an_empty_search_advises_in_usted(client):
    page = html(client, q="zzxqwv")
    assert "Revise la ortografía, pruebe con otras palabras" in page
    assert "Revisa" not in page


def test_the_statements_page_has_one_search_box_and_it_searches_statements(client):
    page = html(client, "/declaraciones", q="vacunas", official="ramon-pena-ortiz")
    boxes = re.findall(r'<form[^>]*role="search"[^>]*>', page)
    assert len(boxes) == 1 and 'action="/declaraciones"' in boxes[0]
    assert page.count('type="search"') == 1
    form = page[page.index(boxes[0]):]
    form = form[:form.index("</form>")]
    assert 'value="vacunas"' in form and 'name="official" value="ramon-pena-ortiz"' in form
    assert "Buscar declaraciones" in form


def test_the_releases_pages_keep_their_box(client):
    for path in ("/", "/temas", "/ayuda"):
        boxes = re.findall(r'<form[^>]*role="search"[^>]*>', html(client, path))
        assert len(boxes) == 1 and 'action="/"' in boxes[0], path


def test_the_accents_line_names_this_querys_words(client):
    line = reading(html(client, q="vacunacion"))
    assert "Sin distinguir tildes: vacunacion = vacunación" in line
    # The fixed example no longer shows where accents play no part.
    assert "Sin distinguir tildes" not in reading(html(client, q="agua"))
    assert "vacunación" not in reading(html(client, q="agua"))


def test_an_accent_brought_in_by_a_synonym_is_named(client):
    line = reading(html(client, q="bj"))
    assert "Sin distinguir tildes: Juárez = juarez" in line


def test_a_corrected_search_is_titled_with_the_words_searched(client):
    page = html(client, q="vacunasion")
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert "para «vacunación»" in title and "vacunasion" not in title
    heading = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.search(r'id="results-heading"[^>]*>(.*?)</h1>', page, re.S).group(1)))
    assert "para «vacunación»" in heading
    assert "Se muestran resultados para «vacunación». Buscar en cambio «" in re.sub(r"\s+", " ", page)
    offered = re.search(r'Buscar en cambio «<a href="([^"]+)">vacunasion</a>»', page).group(1)
    typed = html(client, offered.split("?", 1)[0] or "/", **dict(p.split("=") for p in offered.split("?", 1)[1].split("&")))
    assert "para «vacunasion»" in typed and "Buscar en cambio" not in typed
