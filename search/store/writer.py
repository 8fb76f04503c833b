"""The write protocol: ``replace``, ``delete``, ``commit``, ``cancel``, over one Whoosh writer at a time.

A writer is opened on the first change and holds the index's write lock until ``commit`` or
``cancel``; documents are keyed by their ``id`` (a statement's group by its ``release_id``). It is the
only way the write side (:mod:`index.commits`) changes or reads an index: it never sees a Whoosh object.

Whoosh's ``update_document`` and ``delete_by_term`` do not see documents added by the same writer: a key
written twice in one batch would be left in the index twice. So a key that comes again commits first,
and the second write replaces the first.
"""

from itertools import repeat

from whoosh.reading import SegmentReader

from . import segmentwriter
from .textfields import AHEAD
from .schema import (
    add_later_fields,
    create_empty,
    create_statements,
    open_or_create,
    open_or_create_statements,
)

# Memory for a writer's buffers; more makes fewer, larger segments.
WRITER_LIMIT_MB = 256
# Segments stay as separate files: a compound file is one more copy at commit, and readers that
# open one map it whole, which made each web worker's memory grow with the index.
COMPOUND = False
# Segments of one size class (live documents with the same number of digits) are merged into the new
# one once this many would be there. Whoosh's own policy merges the small segments at nearly every
# commit, so a build that commits every 1,000 releases rewrote each posting many times (half its time
# at 20,000 releases); here a document is merged about once each time the index grows tenfold, and an
# index holds fewer than this many segments of each size.
MERGE_FACTOR = 10


def merge_by_size(writer, segments):
    """A Whoosh merge policy (``commit(mergetype=…)``): the segments of a full size class, and the
    segments more than half deleted, are merged into the segment ``writer`` writes; returns the rest."""
    classes = {}
    for segment in segments:
        classes.setdefault(len(str(segment.doc_count())), []).append(segment)
    merged = [s for s in segments if s.deleted_count() * 2 > s.doc_count_all()]
    for size in sorted(classes):
        if len(classes[size]) >= MERGE_FACTOR - 1:
            merged += [s for s in classes[size] if s not in merged]
    for segment in merged:
        if hasattr(writer, "merge_segment"):  # The bulk writer's faster merge.
            writer.merge_segment(segment)
        else:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [s for s in segments if s not in merged]


def _with_ahead(document, ahead):
    return document if ahead is None else {**document, AHEAD: ahead}


class Writer:
    """Changes to one index, kept until :meth:`commit` (or dropped by :meth:`cancel`).

    :param later_fields: add to an older release index the fields it was made without, on its first
        write (not for the statements index, whose schema has none of them).
    """

    def __init__(self, ix, limitmb=WRITER_LIMIT_MB, later_fields=True):
        self._ix = ix
        self.limitmb = limitmb
        self.later_fields = later_fields
        self._writer = None
        self._searcher = None
        # Keys written since the last commit (see the module's docstring).
        self._keys = set()

    @classmethod
    def releases(cls, index_dir, fresh=False, limitmb=WRITER_LIMIT_MB):
        """A writer of the release index in ``index_dir``, created if missing (emptied first if ``fresh``)."""
        return cls(create_empty(index_dir) if fresh else open_or_create(index_dir), limitmb)

    @classmethod
    def statements(cls, index_dir, fresh=False, limitmb=WRITER_LIMIT_MB):
        """A writer of the statements index beside the releases of ``index_dir``."""
        return cls(create_statements(index_dir) if fresh else open_or_create_statements(index_dir), limitmb,
                   later_fields=False)

    def _open(self):
        if self._writer is None:
            # The faster flush of segmentwriter, writing the same index as Whoosh's own writer.
            self._writer = segmentwriter.writer(self._ix, limitmb=self.limitmb, compound=COMPOUND)
            if self.later_fields:
                # An index made before the alerts' stamps gets their fields on its first write.
                add_later_fields(self._writer)
        return self._writer

    def open(self):
        """Take the write lock now, so a folder that cannot be written fails before any reading."""
        self._open()

    def _writing(self, key):
        """The open writer to write ``key`` with, committed first if ``key`` was written since the last commit."""
        if key in self._keys:
            self.commit()
        self._keys.add(key)
        return self._open()

    def replace(self, document, over=None, ahead=None):
        """Write ``document`` (the field values of one) over any earlier one with its ``id``.

        :param over: called as ``over(previous)`` with the stored fields of the committed document
            being overwritten (None if there is none); the fields it returns are written too.
        :param ahead: see :meth:`add`.
        """
        writer = self._writing(document["id"])
        if over is not None:
            document = {**document, **over(self.stored(document["id"]))}
        writer.update_document(**_with_ahead(document, ahead))

    def replace_group(self, fieldname, key, documents, aheads=None):
        """Write ``documents`` in place of every document whose ``fieldname`` is ``key`` (a release's statements).

        :param aheads: for each document, what :meth:`add` takes as ``ahead``.
        """
        writer = self._writing(key)
        writer.delete_by_term(fieldname, key)
        for document, ahead in zip(documents, aheads or repeat(None)):
            writer.add_document(**_with_ahead(document, ahead))

    def add(self, document, ahead=None):
        """Write ``document`` as new (the caller knows no earlier one has its ``id``).

        :param ahead: what :meth:`search.store.textfields.TextFields.ahead` made of the same text
            values (in an extraction worker), or None: the fields it analysed as this index does are
            not analysed again.
        """
        self._open().add_document(**_with_ahead(document, ahead))

    def delete(self, key, fieldname="id"):
        """Delete the committed documents whose ``fieldname`` is ``key``."""
        self._open().delete_by_term(fieldname, key)

    def stored(self, key):
        """The stored fields of the committed document ``key``, or None (what a replace would overwrite).

        Read from the last commit: a document replaced since is seen as it was.
        """
        return self._reading().document(id=key)

    def keys(self):
        """The ``id`` of every committed document, in the index's order (what a reindex goes through)."""
        return [fields["id"] for fields in self._reading().reader().all_stored_fields()]

    def _reading(self):
        # Renewed at each commit: a commit may merge away the segments an older searcher reads.
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        return self._searcher

    def commit(self):
        """Make the changes visible to readers, and let the lock go."""
        if self._writer is not None:
            self._writer.commit(mergetype=merge_by_size)
        self._reset()

    def cancel(self):
        """Leave the index as it was before the first change, and let the lock go."""
        if self._writer is not None:
            self._writer.cancel()
        self._reset()

    def _reset(self):
        self._writer = None
        self._keys.clear()
        # The next reads see what was just committed.
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None

    def count(self):
        """How many documents the last commit holds."""
        return self._ix.doc_count()

    def empty(self):
        """Whether the last commit holds no document at all."""
        return self._ix.is_empty()

    def generation(self):
        """The number of the index's last commit on disk; every commit makes a new one."""
        return self._ix.latest_generation()

    @property
    def full(self):
        """Whether the open writer's buffers are nearly at their memory limit (commit soon)."""
        return bool(getattr(self._writer, "full", False))

    @property
    def pending(self):
        """Whether changes wait for a commit."""
        return self._writer is not None
