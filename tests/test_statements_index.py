"""The statements index: written beside the releases, replaced with them, searched like them."""

import contextlib
import json
from datetime import date

import pytest

from index.fetch import Fetcher
from index.update import Updater
from index.writer import build_index
from search.engine import Engine
from search.statement_params import StatementParams
from search.statements import CITIZEN, OFFICIAL, PRESS, QUESTION, open_statements
from sites.server import FixtureSite


def write_release(folder, name, body, title="Comunicado de prueba", when="2026-02-10", release_id=None):
    record = {"id": release_id or name, "title": title, "date": when, "source": "Alcaldía Tlalpan", "body": body}
    (folder / f"{name}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    """Three releases of our own: quotes of two officials and a citizen, and a transcript with questions."""
    corpus = tmp_path_factory.mktemp("corpus")
    write_release(corpus, "bacheo", (
        "La alcaldesa Noemí Arreola Vidal arrancó el bacheo en Santa Úrsula. “Vamos calle por calle hasta "
        "terminar el bacheo”, afirmó.\n\nRosa Hernández, vecina de la colonia, contó que esperó años la obra. "
        "“Por fin podemos caminar”, dijo."), when="2026-01-13")
    write_release(corpus, "vacunas", (
        "El director de Salud, Julián Cortés Rangel, informó que se aplicaron 12 mil vacunas contra la influenza. "
        "“La vacunación es gratuita y segura”, señaló."), when="2025-11-04")
    write_release(corpus, "conferencia", (
        "ALCALDESA DE TLALPAN, NOEMÍ ARREOLA VIDAL: Buenos días, hoy informamos del bacheo.\n\n"
        "PREGUNTA: Alcaldesa, ¿cuándo termina el bacheo en Santa Úrsula?\n\n"
        "ALCALDESA DE TLALPAN, NOEMÍ ARREOLA VIDAL: En marzo terminamos el bacheo."),
        title="Versión estenográfica de la conferencia de la alcaldesa", when="2026-02-20")
    path = tmp_path_factory.mktemp("index")
    report = build_index(path, [corpus])
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="module")
def statements(small_index):
    with contextlib.closing(Engine.statements(small_index)) as engine:
        yield engine


def test_indexing_writes_each_releases_statements_beside_it(demo_index, closing):
    releases = closing(Engine.open(demo_index))
    with open_statements(demo_index).searcher() as s:
        stored = list(s.all_stored_fields())
    assert len(stored) > 100
    assert all(releases.get(f["release_id"]) is not None for f in stored)


def test_reindexing_a_release_replaces_its_statements(tmp_path, closing):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_release(corpus, "obra", "“Terminamos en abril”, afirmó la alcaldesa Noemí Arreola Vidal. "
                  "“Será la obra más grande del año”, agregó.")
    build_index(tmp_path / "ix", [corpus])
    write_release(corpus, "obra", "“Terminamos en mayo”, afirmó la alcaldesa Noemí Arreola Vidal.")
    build_index(tmp_path / "ix", [corpus])
    engine = closing(Engine.statements(tmp_path / "ix"))
    assert [s.text for s in engine.of_release("obra")] == ["Terminamos en mayo"]


def test_a_fresh_build_starts_the_statements_over(tmp_path, closing):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_release(corpus, "uno", "“Terminamos en abril”, afirmó la alcaldesa Noemí Arreola Vidal.")
    build_index(tmp_path / "ix", [corpus])
    (corpus / "uno.jsonl").unlink()
    write_release(corpus, "dos", "“Abrimos el mercado”, afirmó la alcaldesa Noemí Arreola Vidal.")
    build_index(tmp_path / "ix", [corpus], fresh=True)
    result = closing(Engine.statements(tmp_path / "ix")).search()
    assert [h["release"]["id"] for h in result["hits"]] == ["dos"]


def test_words_are_found_with_or_without_accents_and_in_any_form(statements):
    hits = statements.search(StatementParams(q="vacunacion gratuita"))["hits"]
    assert [h["text"] for h in hits] == ["La vacunación es gratuita y segura"]
    assert "<mark>vacunación</mark>" in hits[0]["snippet"]


def test_a_statement_knows_who_said_it_and_where(statements):
    hit = statements.search(StatementParams(q="caminar"))["hits"][0]
    assert hit["speaker"]["name"] == "Rosa Hernández" and hit["speaker"]["type"] == CITIZEN
    assert hit["speaker"]["key"] is None
    assert hit["release"]["id"] == "bacheo" and hit["anchor"] == f"declaracion-{hit['position']}"
    assert hit["date"] == "2026-01-13"


def test_questions_from_the_press_are_searchable_but_never_an_officials(statements):
    result = statements.search(StatementParams(q="bacheo Santa Úrsula"))
    question = next(h for h in result["hits"] if h["kind"] == QUESTION)
    assert question["speaker"]["type"] == PRESS and question["speaker"]["key"] is None
    official = statements.search(StatementParams(official=("noemi-arreola-vidal",)))
    assert official["total"] == 3 and all(h["speaker"]["type"] == OFFICIAL for h in official["hits"])


def test_facets_count_each_value_without_its_own_filter(statements):
    result = statements.search(StatementParams(official=("julian-cortes-rangel",)))
    assert result["total"] == 2
    officials = {i["label"]: (i["count"], i["selected"]) for i in result["facets"]["official"]}
    assert officials == {"Noemí Arreola Vidal": (3, False), "Julián Cortés Rangel": (2, True)}
    assert {i["value"]: i["count"] for i in result["facets"]["year"]} == {"2025": 2}
    assert {i["value"] for i in result["facets"]["speaker_type"]} == {"funcionariado"}


def test_without_words_the_newest_come_first_in_the_order_of_their_release(statements):
    hits = statements.search(StatementParams(per_page=100))["hits"]
    keys = [(h["date"], -h["position"]) for h in hits]
    assert keys == sorted(keys, reverse=True)
    assert statements.search(StatementParams(sort="antiguos"))["hits"][0]["date"] == "2025-11-04"


def test_a_date_filter_keeps_the_statements_of_that_period(statements):
    result = statements.search(StatementParams(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)))
    assert result["total"] == 3 and {h["release"]["id"] for h in result["hits"]} == {"conferencia"}


def test_releases_read_from_a_site_get_their_statements_too(tmp_path, closing):
    settings = {"delay": 0, "timeout": 1.0, "retries": 0, "backoff": 0, "trust_env": False}
    with FixtureSite("municipio", tmp_path) as site, Fetcher(**settings) as fetcher, \
            Updater(tmp_path / "indice", fetcher, recheck_days=0) as updater:
        updater.run([("municipio", site.url("/sitemap.xml"), "auto")])
    hits = closing(Engine.statements(tmp_path / "indice")).search(StatementParams(q="ninguna niña dejar la escuela"))["hits"]
    assert hits and hits[0]["text"].startswith("Ninguna niña y ningún niño de San Andrés")
    assert closing(Engine.open(tmp_path / "indice")).get(hits[0]["release"]["id"]) is not None
