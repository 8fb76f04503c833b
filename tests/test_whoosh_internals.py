"""The private parts of Whoosh that Hemeroteca reads, checked at once so an upgrade fails here first.

Hemeroteca pins whoosh-reloaded exactly (pyproject.toml) and relies on:

- ``W3LeafMatcher._read_data``, ``._next_block``, ``._data`` and ``._byteids`` (the ``W3`` codec's posting
  blocks), decoded with numpy in :mod:`search.store.docsets`;
- a segment's ``_terms`` (``W3TermsReader``: ``_tindex``, ``_keycoder``, ``_postfile``), the extent
  packed after ``W3TermInfo._struct`` in a term's info, and a term's blocks (a length, a pickled info
  tuple, the data tuple pickled and maybe compressed), read in one piece in :mod:`search.store.postings`
  (for merges and for :mod:`search.store.docsets`) and compared with Whoosh's matcher in ``tests/test_store.py``;
- ``W3LeafMatcher._fixedsize`` and ``.block_max_id``, and the ``Positions`` format's values (a count,
  then the pickled position deltas) in ``._data[2]``, decoded in bulk in :mod:`search.store.phrases`;
- ``FilterMatcher.child`` (the matcher under a deletion filter), and a segment reader's
  ``deleted_docs_set`` (a frozenset, not a method), in :mod:`search.store.docsets`;
- a segment's ``_perdoc`` (``W3PerDocReader._cached_reader``) length column of one byte a document
  (``_dbfile``, ``_basepos``, ``_count``), read in one piece in :mod:`search.store.ranking`;
- ``AndNotMatcher._find_first`` and ``._find_next``, fixed in :class:`search.query.Excluding`;
- ``Searcher._idf_cache``, trimmed by :func:`search.store.collect.forget_idf`;
- a segment's term table (``_terms._tindex``, ``._fieldmap``, ``._codec``) and the field writer's
  ``_tindex``, read and written by the bulk merge in :mod:`search.store.postings`; checked byte for
  byte against Whoosh's own writer and merges in ``tests/test_writer.py``; that writer's rows, hashes
  and hash tables (``OrderedHashWriter``'s ``buckets``, ``directory``, ``index``, ``lastkey``,
  ``hashfn``, ``_write_hashes`` and ``filetables``' ``_lengths`` and ``_pointer``), written in bulk
  there and compared with Whoosh's own ``add`` byte for byte in ``tests/test_writer.py``;
- the per-document writer's column writers (``W3PerDocWriter._colwriters``, ``._has_column``,
  ``._create_column``, ``._get_column``, ``._doccount``, ``._docnum``, ``._indoc``, ``._fieldlengths``), the
  stored column's compressing writer under its pickling one (``._child``), a bytes column reader's
  ``_lengths`` and ``_offsets``, a numeric one's ``_fixedlen``, ``_typecode`` and ``_count``, and
  ``W3PerDocReader._cached_reader``: the byte copy of a merged segment's stored fields, columns and
  lengths in :mod:`search.store.perdoc`, compared with Whoosh's merge in ``tests/test_merge.py``;
- a date column read with ``translate=False`` as microseconds since year 1, missing as the column's
  ``default_value()``, in :mod:`search.store.order` and :mod:`search.store.docsets`;
- a segment reader's ``_segid`` (random), naming the segment whose words :mod:`search.store.stems` keeps
  for the process, and a positions block's values pickled as a tuple
  after the weights, skipped by :mod:`search.store.docsets`.
"""

import tomllib
import zlib
from datetime import datetime
from importlib import metadata
from pathlib import Path

import numpy as np
from whoosh import columns, fields, query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher, W3TermInfo, W3TermsReader
from whoosh.filedb.filestore import RamStorage
from whoosh.matching import AndNotMatcher, FilterMatcher
from whoosh.system import unpack_long

