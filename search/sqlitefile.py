"""A SQLite file kept beside the index (crawl state, alert subscriptions): one connection, rows by name."""

import sqlite3
from pathlib import Path


class SqliteFile:
    """One connection to a SQLite file, closed on leaving a ``with`` block; changes kept by :meth:`commit`."""

    def __init__(self, path, timeout=5.0):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=timeout)
        self.db.row_factory = sqlite3.Row

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.db.close()

    def commit(self):
        self.db.commit()

    def rollback(self):
        self.db.rollback()
