"""The index's stamps that alerts read: when a release's text or withdrawal changed, and when it first came in."""

from index.stamps import EPOCH, write_release
from search.engine import Engine
from search.release import Release, from_stored, to_document
from search.schema import create_empty, open_existing, press_release_schema
from search.store.writer import Writer
from whoosh import index

from alerts.digest import index_mark


def stamps(path, release_id):
    with open_existing(path).searcher() as searcher:
        stored = searcher.document(id=release_id)
        return stored.get("indexed_at"), stored.get("first_indexed")


def write(path, *releases):
    writer = Writer(open_existing(path))
    for release in releases:
        write_release(writer, release)
    writer.commit()


def test_only_a_change_of_text_or_withdrawal_moves_a_release_stamp(tmp_path, closing):
    create_empty(tmp_path)
    write(tmp_path, Release("a", "Agua potable", "Llega agua a la colonia."))
    first = stamps(tmp_path, "a")
    write(tmp_path, Release("a", "Agua potable", "Llega agua a la colonia.", labels=["agua"]))
    assert stamps(tmp_path, "a") == first
    write(tmp_path, Release("a", "Agua potable", "Llega agua limpia a la colonia."))
    edited = stamps(tmp_path, "a")
    assert edited[0] > first[0] and edited[1] == first[1]
    write(tmp_path, Release("a", "Agua potable", "Llega agua limpia a la colonia.", withdrawn=True))
    assert stamps(tmp_path, "a")[0] > edited[0]
    assert index_mark(closing(Engine.open(tmp_path)).current()) == stamps(tmp_path, "a")[0]


def test_an_index_from_before_the_stamps_gains_them_without_calling_old_releases_new(tmp_path, closing):
    schema = press_release_schema()
    schema.remove("indexed_at")
    schema.remove("first_indexed")
    writer = index.create_in(tmp_path, schema).writer()
    writer.add_document(**to_document(Release("viejo", "Bacheo", "Se taparon baches.")))
    writer.commit()
    assert index_mark(closing(Engine.open(tmp_path)).current()) == EPOCH
    write(tmp_path, Release("viejo", "Bacheo", "Se taparon baches."), Release("nuevo", "Poda", "Se podaron árboles."))
    assert stamps(tmp_path, "viejo") == (EPOCH, EPOCH)
    assert stamps(tmp_path, "nuevo")[0] > EPOCH
    with open_existing(tmp_path).searcher() as searcher:
        assert from_stored(searcher.document(id="viejo")).title == "Bacheo"
