"""The Spanish analyzer: each rule a searcher relies on, pinned with real words."""

import pickle

import pytest

from search.analysis import ExactAnalyzer, SpanishAnalyzer, fold, stem_spanish
from memory_engine import engine_of
from search.params import SearchParams
from search.release import Release


def terms(text):
    return [t.text for t in SpanishAnalyzer()(text)]


@pytest.mark.parametrize(
    "typed, written",
    [
        ("vacunacion", "vacunación"),
        ("arbol", "Árbol"),
        ("JIMENEZ", "Jiménez"),
        ("sismos", "sismo"),
        ("coordinaciones", "coordinación"),
        ("informacion", "información"),
        ("años", "año"),
        ("policia", "policías"),
    ],
)
def test_typed_form_and_written_form_share_a_term(typed, written):
    assert terms(typed) == terms(written)


@pytest.mark.parametrize("with_enye, without", [("año", "ano"), ("Peña", "pena"), ("niño", "nino")])
def test_enye_stays_a_letter_of_its_own(with_enye, without):
    assert terms(with_enye) != terms(without)
    assert "ñ" in terms(with_enye)[0]


def test_stopwords_go_with_or_without_accents():
    assert terms("más mas también tambien están estan de la y") == []


def test_estado_is_not_a_stopword():
    assert terms("el estado de Aguascalientes") == ["estado", "aguascalient"]


@pytest.mark.parametrize("text", ["4 mil 983", "2026", "BJ", "360°", "FIIE"])
def test_numbers_and_abbreviations_survive(text):
    assert terms(text), text
    assert terms(text) == terms(text.lower())


def test_numbers_keep_every_part():
    assert terms("4 mil 983") == ["4", "mil", "983"]


def test_exact_analyzer_folds_but_keeps_stopwords_and_inflection():
    assert [t.text for t in ExactAnalyzer()("Árboles por Árbol")] == ["arboles", "por", "arbol"]


def test_fold_keeps_enye_and_lowercases_everything():
    assert fold("ÑANDÚ Peña ÁRBOL") == "ñandu peña arbol"


def test_stemmer_is_consistent_for_folded_suffixes():
    assert stem_spanish("contribuciones") == stem_spanish("contribucion")


def test_analyzer_survives_pickling_as_whoosh_stores_it():
    restored = pickle.loads(pickle.dumps(SpanishAnalyzer(), 2))
    assert [t.text for t in restored("Las vacunaciones del año")] == ["vacunacion", "año"]


def make_engine(releases):
    return engine_of(releases)


@pytest.fixture(scope="module")
def engine():
    return make_engine([
        Release(id="pena", title="Reforma endurece la pena por robo", body="La pena de prisión aumenta."),
        Release(id="peña", title="Visita de Rocío Peña al mercado", body="La secretaria Rocío Peña recorrió el mercado."),
        Release(id="año", title="Balance del año en seguridad", body="Durante el año bajaron los delitos."),
        Release(id="ano", title="Campaña de salud", body="Detección de cáncer de colon y ano."),
        Release(id="arbol", title="Programa Árbol por Árbol", body="Se plantaron árboles por toda la ciudad."),
        Release(id="arboles", title="Plantan árboles", body="Arboles por arboles no es el nombre del programa: son árboles nuevos."),
    ])


def ids(engine, q):
    return [h["id"] for h in engine.search(SearchParams(q=q))["hits"]]


def test_query_without_enye_finds_enye_spelling_below_exact_match(engine):
    assert ids(engine, "pena") == ["pena", "peña"]


def test_query_with_enye_does_not_match_plain_n(engine):
    assert ids(engine, "peña") == ["peña"]
    assert ids(engine, "año") == ["año"]


def test_query_ano_ranks_exact_spelling_first(engine):
    assert ids(engine, "ano")[0] == "ano"
    assert "año" in ids(engine, "ano")


def test_quoted_phrase_matches_exact_words_across_stopwords(engine):
    assert ids(engine, '"árbol por árbol"') == ["arbol"]


def test_quoted_phrase_is_not_stemmed(engine):
    assert ids(engine, '"árboles por árboles"') == ["arboles"]
    assert "arbol" not in ids(engine, '"arboles por arboles"')
