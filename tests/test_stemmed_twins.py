"""Stemmed fields read off their folded twins rank exactly as stemmed fields with postings of their own.

The reference is the same documents in an index whose ``title`` and ``body`` keep their own stemmed
postings (as every index made before :mod:`search.store.twins` does), read by Whoosh itself.
"""

import contextlib

import pytest
from shared_index import with_own_stems
from whoosh import index as whoosh_index

from search.collection import RELEASES
from search.engine import Engine
from search.params import SearchParams
from search.release import Release, to_document
from search.schema import press_release_schema
from search.store.reader import Store
from search.store.twins import LENGTH_TERM
from search.store.writer import Writer

# Inflections that meet in one stem, stop words that count in no length, accents, ñ and numbers.
WORDS = ("vacuna vacunas vacunamos vacunando vacunación vacunaciones campaña campañas año años ano "
         "las del por para luces luz seguras seguro 4.5 1,200 información informacion presidenta presidente "
         "escuela escuelas hacerlo hacer obra obras gas").split()


def _release(n):
    words = [WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(n % 9 + 2)]
    return Release(id=f"r{n}", title=" ".join(words[:3]).capitalize(), body=" ".join(words), source="Alcaldía Tlalpan")


def _build(path, schema):
    """900 releases by the store's writer, 300 by Whoosh's own, a tenth deleted, in two segments."""
    whoosh_index.create_in(path, schema)
    writer = Writer(RELEASES.layout.open(path))
    for n in range(900):
        writer.replace(to_document(_release(n)))
    writer.commit()
    w = RELEASES.layout.open(path).writer()
    for n in range(900, 1200):
        w.add_document(**to_document(_release(n)))
    for n in range(0, 1200, 10):
        w.delete_by_term("id", f"r{n}")
    w.commit(merge=False)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    twins = _build(tmp_path_factory.mktemp("twins"), press_release_schema())
    own = _build(tmp_path_factory.mktemp("own-stems"), with_own_stems(press_release_schema()))
    return twins, own


def test_each_stem_has_the_documents_frequencies_and_idf_of_its_own_postings(built, closing):
    twins, own = built
    view = closing(Store.open(twins, RELEASES.layout)).view()
    with contextlib.closing(RELEASES.layout.open(own).searcher()) as whoosh:
        stems = [(f, t) for f, t in whoosh.reader().all_terms() if f in ("title", "body")]
        for fieldname, stem in stems:
            ids, weights = view.docsets.postings(fieldname, stem)
            matcher = whoosh.postings(fieldname, stem)
            walked = []
            while matcher.is_active():  # Deleted documents are left out by Whoosh's searcher.
                walked.append((matcher.id(), matcher.weight()))
                matcher.next()
            assert ids.tolist() == [d for d, _ in walked], (fieldname, stem)
            assert weights.tolist() == [w for _, w in walked], (fieldname, stem)
            assert view.docsets.doc_frequency(fieldname, stem) == whoosh.doc_frequency(fieldname, stem)
            assert view.docsets.idf(fieldname, stem) == whoosh.idf(fieldname, stem)
            assert view.has_term(fieldname, stem.decode("utf-8"))
        for fieldname in ("title", "body"):
            assert view.ranker._field_lengths(fieldname).tolist() == [
                whoosh.doc_field_length(n, fieldname, 1) or 1 for n in range(whoosh.doc_count_all())]
            assert view._searcher.avg_field_length(fieldname) == whoosh.avg_field_length(fieldname)
            for prefix in ("", "v", "vacun", "vacunar", "lu", "seg", "informacion", "4"):
                assert list(view.terms(fieldname, prefix)) == list(
                    t.decode("utf-8") for t in whoosh.reader().expand_prefix(fieldname, prefix))
    assert len(stems) > 30
    assert not view.has_term("body", "vacunita")


def test_a_stemmed_field_writes_only_its_lengths(built):
    twins, own = built
    with contextlib.closing(RELEASES.layout.open(twins).searcher()) as ours:
        assert set(ours.reader().lexicon("body")) == {LENGTH_TERM}
        assert set(ours.reader().lexicon("title")) == {LENGTH_TERM}
    with contextlib.closing(RELEASES.layout.open(own).searcher()) as theirs:
        assert b"vacuno" in set(theirs.reader().lexicon("body"))


QUERIES = ["vacunas", "vacunación escuelas", "vacun*", "luces OR campaña", "año -gas", "información",
           "presidenta", "hacerlo", "4.5", "ano", "[lu TO luz]", "titulo:obras", "vacunasion", "seguras^2 obra"]


@pytest.mark.parametrize("typed", QUERIES)
def test_a_search_finds_and_ranks_the_same_as_over_stemmed_postings(built, typed):
    twins, own = built
    with contextlib.closing(Engine.open(twins, cache_size=0, search_seconds=None)) as ours, \
            contextlib.closing(Engine.open(own, cache_size=0, search_seconds=None)) as theirs:
        found, expected = ours.search(SearchParams(q=typed)), theirs.search(SearchParams(q=typed))
    assert found["total"] == expected["total"] > 0
    assert [(h["id"], pytest.approx(h["score"], rel=1e-9)) for h in found["hits"]] == [
        (h["id"], h["score"]) for h in expected["hits"]]
    assert found.get("corrections") == expected.get("corrections")


def test_an_index_made_before_stemmed_twins_still_searches(tmp_path, closing):
    whoosh_index.create_in(tmp_path, with_own_stems(press_release_schema()))
    writer = Writer(RELEASES.layout.open(tmp_path))
    writer.replace(to_document(Release(id="x", title="Jornada", body="Vacunación en las escuelas", source="Tlalpan")))
    writer.commit()
    result = closing(Engine.open(tmp_path)).search(SearchParams(q="vacunaciones escuela"))
    assert [h["id"] for h in result["hits"]] == ["x"]
