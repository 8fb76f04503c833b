"""Each facet is declared once, and the parameters, the index fields and the engine's facets follow from it."""

from dataclasses import fields
from datetime import date

from search.collection import RELEASES, STATEMENTS
from search.params import SearchParams
from search.release import Official, Release, to_document
from search.schema import press_release_schema
from search.statement_params import StatementParams
from search.vocabulary import RELEASES as RELEASES_NAME, STATEMENTS as STATEMENTS_NAME, counted_in, filters_of


def test_every_declared_filter_is_a_parameter_of_its_collection():
    assert {f.name for f in filters_of(RELEASES_NAME)} <= {f.name for f in fields(SearchParams)}
    assert {f.name for f in filters_of(STATEMENTS_NAME)} <= {f.name for f in fields(StatementParams)}
    assert StatementParams(kind=("pregunta",)).has_filters() and not StatementParams().has_filters()


def test_a_release_is_written_with_each_filter_s_keys_and_labels():
    release = Release(id="r", title="t", body="b", date=date(2026, 1, 2), source="Alcaldía Tlalpan",
                      officials=[Official("Luis Mendoza", "alcalde")], topics=["Protección civil"],
                      places=["Santa Úrsula"], organizations=["SSC"], doc_type="Boletín")
    doc = to_document(release)
    schema = press_release_schema()
    for facet in filters_of(RELEASES_NAME):
        assert facet.field in schema and facet.column in schema
        assert doc[facet.column].decode("utf-8") and doc[facet.field]
    assert (doc["official"], doc["topic"], doc["source_key"], doc["type"]) == (
        "luis-mendoza", "proteccion-civil", "alcaldia-tlalpan", "boletin")
    assert doc["topic_facet"] == "Protección civil".encode("utf-8")


def test_each_collection_counts_the_facets_declared_for_it():
    assert RELEASES.facets == counted_in(RELEASES_NAME)
    assert STATEMENTS.facet_names == tuple(f.name for f in counted_in(STATEMENTS_NAME))
