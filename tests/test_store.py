"""The storage seam on a real index on disk: what it pickles, what it opens, and its write protocol."""

import contextlib
import itertools
import pickle
import pickletools
import random
from collections import Counter
from datetime import date

import numpy as np
import pytest
from whoosh import query as wq

from search import querytree as qt

from search.collection import RELEASES, STATEMENTS
from search.engine import Engine
from search.params import SearchParams
from search.release import Release, to_document
from search.schema import create_empty, press_release_schema
from search.store import docsets
from search.store.queries import to_whoosh
from search.store.reader import Store
from search.store.writer import Writer


def _pickled_modules(obj):
    """The modules a pickle names classes from (protocol 2, as Whoosh writes its schema)."""
    names = set()
    for opcode, arg, _ in pickletools.genops(pickle.dumps(obj, 2)):
        if opcode.name == "GLOBAL":
            names.add(arg.split(" ")[0])
    return names


def test_the_schema_pickles_our_analyzer_only_under_search_analysis():
    # Whoosh pickles the schema into every index: a class of ours under another module path would
    # leave indexes written before it unopenable.
    ours = {m for m in _pickled_modules(press_release_schema())
            if m.split(".")[0] in ("search", "index", "webui", "alerts", "hemeroteca")}
    assert ours == {"search.analysis", "search.store.twins"}


def _release(n, body, when=date(2026, 1, 10)):
    return Release(id=f"r{n}", title=f"Comunicado {n}", body=body, date=when, source="Alcaldía Tlalpan")


def test_an_index_written_before_the_seam_still_opens_and_searches(tmp_path, closing):
    # Written as the write side wrote it before the store existed: a bare Whoosh writer over the schema.
    ix = create_empty(tmp_path)
    with ix.writer() as w:
        w.add_document(**to_document(_release(1, "Jornada de vacunación en las escuelas")))
        w.add_document(**to_document(_release(2, "Bacheo en Santa Úrsula")))
    result = closing(Engine.open(tmp_path)).search(SearchParams(q="vacunacion"))
    assert [h["id"] for h in result["hits"]] == ["r1"]


def _ids(path):
    with contextlib.closing(Engine.open(path, cache_size=0)) as engine:
        return sorted(h["id"] for h in engine.search(SearchParams(per_page=100))["hits"])


def test_replace_keeps_one_document_per_key_and_cancel_leaves_the_index_as_it_was(tmp_path):
    writer = Writer(create_empty(tmp_path))
    writer.replace(to_document(_release(1, "agua")))
    writer.replace(to_document(_release(2, "luz")))
    writer.commit()
    assert not writer.pending
    writer.replace(to_document(_release(1, "agua potable")))
    writer.commit()
    assert _ids(tmp_path) == ["r1", "r2"]
    assert writer.stored("r1")["body"] == "agua potable"
    writer.replace(to_document(_release(3, "gas")))
    writer.delete("r2")
    writer.cancel()
    assert _ids(tmp_path) == ["r1", "r2"]
    writer.delete("r2")
    writer.commit()
    assert _ids(tmp_path) == ["r1"]


def test_a_key_written_twice_before_a_commit_is_kept_once_with_the_second_text(tmp_path, closing):
    writer = closing(Writer(create_empty(tmp_path)))
    writer.replace(to_document(_release(1, "agua")))
    seen = []
    writer.replace(to_document(_release(1, "agua potable")), over=lambda previous: seen.append(previous) or {})
    writer.replace(to_document(_release(2, "luz")))
    writer.commit()
    assert _ids(tmp_path) == ["r1", "r2"]
    assert writer.stored("r1")["body"] == "agua potable"
    # What the second write overwrote was the first, committed in between.
    assert [previous["body"] for previous in seen] == ["agua"]
    assert writer.keys() == ["r1", "r2"] and writer.stored("r9") is None


