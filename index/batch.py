"""A Whoosh writer for a batch of releases, safe when a release comes twice.

Whoosh's ``update_document`` and ``delete_by_term`` do not see documents
added by the same writer: a release written twice in one batch would be
left in the index twice. The batch commits and opens a new writer when an
id repeats, so the second write replaces the first.

:meth:`ReleaseBatch.write` also stamps each release with when its content (title, body, withdrawal)
last changed and when it first entered the index: the email alerts send what changed after their
last message, so rewriting an unchanged release (seen again, relabelled, indexed again) keeps its stamps.
"""

from datetime import datetime, timezone

from search.release import to_document
from search.schema import add_later_fields

from search.store import segmentwriter

# Memory for a writer's buffers; more makes fewer, larger segments.
WRITER_LIMIT_MB = 256
# Segments stay as separate files: a compound file is one more copy at commit, and readers that
# open one map it whole, which made each web worker's memory grow with the index.
COMPOUND = False
# The stamp of releases indexed before stamps existed: known, never new.
EPOCH = datetime(1970, 1, 1)


class ReleaseBatch:
    """Writes documents keyed by release id into one index; commit or cancel at the end."""

    def __init__(self, ix, limitmb=WRITER_LIMIT_MB):
        self.ix = ix
        self.limitmb = limitmb
        self._writer = None
        self._pending = set()
        self._searcher = None
        # Documents committed so far (a repeated id commits mid-batch).
        self.committed = 0

    def open(self):
        """Open the writer now, so a folder that cannot be written fails before any reading."""
        if self._writer is None:
            self._writer = segmentwriter.writer(self.ix, limitmb=self.limitmb, compound=COMPOUND)
        return self._writer

    def writer_for(self, release_id):
        """The writer to write ``release_id`` with, committed first if that id is already in this batch."""
        if self._writer is not None and release_id in self._pending:
            self.commit()
        writer = self.open()
        self._pending.add(release_id)
        return writer

    def write(self, release):
        """Write a release over any with its id, stamped with ``indexed_at`` and ``first_indexed``."""
        writer = self.writer_for(release.id)
        # An index made before the stamps gets their fields; its older releases read as EPOCH.
        add_later_fields(writer)
        writer.update_document(**to_document(release), **self._stamps(release))

    def _stamps(self, release):
        # UTC without a zone: Whoosh's DATETIME fields take naive datetimes. Written one at a
        # time under the index lock, stamps grow with each commit (see alerts.digest).
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        if self._searcher is None:
            self._searcher = self.ix.searcher()
        previous = self._searcher.document(id=release.id)
        if previous is None:
            return {"indexed_at": now, "first_indexed": now}
        first = previous.get("first_indexed") or EPOCH
        same = ((previous.get("title", ""), previous.get("body", ""), bool(previous.get("withdrawn")))
                == (release.title, release.body, bool(release.withdrawn)))
        return {"indexed_at": (previous.get("indexed_at") or EPOCH) if same else now, "first_indexed": first}

    def commit(self):
        if self._writer is not None:
            self._writer.commit()
            self.committed += len(self._pending)
        self._reset()

    def cancel(self):
        if self._writer is not None:
            self._writer.cancel()
        self._reset()

    def _reset(self):
        self._writer = None
        self._pending.clear()
        # The next stamps are read from what was just committed.
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
