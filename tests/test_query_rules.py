"""How typed queries are read: hyphenated names, typed filters' logic, corrections that never invent."""

import pytest

from memory_engine import engine_of
from search.params import SearchParams
from search.release import Official, Release
from search.spelling import SPANISH


def make_engine(releases):
    return engine_of(releases)


def ids(engine, q, **kwargs):
    return {h["id"] for h in engine.search(SearchParams(q=q, per_page=100, **kwargs))["hits"]}


@pytest.fixture(scope="module")
def hyphens():
    return make_engine([
        Release(id="gatell", title="Avanza la vacunación",
                body="Hugo López-Gatell informó que llegó otro lote de la vacuna de Pfizer."),
        Release(id="obrador", title="Conferencia matutina",
                body="El presidente López Obrador habló de la vacuna de Pfizer; Gatell no asistió."),
        Release(id="covid", title="Casos de COVID-19", body="Bajan los contagios de COVID-19 en la ciudad."),
        Release(id="sin-gatell", title="Llega la vacuna", body="Otro lote de la vacuna de Pfizer llegó a López."),
    ])


def test_hyphenated_surname_finds_the_person_not_an_exclusion(hyphens):
    assert ids(hyphens, "López-Gatell vacuna Pfizer") == {"gatell"}


def test_hyphenated_word_needs_its_parts_together(hyphens):
    assert ids(hyphens, "lopez-gatell") == {"gatell"}
    assert ids(hyphens, "COVID-19") == {"covid"}


def test_minus_at_the_start_of_a_word_still_excludes(hyphens):
    assert ids(hyphens, "vacuna -Gatell") == {"sin-gatell"}
    assert ids(hyphens, "vacuna -López-Gatell") == {"obrador", "sin-gatell"}


@pytest.fixture(scope="module")
def spelling():
    SPANISH.wait()
    return make_engine([
        Release(id="calidad", title="Calidad del aire", body="Mejora la calidad del aire en la ciudad."),
        Release(id="yaqui", title="Plan de justicia yaqui", body="El pueblo yaqui recibe agua potable."),
        Release(id="yasi", title="Visita", body="Así lo dijo: yasí se hará."),
        Release(id="vacunaciones", title="Campañas", body="Las vacunaciones siguen en las escuelas."),
        Release(id="hospital", title="Nuevo hospital", body="Abre el hospital general de la zona."),
        Release(id="metro", title="Línea del metro", body="El metro amplía su horario."),
    ])


def search(engine, q):
    return engine.search(SearchParams(q=q, per_page=100))


def test_a_spanish_word_is_never_rewritten_into_another(spelling):
    result = search(spelling, "navidad")
    assert result["suggestion"] is None and result["total"] == 0


def test_spanish_confusions_cost_less_than_other_edits(spelling):
    result = search(spelling, "yaki")
    assert result["suggestion"] == "yaqui"
    assert [h["id"] for h in result["hits"]] == ["yaqui"]


def test_a_correction_reaches_the_inflected_forms(spelling):
    result = search(spelling, "vacunasion")
    assert [h["id"] for h in result["hits"]] == ["vacunaciones"]


def test_a_silent_h_and_b_for_v_are_forgiven(spelling):
    assert search(spelling, "ospital")["suggestion"] == "hospital"
    assert [h["id"] for h in search(spelling, "bacunaciones")["hits"]] == ["vacunaciones"]


def test_edits_allowed_grow_with_length(spelling):
    # One plain edit from five letters, none under five.
    assert search(spelling, "metri")["suggestion"] == "metro"
    assert search(spelling, "metr")["suggestion"] is None


@pytest.mark.parametrize("length", [40, 120, 400])
def test_a_very_long_word_is_answered_not_timed_out(length):
    SPANISH.wait()
    engine = make_engine([Release(id="a", title="Agua", body="Agua potable " * 50)])
    engine.search_seconds = 2
    word = ("aguapotablesinfin" * 30)[:length]
    result = search(engine, f"agua {word}")
    assert result["total"] == 0 or result["mode"] == "any"