def test_a_release_statements_are_replaced_as_a_group(tmp_path, closing):
    from search.statements import DIRECT, Statement, to_document as statement_document

    def said(n, text):
        return statement_document(Statement(release_id="r1", position=n, kind=DIRECT, text=text, start=0,
                                            end=len(text), speaker="Titular"))

    writer = closing(Writer.statements(tmp_path))
    writer.replace_group("release_id", "r1", [said(1, "Habrá agua"), said(2, "Habrá luz")])
    writer.commit()
    assert writer.keys() == ["r1#1", "r1#2"]
    writer.replace_group("release_id", "r1", [said(1, "Habrá gas"), said(2, "Habrá luz")])
    writer.replace_group("release_id", "r1", [said(1, "Habrá gas y agua")])
    writer.commit()
    assert writer.keys() == ["r1#1"] and writer.stored("r1#1")["body"] == "Habrá gas y agua"
    assert closing(Engine.statements(tmp_path)).search()["total"] == 1


def test_a_fresh_writer_starts_the_index_over_and_statements_have_their_own(tmp_path, closing):
    writer = Writer.releases(tmp_path)
    writer.replace(to_document(_release(1, "agua")))
    writer.commit()
    Writer.releases(tmp_path, fresh=True).commit()
    assert _ids(tmp_path) == []
    Writer.statements(tmp_path).commit()
    assert closing(Engine.statements(tmp_path)).search()["total"] == 0


def test_a_view_is_renewed_when_the_index_changes(tmp_path, closing):
    ix = create_empty(tmp_path)
    writer = Writer(ix)
    writer.replace(to_document(_release(1, "agua")))
    writer.commit()
    store = closing(Store.open(tmp_path, RELEASES.layout))
    first = store.view()
    assert store.view() is first
    writer.replace(to_document(_release(2, "luz")))
    writer.commit()
    second = store.view()
    assert second is not first and second.generation() != first.generation()
    assert len(second.select()) == 2


def test_one_order_serves_the_page_and_the_cursor_with_ties_broken_by_id(tmp_path, closing):
    writer = Writer(create_empty(tmp_path))
    for n in (3, 1, 2):
        writer.replace(to_document(_release(n, "agua")))
    writer.commit()
    view = closing(Store.open(tmp_path, RELEASES.layout)).view()
    everything = view.select()
    oldest = [view.fetch([d])[0]["id"] for d, _ in view.order(everything, "antiguos")]
    assert oldest == ["r1", "r2", "r3"]
    after_first = view.order(everything, "antiguos", after=view.order_key(view.order(everything, "antiguos")[0][0]))
    assert [view.fetch([d])[0]["id"] for d, _ in after_first] == ["r2", "r3"]
    with pytest.raises(ValueError):
        Store.open(tmp_path / "nada", RELEASES.layout)


def test_nothing_selected_orders_to_nothing_in_every_order(tmp_path, closing):
    """A release without statements listed every statement of the index on its page (Whoosh reads an
    empty filter as none)."""
    writer = Writer(create_empty(tmp_path))
    for n in (1, 2):
        writer.replace(to_document(_release(n, "agua")))
    writer.commit()
    view = closing(Store.open(tmp_path, RELEASES.layout)).view()
    nothing = view.select(RELEASES.filter_query(SearchParams(source=("nadie",))))
    assert len(nothing) == 0
    for sort in ("antiguos", "recientes", "-indexed_at"):
        assert view.order(nothing, sort) == []


def test_statements_list_by_date_then_their_place_in_the_text_whichever_way_and_however_many(tmp_path, closing):
    """Statements by date ordered as Whoosh's own two-field sort did (newest or oldest first, each
    release's statements in text order, then by index order), now from the columns."""
    from whoosh import query as wq
    from whoosh import sorting

    from search.collection import STATEMENTS
    from search.statements import DIRECT, Statement, to_document as statement_document

    writer = Writer.statements(tmp_path)
    days = [date(2026, 3, 1), date(2026, 1, 5), None, date(2026, 3, 1), date(2025, 12, 31)]
    for r, day in enumerate(days):
        said = [statement_document(Statement(release_id=f"r{r}", position=p, kind=DIRECT, text=f"Dijo {p}",
                                             start=0, end=7, speaker="Titular", date=day))
                for p in (3, 1, 2)]
        writer.replace_group("release_id", f"r{r}", said)
    writer.commit()
    view = closing(Store.open(tmp_path, STATEMENTS.layout)).view()
    everything = view.select()
    searcher = view._searcher
    for sort, newest in (("recientes", True), ("antiguos", False)):
        whoosh_sort = sorting.MultiFacet([sorting.FieldFacet("date", reverse=newest), sorting.FieldFacet("position")])
        expected = [h.docnum for h in searcher.search(wq.Every(), limit=None, sortedby=whoosh_sort)]
        for limit in (None, 1, 4):
            assert [n for n, _ in view.order(everything, sort, limit=limit)] == expected[:limit]
    # Undated statements come first, as undated releases do; then the newest day, in text order.
    listed = [view.fetch([n])[0] for n, _ in view.order(everything, "recientes")]
    dated = [(s["release_id"], s["position"]) for s in listed if s.get("date") is not None]
    assert dated[:4] == [("r0", 1), ("r3", 1), ("r0", 2), ("r3", 2)]


