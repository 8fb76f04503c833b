"""The write protocol: ``replace``, ``delete``, ``commit``, ``cancel``, over one Whoosh writer at a time.

A writer is opened on the first change and holds the index's write lock until ``commit`` or
``cancel``; documents are keyed by their ``id``. The write side (:mod:`index.batch`) still drives a
Whoosh writer itself today; this class is the shape it is to write through.
"""

from .schema import (
    add_later_fields,
    create_empty,
    create_statements,
    open_or_create,
    open_or_create_statements,
)

# Memory for a writer's buffers; more makes fewer, larger segments.
WRITER_LIMIT_MB = 256


class Writer:
    """Changes to one index, kept until :meth:`commit` (or dropped by :meth:`cancel`)."""

    def __init__(self, ix, limitmb=WRITER_LIMIT_MB):
        self._ix = ix
        self.limitmb = limitmb
        self._writer = None
        self._searcher = None

    @classmethod
    def releases(cls, index_dir, fresh=False, limitmb=WRITER_LIMIT_MB):
        """A writer of the release index in ``index_dir``, created if missing (emptied first if ``fresh``)."""
        return cls(create_empty(index_dir) if fresh else open_or_create(index_dir), limitmb)

    @classmethod
    def statements(cls, index_dir, fresh=False, limitmb=WRITER_LIMIT_MB):
        """A writer of the statements index beside the releases of ``index_dir``."""
        return cls(create_statements(index_dir) if fresh else open_or_create_statements(index_dir), limitmb)

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
        """The stored fields of the committed document ``key``, or None (what a replace would overwrite).

        Read from the last commit: a document replaced since is seen as it was.
        """
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        return self._searcher.document(id=key)

    def commit(self):
        """Make the changes visible to readers, and let the lock go."""
        if self._writer is not None:
            self._writer.commit()
        self._reset()

    def cancel(self):
        """Leave the index as it was before the first change, and let the lock go."""
        if self._writer is not None:
            self._writer.cancel()
        self._reset()

    def _reset(self):
        self._writer = None
        # The next reads see what was just committed.
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None

    @property
    def pending(self):
        """Whether changes wait for a commit."""
        return self._writer is not None
