"""The shipped list of Mexican public bodies and programmes: acronyms, names and former names meet."""

import pytest

from search.analysis import FOLDED_SPANISH_STOPWORDS, fold
from memory_engine import engine_of
from search.params import SearchParams
from search.release import Release
from search.synonyms import load_groups


def group_of(groups, member):
    return next(g for g in groups if fold(member) in {fold(m) for m in g})


def test_the_list_names_at_least_150_bodies_and_programmes():
    assert len(load_groups()) >= 150


def test_no_term_belongs_to_two_groups_and_none_is_a_stop_word():
    seen = {}
    for group in load_groups():
        for member in group:
            folded = fold(member)
            assert folded not in seen, (member, seen.get(folded))
            assert folded not in FOLDED_SPANISH_STOPWORDS, member
            seen[folded] = group


@pytest.mark.parametrize("acronym, name", [
    ("CFE", "Comisión Federal de Electricidad"),
    ("Pemex", "Petróleos Mexicanos"),
    ("Conagua", "Comisión Nacional del Agua"),
    ("Sedena", "Secretaría de la Defensa Nacional"),
    ("AIFA", "Aeropuerto Internacional Felipe Ángeles"),
    ("AMLO", "López Obrador"),
    ("IMSS", "Instituto Mexicano del Seguro Social"),
    ("ISSSTE", "Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado"),
    ("SAT", "Servicio de Administración Tributaria"),
    ("Sagarpa", "Secretaría de Agricultura y Desarrollo Rural"),
])
def test_acronyms_and_former_names_share_a_group(acronym, name):
    assert name in group_of(load_groups(), acronym)


@pytest.fixture(scope="module")
def engine():
    return engine_of([
            Release(id="obrador", title="Mensaje", body="El presidente López Obrador inauguró el aeropuerto."),
            Release(id="aifa", title="Vuelos nuevos", body="El Aeropuerto Internacional Felipe Ángeles suma rutas."),
            Release(id="pemex", title="Producción", body="Petróleos Mexicanos informó su producción."),
            Release(id="agricultura", title="Campo", body="La Secretaría de Agricultura y Desarrollo Rural apoya."),
            Release(id="otro", title="Agua", body="Obras de agua potable en la ciudad."),
    ])


@pytest.mark.parametrize("typed, found", [
    ("AMLO", "obrador"), ("aifa", "aifa"), ("Pemex", "pemex"), ("Sagarpa", "agricultura"),
])
def test_an_acronym_or_former_name_finds_releases_that_spell_out_the_body(engine, typed, found):
    assert [h["id"] for h in engine.search(SearchParams(q=typed))["hits"]] == [found]
