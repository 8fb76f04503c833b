"""Merged segments: the bulk writer copies a segment's stored fields, columns and field lengths as bytes,
and the index it leaves is the one Whoosh's own merge writes."""

from datetime import date, datetime

import pytest
from whoosh import columns, fields, index as whoosh_index
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search.engine import Engine
from search.params import SearchParams
from search.release import Official, Release, to_document
from search.schema import press_release_schema
from search.store import perdoc, segmentwriter, writer as store_writer
from search.store.segmentwriter import BulkSegmentWriter
from tests.test_writer import written

WORDS = "agua bacheo colonia vecinos alcaldía lluvias calle obra programa jornada año Ñandú".split()
SOURCES = ["Alcaldía Benito Juárez", "Secretaría de Obras", None]
OFFICIALS = [Official("Luis Mendoza", "alcalde"), Official("Carla Ríos", "directora de Obras")]


def release(n, version=0):
    """Release ``n`` (its ``version`` changes its title and text); some have no date, source or officials."""
    words = [WORDS[(n * k + version) % len(WORDS)] for k in range(4 + n % 17 * 5)]
    return Release(id=f"r{n}", title=f"Jornada {WORDS[(n + version) % len(WORDS)]} {n}.{version}", body=" ".join(words),
                   date=date(2026, 1 + n % 12, 1 + n % 28) if n % 5 else None, source=SOURCES[n % 3],
                   officials=OFFICIALS[: n % 3], topics=["Movilidad"] if n % 2 else [],
                   places=["Mixcoac"] if n % 4 == 1 else [])


def document(n, version=0):
    doc = to_document(release(n, version))
    if n % 4:
        doc["indexed_at"] = datetime(2026, 2, 1 + n % 27, n % 24, version)
    return doc


# Each commit: the releases written (``(number, version)``, a later version replacing the earlier
# one, which leaves it deleted in its segment), some of them in a segment merged in that same commit.
COMMITS = [
    [(n, 0) for n in range(12)],
    [(n, 0) for n in range(12, 20)] + [(3, 1), (7, 1)],
    [(n, 0) for n in range(20, 31)] + [(0, 1), (14, 1), (3, 2)],
    [(n, 0) for n in range(31, 36)],
    [(1, 1), (33, 1)],
]


def build(path, monkeypatch, bulk, commits=COMMITS):
    """The release index of ``commits``, each commit merging every earlier segment into its own."""
    with monkeypatch.context() as patch:
        # A size class is merged once it holds this many segments less one: every commit merges all.
        patch.setattr(store_writer, "MERGE_FACTOR", 2)
        if not bulk:
            patch.setattr(segmentwriter, "writer", lambda ix, **options: SegmentWriter(ix, **options))
        for batch in commits:
            writer = store_writer.Writer.releases(path)
            for n, version in batch:
                writer.replace(document(n, version))
            writer.commit()
    return whoosh_index.open_dir(path)


def per_document(ix):
    """Every live document's stored fields, column values and field lengths, and each field's totals."""
    with ix.reader() as reader:
        docs = list(reader.all_doc_ids())
        schema = ix.schema
        found = {"stored": [reader.stored_fields(d) for d in docs], "count": reader.doc_count_all()}
        for name in schema.names():
            found[name] = [reader.doc_field_length(d, name) for d in docs]
            if schema[name].scorable:
                found[name, "total"] = (reader.field_length(name), reader.min_field_length(name),
                                        reader.max_field_length(name))
            if schema[name].column_type:
                column = reader.column_reader(name, translate=False)
                found[name, "column"] = (reader.has_column(name), [column[d] for d in docs])
        return found


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("merged")
    try:
        yield {kind: (root / kind, build(root / kind, monkeypatch, kind == "bulk")) for kind in ("bulk", "whoosh")}
    finally:
        monkeypatch.undo()


def test_a_merged_segment_keeps_what_whooshs_own_merge_keeps(merged):
    (_, bulk), (_, whoosh) = merged["bulk"], merged["whoosh"]
    for ix in (bulk, whoosh):
        with ix.reader() as reader:
            assert len(reader.segments()) == 1
    found = per_document(bulk)
    assert found == per_document(whoosh)
    assert written(bulk) == written(whoosh)
    # Replaced releases were left out: one document each, the latest version's.
    stored = found["stored"]
    assert len(stored) == 36 and len({s["id"] for s in stored}) == 36
    assert next(s for s in stored if s["id"] == "r3")["title"].endswith("3.2")
    # What was compared varies from document to document (values, defaults and empties).
    assert len(set(found["body"])) > 10
    for name in ("date", "indexed_at"):  # Undated documents hold the column's default.
        values = found[name, "column"][1]
        assert len(set(values)) > 5 and bulk.schema[name].column_type.default_value() in values
    assert b"" in found["official_facet", "column"][1] and b"Luis Mendoza" in found["official_facet", "column"][1]


