"""A long turn's hit points at the passage that matches the query, on the pages and in the API."""

import re
import textwrap
from html import unescape

import pytest
from shared_index import opened_app

from index.writer import build_index
from search.analysis import light_stem_spanish
from search.highlight import mark

OPENING = ("Buenos días a todas y a todos. Gracias por acompañarnos en esta conferencia sobre el agua del "
           "municipio, que es el tema que más nos preocupa este año. ")
MIDDLE = ("Las presas están al cuarenta por ciento de su capacidad y las pipas recorren las colonias altas "
          "todos los días, con un calendario que se publica cada lunes en los mercados. ")
LATE = "La desalinizadora de la costa abrirá en mayo y dará agua a treinta mil familias."


# Written for this test, paragraphs of a long statement; the word of ``late`` is only in the fourth.
def paragraphs(late):
    return [OPENING * 3, MIDDLE * 3, MIDDLE * 2, late, "Muchas gracias."]


# A conference whose first turn is long, one paragraph a line as the stenographic versions publish them.
CONFERENCE = (
    "Versión estenográfica de la conferencia de prensa sobre el agua\nAyuntamiento de Valle Verde\n"
    "5 de marzo de 2026\n---\nPRESIDENTE MUNICIPAL ERNESTO SALAZAR MORA: " + "\n".join(paragraphs(LATE)) + "\n---\n"
    "PREGUNTA: Presidente, ¿cuándo llegarán las pipas a la colonia Mirador?\n---\n"
    "PRESIDENTE MUNICIPAL ERNESTO SALAZAR MORA: Esta misma semana.\n")
# A message read by one official, one statement, wrapped with blank lines between paragraphs as
# hand-written releases are.
SPEECH = (
    "Mensaje del presidente municipal Ernesto Salazar Mora sobre el agua\nAyuntamiento de Monte Claro\n"
    "6 de marzo de 2026\n\n"
    + "\n\n".join(textwrap.fill(p, 90) for p in paragraphs(LATE.replace("desalinizadora", "potabilizadora"))))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("passages")
    (folder / "valle-verde-2026-03-05-agua.txt").write_text(CONFERENCE, encoding="utf-8")
    (folder / "monte-claro-2026-03-06-mensaje.txt").write_text(SPEECH, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("passages-index")
    assert build_index(index_dir, [folder]).ok
    with opened_app({"TESTING": True, "INDEX_DIR": str(index_dir)}) as app:
        yield app.test_client()


def plain(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


@pytest.mark.parametrize("word", ["desalinizadora", "potabilizadora"])
def test_a_long_turn_links_to_the_paragraph_that_holds_the_words(client, word):
    html = client.get("/declaraciones", query_string={"q": word}).get_data(as_text=True)
    link = re.search(r'href="(/comunicados/[^"#]+)#(declaracion-\d+-p\d+)"', html)
    assert link, "the hit links to a paragraph inside the turn"
    page = client.get(link.group(1)).get_data(as_text=True)
    # The anchor is on the page, and what follows it is the paragraph with the word, not the turn's opening.
    after = plain(page.split(f'<span id="{link.group(2)}"></span>', 1)[1])
    assert after.startswith(LATE.replace("desalinizadora", word))
    snippet = re.search(r"<blockquote><p>(.*?)</p></blockquote>", html, re.S).group(1)
    assert f"<mark>{word}</mark>" in snippet and "Buenos días" not in snippet


@pytest.mark.parametrize("word", ["desalinizadora", "potabilizadora"])
def test_the_api_gives_the_passage_beside_the_statement(client, word):
    hits = client.get("/api/v1/statements", query_string={"q": word}).get_json()["hits"]
    assert len(hits) == 1
    hit = hits[0]
    assert hit["kind"] == "intervencion" and hit["text"].startswith(OPENING)
    # The statement's own fields keep their meaning: its anchor, its whole text, its span in the body.
    assert re.fullmatch(r"declaracion-\d+", hit["anchor"]) and hit["span"][1] - hit["span"][0] == len(hit["text"])
    passage = hit["passage"]
    assert passage["anchor"].startswith(hit["anchor"] + "-p")
    assert hit["text"][passage["offset"]:].startswith(LATE.replace("desalinizadora", word))
    assert f"<mark>{word}</mark>" in hit["snippet"] and "Buenos días" not in hit["snippet"]


def test_words_of_the_opening_keep_the_link_on_the_turn(client):
    hits = client.get("/api/v1/statements", query_string={"q": "conferencia agua"}).get_json()["hits"]
    assert len(hits) == 2 and all(h["passage"] == {"anchor": h["anchor"], "offset": 0} for h in hits)
    html = client.get("/declaraciones", query_string={"q": "conferencia agua"}).get_data(as_text=True)
    assert len(re.findall(r'href="/comunicados/[^"#]+#declaracion-\d+"', html)) == 2


def test_without_words_the_hit_points_at_the_statement(client):
    hits = client.get("/api/v1/statements", query_string={"kind": "intervencion"}).get_json()["hits"]
    assert hits and all(h["passage"] is None for h in hits)
    html = client.get("/declaraciones", query_string={"kind": "intervencion"}).get_data(as_text=True)
    assert not re.search(r'href="/comunicados/[^"#]+#declaracion-\d+-p\d+"', html)


def test_a_short_statement_has_no_passage(client):
    hit = client.get("/api/v1/statements", query_string={"q": "Mirador"}).get_json()["hits"][0]
    assert hit["kind"] == "pregunta" and hit["passage"] is None


def test_a_line_anchor_goes_between_the_words_and_keeps_their_marks():
    html = mark("Primero el agua.\nLuego las vacunas <b>", {light_stem_spanish("vacunas")}, (), [(17, "declaracion-2-p2")])
    assert html == ('Primero el agua.\n<span id="declaracion-2-p2"></span>Luego las <mark>vacunas</mark> &lt;b&gt;')
