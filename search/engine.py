"""The one search function behind the page, the API, the command line and the alerts, for either collection.

:class:`Engine` searches one :class:`search.collection.Collection` (releases or statements) through
the store's read protocol (:class:`search.store.reader.View`): it reads the query, asks the view to
select, order and fetch, counts the facets, and returns plain data. Results are cached per thread
for as long as the index does not change.
"""

import math
import pickle
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from .collection import RELEASES, STATEMENTS
from .facets import DEFAULT_FACET_SIZE
from .highlight import mark
from .interpret import interpret, select
from .limits import DEFAULT_SEARCH_SECONDS, check, time_limit
from .params import SearchParams
from .query import query_terms
from .reading import interpretation, suggestion
from .records import history_fields, release_fields
from .release import key_for
from .statements import paragraphs
from .store.reader import NEWEST, OLDEST, RELEVANCE, Store

# Searches whose results each thread keeps, for repeated queries and paging back.
DEFAULT_CACHE_SIZE = 128
# ... and at most this many bytes of them: an expanded facet at 100,000 releases lists thousands of values.
CACHE_BYTES = 16 * 1024 * 1024
# Distinctive words of a release used to find similar ones.
MLT_TERMS = 12
NO_TERMS = (set(), set())


def _selected_dates(params):
    """The year and month facet values that the date filter covers exactly."""
    start, end = params.date_from, params.date_to
    if not (start and end and start.day == 1):
        return {}
    if (start.month, end.month, end.day) == (1, 12, 31) and start.year == end.year:
        return {"year": {str(start.year)}}
    following = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    if (start.year, start.month) == (end.year, end.month) and (following - end).days == 1:
        return {"month": {start.strftime("%Y-%m")}}
    return {}


def _selected(collection, params):
    selected = {name: {key_for(v) for v in getattr(params, name)} for name in collection.faceted}
    if collection.dates_follow_filter:
        selected.update(_selected_dates(params))
    return selected


@dataclass
class Selection:
    """The documents a search selects, and how it was read, before ranking or paging."""

    # The store's view of the index generation the selection was made in.
    view: object
    # The request's parameters with the filters typed in the box merged in.
    params: SearchParams
    reading: object
    # The text query, None when only filters (or nothing) were given.
    query: object
    # Sorted document numbers of the matches.
    docnums: object
    # "all", or "any" when every word together found nothing and any word is matched instead.
    mode: str

    @property
    def by_relevance(self):
        return self.query is not None and self.params.sort == RELEVANCE


