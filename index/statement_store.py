"""Writing statements into the statements index, beside the releases they come from.

Whoever writes a release writes its statements too (:func:`index.writer.build_index`, the site
updater): a re-indexed release's statements replace the ones it had, so the two indexes hold the
same releases.
"""

from search.statements import create_statements, open_or_create_statements, to_document

from .batch import ReleaseBatch
from .extract import default_registry
from .statements import extract_statements

# Memory for the statements writer's buffers.
WRITER_LIMIT_MB = 128


class StatementWriter:
    """The statements index of a release index, open for writing one batch of releases.

    Commit or cancel it together with the releases' writer.
    """

    def __init__(self, index_dir, fresh=False, registry=None, taxonomy=None):
        """:param fresh: start from an empty statements index, as the releases' ``fresh`` does."""
        self.ix = create_statements(index_dir) if fresh else open_or_create_statements(index_dir)
        self.registry = registry if registry is not None else default_registry()
        self.taxonomy = taxonomy
        self.batch = ReleaseBatch(self.ix, WRITER_LIMIT_MB)
        self.written = 0

    def replace(self, release, statements=None):
        """Write the statements of ``release`` (extracted here unless given) in place of any it had;
        returns how many.

        Raises what extraction raises, having written nothing for the release.
        """
        if statements is None:
            statements = extract_statements(release, self.registry, self.taxonomy)
        writer = self.batch.writer_for(release.id)
        writer.delete_by_term("release_id", release.id)
        for statement in statements:
            writer.add_document(**to_document(statement))
        self.written += len(statements)
        return len(statements)

    def commit(self):
        self.batch.commit()

    def cancel(self):
        self.batch.cancel()
