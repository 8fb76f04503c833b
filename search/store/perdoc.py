"""A segment's per-document data (stored fields, columns, field lengths), read and merged as bytes.

Whoosh merges a segment's per-document data document by document and field by field: for each
field it asks the segment for the document's length (a missing length column is a file lookup every
time), it unpickles the stored fields to pickle and compress them again, and it adds every column
value one by one. :func:`copy` writes the same into the new segment from each column's bytes: the
stored fields' compressed bytes as they are, each length column read once, the facet and sortable
columns' values through their own writers. Whoosh reads the result as its own (``tests/test_merge.py``
compares it with Whoosh's merge). What it does not recognise (vectors, columns of other types, another
codec) :func:`can_copy` leaves to Whoosh's ``write_per_doc``.

A stored field the schema no longer holds would stay in the copied bytes where Whoosh's merge drops
it; the store never removes a field from a schema (it only adds the later ones).
"""

from struct import Struct

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3PerDocReader, W3PerDocWriter, _lenfield
from whoosh.columns import CompressedBytesColumn, NumericColumn, PickleColumn, VarBytesColumn
from whoosh.util.numeric import byte_to_length

# The length each length byte stands for (Whoosh keeps a document's field length in one lossy byte).
_DECODED = [0] + [byte_to_length(b) for b in range(1, 256)]


def _length_bytes(column, doccount):
    """The length byte of every document in a length column, read in one piece (0 where none)."""
    # A numeric column stops at its last document with a value other than the default.
    raw = column._dbfile.get(column._basepos, column._count)
    return raw + bytes(doccount - len(raw))


class FieldLengths:
    """A segment's field lengths, each field's column decoded on first use."""

    def __init__(self, perdoc):
        self._perdoc = perdoc
        self._fields = {}

    def field(self, fieldname):
        """Every document's length in ``fieldname`` (0 where none), or None if the segment has no lengths for it."""
        lengths = self._fields.get(fieldname, False)
        if lengths is False:
            raw = self.raw(fieldname)
            lengths = None if raw is None else [_DECODED[b] for b in raw]
            self._fields[fieldname] = lengths
        return lengths

    def raw(self, fieldname):
        """Every document's length byte in ``fieldname``, or None if the segment has no lengths for it."""
        column = self._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        return None if column is None else _length_bytes(column, self._perdoc.doc_count_all())

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self.field(fieldname)
        if lengths is None:
            return default
        return lengths[docnum] or default


def _is_stored_column(column):
    """Whether ``column`` is Whoosh 3's stored-fields column: pickles in zlib-compressed bytes."""
    child = getattr(column, "_child", None)
    return (type(column) is PickleColumn and type(child) is CompressedBytesColumn
            and child._module == "zlib")


def can_copy(writer, reader):
    """Whether :func:`copy` writes what Whoosh's ``write_per_doc`` would, for merging ``reader``'s
    segment into the one ``writer`` writes: both Whoosh 3's, no vectors, columns of known types."""
    perdocwriter = writer.perdocwriter
    stored_writer = getattr(perdocwriter, "_colwriters", {}).get("_stored")
    if (type(perdocwriter) is not W3PerDocWriter or type(getattr(reader, "_perdoc", None)) is not W3PerDocReader
            or perdocwriter._indoc or perdocwriter._doccount != writer.docnum
            or not _is_stored_column(STORED_COLUMN)
            or type(stored_writer) is not PickleColumn.Writer
            or not isinstance(stored_writer._child, CompressedBytesColumn.Writer)):
        return False
    for fieldname in writer.schema.names():
        field = writer.schema[fieldname]
        if field.vector or field.column_type is not None and type(field.column_type) not in (
                VarBytesColumn, NumericColumn):
            return False
    return LENGTHS_COLUMN._typecode == "B" and type(LENGTHS_COLUMN) is NumericColumn


def copy(writer, reader):
    """Append ``reader``'s live documents to the segment ``writer`` writes, as ``write_per_doc`` does.

    :returns: Whoosh's document map: ``{old docnum: new docnum}``, or None if the segment has no
        deletions (its documents keep their order and follow the writer's).
    """
    perdoc = reader._perdoc
    perdocwriter = writer.perdocwriter
    start = writer.docnum
    old = list(reader.all_doc_ids())
    pairs = list(zip(old, range(start, start + len(old))))
    docmap = dict(pairs) if reader.has_deletions() else None
    if not pairs:
        return docmap

    _copy_stored(perdoc, perdocwriter._colwriters["_stored"]._child, pairs)
    lengths = FieldLengths(perdoc)
    schema = writer.schema
    for fieldname in sorted(schema.names()):
        raw = lengths.raw(fieldname)
        if raw is not None:
            _copy_lengths(perdocwriter, fieldname, raw, pairs)
        column = schema[fieldname].column_type
        if column is not None and perdoc.has_column(fieldname):
            _copy_column(perdoc, perdocwriter, fieldname, column, pairs)

    perdocwriter._doccount += len(pairs)
    perdocwriter._docnum = pairs[-1][1]
    writer.docnum += len(pairs)
    return docmap


def _varbytes(column):
    """A variable-bytes column's ``(data, offsets, lengths)``, its data read in one piece."""
    lengths, offsets = column._lengths, column._offsets
    size = offsets[-1] + lengths[-1] if len(lengths) else 0
    return column._dbfile.get(column._basepos, size), offsets, lengths


def _copy_stored(perdoc, target, pairs):
    # The compressed pickles as they are; a document without stored fields has none (as Whoosh writes it).
    column = perdoc._cached_reader("_stored", STORED_COLUMN)
    if column is None:  # No document of the segment has stored fields.
        return
    data, offsets, lengths = _varbytes(column._child)
    add = VarBytesColumn.Writer.add
    for docnum, newdoc in pairs:
        length = lengths[docnum]
        if length:
            offset = offsets[docnum]
            add(target, newdoc, data[offset:offset + length])


def _copy_lengths(perdocwriter, fieldname, raw, pairs):
    # Whoosh adds to the field's total the length each byte stands for (not the length first indexed),
    # and writes the byte again only for a document with a length.
    lenfield = _lenfield(fieldname)
    target = None
    total = 0
    for docnum, newdoc in pairs:
        byte = raw[docnum]
        if byte:
            if target is None:
                if not perdocwriter._has_column(lenfield):
                    perdocwriter._create_column(lenfield, LENGTHS_COLUMN)
                target = perdocwriter._get_column(lenfield)
            target.add(newdoc, byte)
            total += _DECODED[byte]
    if target is not None:
        perdocwriter._fieldlengths[fieldname] += total


def _copy_column(perdoc, perdocwriter, fieldname, column, pairs):
    # Each value goes through the column's own writer, as Whoosh's merge adds it (a numeric column
    # leaves out its default values; a bytes column keeps even the empty ones).
    if not perdocwriter._has_column(fieldname):
        perdocwriter._create_column(fieldname, column)
    target = perdocwriter._get_column(fieldname)
    source = perdoc.column_reader(fieldname, column)
    if type(column) is VarBytesColumn:
        data, offsets, lengths = _varbytes(source)
        add = target.add
        for docnum, newdoc in pairs:
            offset = offsets[docnum]
            add(newdoc, data[offset:offset + lengths[docnum]])
    else:
        width = source._fixedlen
        raw = source._dbfile.get(source._basepos, source._count * width)
        values = [v for (v,) in Struct("!" + source._typecode).iter_unpack(raw)]
        default = column.default_value()
        count = len(values)
        add = target.add
        for docnum, newdoc in pairs:
            add(newdoc, values[docnum] if docnum < count else default)
