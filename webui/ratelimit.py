"""Rate limiting of the API per client address, off unless ``RATE_LIMIT`` is set.

``RATE_LIMIT = "60/minute"`` lets each address make 60 requests a minute,
spread as it likes: a burst of 60 at once, then one more each second. This is
the generic cell rate algorithm: one timestamp per address, no timers.

Counts live in each server process, so with several workers an address may
reach the limit once per worker. Behind a proxy, every request comes from the
proxy's address unless the app is wrapped in Werkzeug's ``ProxyFix``.
"""

import math
import re
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
# Forgotten addresses are swept once the table holds this many.
SWEEP_AT = 10_000

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
    """Per-key request allowance: ``limit`` requests per ``period`` seconds."""

    def __init__(self, limit, period, clock=time.monotonic):
        self.limit = limit
        self.period = period
        self.interval = period / limit
        self.clock = clock
        # Per key, the theoretical time at which its allowance is full again.
        self._full_at = {}
        self._lock = threading.Lock()

    def describe(self):
        """The limit in Spanish: "60 solicitudes por minuto"."""
        return f"{self.limit} solicitud{'es' if self.limit != 1 else ''} por {PERIOD_NAMES[int(self.period)]}"

    @classmethod
    def from_config(cls, value):
        """A limiter for a ``RATE_LIMIT`` setting, or None when it is empty or None."""
        return cls(*parse_rate(value)) if value else None

    def hit(self, key):
        """Count one request from ``key`` if its allowance has room."""
        with self._lock:
            now = self.clock()
            full_at = max(self._full_at.get(key, now), now)
            after = full_at + self.interval
            if after - now > self.period:
                wait = after - now - self.period
                return Decision(False, self.limit, 0, math.ceil(full_at - now), max(1, math.ceil(wait)))
            self._full_at[key] = after
            if len(self._full_at) > SWEEP_AT:
                self._full_at = {k: t for k, t in self._full_at.items() if t > now}
            remaining = math.floor((self.period - (after - now)) / self.interval + 1e-9)
            return Decision(True, self.limit, remaining, math.ceil(after - now))
