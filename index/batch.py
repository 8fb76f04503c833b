"""A Whoosh writer for a batch of releases, safe when a release comes twice.

Whoosh's ``update_document`` and ``delete_by_term`` do not see documents
added by the same writer: a release written twice in one batch would be
left in the index twice. The batch commits and opens a new writer when an
id repeats, so the second write replaces the first.
"""

# Memory for a writer's buffers; more makes fewer, larger segments.
WRITER_LIMIT_MB = 256


class ReleaseBatch:
    """Writes documents keyed by release id into one index; commit or cancel at the end."""

    def __init__(self, ix, limitmb=WRITER_LIMIT_MB):
        self.ix = ix
        self.limitmb = limitmb
        self._writer = None
        self._pending = set()
        # Documents committed so far (a repeated id commits mid-batch).
        self.committed = 0

    def open(self):
        """Open the writer now, so a folder that cannot be written fails before any reading."""
        if self._writer is None:
            self._writer = self.ix.writer(limitmb=self.limitmb)
        return self._writer

    def writer_for(self, release_id):
        """The writer to write ``release_id`` with, committed first if that id is already in this batch."""
        if self._writer is not None and release_id in self._pending:
            self.commit()
        writer = self.open()
        self._pending.add(release_id)
        return writer

    def commit(self):
        if self._writer is not None:
            self._writer.commit()
            self.committed += len(self._pending)
        self._writer = None
        self._pending.clear()

    def cancel(self):
        if self._writer is not None:
            self._writer.cancel()
        self._writer = None
        self._pending.clear()