@pytest.mark.parametrize("sort", ["antiguos", "recientes"])
def test_a_few_releases_order_as_the_whole_ranking_orders_them(tmp_path, closing, sort):
    # A fresh reader and one that has ranked everything give one order, and a cursor's key read from one
    # stored document continues it.
    writer = Writer(create_empty(tmp_path))
    days = {1: date(2026, 1, 10), 2: date(2026, 1, 10), 3: None, 4: date(2025, 5, 1), 5: date(2026, 2, 1), 6: None}
    for n in (6, 2, 5, 1, 4, 3):
        writer.replace(to_document(_release(n, "agua", when=days[n])))
    writer.commit()

    def listed(view, after=None, limit=None):
        picked = [d for d in view.select() if view.fetch([d])[0]["id"] != "r5"]
        return [view.fetch([d])[0]["id"] for d, _ in view.order(picked, sort, after=after, limit=limit)]

    few = closing(Store.open(tmp_path, RELEASES.layout)).view()
    everything = closing(Store.open(tmp_path, RELEASES.layout)).view()
    everything.order(everything.select(), sort)
    expected = ["r4", "r1", "r2", "r3", "r6"] if sort == "antiguos" else ["r6", "r3", "r2", "r1", "r4"]
    assert listed(few) == listed(everything) == expected
    middle = next(d for d in few.select() if few.fetch([d])[0]["id"] == "r2")
    assert listed(few, after=few.order_key(middle), limit=2) == listed(everything, after=few.order_key(middle), limit=2)


def test_phrases_over_segments_blocks_and_deletions_match_whoosh_own_phrase_query(tmp_path, closing, monkeypatch):
    """Three segments, words in more documents than a posting block holds, deleted documents: every
    phrase of two or three words, exact or with slop, finds and ranks what Whoosh's phrase query does,
    without Whoosh's phrase matcher (its walk over every candidate is what made phrases slow)."""
    rng = random.Random(5)
    words = ("agua", "de", "la", "ciudad", "luz", "obra")
    ix = create_empty(tmp_path)
    for part in range(3):
        w = ix.writer()
        for n in range(part * 150, part * 150 + 150):
            w.add_document(**to_document(_release(n, " ".join(rng.choices(words, k=rng.randint(3, 40))))))
        w.commit(merge=False)
    w = ix.writer()
    for n in range(0, 450, 7):
        w.delete_by_term("id", f"r{n}")
    w.commit(merge=False)
    view = closing(Store.open(tmp_path, RELEASES.layout)).view()
    walked = []
    whoosh_matcher = wq.Phrase.matcher
    monkeypatch.setattr(wq.Phrase, "matcher", lambda self, *a, **k: walked.append(self) or whoosh_matcher(self, *a, **k))
    with contextlib.closing(RELEASES.layout.open(tmp_path).searcher()) as whoosh:
        assert len(whoosh.reader().leaf_readers()) == 3 and whoosh.doc_count() < 450
        phrases = [(pair, slop) for pair in itertools.permutations(words[:4], 2) for slop in (1, 2, 3)]
        phrases += [(("la", "ciudad", "de"), 1), (("de", "la", "de"), 1), (("agua", "de", "luz"), 2), (("de", "de"), 3)]
        found = 0
        for phrase, slop in phrases:
            q = qt.Phrase("body_exact", phrase, slop)
            matched = view.select(q)
            ranked = view.order(matched, "relevancia", q, limit=20, filtered=False)
            assert walked == []
            expected = sorted(whoosh.docs_for_query(to_whoosh(q)))
            hits = whoosh.search(to_whoosh(q), limit=20)
            walked.clear()
            assert matched.tolist() == expected, (phrase, slop)
            assert [d for d, _ in ranked] == [h.docnum for h in hits], (phrase, slop)
            assert [s for _, s in ranked] == pytest.approx([h.score for h in hits], rel=1e-9)
            found += bool(expected)
        assert found > len(phrases) // 2