def test_a_search_on_the_merged_index_finds_what_whooshs_merge_finds(merged, closing):
    bulk = closing(Engine.open(merged["bulk"][0]))
    whoosh = closing(Engine.open(merged["whoosh"][0]))
    for params in (SearchParams(q="bacheo"), SearchParams(q="\"calle obra\""), SearchParams(sort="recientes"),
                   SearchParams(official=("luis-mendoza",)), SearchParams(q="agua", date_from=date(2026, 6, 1))):
        b, w = bulk.search(params), whoosh.search(params)
        assert [h["id"] for h in b["hits"]] == [h["id"] for h in w["hits"]]
        assert b["total"] == w["total"] and b.get("facets") == w.get("facets")
    assert bulk.search(SearchParams(q="bacheo"))["total"] > 1
    hits = bulk.search(SearchParams(sort="recientes", per_page=50))["hits"]
    dates = [h["date"] for h in hits if h["date"]]
    assert dates == sorted(dates, reverse=True) and len(dates) > 20


def test_terms_of_several_blocks_are_merged_as_whooshs_merge_merges_them(tmp_path, monkeypatch):
    """A merged segment whose commonest terms fill more than one block (128 postings), merged whole and
    then with one of its documents replaced: the same postings as Whoosh's merges."""
    commits = [[(n, 0) for n in range(300)], [(n, 0) for n in range(300, 460)], [(5, 1)] + [(n, 0) for n in range(460, 470)]]
    bulk = build(tmp_path / "bulk", monkeypatch, True, commits)
    whoosh = build(tmp_path / "whoosh", monkeypatch, False, commits)
    found = written(bulk)
    assert found == written(whoosh)
    terms, _, stored, count = found
    assert count == 470 and max(t[3] for t in terms if t[0] == "body_exact") > 2 * 128
    assert next(s for s in stored if s["id"] == "r5")["title"].endswith("5.1")


def _two_segments(path, schema, docs, writer_class, delete=None):
    """An index of two segments of ``docs`` (the first ``delete``d from, if given), merged by ``writer_class``."""
    path.mkdir()
    ix = whoosh_index.create_in(path, schema)
    half = len(docs) // 2
    for part in (docs[:half], docs[half:]):
        writer = SegmentWriter(ix)
        for doc in part:
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = writer_class(ix)
    if delete is not None:
        writer.delete_by_term("id", delete)
    copied = []

    def merge_all(writer, segments):
        for segment in segments:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            copied.append(perdoc.can_copy(writer, reader))
            writer.add_reader(reader)
            reader.close()
        return []

    writer.commit(mergetype=merge_all)
    return whoosh_index.open_dir(path), copied


@pytest.mark.parametrize("delete", [None, "r4"])
def test_the_release_schema_is_copied_as_bytes_with_or_without_deletions(tmp_path, delete):
    docs = [document(n) for n in range(30)]
    seen = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("bulk", BulkSegmentWriter)):
        ix, copied = _two_segments(tmp_path / name, press_release_schema(), docs, writer_class, delete)
        seen[name] = per_document(ix), written(ix), copied
    assert seen["bulk"][:2] == seen["whoosh"][:2]
    # Whoosh's merge can always be called; the bulk writer took the byte copy for both segments.
    assert seen["bulk"][2] == [True, True]
    assert seen["bulk"][0]["count"] == (29 if delete else 30)


def test_a_merged_fields_total_adds_the_byte_rounded_lengths_as_whoosh_does(tmp_path):
    """A document's length is kept in one lossy byte: a merged field's total adds what each byte says
    (as Whoosh's merge does), not the length first indexed."""
    docs = [document(n) for n in range(30)]
    totals = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("bulk", BulkSegmentWriter)):
        ix, _ = _two_segments(tmp_path / name, press_release_schema(), docs, writer_class, delete="r4")
        with ix.reader() as reader:
            totals[name] = {field: reader.field_length(field) for field in ix.schema.names()}
            assert totals[name]["body"] == sum(reader.doc_field_length(d, "body") for d in reader.all_doc_ids())
    assert totals["bulk"] == totals["whoosh"]
    body = press_release_schema()["body"]
    indexed = sum(sum(freq for _, freq, _, _ in body.index(doc["body"])) for doc in docs if doc["id"] != "r4")
    assert totals["bulk"]["body"] != indexed
    assert {field for field, total in totals["bulk"].items() if total} == {
        "title", "body", "title_exact", "body_exact", "title_accent", "body_accent"}


def test_what_the_copy_does_not_know_is_merged_the_whoosh_way(tmp_path):
    """Term vectors and a column of another kind: Whoosh's own merge, and the same index."""
    def schema():
        return fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(stored=True, vector=True),
                             kind=fields.COLUMN(columns.RefBytesColumn()))
    docs = [{"id": f"r{n}", "body": " ".join(WORDS[: 1 + n % 9]), "kind": WORDS[n % 3].encode()} for n in range(20)]
    seen = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("bulk", BulkSegmentWriter)):
        ix, copied = _two_segments(tmp_path / name, schema(), docs, writer_class, delete="r3")
        with ix.reader() as reader:
            vectors = [list(reader.vector(d, "body").items_as("frequency")) for d in reader.all_doc_ids()]
            kinds = list(reader.column_reader("kind"))
        seen[name] = written(ix), vectors, kinds, copied
    assert seen["bulk"][:3] == seen["whoosh"][:3]
    assert seen["bulk"][3] == [False, False]
    assert seen["bulk"][2][:3] == [b"agua", b"bacheo", b"colonia"]
