"""What the indexer remembers between runs, in an SQLite file beside the index.

Two things, both about keeping the two Whoosh indexes (releases and their
statements) honest without doing work twice:

- the batch being committed: its release ids are written here before the
  releases' commit and cleared after the statements' commit, so a run killed
  between the two leaves a note the next run repairs (:mod:`index.commits`);
- the files indexed whole: size, modification time and SHA-256 of their bytes,
  with a fingerprint of the data files extraction read (registry, taxonomy,
  places, organisations), so indexing an unchanged folder again skips them.
"""

import hashlib
import os
from pathlib import Path

from search.sqlitefile import SqliteFile

from .datafiles import ORGANIZATIONS, PLACES, REGISTRY

FILENAME = "indexing.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (release_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL
);
"""

# Bytes read at a time when hashing a file: big archives are never held whole.
HASH_CHUNK = 1 << 20


def file_digest(path):
    """The SHA-256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(HASH_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def fingerprint(taxonomy):
    """What extraction depends on besides a file: the taxonomy in use and the registry, places and organisations files.

    A change in any of them makes every file new again for :meth:`Journal.unchanged`.
    """
    h = hashlib.sha256(repr(getattr(taxonomy, "topics", taxonomy)).encode("utf-8"))
    for data in (REGISTRY, PLACES, ORGANIZATIONS):
        try:
            h.update(data.path().read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


class FileStamp:
    """A file as seen now: its size and modification time, and its digest when it had to be computed."""

    def __init__(self, path):
        self.path = Path(path)
        stat = os.stat(path)
        self.size, self.mtime_ns = stat.st_size, stat.st_mtime_ns
        self._digest = None

    @property
    def key(self):
        return str(self.path.resolve())

    @property
    def digest(self):
        if self._digest is None:
            self._digest = file_digest(self.path)
        return self._digest


class Journal(SqliteFile):
    """The indexer's notes for one index folder."""

    def __init__(self, index_dir):
        super().__init__(Path(index_dir) / FILENAME)
        self.db.executescript(_SCHEMA)

    # The batch in flight

    def begin(self, release_ids):
        """Note, durably, the releases a commit is about to write."""
        with self.db:
            self.db.execute("DELETE FROM pending")
            self.db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", ((i,) for i in release_ids))

    def pending(self):
        """The releases of a batch whose commit did not finish, or an empty list."""
        return [row[0] for row in self.db.execute("SELECT release_id FROM pending ORDER BY release_id")]

    def finish(self, files=(), fingerprint_=""):
        """The batch is in both indexes: clear its note and remember the files it completed, in one step."""
        with self.db:
            self.db.execute("DELETE FROM pending")
            self.db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                ((s.key, s.size, s.mtime_ns, s.digest, fingerprint_) for s in files),
            )

    # Files indexed whole

    def unchanged(self, stamp, fingerprint_):
        """Whether the file was indexed whole with these contents and this fingerprint.

        Size and modification time are trusted when they match; otherwise the bytes are hashed, so a file
        touched or copied with the same content is still known.
        """
        row = self.db.execute("SELECT * FROM files WHERE path = ?", (stamp.key,)).fetchone()
        if row is None or row["fingerprint"] != fingerprint_ or row["size"] != stamp.size:
            return False
        if row["mtime_ns"] == stamp.mtime_ns:
            return True
        if row["sha256"] != stamp.digest:
            return False
        with self.db:
            self.db.execute("UPDATE files SET mtime_ns = ? WHERE path = ?", (stamp.mtime_ns, stamp.key))
        return True

    def forget(self, stamp):
        """The file changed or failed: the next run reads it again."""
        with self.db:
            self.db.execute("DELETE FROM files WHERE path = ?", (stamp.key,))

    def refingerprint(self, fingerprint_):
        """Every file indexed whole now stands for releases extracted with ``fingerprint_``."""
        with self.db:
            self.db.execute("UPDATE files SET fingerprint = ?", (fingerprint_,))

    def forget_files(self):
        """Every file will be read again (a fresh index, or a reindex after a data edit)."""
        with self.db:
            self.db.execute("DELETE FROM files")