def test_a_warmed_index_opens_without_reading_its_columns_or_ids_again(demo_copy, closing, monkeypatch):
    """What the server reads before forking its workers (facet columns, the date order's keys) is kept per
    segment: an engine opened afterwards answers its first listing without reading either again, and lists
    the same as an engine that read everything itself."""
    from whoosh.reading import SegmentReader

    from search.store import segments
    from webui.server import warm

    segments._by_segment.clear()  # as in a server just started
    cold = closing(Engine.open(demo_copy)).run_search(SearchParams())
    segments._by_segment.clear()
    warm(demo_copy)
    reads = []
    for name in ("column_reader", "iter_field"):
        original = getattr(SegmentReader, name)
        monkeypatch.setattr(SegmentReader, name,
                            lambda self, field, *a, _o=original, _n=name, **k: reads.append((_n, field)) or _o(self, field, *a, **k))
    warmed = closing(Engine.open(demo_copy)).run_search(SearchParams())
    assert [r for r in reads if r[1] == "id" or r[1].endswith("_facet")] == []
    assert warmed["hits"] == cold["hits"] and warmed["facets"] == cold["facets"]


def test_similar_releases_are_whoosh_more_like_ranked_the_same(demo_index, stemmed_demo_index):
    # The release page's "Más como este" ranks Whoosh's more-like-this OR with numpy: the same releases in
    # the same order, with the same scores, for every release of the demo corpus. Whoosh's is read from the
    # index whose stemmed fields have postings of their own; ours from stems read off their twins.
    store = Store.open(demo_index, RELEASES.layout)
    searcher = RELEASES.layout.open(stemmed_demo_index).searcher()
    try:
        view = store.view()
        compared = 0
        for docnum, stored in enumerate(searcher.all_stored_fields()):
            text = f"{stored['title']}\n{stored['body']}"
            theirs = searcher.more_like(searcher.document_number(id=stored["id"]), "body", text=text, top=5,
                                        numterms=12)
            ours = view.similar(stored["id"], text, 5, 12)
            assert [s["id"] for s, _ in ours] == [hit["id"] for hit in theirs]
            assert [round(score, 6) for _, score in ours] == [round(hit.score, 6) for hit in theirs]
            assert stored["id"] not in {s["id"] for s, _ in ours}
            compared += bool(ours)
        assert compared > 20
    finally:
        store.close()
        searcher.close()


@pytest.mark.parametrize("collection, sort", [(STATEMENTS, "position"), (RELEASES, "-indexed_at")])
def test_a_field_sort_is_whoosh_sort_read_from_the_column(demo_index, collection, sort):
    # A release's statements by position, an alert's newest by indexing time: the order Whoosh's sorting
    # collector gives (ties by number, reversed with the field), for any subset and limit.
    from search.store.collect import collect
    from search.store.reader import BY_FIELD
    store = Store.open(demo_index, collection.layout)
    try:
        view = store.view()
        fieldname, reverse = BY_FIELD[sort]
        every = np.asarray(view.select(), dtype=np.int64)
        rng = random.Random(3)
        for size, limit in ((len(every), None), (40, 7), (5, None), (1, 3)):
            chosen = np.asarray(sorted(rng.sample(every.tolist(), min(size, len(every)))), dtype=np.int64)
            theirs = [hit.docnum for hit in collect(view._searcher, wq.Every(), limit,
                                                    filter=set(chosen.tolist()), sortedby=fieldname, reverse=reverse)]
            assert [n for n, _ in view.order(chosen, sort, limit=limit)] == theirs
    finally:
        store.close()


