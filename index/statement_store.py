"""Writing statements into the statements index, beside the releases they come from.

Whoever writes a release writes its statements too (:func:`index.writer.build_index`, the site
updater): a re-indexed release's statements replace the ones it had, so the two indexes hold the
same releases. The statements writer works here, or in a process of its own
(:mod:`index.statement_process`) so a big build writes and commits both indexes at once.
"""

import pickle
from itertools import repeat

from search.statements import to_document
from search.store.writer import Writer

from .extract import default_registry
from .statements import extract_statements

# Memory for the statements writer's buffers.
WRITER_LIMIT_MB = 128


class Statements:
    """What both statements writers share: the statements of a release are extracted, unless given,
    where the release is written (so extraction errors reach the caller at once)."""

    def __init__(self, registry=None, taxonomy=None):
        self._registry = registry
        self.taxonomy = taxonomy

    @property
    def registry(self):
        # Loaded when first needed: a writer only ever given statements never reads it.
        if self._registry is None:
            self._registry = default_registry()
        return self._registry

    def replace(self, release, statements=None, new=False, ahead=None):
        """Write the statements of ``release`` (extracted here unless given) in place of any it had;
        returns how many.

        :param new: the index holds no statements of ``release``: they are only added.
        :param ahead: with ``statements``, the analysis of each one's text fields made beforehand
            (or that list pickled, as it came from an extraction worker).

        Raises what extraction raises, having written nothing for the release.
        """
        if statements is None:
            statements, ahead = extract_statements(release, self.registry, self.taxonomy), None
        self.write(release.id, statements, new, ahead)
        return len(statements)

    def commit(self):
        """Commit the batch now; returns what :meth:`end_commit` returns."""
        self.begin_commit()
        return self.end_commit()


class StatementWriter(Statements):
    """The statements index of a release index, open for writing one batch of releases.

    Commit or cancel it together with the releases' writer.
    """

    def __init__(self, index_dir, fresh=False, registry=None, taxonomy=None, limitmb=WRITER_LIMIT_MB):
        """:param fresh: start from an empty statements index, as the releases' ``fresh`` does."""
        super().__init__(registry, taxonomy)
        self.writer = Writer.statements(index_dir, fresh=fresh, limitmb=limitmb)

    def write(self, release_id, statements, new=False, ahead=None):
        """Write the given statements of ``release_id`` (see :meth:`replace`)."""
        if isinstance(ahead, bytes):
            ahead = pickle.loads(ahead)
        documents = [to_document(s) for s in statements]
        if new:
            for document, analysed in zip(documents, ahead or repeat(None)):
                self.writer.add(document, analysed)
        else:
            self.writer.replace_group("release_id", release_id, documents, ahead)

    def delete(self, release_id):
        """Delete the committed statements of ``release_id`` (before extracting its new ones)."""
        self.writer.delete(release_id, "release_id")

    def open(self):
        """Take the statements index's write lock now."""
        self.writer.open()

    def empty(self):
        """Whether the statements index's last commit holds no statement."""
        return self.writer.empty()

    @property
    def full(self):
        """Whether the writer's buffers are nearly full (commit soon)."""
        return self.writer.full

    def begin_commit(self):
        """Start committing the batch (here nothing happens until :meth:`end_commit`)."""

    def end_commit(self):
        """Commit the batch; returns the releases whose statements could not be written, as
        ``[(release id, reason)]`` (none here: this writer raises at once)."""
        self.writer.commit()
        return []

    def cancel(self):
        self.writer.cancel()
