"""The write protocol: ``replace``, ``delete``, ``commit``, ``cancel``, over one Whoosh writer at a time.

A writer is opened on the first change and holds the index's write lock until ``commit`` or
``cancel``; documents are keyed by their ``id``. The write side (:mod:`index.batch`) still drives a
Whoosh writer itself today; this class is the shape it is to write through.
"""

from .schema import add_later_fields

# Memory for a writer's buffers; more makes fewer, larger segments.
WRITER_LIMIT_MB = 256


class Writer:
    """Changes to one index, kept until :meth:`commit` (or dropped by :meth:`cancel`)."""

    def __init__(self, ix, limitmb=WRITER_LIMIT_MB):
        self._ix = ix
        self.limitmb = limitmb
        self._writer = None

    def _open(self):
        if self._writer is None:
            self._writer = self._ix.writer(limitmb=self.limitmb)
            # An index made before the alerts' stamps gets their fields on its first write.
            add_later_fields(self._writer)
        return self._writer

    def open(self):
        """Take the write lock now, so a folder that cannot be written fails before any reading."""
        self._open()

    def replace(self, document):
        """Write ``document`` (the field values of one) over any earlier one with its ``id``."""
        self._open().update_document(**document)

    def add(self, document):
        """Write ``document`` as new (the caller knows no earlier one has its ``id``)."""
        self._open().add_document(**document)

    def delete(self, key, fieldname="id"):
        """Delete the documents whose ``fieldname`` is ``key``."""
        self._open().delete_by_term(fieldname, key)

    def stored(self, key):
        """The stored fields of the committed document ``key``, or None (what a replace would overwrite)."""
        with self._ix.searcher() as searcher:
            return searcher.document(id=key)

    def commit(self):
        """Make the changes visible to readers, and let the lock go."""
        if self._writer is not None:
            self._writer.commit()
        self._writer = None

    def cancel(self):
        """Leave the index as it was before the first change, and let the lock go."""
        if self._writer is not None:
            self._writer.cancel()
        self._writer = None

    @property
    def pending(self):
        """Whether changes wait for a commit."""
        return self._writer is not None
