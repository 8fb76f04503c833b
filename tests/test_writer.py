"""Indexing files into a real index on disk: reports, replacement, extraction."""

from pathlib import Path

import pytest

from index.writer import build_index
from search.engine import Engine
from search.params import SearchParams

CORPUS = Path(__file__).parent / "corpus"
SOURCES = [CORPUS / "texto", CORPUS / "json"]


@pytest.fixture()
def built(tmp_path, closing):
    report = build_index(tmp_path, SOURCES)
    return report, closing(Engine.open(tmp_path)), tmp_path


def search(engine, **kwargs):
    return engine.search(SearchParams(**kwargs))


def test_broken_files_and_records_are_reported_and_the_rest_indexed(built):
    report, engine, _ = built
    failed = {where.rsplit("/", 1)[-1]: reason for where, reason in report.failures}
    assert "vacio.txt" in failed
    assert "lote.jsonl:3" in failed and "body" in failed["lote.jsonl:3"]
    assert "lote.jsonl:4" in failed and "JSON" in failed["lote.jsonl:4"]
    assert not report.ok
    assert report.indexed == 4
    assert search(engine)["total"] == 4


def test_indexing_the_same_files_again_replaces_them(built):
    _, engine, path = built
    build_index(path, SOURCES)
    result = search(engine)
    assert result["total"] == 4
    assert len({h["id"] for h in result["hits"]}) == 4


def test_release_without_date_is_indexed_and_reported(built):
    report, engine, _ = built
    assert len(report.undated) == 1
    hit = search(engine, q="corte programado agua")["hits"][0]
    assert hit["date"] is None


def test_teaser_words_are_not_searchable(built):
    _, engine, _ = built
    for word in ("maratón", "cerámica", "inscripciones"):
        assert search(engine, q=word)["total"] == 0, word
    assert search(engine, q="bacheo Mixcoac")["total"] == 1


def test_text_release_gets_source_officials_and_topics_from_its_text(built):
    _, engine, _ = built
    hit = search(engine, q="bacheo")["hits"][0]
    assert hit["source"] == "Alcaldía Benito Juárez"
    assert hit["date"] == "2026-02-03"
    assert [(o["name"], o["role"]) for o in hit["officials"]] == [
        ("Luis Mendoza", "alcalde"), ("Carla Mendoza Ríos", "directora de Obras y Servicios Urbanos")]
    assert [t["label"] for t in hit["topics"]][0] == "Obras y servicios"


def test_stated_fields_win_over_extraction(built):
    _, engine, _ = built
    hit = search(engine, q="ciclovía")["hits"][0]
    assert hit["id"] == "prueba-ags-001"
    assert hit["url"] == "https://example.gob.mx/comunicados/ciclovia-heroes"
    assert [t["label"] for t in hit["topics"]] == ["Movilidad"]


def test_unknown_and_missing_paths_are_failures(tmp_path):
    notes = tmp_path / "notas.md"
    notes.write_text("# notas", encoding="utf-8")
    report = build_index(tmp_path / "ix", [notes, tmp_path / "no-existe"])
    reasons = dict(report.failures)
    assert "formato no reconocido" in reasons[str(notes)]
    assert reasons[str(tmp_path / "no-existe")] == "no existe"


def written(ix, leave_out=()):
    """Every term of ``ix`` with its statistics and postings, every document's field lengths, and its stored fields."""
    with ix.reader() as reader:
        terms = []
        for field, text in reader.all_terms():
            if field in leave_out:
                continue
            info = reader.term_info(field, text)
            terms.append((field, text, info.weight(), info.doc_frequency(), info.min_length(),
                          info.max_length(), info.max_weight(), info.min_id(), info.max_id(),
                          list(reader.postings(field, text).all_items())))
        names = [n for n in ix.schema.names() if ix.schema[n].scorable]
        lengths = [[reader.doc_field_length(d, n) for n in names] for d in reader.all_doc_ids()]
        stored = [{k: v for k, v in f.items() if k not in leave_out} for f in reader.all_stored_fields()]
        return terms, lengths, stored, reader.doc_count()


