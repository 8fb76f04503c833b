"""Whoosh's segment writer, made cheaper per document and at commit; it writes the same index.

Four costs of Whoosh's own ``SegmentWriter`` are cut here:

- Analysis: a release's title and body are each indexed by three fields, whose analyzers Whoosh runs one
  by one; :mod:`search.store.textfields` tokenizes each text once and derives the three fields' terms.
- The pool: every posting was a tuple in a pool sorted at commit; :mod:`search.store.postings` keeps one
  list per field and term, already in document order, and writes its blocks from whole lists.
- Field lengths: Whoosh's flush asks the new segment's per-document reader for a document's field length
  at every posting (a column lookup and a byte decoding each time); :class:`FieldLengths` decodes each
  field's column once.
- Merges: a segment merged into the new one had its stored fields unpickled, pickled and compressed
  again, document by document; :mod:`search.store.perdoc` copies its per-document data as bytes.

What is written is what Whoosh writes (``tests/test_writer.py`` checks the postings and statistics
against Whoosh's own writer); only what is compressed differs in its bytes, the posting blocks (see
:mod:`search.store.postings`) and the stored fields, which Whoosh decompresses the same. So the index
stays a plain Whoosh index any Whoosh searcher reads. When the
postings outgrow the writer's memory limit they go to Whoosh's pool, which sorts them on disk, and
that commit is Whoosh's (with the faster lengths). This module, with :mod:`search.store.postings` and
:mod:`search.store.perdoc` that write for it, is the only part of the store that knows Whoosh's writer
internals (``add_document``, ``_flush_segment``, ``write_per_doc``, the pool, the per-document columns).
"""

from datetime import datetime

from isal import isal_zlib
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocWriter, _lenfield
from whoosh.columns import CompressedBytesColumn
from whoosh.fields import DATETIME, NUMERIC, TEXT, UnknownFieldError
from whoosh.system import emptybytes, pack_byte
from whoosh.util.numeric import length_to_byte
from whoosh.util.text import utf8encode
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from . import perdoc as perdoc_io
from . import postings as postings_io
from .perdoc import FieldLengths
from .textfields import AHEAD, Memo, TextFields


def _stored_fields_compressed_faster(perdocwriter):
    """Have Whoosh's per-document writer compress each document's stored fields as the postings are
    (ISA-L's deflate at level 1, :data:`search.store.postings.COMPRESS_LEVEL`), not with zlib at level 3:
    the streams are zlib's, which Whoosh's reader decompresses as before."""
    stored = getattr(perdocwriter, "_colwriters", {}).get("_stored")
    compressed = getattr(stored, "_child", None)
    if type(compressed) is CompressedBytesColumn.Writer:
        compressed._compress, compressed._level = isal_zlib.compress, postings_io.COMPRESS_LEVEL


def _terms(field, value, fieldboost):
    """``(postings, length)`` of a value of ``field`` as Whoosh's writer indexes it."""
    items = []
    length = 0
    scorable = field.scorable
    for tbytes, freq, weight, vbytes in field.index(value):
        if scorable:
            length += freq
        items.append((tbytes, weight * fieldboost, emptybytes if vbytes is None else vbytes))
    return items, length


def _numeric_terms(field, value, fieldboost):
    """:func:`_terms` of a number or date in ``NUMERIC`` or ``DATETIME`` ``field``: Whoosh converts the
    value again for each of its shifted terms (eight for a date); here once, the others shifted from it."""
    whole = field.to_bytes(value)
    number = field._struct.unpack(whole[1:])[0]
    pack = field._struct.pack
    terms = [whole] + [pack_byte(shift) + pack(number >> shift)
                       for shift in range(field.shift_step, field.bits, field.shift_step)]
    weight = 1.0 * fieldboost
    return [(term, weight, emptybytes) for term in terms], len(terms) if field.scorable else 0


class _Plan:
    """What ``add_document`` asks of a field at every document, asked once."""

    __slots__ = ("field", "indexed", "scorable", "stored", "column", "spelling", "vector", "repeats", "numeric",
                 "lengths")

    def __init__(self, fieldname, field):
        self.field = field
        # The column of the field's lengths in Whoosh 3's per-document files.
        self.lengths = _lenfield(fieldname)
        self.indexed, self.scorable, self.stored = field.indexed, field.scorable, field.stored
        self.column = field.column_type
        self.spelling = field.separate_spelling()
        self.vector = field.vector
        self.repeats = not field.unique and not isinstance(field, TEXT)
        # A shifted number or date, written by _numeric_terms (a value of another type goes to Whoosh).
        self.numeric = type(field) in (NUMERIC, DATETIME) and bool(field.shift_step)


