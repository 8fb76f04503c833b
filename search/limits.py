"""How long one search may run, checked wherever a search spends its time; and what a searcher may keep.

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

from whoosh.collectors import FilterCollector, WrappingCollector

from . import settings

# Seconds a search may take: HEMEROTECA_SEARCH_SECONDS, else 2 (0 turns the limit off).
DEFAULT_SEARCH_SECONDS = settings.value("SEARCH_SECONDS")

# Terms whose idf a searcher remembers; Whoosh's own cache of them never forgets one.
IDF_KEPT = 4096

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


class _DeadlineCollector(WrappingCollector):
    """Checks the deadline while its child collects.

    Not Whoosh's TimeLimitCollector: wrapped around a filtering collector it
    skips the filter, and it starts a timer thread for every search.
    """

    def matches(self):
        return checked(self.child.matches(), every=256)

    def collect_matches(self):
        # As Collector.collect_matches, through the checked matches: the child's own
        # matches() still skips the posting blocks that cannot reach the top.
        collect = self.child.collect
        for sub_docnum in self.matches():
            collect(sub_docnum)


def collect(searcher, q, limit, filter=None, **sorting):
    """The top ``limit`` results of ``q`` among the documents in ``filter``, within the deadline.

    :param sorting: ``sortedby`` and ``reverse``, as for ``Searcher.search``.
    """
    check()
    inner = _DeadlineCollector(searcher.collector(limit=limit, **sorting))
    collector = FilterCollector(inner, filter) if filter is not None else inner
    searcher.search_with_collector(q, collector)
    return collector.results()


def forget_idf(searcher):
    """Empty the searcher's idf cache once it holds :data:`IDF_KEPT` terms.

    Whoosh keeps the idf of every term ever scored for the searcher's whole
    life, and a searcher lives as long as the index does not change.
    """
    cache = getattr(searcher, "_idf_cache", None)
    if cache is not None and len(cache) > IDF_KEPT:
        cache.clear()