def test_the_bulk_segment_writer_writes_what_whooshs_own_writer_writes(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from search.store import postings
    from search.store.segmentwriter import BulkSegmentWriter
    from search.release import Release, to_document
    from search.schema import press_release_schema

    words = "agua bacheo colonia vecinos alcaldía lluvias calle obra programa jornada año años Ñandú".split()
    # 300 releases: the commonest terms have more postings than one block (128) holds.
    releases = [Release(id=f"r{n}", title=f"Jornada {words[n % 13]} número {n}",
                        body=" ".join(words[(n * k) % 13] for k in range(3 + n % 40 * 7))) for n in range(300)]
    # Texts as long as a transcript's, whose positions are grouped another way (textfields.BULK_TERMS).
    releases += [Release(id=f"larga{n}", title="Versión estenográfica",
                         body=" ".join(f"{words[(n * k) % 13]} {k % 997}" for k in range(700 * n))) for n in (1, 3)]
    seen = []
    # Past its memory limit the writer hands its postings to Whoosh's pool, which sorts runs on disk;
    # that path is not exercised here: under pytest, Whoosh's own pool finds its run file closed.
    for name, writer_class, limit in (("whoosh", SegmentWriter, None), ("bulk", BulkSegmentWriter, None)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(tmp_path / name, press_release_schema())
        writer = writer_class(ix)
        if limit:
            writer.pool.limit = limit
        for release in releases:
            writer.add_document(**to_document(release))
        if limit:
            assert writer.pool.runs
        writer.commit()
        seen.append(written(ix))
    assert seen[1] == seen[0]
    terms = seen[0][0]
    assert any(t[4] != t[5] for t in terms)  # Lengths vary, so the stats compared mean something.
    assert any(t[3] > 128 for t in terms)
    # Both kinds of block were compared: the small ones the bulk writer leaves uncompressed, and zlib's.
    with ix.reader() as reader:
        levels = {reader.postings(field, text)._compression for field, text in reader.all_terms()
                  if field == "title_exact"}
    assert levels == {0, postings.COMPRESS_LEVEL}


def test_the_demo_corpus_is_written_as_whooshs_own_writer_writes_it(tmp_path, monkeypatch, closing):
    """Every field of both indexes, through several commits and the merges of their segments."""
    from whoosh.writing import SegmentWriter

    from search.schema import open_or_create
    from search.statements import open_statements
    from search.store import segmentwriter

    demo = Path(__file__).resolve().parents[1] / "index" / "demo_corpus"
    build_index(tmp_path / "bulk", [demo], workers=0, commit_every=4)
    monkeypatch.setattr(segmentwriter, "writer", lambda ix, **options: SegmentWriter(ix, **options))
    build_index(tmp_path / "whoosh", [demo], workers=0, commit_every=4)
    stamps = ("indexed_at", "first_indexed")  # When each build wrote a release.
    for open_index in (open_or_create, open_statements):
        bulk, whoosh = open_index(tmp_path / "bulk"), open_index(tmp_path / "whoosh")
        with bulk.reader() as b, whoosh.reader() as w:
            assert len(b.segments()) == len(w.segments())
            # One segment a commit (four releases each) would be 17: segments of one size class were merged,
            # so the bulk writer's block-level merge is compared with Whoosh's too.
            assert len(b.segments()) * 2 < 17
        assert written(bulk, stamps) == written(whoosh, stamps)
        assert written(bulk, stamps)[3] > 4
    bulk, whoosh = closing(Engine.open(tmp_path / "bulk")), closing(Engine.open(tmp_path / "whoosh"))
    assert search(bulk, q="\"programa de bacheo\"")["total"] == search(whoosh, q="\"programa de bacheo\"")["total"]


def test_a_merged_segment_keeps_its_postings_when_the_buffer_spills_before_the_flush(tmp_path):
    """A segment taken as a source of the block-level merge, then the buffer handed to Whoosh's pool
    (as a later segment merged the slow way can make it): every term of the merged segment stays."""
    from whoosh import index as whoosh_index
    from whoosh.reading import SegmentReader
    from whoosh.writing import SegmentWriter

    from search.release import Release, to_document
    from search.schema import press_release_schema
    from search.store.segmentwriter import BulkSegmentWriter

    words = "agua bacheo colonia vecinos alcaldía lluvias calle obra programa jornada".split()
    releases = [Release(id=f"r{n}", title=f"Jornada {words[n % 10]}",
                        body=" ".join(words[(n * k) % 10] for k in range(5 + n % 30))) for n in range(80)]
    seen = []
    for name, writer_class in (("whoosh", SegmentWriter), ("bulk", BulkSegmentWriter)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(tmp_path / name, press_release_schema())
        writer = SegmentWriter(ix)
        for release in releases[:50]:
            writer.add_document(**to_document(release))
        writer.commit(merge=False)
        writer = writer_class(ix)
        for release in releases[50:]:
            writer.add_document(**to_document(release))

        def merge_all(writer, segments):
            for segment in segments:
                if hasattr(writer, "merge_segment"):
                    writer.merge_segment(segment)
                    assert writer._sources
                    writer._spill()
                else:
                    reader = SegmentReader(writer.storage, writer.schema, segment)
                    writer.add_reader(reader)
                    reader.close()
            return []

        writer.commit(mergetype=merge_all)
        seen.append(written(whoosh_index.open_dir(tmp_path / name)))
    assert seen[1] == seen[0]
    assert seen[0][3] == 80


def test_the_term_table_is_written_byte_for_byte_as_whooshs_own(tmp_path):
    """The rows a commit adds a field at a time, and its hash tables: the same file as Whoosh's one ``add``
    per row, past the size where the table's positions need a wider array."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

    from search.store.postings import _add_rows, hash_tables_in_bulk

    storage = FileStorage(str(tmp_path))
    fields = [[(b"%c%c" % (0, f) + f"término{n:05d}".encode(), bytes([n % 251]) * (29 + n % 3))
               for n in range(f * 7, 1500 + f * 997)] for f in range(3)]
    for name in ("whoosh", "bulk"):
        table = OrderedHashWriter(storage.create_file(name))
        if name == "bulk":
            hash_tables_in_bulk(table)
        for rows in fields:
            if name == "whoosh":
                for key, value in rows:
                    table.add(key, value)
            else:
                _add_rows(table, [k for k, _ in rows], [v for _, v in rows])
        table.close()
    written = (tmp_path / "bulk").read_bytes()
    assert written == (tmp_path / "whoosh").read_bytes()
    assert len(written) > 2 ** 16
    reader = OrderedHashReader(storage.open_file("bulk"))
    key, value = fields[1][5]
    assert reader[key] == value
    assert list(reader.keys_from(fields[2][-1][0])) == [fields[2][-1][0]]
    reader.close()
