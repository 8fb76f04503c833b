"""What the site crawler remembers between runs, in an SQLite file beside the index.

Per page: its validators (``ETag``, ``Last-Modified``, the sitemap's or API's
own ``lastmod``), the release it holds, when it was first and last seen, and
every version fetched (pointing into the archive). Failed pages are kept with
their reason until a later run gets them. None of this is needed to search,
so it stays out of the index.
"""

import json
from pathlib import Path

from search.sqlitefile import SqliteFile

FILENAME = "crawl-state.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    release_id TEXT,
    etag TEXT,
    last_modified TEXT,
    lastmod TEXT,
    hints TEXT NOT NULL DEFAULT '{}',
    first_seen TEXT,
    last_seen TEXT,
    checked TEXT,
    withdrawn INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS versions (
    url TEXT NOT NULL,
    digest TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    fetched TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_url ON versions (url, fetched);
CREATE TABLE IF NOT EXISTS failures (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    hints TEXT NOT NULL DEFAULT '{}'
);
"""

_PAGE_COLUMNS = ("source", "release_id", "etag", "last_modified", "lastmod", "hints",
                 "first_seen", "last_seen", "checked", "withdrawn")


class State(SqliteFile):
    """The crawler's memory for one index folder; changes are kept by :meth:`commit`."""

    def __init__(self, index_dir):
        super().__init__(Path(index_dir) / FILENAME)
        self.db.executescript(_SCHEMA)

    def page(self, url):
        """What is known of ``url``, or None."""
        return self.db.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()

    def pages(self, source=None):
        """Every known page (of one source), oldest first."""
        if source is None:
            return self.db.execute("SELECT * FROM pages ORDER BY first_seen, url").fetchall()
        return self.db.execute("SELECT * FROM pages WHERE source = ? ORDER BY first_seen, url", (source,)).fetchall()

    def save_page(self, url, **values):
        """Insert or update what is known of ``url``."""
        if isinstance(values.get("hints"), dict):
            values["hints"] = json.dumps(values["hints"], ensure_ascii=False)
        unknown = set(values) - set(_PAGE_COLUMNS)
        if unknown:
            raise ValueError(f"columnas desconocidas: {sorted(unknown)}")
        if self.page(url) is None:
            values.setdefault("source", "")
            names = ["url", *values]
            self.db.execute(f"INSERT INTO pages ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                            [url, *values.values()])
        elif values:
            sets = ", ".join(f"{name} = ?" for name in values)
            self.db.execute(f"UPDATE pages SET {sets} WHERE url = ?", [*values.values(), url])

    def add_version(self, url, digest, kind, content_type, fetched):
        """Record a version of ``url`` kept in the archive."""
        self.db.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?)", (url, digest, kind, content_type or "", fetched))

    def versions(self, url):
        """The archived versions of ``url``, oldest first."""
        return self.db.execute("SELECT * FROM versions WHERE url = ? ORDER BY fetched, rowid", (url,)).fetchall()

    def fail(self, url, source, reason, at, hints=None):
        """Remember that ``url`` failed, and why, so the next run tries it again."""
        self.db.execute(
            "INSERT INTO failures (url, source, reason, at, hints) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET reason = excluded.reason, at = excluded.at, attempts = attempts + 1",
            (url, source, reason, at, json.dumps(hints or {}, ensure_ascii=False)),
        )

    def clear_failure(self, url):
        self.db.execute("DELETE FROM failures WHERE url = ?", (url,))

    def failures(self, source=None):
        """Pages that failed and are still to be retried."""
        if source is None:
            return self.db.execute("SELECT * FROM failures ORDER BY at, url").fetchall()
        return self.db.execute("SELECT * FROM failures WHERE source = ? ORDER BY at, url", (source,)).fetchall()


def hints_of(row):
    """A row's stored hints as a dict."""
    return json.loads(row["hints"] or "{}") if row is not None else {}
