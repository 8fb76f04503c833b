"""Writing statements into the statements index, beside the releases they come from.

Whoever writes a release writes its statements too (:func:`index.writer.build_index`, the site
updater): a re-indexed release's statements replace the ones it had, so the two indexes hold the
same releases.
"""

from search.statements import to_document
from search.store.writer import Writer

from .extract import default_registry
from .statements import extract_statements

# Memory for the statements writer's buffers.
WRITER_LIMIT_MB = 128


class StatementWriter:
    """The statements index of a release index, open for writing one batch of releases.

    Commit or cancel it together with the releases' writer.
    """

    def __init__(self, index_dir, fresh=False, registry=None, taxonomy=None, limitmb=WRITER_LIMIT_MB):
        """:param fresh: start from an empty statements index, as the releases' ``fresh`` does."""
        self.writer = Writer.statements(index_dir, fresh=fresh, limitmb=limitmb)
        self.registry = registry if registry is not None else default_registry()
        self.taxonomy = taxonomy
        self.written = 0

    def replace(self, release, statements=None, new=False, ahead=None):
        """Write the statements of ``release`` (extracted here unless given) in place of any it had;
        returns how many.

        :param new: the index holds no statements of ``release``: they are only added.
        :param ahead: with ``statements``, the analysis of each one's text fields made beforehand.

        Raises what extraction raises, having written nothing for the release.
        """
        if statements is None:
            statements, ahead = extract_statements(release, self.registry, self.taxonomy), None
        documents = [to_document(s) for s in statements]
        if new:
            for document, analysed in zip(documents, ahead or [None] * len(documents)):
                self.writer.add(document, analysed)
        else:
            self.writer.replace_group("release_id", release.id, documents, ahead)
        self.written += len(statements)
        return len(statements)

    def delete(self, release_id):
        """Delete the committed statements of ``release_id`` (before extracting its new ones)."""
        self.writer.delete(release_id, "release_id")

    def open(self):
        """Take the statements index's write lock now."""
        self.writer.open()

    def commit(self):
        self.writer.commit()

    def cancel(self):
        self.writer.cancel()