from search.store import docsets
from search.store.docsets import DocSets, _leaf_postings
from search.store.phrases import STRIDE, _PositionReader
from search.store.ranking import Ranker
from search.store.order import USECS_PER_DAY

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _index(docs):
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(), date=fields.DATETIME(sortable=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for doc in docs:
            w.add_document(**doc)
    return ix


def test_the_installed_whoosh_is_the_pinned_one():
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = [d for d in deps if d.startswith("whoosh-reloaded")]
    assert pinned == [f"whoosh-reloaded=={metadata.version('whoosh-reloaded')}"]


def test_posting_blocks_decode_to_the_documents_whoosh_walks():
    # Enough documents for several posting blocks (Whoosh writes 128 postings a block).
    ix = _index([{"id": str(n), "body": "agua" if n % 3 else "agua agua luz"} for n in range(400)])
    with ix.searcher() as s:
        m = s.postings("body", "agua")
        assert isinstance(m, W3LeafMatcher)
        for name in ("_read_data", "_next_block", "_data", "_byteids"):
            assert hasattr(m, name), name
        ids, weights = _leaf_postings(m)
        walked = s.postings("body", "agua")
        expected = list(walked.all_items())
    assert ids.tolist() == [docnum for docnum, _ in expected]
    assert sorted(set(weights.tolist())) == [1.0, 2.0]


def test_a_segment_reader_names_its_segment_and_positions_blocks_end_with_their_values(tmp_path):
    from whoosh import index as whoosh_index

    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(phrase=True))
    ix = whoosh_index.create_in(tmp_path, schema)
    with ix.writer() as w:
        for n in range(300):
            w.add_document(id=str(n), body="agua agua luz" if n % 2 else "agua")
    with ix.searcher() as s:
        [(segment, _)] = s.reader().leaf_readers()
        assert segment._segid == segment._segment.segment_id() and len(segment._segment.segid) >= 16
        ids, weights = docsets._segment_postings(segment, "body", b"agua")
        assert ids.tolist() == list(range(300)) and weights.tolist() == [1.0 if n % 2 == 0 else 2.0 for n in range(300)]
        [(packed, compressed, count)] = docsets.term_blocks(segment._terms._postfile, segment._terms._tindex[
            segment._terms._keycoder("body", b"agua")])[:1]
        raw = zlib.decompress(packed) if compressed else packed
        assert docsets._parsed_block(raw, count) is not None


def test_a_segment_term_table_is_read_as_the_one_piece_reader_reads_it():
    ix = _index([{"id": str(n), "body": "agua"} for n in range(300)])
    with ix.searcher() as s:
        [(segment, _)] = s.reader().leaf_readers()
        terms = segment._terms
        assert isinstance(terms, W3TermsReader)
        infobytes = terms._tindex[terms._keycoder("body", b"agua")]
        info = W3TermInfo.from_bytes(infobytes)
        assert not info.is_inlined()
        # The postings' offset and length follow the packed statistics.
        assert len(infobytes) == W3TermInfo._struct.size + 12
        assert unpack_long(infobytes[W3TermInfo._struct.size:][:8])[0] == info.extent()[0]
        assert docsets._segment_postings(segment, "body", b"agua")[0].tolist() == list(range(300))


