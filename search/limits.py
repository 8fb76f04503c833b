"""How long one search may run, checked wherever a search spends its time.

A search that would keep a worker busy past its deadline stops with
:class:`SearchTimeout` instead, which the site answers as a Spanish 503: a
worker is never held long enough for the server to kill it. The deadline is
set once per search (:func:`time_limit`) and read by the steps that loop —
reading postings, correcting words, ranking, counting facets — through
:func:`check`, so it needs no parameter threaded through every call.

The budget is the search's own CPU time (the thread's), not the clock's: on a
busy machine an ordinary search waits for a core, and counting that wait made
cheap listings answer 503 under load. A clock deadline a few times longer stays
behind it, so a search stalled on the disk still ends well before the server's
worker timeout.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from . import settings

# Seconds a search may take: HEMEROTECA_SEARCH_SECONDS, else 2 (0 turns the limit off).
DEFAULT_SEARCH_SECONDS = settings.value("SEARCH_SECONDS")

# The clock deadline is this many times the CPU budget.
WALL_FACTOR = 5

# (thread CPU deadline, clock deadline) of the search under way, or None.
_deadline = ContextVar("search_deadline", default=None)


class SearchTimeout(Exception):
    """A search ran out of time; the message is for the user, in Spanish."""

    def __init__(self, message=None):
        super().__init__(message or "La búsqueda tardó demasiado y se detuvo: pruebe con palabras más precisas "
                                    "o con menos comodines, o inténtelo de nuevo en un momento.")


@contextmanager
def time_limit(seconds=DEFAULT_SEARCH_SECONDS):
    """Searches inside this block stop after ``seconds`` of their CPU time (None or 0: no limit),
    or after :data:`WALL_FACTOR` times that on the clock, whichever comes first.

    A block inside another keeps the earlier deadlines if they come first.
    """
    outer = _deadline.get()
    mine = (time.thread_time() + seconds, time.monotonic() + seconds * WALL_FACTOR) if seconds else None
    if outer and mine:
        mine = (min(outer[0], mine[0]), min(outer[1], mine[1]))
    token = _deadline.set(mine or outer)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining():
    """Seconds left to the nearer of the current deadlines, or None without one."""
    deadline = _deadline.get()
    if deadline is None:
        return None
    return min(deadline[0] - time.thread_time(), deadline[1] - time.monotonic())


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
