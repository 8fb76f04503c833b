"""Rate limiting of the API per client address, off unless ``RATE_LIMIT`` is set.

``RATE_LIMIT = "60/minute"`` lets each address make 60 requests a minute,
spread as it likes: a burst of 60 at once, then one more each second. This is
the generic cell rate algorithm: one timestamp per address, no timers.

The timestamps live in SQLite. ``hemeroteca serve`` gives its workers one
file (``RATE_LIMIT_STATE``), so the limit holds for the server as a whole
however many processes answer; without a file each process keeps its own in
memory. Behind a proxy, every request comes from the proxy's address unless
the app is wrapped in Werkzeug's ``ProxyFix``.
"""

import math
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass

# Units accepted in RATE_LIMIT, in English or Spanish, singular or plural.
UNITS = {
    "second": 1, "segundo": 1, "s": 1,
    "minute": 60, "minuto": 60, "min": 60,
    "hour": 3600, "hora": 3600, "h": 3600,
    "day": 86400, "dia": 86400, "día": 86400,
}
# Periods as a Spanish reader names them.
PERIOD_NAMES = {1: "segundo", 60: "minuto", 3600: "hora", 86400: "día"}
# Addresses whose allowance is full again are forgotten once every this many requests.
SWEEP_EVERY = 1000
# Seconds a worker waits for another to finish counting before giving up.
BUSY_TIMEOUT = 5

_RATE = re.compile(r"^\s*(\d+)\s*(?:/|per|por)\s*(\w+?)s?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """Whether a request may go on, and what to tell the client."""

    allowed: bool
    limit: int
    remaining: int
    # Seconds until the full allowance is back, and (when refused) until one request is.
    reset: int
    retry_after: int = 0

    def headers(self):
        headers = {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(self.remaining),
                   "RateLimit-Reset": str(self.reset)}
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


def parse_rate(text):
    """``"60/minute"`` → ``(60, 60.0)``: requests and the seconds they are spread over."""
    match = _RATE.match(str(text))
    unit = match and match.group(2).lower()
    if not match or unit not in UNITS or int(match.group(1)) < 1:
        raise ValueError(
            f"El límite de solicitudes (RATE_LIMIT) «{text}» no es válido: "
            "escriba solicitudes/unidad, p. ej. «60/minute» o «1000/hour»."
        )
    return int(match.group(1)), float(UNITS[unit])


class RateLimiter:
    """Per-key request allowance: ``limit`` requests per ``period`` seconds.

    :param path: the SQLite file shared by every process that counts; None counts in this process only.
    """

    def __init__(self, limit, period, clock=time.monotonic, path=None):
        self.limit = limit
        self.period = period
        self.interval = period / limit
        # The system's monotonic clock is the same in every process of the machine.
        self.clock = clock
        self.path = str(path) if path else None
        self._lock = threading.Lock()
        self._connection = None
        self._pid = None
        self._hits = 0
        if self.path:
            # Made once, before the server forks its workers, so none of them races to create it.
            self._open().close()
            self._connection = None

    def describe(self):
        """The limit in Spanish: "60 solicitudes por minuto"."""
        return f"{self.limit} solicitud{'es' if self.limit != 1 else ''} por {PERIOD_NAMES[int(self.period)]}"

    @classmethod
    def from_config(cls, value, path=None):
        """A limiter for a ``RATE_LIMIT`` setting, or None when it is empty or None."""
        return cls(*parse_rate(value), path=path) if value else None

    def _open(self):
        connection = sqlite3.connect(self.path or ":memory:", timeout=BUSY_TIMEOUT, isolation_level=None,
                                     check_same_thread=False)
        if self.path:
            connection.execute("PRAGMA journal_mode=WAL")
            # A lost count on a crash only lets an address in early; waiting on the disk would slow every request.
            connection.execute("PRAGMA synchronous=OFF")
        # Per key, the theoretical time at which its allowance is full again.
        connection.execute("CREATE TABLE IF NOT EXISTS allowance (key TEXT PRIMARY KEY, full_at REAL NOT NULL)")
        self._connection, self._pid = connection, os.getpid()
        return connection

    def _db(self):
        # A connection is never used across a fork: each worker opens its own.
        if self._connection is None or self._pid != os.getpid():
            return self._open()
        return self._connection

    def hit(self, key):
        """Count one request from ``key`` if its allowance has room."""
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                decision = self._decide(db, key)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return decision

    def _decide(self, db, key):
        now = self.clock()
        row = db.execute("SELECT full_at FROM allowance WHERE key = ?", (key,)).fetchone()
        full_at = max(row[0] if row else now, now)
        after = full_at + self.interval
        if after - now > self.period:
            wait = after - now - self.period
            return Decision(False, self.limit, 0, math.ceil(full_at - now), max(1, math.ceil(wait)))
        db.execute("INSERT INTO allowance VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET full_at = excluded.full_at",
                   (key, after))
        self._hits += 1
        if self._hits % SWEEP_EVERY == 0:
            db.execute("DELETE FROM allowance WHERE full_at <= ?", (now,))
        remaining = math.floor((self.period - (after - now)) / self.interval + 1e-9)
        return Decision(True, self.limit, remaining, math.ceil(after - now))