def test_position_values_decode_to_the_positions_whoosh_reads():
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(phrase=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for n in range(400):
            w.add_document(id=str(n), body=" ".join(["agua"] * (n % 4 + 1) + ["luz"] * (n % 300) + ["agua"]))
    with ix.searcher() as s:
        m = s.postings("body", "agua")
        assert hasattr(m, "block_max_id") and m._fixedsize is None
        expected = []
        while m.is_active():
            expected += [m.id() * STRIDE + p for p in m.value_as("positions")]
            m.next()
        docs = DocSets(s)
        positions = _PositionReader(docs, "body")
        assert positions.keys(b"agua", docs.term("body", b"agua")).tolist() == expected
        # Read through the matcher's public calls instead (for postings in another format), the same.
        some = docs.term("body", b"agua")[::3]
        assert positions._walked_keys(s.postings("body", "agua"), some).tolist() == \
            positions._segment_keys(s.postings("body", "agua"), some).tolist()


def test_length_columns_read_in_one_piece_give_whoosh_own_field_lengths():
    ix = _index([{"id": str(n), "body": " ".join(["agua"] * (n * 37 % 500))} for n in range(300)])
    w = ix.writer()
    w.add_document(id="tarde", body="luz de la ciudad")
    w.commit(merge=False)
    with ix.searcher() as s:
        reader = s.reader()
        assert len(reader.leaf_readers()) == 2
        expected = [reader.doc_field_length(n, "body", 1) or 1 for n in range(reader.doc_count_all())]
        assert Ranker(s, DocSets(s))._field_lengths("body").tolist() == expected
        assert len(set(expected)) > 50


def test_a_deletion_filter_keeps_its_matcher_as_child():
    ix = _index([{"id": str(n), "body": "agua"} for n in range(5)])
    with ix.writer() as w:
        w.delete_by_term("id", "2")
    with ix.searcher() as s:
        m = wq.Term("body", "agua").matcher(s, s.boolean_context())
        assert isinstance(m, FilterMatcher) and hasattr(m, "child")
        assert _leaf_postings(m)[0].tolist() == [0, 1, 2, 3, 4]


def test_a_segment_lists_its_deletions_as_a_frozenset():
    ix = _index([{"id": str(n), "body": "agua"} for n in range(5)])
    with ix.writer() as w:
        w.delete_by_term("id", "2")
    with ix.searcher() as s:
        [(segment, _)] = s.reader().leaf_readers()
        assert segment.deleted_docs_set == frozenset({2})
        assert np.flatnonzero(DocSets(s).live).tolist() == [0, 1, 3, 4]


def test_the_and_not_matcher_still_has_the_steps_we_fix():
    for name in ("_find_first", "_find_next"):
        assert callable(getattr(AndNotMatcher, name, None)), name


def test_a_searcher_caches_idf_in_a_dict():
    ix = _index([{"id": "1", "body": "agua"}])
    with ix.searcher() as s:
        s.idf("body", "agua")
        assert isinstance(s._idf_cache, dict) and s._idf_cache


def test_a_raw_date_column_holds_microseconds_since_year_one():
    ix = _index([{"id": "1", "body": "a", "date": datetime(2026, 1, 20)}, {"id": "2", "body": "b"}])
    with ix.searcher() as s:
        (leaf, _), = s.reader().leaf_readers()
        missing = leaf.schema["date"].column_type.default_value()
        raw = list(leaf.column_reader("date", translate=False))
    assert raw[0] // USECS_PER_DAY + 1 == datetime(2026, 1, 20).toordinal()
    assert raw[1] == missing


def test_the_per_document_writer_and_columns_have_what_the_merge_copy_reads():
    from whoosh.reading import SegmentReader

    from search.store import perdoc
    from search.store.segmentwriter import BulkSegmentWriter

    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(), date=fields.DATETIME(sortable=True),
                           kind=fields.COLUMN(columns.VarBytesColumn()))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(id="1", body="agua", date=datetime(2026, 1, 20), kind=b"aviso")
    writer = BulkSegmentWriter(ix)
    try:
        (segment,) = ix._segments()
        reader = SegmentReader(ix.storage, ix.schema, segment)
        assert perdoc.can_copy(writer, reader)
        pdw = writer.perdocwriter
        for name in ("_colwriters", "_fieldlengths", "_doccount", "_docnum", "_indoc"):
            assert hasattr(pdw, name), name
        for name in ("_has_column", "_create_column", "_get_column"):
            assert callable(getattr(pdw, name, None)), name
        assert hasattr(pdw._colwriters["_stored"], "_child")
        stored = reader._perdoc._cached_reader("_stored", perdoc.STORED_COLUMN)._child
        kind = reader._perdoc.column_reader("kind", schema["kind"].column_type)
        date = reader._perdoc.column_reader("date", schema["date"].column_type)
        for column, names in ((stored, ("_lengths", "_offsets", "_basepos", "_dbfile")),
                              (kind, ("_lengths", "_offsets", "_basepos", "_dbfile")),
                              (date, ("_fixedlen", "_typecode", "_count", "_basepos", "_dbfile"))):
            for name in names:
                assert hasattr(column, name), (column, name)
        reader.close()
    finally:
        writer.cancel()
