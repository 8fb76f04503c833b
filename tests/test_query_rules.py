"""How typed queries are read: hyphenated names, typed filters' logic, corrections that never invent."""

import pytest
from whoosh.filedb.filestore import RamStorage

from search.engine import Engine
from search.params import SearchParams
from search.release import Official, Release, to_document
from search.schema import press_release_schema


def make_engine(releases):
    ix = RamStorage().create_index(press_release_schema())
    with ix.writer() as w:
        for r in releases:
            w.add_document(**to_document(r))
    return Engine(ix, cache_size=0)


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
