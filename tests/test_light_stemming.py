"""Light stemming: the inflections of one word meet, different words that look alike do not."""

from pathlib import Path

import pytest

from search.analysis import SpanishAnalyzer
from memory_engine import engine_of
from search.params import SearchParams
from search.release import Release
from search.schema import press_release_schema

PAIRS = Path(__file__).parent / "stemming_pairs.tsv"


def load_pairs():
    rows = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, other, expected = line.split("\t")
            rows.append((word, other, expected))
    return rows


def term(word):
    found = [t.text for t in SpanishAnalyzer()(word)]
    assert len(found) == 1, word
    return found[0]


def test_the_table_is_large_and_has_both_kinds():
    rows = load_pairs()
    assert len(rows) >= 80
    assert {expected for _, _, expected in rows} == {"same", "different"}


@pytest.mark.parametrize("word, other, expected", load_pairs())
def test_pair_conflates_only_when_it_is_one_word(word, other, expected):
    assert (term(word) == term(other)) == (expected == "same"), (word, other, term(word), term(other))


@pytest.fixture(scope="module")
def engine():
    releases = [
        Release(id="seguridad", title="Informe de seguridad", body="Mejora la seguridad en las colonias."),
        Release(id="seguro", title="Seguro popular", body="El seguro médico llega a más familias."),
        Release(id="salud", title="Jornada de salud", body="La salud de las niñas y los niños."),
        Release(id="saludo", title="Mensaje", body="Envío un saludo y saludamos a quienes nos escuchan."),
        Release(id="guarderias", title="Nuevas guarderías", body="Abren guarderías en la ciudad."),
        Release(id="guardar", title="Recomendaciones", body="Hay que guardar la calma; las familias guardan agua."),
        Release(id="vacunas", title="Llegan vacunas", body="Llegaron vacunas a los centros."),
        Release(id="vacunacion", title="Campaña", body="Sigue la vacunación en las escuelas."),
        Release(id="rehabilita", title="Rehabilita el estado escuelas", body="Trabajos de rehabilitación."),
    ]
    return engine_of(releases)


def ids(engine, q):
    return [h["id"] for h in engine.search(SearchParams(q=q))["hits"]]


@pytest.mark.parametrize("typed, meant, other", [
    ("seguridad", "seguridad", "seguro"),
    ("salud", "salud", "saludo"),
    ("guarderías", "guarderias", "guardar"),
])
def test_a_word_does_not_find_another_that_only_shares_its_snowball_stem(engine, typed, meant, other):
    found = ids(engine, typed)
    assert meant in found and other not in found


def test_the_verb_family_is_a_fallback_ranked_below_the_word_itself(engine):
    assert ids(engine, "vacunas") == ["vacunas", "vacunacion"]
    assert ids(engine, "vacunación") == ["vacunacion", "vacunas"]


def test_a_form_no_release_has_is_found_through_its_family(engine):
    assert ids(engine, "rehabilitadas escuelas") == ["rehabilita"]


def test_an_index_made_before_light_stemming_still_searches_and_marks_its_stems():
    from whoosh import fields

    from search.analysis import SnowballSpanishAnalyzer

    schema = press_release_schema()
    # As indexes were made before light stemming: Snowball pickled into the ranked fields.
    for name in ("title", "body"):
        schema.remove(name)
        schema.add(name, fields.TEXT(analyzer=SnowballSpanishAnalyzer(), stored=True, phrase=False))
    hit = engine_of([Release(id="v", title="Campaña", body="Sigue la vacunación en escuelas.")], schema).search(SearchParams(q="vacunas"))["hits"][0]
    assert hit["id"] == "v" and "<mark>vacunación</mark>" in hit["snippet"]
