"""Whoosh's segment writer with a faster flush: each field's lengths read once, not once per posting.

At commit, Whoosh's ``FieldWriter.add_postings`` asks the new segment's
per-document reader for a document's field length at every posting
(``W3PerDocReader.doc_field_length``: a column lookup and a byte decoding
each time), about a tenth of a build. Here the flush hands it a reader that
decodes each field's length column once into a list. What is written is the
same bytes, so the index stays a plain Whoosh index any Whoosh searcher reads.

This is the only module of the store that knows Whoosh's writer internals
(``_flush_segment``, the lengths column); ``tests/test_writer.py`` checks that
it writes the very postings and statistics Whoosh's own writer writes.
"""

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter


class FieldLengths:
    """A segment's field lengths, each field's column decoded on first use."""

    def __init__(self, perdoc):
        self._perdoc = perdoc
        self._fields = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._fields.get(fieldname, False)
        if lengths is False:
            column = self._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = None if column is None else [byte_to_length(b) if b else None for b in column]
            self._fields[fieldname] = lengths
        if lengths is None:
            return default
        length = lengths[docnum]
        return default if length is None else length


class BulkSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` whose flush reads field lengths through :class:`FieldLengths`."""

    def _flush_segment(self):
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = FieldLengths(perdoc) if perdoc is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if perdoc is not None:
            perdoc.close()


def writer(ix, **options):
    """A writer on ``ix`` (options as ``ix.writer()`` takes them) with the faster flush."""
    return BulkSegmentWriter(ix, **options)
