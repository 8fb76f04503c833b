"""How long one search may run, checked wherever a search spends its time.

A search that would keep a worker busy past its deadline stops with
:class:`SearchTimeout` instead, which the site answers as a Spanish 503: a
worker is never held long enough for the server to kill it. The deadline is
set once per search (:func:`time_limit`) and read by the steps that loop —
reading postings, correcting words, ranking, counting facets — through
:func:`check`, so it needs no parameter threaded through every call.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from . import settings

# Seconds a search may take: HEMEROTECA_SEARCH_SECONDS, else 2 (0 turns the limit off).
DEFAULT_SEARCH_SECONDS = settings.value("SEARCH_SECONDS")

_deadline = ContextVar("search_deadline", default=None)


class SearchTimeout(Exception):
    """A search ran out of time; the message is for the user, in Spanish."""

    def __init__(self, message=None):
        super().__init__(message or "La búsqueda tardó demasiado y se detuvo: pruebe con palabras más precisas "
                                    "o con menos comodines, o inténtelo de nuevo en un momento.")


@contextmanager
def time_limit(seconds=DEFAULT_SEARCH_SECONDS):
    """Searches inside this block stop after ``seconds`` (None or 0: no limit).

    A block inside another keeps the earlier deadline if it comes first.
    """
    outer = _deadline.get()
    mine = time.monotonic() + seconds if seconds else None
    chosen = min(d for d in (outer, mine) if d is not None) if (outer or mine) else None
    token = _deadline.set(chosen)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining():
    """Seconds left to the current deadline, or None without one."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def check():
    """Raise :class:`SearchTimeout` if the current search is past its deadline."""
    left = remaining()
    if left is not None and left <= 0:
        raise SearchTimeout()


def checked(iterable, every=1024):
    """``iterable``, checking the deadline every ``every`` items."""
    for n, item in enumerate(iterable):
        if n % every == 0:
            check()
        yield item
