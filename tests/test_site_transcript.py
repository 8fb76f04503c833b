"""A transcript reads as what it is: a section a turn, headed by its speaker, with contents; no raw ``---``."""

import re
from html import unescape

import pytest
from shared_index import opened_app

from index.writer import build_index

# Written for this test: a short press conference, its turns between --- lines as the stenographic versions have them.
TRANSCRIPT = """Versión estenográfica de la conferencia sobre el programa de bacheo
Ayuntamiento de San Isidro
3 de marzo de 2026
---
PRESIDENTA MUNICIPAL LAURA ITZEL CAMPOS RUVALCABA: Buenos días. Esta semana arranca el bacheo nocturno en las
avenidas principales, con ocho cuadrillas.
---
PREGUNTA: Presidenta, ¿cuánto costará el bacheo y quién lo vigila?
---
PRESIDENTA MUNICIPAL LAURA ITZEL CAMPOS RUVALCABA: Son doce millones de pesos. La contraloría publicará cada contrato.

Además, cada cuadrilla lleva un supervisor vecinal.
---
DIRECTOR DE OBRAS PÚBLICAS, JAVIER OROZCO LEAL: Trabajaremos de diez de la noche a cinco de la mañana para no
afectar el tránsito.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("transcript")
    (folder / "san-isidro-2026-03-03-bacheo.txt").write_text(TRANSCRIPT, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("transcript-index")
    assert build_index(index_dir, [folder]).ok
    with opened_app({"TESTING": True, "INDEX_DIR": str(index_dir)}) as app:
        yield app.test_client()


def release_page(client, **query):
    hit = client.get("/api/v1/search", query_string={"q": "bacheo"}).get_json()["hits"][0]
    return unescape(client.get(f"/comunicados/{hit['id']}", query_string=query).get_data(as_text=True))


def turns(page):
    return re.findall(r'<section class="turn( press)?" id="(turno-\d+)" aria-labelledby="[^"]+">\s*<h2[^>]*>(.*?)</h2>(.*?)</section>',
                      page, re.S)


def plain(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_each_turn_is_a_section_headed_by_its_speaker(client):
    found = turns(release_page(client))
    assert [plain(heading) for _, _, heading, _ in found] == [
        "1. Laura Itzel Campos Ruvalcaba, presidenta municipal",
        "2. Pregunta Prensa",
        "3. Laura Itzel Campos Ruvalcaba, presidenta municipal",
        "4. Javier Orozco Leal, director de Obras Públicas",
    ]
    first_text = plain(found[0][3])
    # The label heads the section instead of running into the text.
    assert first_text.startswith("Buenos días.") and "PRESIDENTA MUNICIPAL" not in first_text
    # A turn of two paragraphs keeps both under one heading.
    assert "Son doce millones" in found[2][3] and "supervisor vecinal" in found[2][3]


def test_the_press_questions_are_set_apart(client):
    found = turns(release_page(client))
    press = [plain(text) for is_press, _, _, text in found if is_press]
    assert press == ["Presidenta, ¿cuánto costará el bacheo y quién lo vigila?"]


def test_the_contents_list_each_speaker_with_links_to_their_turns(client):
    page = release_page(client)
    contents = re.search(r'<nav class="contents" aria-labelledby="contents-h">(.*?)</nav>', page, re.S).group(1)
    assert "Quién habla" in contents
    entries = re.findall(r'<li><span class="speaker">([^<]+)</span>.*?</li>', contents, re.S)
    assert entries[0] == "Laura Itzel Campos Ruvalcaba" and len(entries) == len(set(entries)) == 3
    links = re.findall(r'href="#(turno-\d+)"', contents)
    assert sorted(links) == sorted(anchor for _, anchor, _, _ in turns(page))


def test_no_raw_rule_shows_on_the_page_or_in_snippets(client):
    page = release_page(client, q="bacheo")
    body = page[page.index('<div class="body'):page.index("</article>")]
    assert "---" not in body and "<mark>bacheo</mark>" in body
    results = client.get("/", query_string={"q": "cuadrillas supervisor"}).get_data(as_text=True)
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', results, re.S)
    assert snippets and all("---" not in s for s in snippets)
    said = client.get("/declaraciones", query_string={"q": "bacheo"}).get_data(as_text=True)
    assert "---" not in said
    feed = client.get("/buscar.atom", query_string={"q": "cuadrillas supervisor"}).get_data(as_text=True)
    assert "---" not in feed


def test_statements_still_land_on_their_paragraph(client):
    page = release_page(client)
    said = client.get("/api/v1/statements", query_string={"q": "contraloría"}).get_json()["hits"][0]
    paragraph = re.search(rf'<p id="{said["anchor"]}">(.*?)</p>', page, re.S)
    assert paragraph and "contraloría publicará" in paragraph.group(1)
