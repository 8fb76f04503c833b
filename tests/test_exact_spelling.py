"""The exact-spelling switch over an index whose accent fields keep only the accented words and their
plain twins: every spelling is still told apart, as when those fields held every word."""

import json

import pytest

from index.writer import build_index
from search.engine import Engine
from search.params import SearchParams

RELEASES = {
    "plano": "El parque publico de la colonia abrirá el lunes.",
    "acento": "El espacio público de la colonia abrirá el lunes.",
    "ambos": "Hoy publico el aviso sobre el espacio público de la colonia.",
    "otro": "La jornada de limpieza terminó en la colonia.",
}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("acentos")
    source = folder / "comunicados.jsonl"
    source.write_text("".join(json.dumps({"id": key, "title": f"Aviso {n}", "body": body, "date": "2024-03-0" + str(n + 1)},
                                         ensure_ascii=False) + "\n" for n, (key, body) in enumerate(RELEASES.items())),
                      encoding="utf-8")
    report = build_index(folder / "indice", [source], workers=0)
    assert report.indexed == len(RELEASES)
    return folder / "indice"


@pytest.fixture(scope="module")
def engine(index_dir):
    engine = Engine.open(index_dir)
    yield engine
    engine.close()


def found(engine, q, exact=True):
    return {hit["id"] for hit in engine.search(SearchParams(q=q, exact=exact, per_page=50))["hits"]}


def test_a_word_typed_without_accents_finds_only_its_plain_spelling(engine):
    assert found(engine, "publico") == {"plano", "ambos"}


def test_a_word_typed_with_accents_finds_only_that_spelling(engine):
    assert found(engine, "público") == {"acento", "ambos"}


def test_a_plain_word_no_text_writes_with_accents_is_found_where_it_is(engine):
    assert found(engine, "parque") == {"plano"}
    assert found(engine, "colonia") == {"plano", "acento", "ambos", "otro"}


def test_without_the_switch_both_spellings_are_found(engine):
    assert found(engine, "publico", exact=False) == {"plano", "acento", "ambos"}


def test_a_wildcard_typed_without_accents_finds_every_spelling(engine):
    assert found(engine, "publi*") == {"plano", "acento", "ambos"}


def test_the_accent_field_holds_only_accented_words_and_their_plain_twins(index_dir):
    from whoosh import index as whoosh_index

    with whoosh_index.open_dir(index_dir).reader() as reader:
        words = {text.decode("utf-8") for text in reader.lexicon("body_accent")}
    assert words == {"abrirá", "público", "publico", "terminó"}


def test_an_index_made_before_keeps_every_word_in_its_accent_fields(tmp_path):
    """Releases added to an index whose accent fields hold every word (made before they held only the
    accented ones) are written that way too, though the extraction analysed them for the new fields;
    and the switch still tells the spellings apart there."""
    from whoosh import fields, index as whoosh_index

    from search.analysis import TOKEN_PATTERN
    from search.schema import press_release_schema
    from search.store.analyzers import LowercaseFilter, RegexTokenizer

    schema = press_release_schema()
    for name in ("title_accent", "body_accent"):
        schema.remove(name)
        schema.add(name, fields.TEXT(analyzer=RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter(), phrase=False))
    (tmp_path / "indice").mkdir()
    whoosh_index.create_in(tmp_path / "indice", schema)
    source = tmp_path / "comunicados.jsonl"
    source.write_text("".join(json.dumps({"id": key, "title": "Aviso", "body": body, "date": "2024-03-01"},
                                         ensure_ascii=False) + "\n" for key, body in RELEASES.items()),
                      encoding="utf-8")
    assert build_index(tmp_path / "indice", [source], workers=0).indexed == len(RELEASES)
    with whoosh_index.open_dir(tmp_path / "indice").reader() as reader:
        words = {text.decode("utf-8") for text in reader.lexicon("body_accent")}
    assert {"parque", "colonia", "publico", "público"} <= words
    old = Engine.open(tmp_path / "indice")
    try:
        assert found(old, "publico") == {"plano", "ambos"}
        assert found(old, "público") == {"acento", "ambos"}
    finally:
        old.close()