def test_a_warmed_index_counts_its_catalog_without_reading_a_stored_document(demo_copy, closing, monkeypatch):
    """The catalog reads every stored document's officials once per segment; the server reads them before
    forking, so a worker's first catalog request reads no stored document and counts the same."""
    from whoosh.reading import SegmentReader

    from search.catalog import catalog, stats
    from search.store import segments
    from webui.server import warm

    segments._by_segment.clear()
    cold = closing(Engine.open(demo_copy))
    expected = (stats(cold), [e.summary() for e in catalog(cold).listing(catalog(cold).sources)])
    segments._by_segment.clear()
    warm(demo_copy)
    reads = []
    original = SegmentReader.stored_fields
    monkeypatch.setattr(SegmentReader, "stored_fields", lambda self, n: reads.append(n) or original(self, n))
    warmed = closing(Engine.open(demo_copy))
    assert (stats(warmed), [e.summary() for e in catalog(warmed).listing(catalog(warmed).sources)]) == expected
    assert reads == []


def test_postings_read_in_one_piece_are_whoosh_own_over_both_writers_and_deletions(tmp_path, closing, monkeypatch):
    """A term's blocks are read at once and their pickles decoded with numpy where they are laid out the
    common way, else unpickled: either way every term's documents and weights are those Whoosh's matcher
    walks, in segments of our writer and of Whoosh's, with deletions, dense and sparse words, one weight
    for a whole block or one per document."""
    def body(n):
        words = ["agua"] * (n % 3 + 1) + ["gas"] + ["obra"] * (n % 5 + 1) * (n % 2)
        return " ".join(words + (["luz"] if n % 300 == 7 else []))

    writer = Writer(create_empty(tmp_path))
    for n in range(900):
        writer.replace(to_document(_release(n, body(n))))
    writer.commit()
    ix = RELEASES.layout.open(tmp_path)
    w = ix.writer()
    for n in range(900, 1300):
        w.add_document(**to_document(_release(n, body(n))))
    for n in range(0, 1300, 11):
        w.delete_by_term("id", f"r{n}")
    w.commit(merge=False)
    unpickled, parsed = [], []
    monkeypatch.setattr(docsets, "_unpickled_blocks", _spy(docsets._unpickled_blocks, unpickled))
    monkeypatch.setattr(docsets, "_joined_blocks", _spy(docsets._joined_blocks, parsed))
    view = closing(Store.open(tmp_path, RELEASES.layout)).view()
    with contextlib.closing(RELEASES.layout.open(tmp_path).searcher()) as whoosh:
        assert len(whoosh.reader().leaf_readers()) == 2
        terms = [(f, t) for f, t in whoosh.reader().all_terms()
                 if f in ("title_exact", "body_exact", "id", "source_key")]
        for fieldname, text in terms:
            ids, weights = view.docsets.postings(fieldname, text)
            walked = _walked(whoosh.postings(fieldname, text))
            assert ids.tolist() == [docnum for docnum, _ in walked], (fieldname, text)
            assert weights.tolist() == [weight for _, weight in walked], (fieldname, text)
    assert len(terms) > 2000 and unpickled and parsed


def _walked(matcher):
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight()))
        matcher.next()
    return found


def _spy(function, calls):
    def called(*args):
        calls.append(args)
        return function(*args)
    return called


def test_facets_of_most_releases_and_of_a_few_count_each_live_release_once(tmp_path, closing):
    """A word in most releases is counted from the releases without it, a rare one from its own: both
    give the topics of the releases found, with replaced versions counted no more."""
    def release(n, topics):
        return Release(id=f"r{n}", title=f"Comunicado {n}", body="agua" if n % 10 else "luz",
                       date=date(2025, 1 + n % 12, 1), topics=topics)

    writer = closing(Writer(create_empty(tmp_path)))
    for n in range(80):
        writer.replace(to_document(release(n, ["Salud"] if n % 2 else ["Cultura", "Salud"])))
    writer.commit()
    for n in range(0, 80, 3):
        writer.replace(to_document(release(n, ["Deporte"])))
    writer.commit()
    engine = closing(Engine.open(tmp_path, cache_size=0))
    for q in ("agua", "luz"):
        result = engine.search(SearchParams(q=q, per_page=100))
        expected = Counter(t["label"] for hit in result["hits"] for t in hit["topics"])
        assert len(result["hits"]) == result["total"] == (72 if q == "agua" else 8)
        assert {f["label"]: f["count"] for f in result["facets"]["topic"]} == expected
        assert sum(f["count"] for f in result["facets"]["month"]) == result["total"]
