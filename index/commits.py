"""Releases and their statements, committed together every so many releases.

Two Whoosh indexes cannot commit in one step, so the ids of a batch are noted
in the journal first, then the releases and the statements are committed (one
after the other, or at once when the statements are written in a process of
their own), then the note is cleared. A run killed anywhere in between leaves the note; the
next writer to open the folder re-extracts those releases' statements from the
releases as the index holds them, so the two indexes always agree, and a kill
loses at most the batch in progress.

Committing every :data:`COMMIT_RELEASES` releases (or :data:`COMMIT_MB` of text)
also bounds what a writer holds in memory, on a big archive as on one huge file.
"""

from pathlib import Path

from search.release import from_stored
from search.store.writer import Writer

from .journal import Journal
from .stamps import write_new_release, write_release
from .statement_process import StatementProcess
from .statement_store import StatementWriter

# Releases written between two commits: a crash loses at most these.
COMMIT_RELEASES = 1000
# Or this much text (title and body), whichever comes first, so long releases commit sooner.
COMMIT_MB = 16
# Memory for each writer's posting buffers (as the buffer estimates it); a buffer three quarters full
# commits the batch early. Every commit writes the vocabulary of its batch again, and its segment is
# merged again later: on the real archive, whose statements filled a 32 MB buffer every ~35 releases,
# commits took two thirds of the build (1,000 releases: 20 commits and 117 s of CPU; with these, 4 and
# 64 s). With the batch above, the whole archive peaked at about 440 MB resident with both writers in
# one process; written apart, each process holds its own.
RELEASES_WRITER_MB, STATEMENTS_WRITER_MB = 128, 128


class BatchedIndex:
    """The releases and statements indexes of one folder, open for writing; commit or cancel at the end.

    :param fresh: start both indexes empty (and forget which files were indexed).
    """

    def __init__(self, index_dir, fresh=False, taxonomy=None, commit_releases=COMMIT_RELEASES,
                 commit_mb=COMMIT_MB, apart=False):
        """:param apart: write the statements in a process of their own (:mod:`index.statement_process`),
            for a build big enough to pay for starting it."""
        self.index_dir = Path(index_dir)
        self.taxonomy = taxonomy
        self.commit_releases, self.commit_bytes = commit_releases, commit_mb * 1_000_000
        self.journal = None
        self.releases = self.statements = None
        try:
            # The statements first: a process started later would hold a copy of the releases' lock.
            statements = StatementProcess if apart else StatementWriter
            self.statements = statements(index_dir, fresh=fresh, taxonomy=taxonomy, limitmb=STATEMENTS_WRITER_MB)
            self.statements.open()
            self.releases = Writer.releases(index_dir, fresh=fresh, limitmb=RELEASES_WRITER_MB)
            self.releases.open()
            self.journal = Journal(index_dir)
            if fresh:
                self.journal.forget_files()
            # Releases whose statements the statements process could not write, with why, for the run's report.
            self.failures = []
            self.repaired = self._repair()
        except BaseException:
            self.cancel()
            raise
        self._ids = set()
        # In a fresh build (or into empty indexes), every id written by this run: one not among them is in neither index, so it
        # is added without looking for an earlier version (a lookup in every segment, twice per release).
        self._fresh = fresh or (self.releases.empty() and self.statements.empty())
        self._written = set()
        self._bytes = 0
        self._files = []
        self.fingerprint = ""
        # Releases committed in both indexes by this run, and commits made.
        self.committed = self.commits = 0

    def stored(self, release_id):
        """The release ``release_id`` as last committed, or None."""
        fields = self.releases.stored(release_id)
        return from_stored(fields) if fields is not None else None

    def ids(self):
        """The id of every committed release, in the index's order."""
        return self.releases.keys()

    def generation(self):
        """The releases index's last commit on disk (a new number at every commit)."""
        return self.releases.generation()

    def _repair(self):
        """Re-extract the statements of a batch whose commit a crash cut short; returns how many releases."""
        ids = self.journal.pending()
        if not ids:
            return 0
        stored = {i: self.releases.stored(i) for i in ids}
        for release_id, fields in stored.items():
            # The statements writer's own replace() deletes too; delete() does not count the id as written.
            self.statements.delete(release_id)
            if fields is not None:
                try:
                    self.statements.replace(from_stored(fields))
                except Exception:  # The release stays without statements, as when first indexed.
                    pass
        self._failed(self.statements.commit())
        self.journal.finish()
        self.statements.open()
        return len(ids)

    def write(self, release, statements=None, ahead=None):
        """Write a release over any with its id, and its statements (extracted here when None).

        :param ahead: the analysis of ``release`` and ``statements`` made with them
            (:attr:`index.pipeline.Extracted.ahead`), or None.

        Raises what statement extraction raised, with the release written and no statements for it.
        """
        release_ahead, statements_ahead = ahead if ahead is not None and statements is not None else (None, None)
        if release.id in self._ids:
            # Whoosh does not see documents its own writer added: commit so the second replaces the first.
            self.commit()
        self._ids.add(release.id)
        self._bytes += len(release.title) + len(release.body)
        new = self._fresh and release.id not in self._written
        if self._fresh:
            self._written.add(release.id)
        if new:
            write_new_release(self.releases, release, release_ahead)
        else:
            write_release(self.releases, release, release_ahead)
            # The old statements go first, so a failed extraction never leaves them beside the new release.
            self.statements.delete(release.id)
        try:
            self.statements.replace(release, statements, new=new, ahead=statements_ahead)
        finally:
            if self.due:
                self.commit()

    def file_done(self, stamp):
        """``stamp``'s file was read whole without failure: remember it at the next commit."""
        self._files.append(stamp)

    @property
    def due(self):
        """Whether the batch is big enough to commit."""
        # Or a writer's buffer nearly full: a real archive's statements (about 17 a release) filled the
        # statements writer's buffer long before 16 MB of text, and its spill to Whoosh's pool took a
        # third of the build.
        return (len(self._ids) >= self.commit_releases or self._bytes >= self.commit_bytes
                or self.releases.full or self.statements.full)

    def commit(self):
        """Commit the batch in both indexes (see the module's docstring for the order)."""
        if not self._ids and not self._files:
            return
        self.journal.begin(self._ids)
        # The statements commit beside the releases when they are written apart.
        self.statements.begin_commit()
        try:
            self.releases.commit()
        except BaseException:
            # The journal's note stays: the next writer derives the statements from what was committed.
            self.statements.cancel()
            raise
        failed = self.statements.end_commit()
        self._failed(failed)
        # A file with a release whose statements failed is read again next time (and reported again).
        self.journal.finish([] if failed else self._files, self.fingerprint)
        self.committed += len(self._ids)
        self.commits += 1
        self._ids.clear()
        self._files.clear()
        self._bytes = 0

    def _failed(self, failures):
        self.failures += [(release_id, f"no se pudieron escribir sus declaraciones: {reason}")
                          for release_id, reason in failures]

    def cancel(self):
        """Leave both indexes as the last commit left them."""
        for batch in (self.statements, self.releases):
            if batch is not None:
                batch.cancel()
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def close(self):
        """Commit what is left and release the folder."""
        self.commit()
        self.cancel()