@pytest.fixture(scope="module")
def people():
    luis, teresa = Official("Luis Mendoza", "alcalde"), Official("Teresa Jiménez", "gobernadora")
    return make_engine([
        Release(id="ambos", title="Firma de convenio", body="Convenio de agua potable.", officials=[luis, teresa]),
        Release(id="luis", title="Bacheo", body="Bacheo en colonias y agua.", officials=[luis]),
        Release(id="teresa", title="Informe", body="Informe de gobierno y agua.", officials=[teresa]),
    ])


def test_two_typed_officials_mean_both(people):
    assert ids(people, 'oficial:"Luis Mendoza" oficial:"Teresa Jiménez"') == {"ambos"}
    assert ids(people, 'agua oficial:"Luis Mendoza" oficial:"Teresa Jiménez"') == {"ambos"}


def test_typed_officials_joined_by_o_mean_either(people):
    assert ids(people, 'oficial:"Luis Mendoza" O oficial:"Teresa Jiménez"') == {"ambos", "luis", "teresa"}
    assert ids(people, 'agua oficial:luis-mendoza OR oficial:teresa-jimenez') == {"ambos", "luis", "teresa"}


def test_checked_facet_values_stay_either(people):
    assert ids(people, "", official=("Luis Mendoza", "Teresa Jiménez")) == {"ambos", "luis", "teresa"}


def test_typed_filters_of_two_fields_joined_by_o_mean_either(people):
    assert ids(people, 'oficial:"Luis Mendoza" O oficial:"Nadie Más"') == {"ambos", "luis"}
    assert ids(people, 'oficial:"Nadie Más" O fuente:nadie') == set()
    assert ids(people, 'oficial:"Luis Mendoza" O fuente:nadie') == {"ambos", "luis"}


def test_without_the_word_list_nothing_is_corrected_rather_than_guessed(spelling, monkeypatch):
    monkeypatch.setattr(SPANISH, "words", lambda: None)
    result = search(spelling, "yaki")
    assert result["suggestion"] is None and result["total"] == 0


@pytest.fixture(scope="module")
def identified():
    return make_engine([
        Release(id="presidencia/2018/diciembre/01--discurso", title="Discurso de toma de posesión",
                body="Discurso del presidente en diciembre."),
        Release(id="bacheo-0002", title="Bacheo", body="Bacheo en colonias."),
        Release(id="BACHEO-0002", title="Avance del bacheo", body="Otro informe del bacheo."),
        # Text that a search for the words of an identifier would find.
        Release(id="nota", title="Presidencia: discurso de diciembre",
                body="El id 2018 de la nota no existe; la presidencia dio un discurso en diciembre de 2018."),
    ])


def search_total(engine, q):
    result = engine.search(SearchParams(q=q, per_page=100))
    return result["total"], [h["id"] for h in result["hits"]]


def test_a_typed_id_finds_exactly_that_release_never_its_words(identified):
    assert search_total(identified, "id:presidencia/2018/diciembre/01--discurso") == (
        1, ["presidencia/2018/diciembre/01--discurso"])
    assert search_total(identified, 'identificador:"bacheo-0002"') == (1, ["bacheo-0002"])
    assert search_total(identified, "ID:BACHEO-0002") == (1, ["BACHEO-0002"])


def test_an_absent_id_finds_nothing_not_the_releases_with_its_words(identified):
    for typed in ("id:no-existe", "id:2018", "id:presidencia/2018", 'id:"discurso de diciembre"', "id:no-existe nota"):
        assert search_total(identified, typed) == (0, []), typed


def test_a_typed_id_combines_with_words_and_with_other_ids(identified):
    assert search_total(identified, "id:bacheo-0002 colonias")[1] == ["bacheo-0002"]
    assert search_total(identified, "id:bacheo-0002 discurso") == (0, [])
    assert set(search_total(identified, "id:bacheo-0002 O id:nota")[1]) == {"bacheo-0002", "nota"}
    assert search_total(identified, "id:bacheo-0002 id:nota") == (0, [])
