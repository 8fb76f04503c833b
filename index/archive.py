"""Every version of every fetched release, as the site sent it, gzipped beside the index.

Files are named by the SHA-256 of their bytes, so a version fetched twice is
stored once. With them the index can be rebuilt without the network (``hemeroteca
update --offline``), and a later, better extractor can reread what was fetched.
"""

import gzip
import hashlib
import os
from pathlib import Path

# The folder, inside the index folder, that holds the pages.
FOLDER = "raw-pages"


def digest(raw):
    """The name a document's bytes are stored under."""
    return hashlib.sha256(raw).hexdigest()


class Archive:
    """A folder of gzipped documents addressed by their digest."""

    def __init__(self, index_dir):
        self.root = Path(index_dir) / FOLDER

    def _path(self, name):
        return self.root / name[:2] / f"{name}.gz"

    def put(self, raw):
        """Store ``raw`` (once) and return its digest."""
        name = digest(raw)
        path = self._path(name)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed, so a crash never leaves half a page under a valid name.
            partial = path.with_suffix(".partial")
            partial.write_bytes(gzip.compress(raw, mtime=0))
            os.replace(partial, path)
        return name

    def get(self, name):
        """The bytes stored under ``name``; ValueError if they are missing."""
        try:
            return gzip.decompress(self._path(name).read_bytes())
        except FileNotFoundError as exc:
            raise ValueError(f"falta la copia guardada {name[:12]}… en {self.root}") from exc