class _Values(Memo):
    """``(fieldname, value, boost)`` → :func:`_terms`, made once, for the fields whose values repeat
    (see :func:`_repeats`): a release's statements share its date, keywords and sources recur across
    releases, and Whoosh runs a field's analyzer on each value."""

    # Unique values (when a release was indexed) come too: the memo stays small.
    limit = 10_000

    def __init__(self, plan):
        super().__init__()
        self._plan = plan

    def make(self, key):
        fieldname, value, fieldboost = key
        return _field_terms(self._plan(fieldname), value, fieldboost)


def _field_terms(plan, value, fieldboost):
    """:func:`_terms` of a value of a field not analysed by :mod:`search.store.textfields`."""
    if plan.numeric and not isinstance(value, (list, tuple, bytes)):
        return _numeric_terms(plan.field, value, fieldboost)
    return _terms(plan.field, value, fieldboost)


_SIMPLE = frozenset((str, int, float, bool, datetime))


def _repeats(plan, value):
    """Whether a value of a field is worth remembering: not a text (long, seldom twice), nor a
    unique key, and hashable."""
    return plan.repeats and type(value) in _SIMPLE


class BulkSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` that analyses each text once and keeps its postings per term until the flush."""

    def __init__(self, ix, **options):
        super().__init__(ix, **options)
        self._texts = TextFields()
        self._buffer = postings_io.PostingsBuffer()
        # Segments merged into this one whose postings are read at the flush: (reader, first docnum, docmap).
        self._sources = []
        self._plans = {}
        self._values = _Values(self._plan)
        _stored_fields_compressed_faster(self.perdocwriter)
        # Whoosh 3's per-document writer: its column writers are called directly, not through two
        # lookups and a name made for each value.
        self._columns = self.perdocwriter._colwriters if type(self.perdocwriter) is W3PerDocWriter else None

    def _column(self, name, column):
        """The per-document writer's writer of column ``name``, made on first use."""
        writer = self._columns.get(name)
        if writer is None:
            self.perdocwriter._create_column(name, column)
            writer = self._columns[name]
        return writer

    def _plan(self, fieldname):
        plan = self._plans.get(fieldname)
        if plan is None:
            if fieldname not in self.schema:
                raise UnknownFieldError("No field named %r in %s" % (fieldname, self.schema))
            plan = self._plans[fieldname] = _Plan(fieldname, self.schema[fieldname])
        return plan

    def add_document(self, **fields):
        # SegmentWriter.add_document, with the text fields analysed together, the postings kept in the
        # buffer (added only once the whole document went through), and what each field is asked once
        # per writer (its plan).
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        plans = list(map(self._plan, fieldnames))
        # Boosts ("_boost", "_<field>_boost") and stored values ("_stored_<field>") come as keys that
        # start with "_": without any but the analysis, every boost is 1 and every value stored as it is.
        special = any(name.startswith("_") and name != AHEAD for name in fields)
        docboost = self._doc_boost(fields) if special else 1.0
        present = [(name, plan) for name, plan in zip(fieldnames, plans) if fields[name] is not None]
        analysed = self._texts.analyse(schema, fields, [name for name, _ in present], fields.get(AHEAD))
        document = []
        spellings = []

        perdocwriter.start_doc(docnum)
        columns = self._columns
        stored = perdocwriter._storedfields if columns is not None else None
        try:
            for fieldname, plan in present:
                value = fields[fieldname]
                field = plan.field
                length = 0
                if plan.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost) if special else 1.0
                    done = analysed.get(fieldname) if fieldboost == 1.0 else None
                    if done is not None:
                        items, count = done
                        if plan.scorable:
                            length = count
                    elif _repeats(plan, value):
                        items, length = self._values[fieldname, value, fieldboost]
                    else:
                        items, length = _field_terms(plan, value, fieldboost)
                    document.append((fieldname, items))

                if plan.spelling:
                    spellfield = field.spelling_fieldname(fieldname)
                    for word in field.spellable_words(value):
                        spellings.append((spellfield, utf8encode(word)[0]))

                vformat = plan.vector
                if vformat:
                    vitems = vformat.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)

                customval = fields.get("_stored_%s" % fieldname, value) if special else value
                if columns is None:
                    perdocwriter.add_field(fieldname, field, customval if plan.stored else None, length)
                    if plan.column and customval is not None:
                        perdocwriter.add_column_value(fieldname, plan.column, field.to_column_value(customval))
                    continue
                # W3PerDocWriter.add_field and add_column_value.
                if plan.stored and customval is not None:
                    stored[fieldname] = customval
                if length:
                    self._column(plan.lengths, LENGTHS_COLUMN).add(docnum, length_to_byte(length))
                    perdocwriter._fieldlengths[fieldname] += length
                if plan.column and customval is not None:
                    self._column(fieldname, plan.column).add(docnum, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise

        perdocwriter.finish_doc()
        buffer = self._buffer
        for fieldname, items in document:
            buffer.add(fieldname, docnum, items)
        for spellfield, word in spellings:
            # Whoosh files spelling words under document 0, with the last value seen.
            buffer.add_one(spellfield, word, 0, 1, emptybytes)
        self._added = True
        self.docnum += 1
        self._check_size()

    def merge_segment(self, segment):
        """Merge ``segment`` into the one being written (what a merge policy's ``add_reader`` does).

        Its stored fields, columns and lengths are copied now (:meth:`write_per_doc`); its postings wait for the flush,
        which reads them block by block beside the buffer's, term by term, instead of one by one
        through Whoosh's pool (the most of a build's time, with merges at every commit).
        """
        reader = SegmentReader(self.storage, self.schema, segment)
        if self.pool.runs or self.pool.current or self._buffer.unordered or not postings_io.can_write(
                self.fieldwriter) or not postings_io.can_read(reader):
            self.add_reader(reader)
            reader.close()
            return
        self._check_state()
        start = self.docnum
        docmap = self.write_per_doc(set(self.schema.names()), reader)
        self._sources.append((reader, start, docmap))
        self._added = True

    def write_per_doc(self, fieldnames, reader):
        # A merged segment's stored fields, columns and lengths, copied as bytes where Whoosh's would
        # unpickle, pickle and compress each document again (:mod:`search.store.perdoc`).
        if set(fieldnames) == set(self.schema.names()) and perdoc_io.can_copy(self, reader):
            return perdoc_io.copy(self, reader)
        return super().write_per_doc(fieldnames, reader)

    def add_postings_to_pool(self, reader, startdoc, docmap):
        # A merged segment's postings (in field, term and document order) join the buffer.
        add = self._buffer.add_one
        for fieldname, btext, docnum, weight, value in self._process_posts(reader.iter_postings(), startdoc, docmap):
            add(fieldname, btext, docnum, weight, emptybytes if value is None else value)
        self._check_size()

    @property
    def full(self):
        """Whether the buffer holds most of what the memory limit allows: committing now keeps the
        postings out of Whoosh's pool, which sorts them on disk and writes them one by one."""
        return self._buffer.size * 4 > self.pool.limit * 3

    def _check_size(self):
        if self._buffer.size > self.pool.limit:
            self._spill()

    def _spill(self):
        """Hand the buffer to Whoosh's pool, which sorts it to disk; the flush then merges it Whoosh's way."""
        self._to_pool()
        self.pool.save()

    def _to_pool(self):
        # Already sorted: one run of the pool, whatever its size (the buffer is what the limit measures).
        self.pool.current.extend(self._buffer.sorted_postings())
        self.pool.fieldnames.update(self._buffer.fields)
        self._buffer.clear()

    def _flush_segment(self):
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = FieldLengths(perdoc) if perdoc is not None else None
        pool = self.pool
        if pool.runs or pool.current or not postings_io.can_write(self.fieldwriter):
            # A segment merged later the slow way may have spilled the buffer after others were taken as
            # sources: their postings join the pool too, after the buffer's documents, as Whoosh's would.
            for reader, start, docmap in self._sources:
                self.add_postings_to_pool(reader, start, docmap)
            self._to_pool()
            self.fieldwriter.add_postings(self.schema, lengths, pool.iter_postings())
        else:
            postings_io.write(self.fieldwriter, self.schema, self._buffer, lengths, self._sources)
            self._buffer.clear()
        self._close_sources()
        self.fieldwriter.close()
        if perdoc is not None:
            perdoc.close()

    def _close_sources(self):
        for reader, _, _ in self._sources:
            reader.close()
        self._sources = []

    def _close_segment(self):
        self._close_sources()
        super()._close_segment()

    def _partial_segment(self):
        # A multiprocessing parent reads a sub-writer's postings from its pool: put them there.
        self._to_pool()
        return super()._partial_segment()


def writer(ix, **options):
    """A writer on ``ix`` (options as ``ix.writer()`` takes them), cheaper per document and at commit."""
    return BulkSegmentWriter(ix, **options)
