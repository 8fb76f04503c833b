"""Subscriptions, their messages and the counts that limit abuse, in an SQLite file beside the index.

The schema grows by migrations kept here, applied in order on opening (``PRAGMA user_version`` says
how many are in). Every time is UTC without a zone, in ISO form, as the index's ``indexed_at``
stamps are, so a subscription's ``sent_until`` compares with them directly.
"""

from datetime import datetime, timezone
from pathlib import Path

from search.sqlitefile import SqliteFile

from .tokens import new_token

FILENAME = "alerts.sqlite"

MIGRATIONS = [
    """
    CREATE TABLE addresses (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        manage_token TEXT NOT NULL UNIQUE,
        created TEXT NOT NULL
    );
    CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        address_id INTEGER NOT NULL REFERENCES addresses (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        search TEXT NOT NULL,
        frequency TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        created TEXT NOT NULL,
        -- NULL until the link of the confirmation email is followed: nothing is sent before.
        confirmed TEXT,
        -- The newest index stamp already covered by an email (or by the confirmation).
        sent_until TEXT,
        -- When the last email went out, for daily and weekly alerts.
        last_sent TEXT,
        UNIQUE (address_id, kind, search)
    );
    -- Every email, kept from before it is sent until it is: a crash resends the very same message.
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        recipient TEXT NOT NULL,
        message_id TEXT NOT NULL UNIQUE,
        body BLOB,
        subscription_id INTEGER REFERENCES subscriptions (id) ON DELETE CASCADE,
        -- For an alert's email: the index stamp it covers up to.
        until TEXT,
        created TEXT NOT NULL,
        sent TEXT,
        -- Taken by the process sending it (the site or the command), so two never send it together.
        claimed TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT
    );
    CREATE INDEX messages_pending ON messages (sent, id);
    -- What the limits count: requests per client, emails per address, wrong links per client.
    CREATE TABLE events (kind TEXT NOT NULL, key TEXT NOT NULL, at TEXT NOT NULL);
    CREATE INDEX events_by_key ON events (kind, key, at);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
]


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso(value):
    return value.isoformat(timespec="microseconds") if value else None


def store_path(index_dir):
    return Path(index_dir) / FILENAME


class Store(SqliteFile):
    """One connection to the alerts database; changes are kept by :meth:`commit`."""

    def __init__(self, path):
        # The site's workers and the sending command share the file: wait for each other's writes.
        super().__init__(path, timeout=30)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self._migrate()

    def _migrate(self):
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], version + 1):
            self.db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    def _one(self, sql, *args):
        return self.db.execute(sql, args).fetchone()

    # Addresses

    def address(self, email):
        return self._one("SELECT * FROM addresses WHERE email = ?", email)

    def address_by_id(self, address_id):
        return self._one("SELECT * FROM addresses WHERE id = ?", address_id)

    def address_by_token(self, token):
        return self._one("SELECT * FROM addresses WHERE manage_token = ?", token)

    def ensure_address(self, email, now=None):
        found = self.address(email)
        if found is None:
            self.db.execute("INSERT INTO addresses (email, manage_token, created) VALUES (?, ?, ?)",
                            (email, new_token(), iso(now or utcnow())))
            found = self.address(email)
        return found

    # Subscriptions

    def subscription(self, subscription_id):
        return self._one("SELECT * FROM subscriptions WHERE id = ?", subscription_id)

    def subscription_by_token(self, token):
        return self._one("SELECT * FROM subscriptions WHERE token = ?", token)

    def find_subscription(self, address_id, kind, search):
        return self._one("SELECT * FROM subscriptions WHERE address_id = ? AND kind = ? AND search = ?",
                         address_id, kind, search)

    def subscriptions_of(self, address_id):
        return self.db.execute("SELECT * FROM subscriptions WHERE address_id = ? ORDER BY id", (address_id,)).fetchall()

    def add_subscription(self, address_id, kind, search, frequency, now=None):
        cursor = self.db.execute(
            "INSERT INTO subscriptions (address_id, kind, search, frequency, token, created) VALUES (?, ?, ?, ?, ?, ?)",
            (address_id, kind, search, frequency, new_token(), iso(now or utcnow())))
        return self.subscription(cursor.lastrowid)

    def renew_pending(self, subscription_id, frequency, now=None):
        """A pending subscription asked for again: its link lasts from now, with the frequency asked."""
        self.db.execute("UPDATE subscriptions SET created = ?, frequency = ? WHERE id = ? AND confirmed IS NULL",
                        (iso(now or utcnow()), frequency, subscription_id))

    def confirm(self, subscription_id, mark, now=None):
        """Start the alert: from now on, what the index gets after ``mark`` is sent."""
        self.db.execute("UPDATE subscriptions SET confirmed = ?, sent_until = ? WHERE id = ? AND confirmed IS NULL",
                        (iso(now or utcnow()), iso(mark), subscription_id))

    def set_frequency(self, subscription_id, frequency):
        self.db.execute("UPDATE subscriptions SET frequency = ? WHERE id = ?", (frequency, subscription_id))

    def delete_subscription(self, subscription_id):
        """Remove an alert and any of its emails not yet sent (a stopped alert sends nothing more)."""
        self.db.execute("DELETE FROM messages WHERE subscription_id = ? AND sent IS NULL", (subscription_id,))
        self.db.execute("DELETE FROM subscriptions WHERE id = ?", (subscription_id,))

    def confirmed_subscriptions(self):
        return self.db.execute("SELECT s.*, a.email, a.manage_token FROM subscriptions s "
                               "JOIN addresses a ON a.id = s.address_id "
                               "WHERE s.confirmed IS NOT NULL ORDER BY s.id").fetchall()

    def advance(self, subscription_id, until):
        """Nothing new matched up to ``until``: the next email starts after it."""
        self.db.execute("UPDATE subscriptions SET sent_until = ? WHERE id = ? AND (sent_until IS NULL OR sent_until < ?)",
                        (iso(until), subscription_id, iso(until)))

    def purge_unconfirmed(self, before):
        """Forget subscriptions whose confirmation link expired, and addresses left with none."""
        self.db.execute("DELETE FROM subscriptions WHERE confirmed IS NULL AND created < ?", (iso(before),))
        self.db.execute("DELETE FROM addresses WHERE created < ? AND id NOT IN (SELECT address_id FROM subscriptions)",
                        (iso(before),))

    # Messages

    def queue(self, recipient, message_id, body, subscription_id=None, until=None, now=None):
        cursor = self.db.execute(
            "INSERT INTO messages (recipient, message_id, body, subscription_id, until, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (recipient, message_id, body, subscription_id, iso(until), iso(now or utcnow())))
        return cursor.lastrowid

    def message(self, row_id):
        return self._one("SELECT * FROM messages WHERE id = ?", row_id)

    def pending_messages(self):
        return self.db.execute("SELECT * FROM messages WHERE sent IS NULL ORDER BY id").fetchall()

    def pending_for(self, subscription_id):
        return self._one("SELECT * FROM messages WHERE subscription_id = ? AND sent IS NULL", subscription_id)

    def sent_messages(self, subscription_id):
        return self.db.execute("SELECT * FROM messages WHERE subscription_id = ? AND sent IS NOT NULL ORDER BY id",
                               (subscription_id,)).fetchall()

    def claim(self, row_id, stale, now=None):
        """Take a pending message to send it; False when sent, or taken by another process since ``stale``."""
        cursor = self.db.execute(
            "UPDATE messages SET claimed = ? WHERE id = ? AND sent IS NULL AND (claimed IS NULL OR claimed < ?)",
            (iso(now or utcnow()), row_id, iso(stale)))
        self.db.commit()
        return cursor.rowcount == 1

    def release(self, row_id):
        self.db.execute("UPDATE messages SET claimed = NULL WHERE id = ?", (row_id,))
        self.db.commit()

    def mark_sent(self, row_id, now=None):
        """The message went out: keep that (not its body), and move its alert past what it covered."""
        now = iso(now or utcnow())
        row = self.message(row_id)
        self.db.execute("UPDATE messages SET sent = ?, body = NULL, attempts = attempts + 1, error = NULL WHERE id = ?",
                        (now, row_id))
        if row["subscription_id"] is not None:
            self.db.execute("UPDATE subscriptions SET last_sent = ? WHERE id = ?", (now, row["subscription_id"]))
            self.advance(row["subscription_id"], datetime.fromisoformat(row["until"]))

    def mark_failed(self, row_id, error):
        self.db.execute("UPDATE messages SET attempts = attempts + 1, error = ?, claimed = NULL WHERE id = ?",
                        (error, row_id))

    # Limits and what the index last showed

    def count(self, kind, key, since):
        return self._one("SELECT COUNT(*) FROM events WHERE kind = ? AND key = ? AND at >= ?",
                         kind, key, iso(since))[0]

    def record(self, kind, key, now=None):
        self.db.execute("INSERT INTO events VALUES (?, ?, ?)", (kind, key, iso(now or utcnow())))

    def forget_events(self, before):
        self.db.execute("DELETE FROM events WHERE at < ?", (iso(before),))

    def meta(self, key):
        row = self._one("SELECT value FROM meta WHERE key = ?", key)
        return row[0] if row else None

    def set_meta(self, key, value):
        self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (key, value))
