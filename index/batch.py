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

    def writer_for(self, release_id):
        """The writer to write ``release_id`` with, committed first if that id is already in this batch."""
        if self._writer is not None and release_id in self._pending:
            self.commit()
        if self._writer is None:
            self._writer = self.ix.writer(limitmb=self.limitmb)
        self._pending.add(release_id)
        return self._writer

    def commit(self):
        if self._writer is not None:
            self._writer.commit()
        self._writer = None
        self._pending.clear()

    def cancel(self):
        if self._writer is not None:
            self._writer.cancel()
        self._writer = None
        self._pending.clear()