class Engine:
    """A collection's index opened for searching."""

    def __init__(self, store, collection=RELEASES, cache_size=DEFAULT_CACHE_SIZE,
                 search_seconds=DEFAULT_SEARCH_SECONDS):
        """:param store: a :class:`search.store.reader.Store` over the collection's index.
        :param cache_size: searches kept per thread; 0 turns the result cache off.
        :param search_seconds: how long one search may run before it stops with
            :class:`search.limits.SearchTimeout` (None: no limit).
        """
        self.store = store
        self.collection = collection
        self.cache_size = cache_size
        self.search_seconds = search_seconds
        self._local = threading.local()

    @classmethod
    def open(cls, path, cache_size=DEFAULT_CACHE_SIZE, search_seconds=DEFAULT_SEARCH_SECONDS, collection=RELEASES):
        """Open the collection's index in the index folder ``path``; raises IndexNotFoundError when there is none."""
        return cls(Store.open(path, collection.layout), collection, cache_size, search_seconds)

    @classmethod
    def statements(cls, path, search_seconds=DEFAULT_SEARCH_SECONDS):
        """The statements of the index folder ``path`` (searched afresh each time: no result cache)."""
        return cls.open(path, cache_size=0, search_seconds=search_seconds, collection=STATEMENTS)

    def current(self):
        """This thread's view of the index, renewed (with an empty result cache) when the index changed."""
        view = self.store.view()
        if getattr(self._local, "view", None) is not view:
            self._local.view = view
            self._local.results = OrderedDict()
            self._local.bytes = 0
        return view

    def search(self, params=None, facet_size=DEFAULT_FACET_SIZE):
        """Run a search (see :meth:`run_search`), answering repeated ones from a cache.

        The cache lives as long as the index generation: any change to the index empties it.
        """
        params = params or self.collection.params()
        started = time.perf_counter()
        result, cached = self._remembered((params, facet_size), lambda: self._limited_search(params, facet_size))
        if cached:
            result["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return result

    def remembered(self, key, compute):
        """``compute()``, kept with this thread's cached searches for as long as the index is unchanged.

        What a caller derives from searches alone (the search page with its links) is then made once per
        address, as the search itself is; ``key`` must say everything ``compute`` depends on. Each call gets
        a copy of its own.
        """
        return self._remembered(("derived", key), compute)[0]

    def _limited_search(self, params, facet_size):
        with time_limit(self.search_seconds):
            return self.run_search(params, facet_size)

    def _remembered(self, key, compute):
        """``(value, came from the cache)``. Values are kept pickled: reading one back costs a quarter of a
        deepcopy, and the copy is the caller's to change."""
        if not self.cache_size:
            return compute(), False
        self.current()
        cache = self._local.results
        frozen = cache.get(key)
        if frozen is None:
            value = compute()
            cache[key] = frozen = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            self._local.bytes += len(frozen)
            while len(cache) > self.cache_size or (self._local.bytes > CACHE_BYTES and len(cache) > 1):
                self._local.bytes -= len(cache.popitem(last=False)[1])
            return value, False
        cache.move_to_end(key)
        return pickle.loads(frozen), True

    def run_search(self, params, facet_size=DEFAULT_FACET_SIZE):
        """Run a search and return hits, total, pages and facets as JSON-native data.

        An empty query lists the documents that pass the filters, newest first.
        When every word together finds nothing, the documents with any of them
        are returned instead and ``mode`` says ``"any"``. Facet counts follow
        the query and the other facets' filters, so values of one facet can
        be combined (OR). ``facet_size`` caps the values of each non-date
        facet. A page past the last one is empty rather than clamped.
        """
        started = time.perf_counter()
        chosen = self.matching(params)
        view, params, text_q, docnums = chosen.view, chosen.params, chosen.query, chosen.docnums
        total = len(docnums)
        start = (params.page - 1) * params.per_page
        terms = self.matched_terms(chosen)
        page = self._page(view, text_q, docnums, params, start) if start < total else []
        result = {
            "query": params.q,
            "total": total,
            "page": params.page,
            "per_page": params.per_page,
            "pages": max(1, math.ceil(total / params.per_page)),
            "sort": params.sort if text_q is not None else "recientes",
            "mode": chosen.mode,
        }
        if self.collection.explains:
            shown = [r for r, _ in page]
            result["suggestion"] = suggestion(chosen.reading, shown)
            result["interpretation"] = interpretation(chosen.reading, terms, shown)
        result["hits"] = [self.collection.hit(record, score, terms) for record, score in page]
        result["facets"] = self._facets(view, text_q, params, docnums, facet_size)
        result["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return result

    def matching(self, params):
        """How a search is read and which documents it selects, before any ranking or paging.

        Returns a :class:`Selection`. The page, cursor walks, exports and alerts all
        select here.
        """
        view = self.current()
        with time_limit(self.search_seconds):
            params, reading, text_q, docnums, mode = select(
                params, view, view.official_names,
                lambda query, chosen: self._matching(view, query, chosen),
            )
        return Selection(view, params, reading, text_q, docnums, mode)

    def matched_terms(self, chosen):
        """What a selection's words matched, for highlighting: ``(stems, phrases)``, empty without words."""
        return query_terms(chosen.query, chosen.view) if chosen.query is not None else NO_TERMS

    def _matching(self, view, text_q, params, skip=None):
        """Sorted document numbers matching the text and every filter except ``skip``."""
        return view.select(text_q, self.collection.filter_query(params, skip=skip))

    def _facets(self, view, text_q, params, docnums, size):
        """Every facet counted over the matches, each active facet without its own filter."""
        names = self.collection.facet_names
        selected = _selected(self.collection, params)
        active = {name for name in self.collection.faceted if getattr(params, name)}
        dated = bool(params.date_from or params.date_to)
        counted = set(names) - active - ({"year", "month"} if dated else set())
        facets = view.facet_counts(docnums, selected, size, names=counted)
        for name in active:
            check()
            own = self._matching(view, text_q, params, skip=name)
            facets.update(view.facet_counts(own, selected, size, names={name}))
        if dated:
            check()
            own = self._matching(view, text_q, params, skip="date")
            facets.update(view.facet_counts(own, selected, size, names={"year", "month"}))
            if self.collection.dates_follow_filter:
                # Months are listed within the years the date filter spans.
                first = (params.date_from or date.min).year
                last = (params.date_to or date.max).year
                facets["month"] = [m for m in facets["month"] if first <= int(m["value"][:4]) <= last]
        return {name: facets[name] for name in names}

    def _page(self, view, text_q, docnums, params, start):
        """The records of the requested page with their scores (None when sorted by date)."""
        end = start + params.per_page
        by_relevance = text_q is not None and params.sort == RELEVANCE
        filtered = self.collection.filter_query(params) is not None or not self.collection.rank_pruned
        ordered = view.order(docnums, params.sort, text_q if by_relevance else None, limit=end, filtered=filtered)
        ordered = ordered[start:end]
        records = self.fetch(view, [docnum for docnum, _ in ordered])
        return [(record, score if by_relevance else None) for record, (_, score) in zip(records, ordered)]

    def ordered(self, chosen, limit, after=None, descending=None):
        """The first ``limit`` docnums of a selection in its search's order, as ``[(docnum, score or None)]``.

        By relevance when the search is so sorted and has words, else by date (newest first unless
        sorted "antiguos", or as ``descending`` says); ``after`` is a cursor's last ``(day, id)``.
        """
        if descending is not None:
            sort = NEWEST if descending else OLDEST
        else:
            sort = chosen.params.sort if chosen.by_relevance or chosen.params.sort == OLDEST else NEWEST
        if sort == RELEVANCE:
            # Ranked within the search deadline, as the page ranks.
            with time_limit(self.search_seconds):
                return chosen.view.order(chosen.docnums, sort, chosen.query, limit=limit)
        return chosen.view.order(chosen.docnums, sort, limit=limit, after=after)

    def ranked(self, text_q, docnums, limit, filtered=True):
        """The best ``limit`` of ``docnums`` for ``text_q`` as ``[(docnum, score)]``, within the deadline.

        ``filtered`` False says ``docnums`` are exactly the text query's matches.
        """
        return self.current().order(docnums, RELEVANCE, text_q, limit=limit, filtered=filtered)

    def fetch(self, view, docnums):
        """The records (releases, statements) of ``docnums``, in that order."""
        return [self.collection.from_stored(stored) for stored in view.fetch(docnums)]

    def get(self, key):
        """The record with this id, or None."""
        stored = self.current().by_key(key)
        return self.collection.from_stored(stored) if stored else None

    def more_like_this(self, release_id, limit=5):
        """Releases about the same things as this one (its most distinctive words), best first."""
        release = self.get(release_id)
        if release is None:
            return []
        similar = self.current().similar(release_id, f"{release.title}\n{release.body}", limit, MLT_TERMS)
        return [self.collection.hit(self.collection.from_stored(stored), score, NO_TERMS) for stored, score in similar]

    def of_release(self, release_id):
        """The statements of one release, in the order of its text."""
        view = self.current()
        docnums = view.select(self.collection.filter_query(self.collection.params(release=(release_id,))))
        return self.fetch(view, [docnum for docnum, _ in view.order(docnums, "position")])

    def release_record(self, release):
        """A release in full, as the API returns it, with what the site crawler knows of its history."""
        return {**release_fields(release), "body": release.body, **history_fields(release)}

    def highlight_terms(self, text):
        """What a query typed as ``text`` matches, for marking a text; empty for no query."""
        if not text:
            return set(), set()
        view = self.current()
        q = interpret(text, view).query
        return query_terms(q, view) if q is not None else (set(), set())

    def marked_body(self, release, text):
        """The body's paragraphs as safe HTML, with the words of query ``text`` marked."""
        stems, phrases = self.highlight_terms(text)
        return [mark(p, stems, phrases) for p in paragraphs(release.body)]

    def warm(self):
        """Run the bare listing once, with no deadline: it reads what any first search reads (the facet
        columns, the date order's keys), and those are kept per segment, so that a server warmed before
        its workers start answers their first requests as fast as the others (seconds at 100,000 releases)."""
        self.run_search(self.collection.params())

    def close(self):
        self.store.close()
        self._local.view = None
