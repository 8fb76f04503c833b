"""Search as people type it, over the demo corpus: typos, synonyms, operators, typed filters, facets."""

import contextlib
from datetime import date

import pytest

from search.engine import Engine
from search.params import QueryError, SearchParams
from search.spelling import SPANISH


@pytest.fixture(scope="module")
def engine(demo_index):
    # Corrections check the Spanish word list, which loads in the background; these tests want it there.
    SPANISH.wait()
    with contextlib.closing(Engine.open(demo_index)) as engine:
        yield engine


def run(engine, q="", **kwargs):
    return engine.search(SearchParams(q=q, per_page=100, **kwargs))


def ids(engine, q="", **kwargs):
    return {h["id"] for h in run(engine, q, **kwargs)["hits"]}


def text_of(engine, release_id):
    release = engine.get(release_id)
    return f"{release.title}\n{release.body}".lower()


@pytest.mark.parametrize("typed, meant", [("vacunasion", "vacunación"), ("mixcoak", "mixcoac")])
def test_misspelled_word_finds_the_right_one_and_suggests_it(engine, typed, meant):
    result = run(engine, typed)
    assert result["suggestion"] == meant
    assert result["total"] == run(engine, meant)["total"] > 0


def test_correctly_spelled_query_gets_no_suggestion(engine):
    assert run(engine, "vacunación")["suggestion"] is None


def test_acronym_finds_releases_that_spell_it_out(engine):
    found = ids(engine, "bj")
    assert any("bj" not in text_of(engine, i).split() for i in found)
    assert ids(engine, '"benito juárez"') <= found


def test_synonym_expansion_is_reported(engine):
    assert ["CDMX", "Ciudad de México"] in run(engine, "cdmx ciclovía")["interpretation"]["synonyms"]


def test_uppercase_o_is_or_and_lowercase_o_is_a_word(engine):
    either = ids(engine, "ciclovía O trolebús")
    assert either == ids(engine, "ciclovía") | ids(engine, "trolebús")
    assert ids(engine, "ciclovía o trolebús") == ids(engine, "ciclovía") & ids(engine, "trolebús")


def test_no_and_minus_exclude(engine):
    simulacro = ids(engine, "simulacro")
    without = ids(engine, "simulacro NO docentes")
    assert without == ids(engine, "simulacro -docentes") == simulacro - ids(engine, "docentes")
    assert without and without < simulacro


def test_an_exclusion_that_leaves_nothing_is_not_widened(engine):
    result = run(engine, "simulacro -sismo")
    assert result["total"] == 0 and result["mode"] == "all"


def test_typed_filters_equal_chosen_filters(engine):
    assert ids(engine, "oficial:teresa-jimenez escuelas") == ids(engine, "escuelas", official=("Teresa Jiménez",))
    assert ids(engine, 'tema:"Protección civil"') == ids(engine, topic=("proteccion-civil",))
    month = run(engine, "fecha:2025-03")
    assert month["total"] > 0 and all(h["date"].startswith("2025-03") for h in month["hits"])


def test_wildcard_expands_and_too_short_a_stem_is_refused(engine):
    assert ids(engine, "vacun*") >= ids(engine, "vacunación")
    with pytest.raises(QueryError, match="letras antes del comodín"):
        run(engine, "v*")


def test_when_all_words_find_nothing_any_word_results_are_offered(engine):
    result = run(engine, "transparencia elefante")
    assert result["mode"] == "any"
    assert {h["id"] for h in result["hits"]} == ids(engine, "transparencia")


def test_stopwords_alone_find_nothing_rather_than_everything(engine):
    assert run(engine, "de la")["total"] == 0


def test_facet_of_a_selected_value_still_offers_the_others(engine):
    topics = run(engine)["facets"]["topic"]
    first, second = topics[0]["value"], topics[1]["value"]
    facet = {f["value"]: f for f in run(engine, topic=(first,))["facets"]["topic"]}
    assert facet[first]["selected"] and not facet[second]["selected"]
    assert facet[second]["count"] == len(ids(engine, topic=(second,)))


def test_year_histogram_keeps_other_years_and_months_follow_the_year(engine):
    result = run(engine, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    years = {f["value"]: f for f in result["facets"]["year"]}
    assert years["2025"]["selected"] and years["2026"]["count"] > 0
    assert result["facets"]["month"] and all(m["value"].startswith("2025-") for m in result["facets"]["month"])


def test_without_enye_finds_enye_spelling_after_the_exact_one(engine):
    hits = [h["id"] for h in run(engine, "pena")["hits"]]
    pena = [i for i in hits if "pena" in text_of(engine, i).split()]
    assert hits[: len(pena)] == pena and len(hits) > len(pena)
    assert all("peña" in text_of(engine, i) for i in ids(engine, "peña"))


def test_more_like_this_returns_related_releases_not_itself(engine):
    hit = run(engine, "simulacro sismo")["hits"][0]
    related = engine.more_like_this(hit["id"], limit=5)
    assert 0 < len(related) <= 5
    assert hit["id"] not in {r["id"] for r in related}
    topics = {t["key"] for t in hit["topics"]}
    assert topics & {t["key"] for t in related[0]["topics"]}


def test_exact_spelling_switch_keeps_accents_enye_and_inflection_apart(engine):
    assert run(engine, "vacunacion", exact=True)["total"] == 0
    assert 0 < run(engine, "vacunación", exact=True)["total"] < run(engine, "vacunación")["total"]
    assert run(engine, "pena", exact=True)["total"] < run(engine, "pena")["total"]
    assert run(engine, "año", exact=True)["interpretation"]["accents_ignored"] is False


def test_repeated_search_is_answered_from_the_cache_until_the_index_changes(demo_copy, tmp_path, closing):
    from index.writer import build_index
    path = demo_copy
    engine = closing(Engine.open(path))
    first = engine.search(SearchParams(q="ciclovía"))
    assert engine.search(SearchParams(q="ciclovía"))["hits"] == first["hits"]
    extra = tmp_path / "nuevo.jsonl"
    extra.write_text('{"id": "nuevo-1", "title": "Nueva ciclovía en Tlalpan", "date": "2026-11-01",'
                     ' "body": "Se inauguró una ciclovía de 5 kilómetros."}\n', encoding="utf-8")
    build_index(path, [extra])
    assert engine.search(SearchParams(q="ciclovía"))["total"] == first["total"] + 1


def test_what_a_caller_adds_to_a_result_never_reaches_the_next_caller(engine):
    """The page adds links to its result; the API asking the same search next must get the search alone."""
    first = engine.search(SearchParams(q="agua"))
    first["hits"][0]["tags"] = "<li>añadida</li>"
    first["facets"]["topic"][0]["toggle_url"] = "/?topic=x"
    first["hits"].clear()
    again = engine.search(SearchParams(q="agua"))
    assert again["hits"] and "tags" not in again["hits"][0]
    assert "toggle_url" not in again["facets"]["topic"][0]
    assert again["hits"] == engine.run_search(SearchParams(q="agua"))["hits"]


def test_short_gibberish_is_not_corrected_into_another_word(engine):
    result = run(engine, "xxxyz")
    assert result["total"] == 0 and result["suggestion"] is None


def test_correction_prefers_the_fewest_edits(engine):
    assert run(engine, "huracanez")["suggestion"] == "huracanes"


def test_reading_shows_words_as_typed_with_their_accents(engine):
    terms = run(engine, "vacunación")["interpretation"]["terms"]
    assert terms[0]["typed"] == "vacunación"
    assert "vacunas" in terms[0]["forms"] or "vacuna" in terms[0]["forms"]
