"""The one search function behind the page, the API and the command line.

:class:`Engine` keeps a searcher per thread (a Whoosh searcher is costly to
open and not shared across threads) and refreshes it when the index on disk
changes, together with the facet columns loaded for it.
"""

import copy
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import numpy as np
from whoosh import query as wq

from .docsets import DocSets
from .ranking import Ranker
from .facets import DEFAULT_FACET_SIZE, FACET_NAMES, ColumnCache, count_facets
from .highlight import mark, snippet
from .interpret import interpret, select
from .limits import DEFAULT_SEARCH_SECONDS, check, collect, forget_idf, time_limit
from .order import in_date_order
from .params import LIST_FILTERS, SearchParams
from .query import filter_query, query_terms
from .reading import interpretation, suggestion
from .release import from_stored, key_for
from .schema import open_existing
from .statements import paragraphs
from .urls import safe_url


# Searches whose results each thread keeps, for repeated queries and paging back.
DEFAULT_CACHE_SIZE = 128
# Distinctive words of a release used to find similar ones.
MLT_TERMS = 12


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


def _selected(params):
    selected = {name: {key_for(v) for v in getattr(params, name)} for name in LIST_FILTERS}
    selected.update(_selected_dates(params))
    return selected


def release_fields(release):
    """A release's metadata as JSON-native data: ISO date, keyed officials and topics."""
    return {
        "id": release.id,
        "title": release.title,
        "date": release.date.isoformat() if release.date else None,
        # Only an http(s) address is handed on, so no page, feed, export or program makes a script link of it.
        "url": safe_url(release.url),
        "source": release.source,
        "officials": [{"key": o.key, "name": o.name, "role": o.role} for o in release.officials],
        "topics": [{"key": key_for(t), "label": t} for t in release.topics],
        "places": [{"key": key_for(p), "label": p} for p in release.places],
        "organizations": [{"key": key_for(o), "label": o} for o in release.organizations],
        "type": release.doc_type,
    }


def _iso(value):
    return value.isoformat() if value else None


def history_fields(release):
    """When the release was first and last seen on its site, its last update, withdrawal and earlier versions."""
    return {
        "first_seen": _iso(release.first_seen),
        "last_seen": _iso(release.last_seen),
        "updated": _iso(release.updated),
        "withdrawn": release.withdrawn,
        "versions": release.versions,
        "labels": release.labels,
    }


def hit_record(release, score, highlight_terms):
    """A hit: the release's metadata, an HTML snippet and the score (None when sorted by date)."""
    stems, phrases = highlight_terms
    return {
        **release_fields(release),
        "snippet": str(snippet(release.body, stems, phrases)),
        "score": round(score, 4) if score is not None else None,
    }


@dataclass
class Selection:
    """The releases a search selects, and how it was read, before ranking or paging."""

    searcher: object
    columns: ColumnCache
    # The request's parameters with the filters typed in the box merged in.
    params: SearchParams
    reading: object
    # The text query, None when only filters (or nothing) were given.
    query: object
    # Sorted document numbers of the matches.
    docnums: object
    # "all", or "any" when every word together found nothing and any word is matched instead.
    mode: str


class Engine:
    """An index opened for searching."""

    def __init__(self, ix, cache_size=DEFAULT_CACHE_SIZE, search_seconds=DEFAULT_SEARCH_SECONDS):
        """:param cache_size: searches kept per thread; 0 turns the result cache off.
        :param search_seconds: how long one search may run before it stops with
            :class:`search.limits.SearchTimeout` (None: no limit).
        """
        self.ix = ix
        self.cache_size = cache_size
        self.search_seconds = search_seconds
        self._local = threading.local()

    @classmethod
    def open(cls, path, cache_size=DEFAULT_CACHE_SIZE, search_seconds=DEFAULT_SEARCH_SECONDS):
        """Open the index at ``path``; raises IndexNotFoundError when there is none."""
        return cls(open_existing(path), cache_size, search_seconds)

    def current(self):
        """This thread's searcher and its facet columns, refreshed if the index changed."""
        state = getattr(self._local, "state", None)
        if state is None:
            searcher = self.ix.searcher()
        elif not state[0].up_to_date():
            # Not Searcher.refresh(): it reuses readers of segments whose deletions changed
            # and keeps segments merged away, so replaced releases would count twice.
            state[0].close()
            searcher = self.ix.searcher()
        else:
            forget_idf(state[0])
            return state
        # A new searcher means a new index generation: columns and cached results start over.
        self._local.results = OrderedDict()
        self._local.docsets = DocSets(searcher)
        self._local.ranker = Ranker(searcher, self._local.docsets)
        state = self._local.state = (searcher, ColumnCache(searcher))
        return state

    def search(self, params=None, facet_size=DEFAULT_FACET_SIZE):
        """Run a search (see :meth:`run_search`), answering repeated ones from a cache.

        The cache lives as long as the searcher: any change to the index empties it.
        """
        params = params or SearchParams()
        if not self.cache_size:
            with time_limit(self.search_seconds):
                return self.run_search(params, facet_size)
        started = time.perf_counter()
        self.current()
        cache = self._local.results
        key = (params, facet_size)
        result = cache.get(key)
        if result is None:
            with time_limit(self.search_seconds):
                result = self.run_search(params, facet_size)
            cache[key] = result
            if len(cache) > self.cache_size:
                cache.popitem(last=False)
            return copy.deepcopy(result)
        cache.move_to_end(key)
        result = copy.deepcopy(result)
        result["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return result

    def run_search(self, params, facet_size=DEFAULT_FACET_SIZE):
        """Run a search and return hits, total, pages and facets as JSON-native data.

        An empty query lists the releases that pass the filters, newest first.
        When every word together finds nothing, the releases with any of them
        are returned instead and ``mode`` says ``"any"``. Facet counts follow
        the query and the other facets' filters, so values of one facet can
        be combined (OR). ``facet_size`` caps the values of each non-date
        facet. A page past the last one is empty rather than clamped.
        """
        started = time.perf_counter()
        chosen = self.matching(params)
        searcher, columns, params, reading = chosen.searcher, chosen.columns, chosen.params, chosen.reading
        text_q, docnums, mode = chosen.query, chosen.docnums, chosen.mode
        total = len(docnums)
        start = (params.page - 1) * params.per_page
        terms = query_terms(text_q, searcher.reader()) if text_q is not None else (set(), set())
        page = self._page(searcher, text_q, docnums, params, start) if start < total else []
        hits = [hit_record(release, score, terms) for release, score in page]
        return {
            "query": params.q,
            "total": total,
            "page": params.page,
            "per_page": params.per_page,
            "pages": max(1, math.ceil(total / params.per_page)),
            "sort": params.sort if text_q is not None else "recientes",
            "mode": mode,
            "suggestion": suggestion(reading, [r for r, _ in page]),
            "interpretation": interpretation(reading, terms, [r for r, _ in page]),
            "hits": hits,
            "facets": self._facets(searcher, columns, text_q, params, docnums, facet_size),
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def matching(self, params):
        """How a search is read and which releases it selects, before any ranking or paging.

        Returns a :class:`Selection`. The page, cursor walks and exports all
        select releases here.
        """
        searcher, columns = self.current()
        with time_limit(self.search_seconds):
            params, reading, text_q, docnums, mode = select(
                params, searcher, columns.official_names,
                lambda query, chosen: self._matching(searcher, query, chosen),
            )
        return Selection(searcher, columns, params, reading, text_q, docnums, mode)

    def _matching(self, searcher, text_q, params, skip=None):
        """Sorted document numbers matching the text and every filter except ``skip``."""
        parts = [p for p in (text_q, filter_query(params, skip=skip)) if p is not None]
        match_q = wq.And(parts) if len(parts) > 1 else (parts[0] if parts else wq.Every())
        return self._local.docsets.docs(match_q)

    def _facets(self, searcher, columns, text_q, params, docnums, size):
        """Every facet counted over the matches, each active facet without its own filter."""
        selected = _selected(params)
        active = {name for name in LIST_FILTERS if getattr(params, name)}
        dated = bool(params.date_from or params.date_to)
        counted = set(FACET_NAMES) - active - ({"year", "month"} if dated else set())
        facets = count_facets(columns, docnums, selected, size, names=counted)
        for name in active:
            check()
            own = self._matching(searcher, text_q, params, skip=name)
            facets.update(count_facets(columns, own, selected, size, names={name}))
        if dated:
            check()
            own = self._matching(searcher, text_q, params, skip="date")
            facets.update(count_facets(columns, own, selected, size, names={"year", "month"}))
            # Months are listed within the years the date filter spans.
            first = (params.date_from or date.min).year
            last = (params.date_to or date.max).year
            facets["month"] = [m for m in facets["month"] if first <= int(m["value"][:4]) <= last]
        return {name: facets[name] for name in FACET_NAMES}

    def _page(self, searcher, text_q, docnums, params, start):
        """The releases of the requested page with their scores (None when sorted by date)."""
        by_relevance = text_q is not None and params.sort == "relevancia"
        end = start + params.per_page
        if by_relevance:
            ranked = self.ranked(text_q, docnums, end, filtered=filter_query(params) is not None)
            return [(from_stored(searcher.stored_fields(docnum)), score) for docnum, score in ranked[start:end]]
        ordered = in_date_order(searcher.reader(), docnums, descending=params.sort != "antiguos", limit=end)
        return [(from_stored(searcher.stored_fields(int(docnum))), None) for docnum in ordered[start:end]]

    def ranked(self, text_q, docnums, limit, filtered=True):
        """The best ``limit`` of ``docnums`` for ``text_q`` as ``[(docnum, score)]``, within the deadline.

        The page and the exports rank here. ``filtered`` False says ``docnums``
        are exactly the text query's matches.
        """
        self.current()
        ranked = self._local.ranker.top(text_q, docnums, limit)
        if ranked is not None:
            return ranked
        searcher = self.current()[0]
        if not filtered:
            # Without a filter set to check, Whoosh can skip posting blocks that cannot reach the top.
            results = collect(searcher, text_q, limit)
        else:
            results = collect(searcher, text_q, limit, filter=set(np.asarray(docnums).tolist()))
        return [(hit.docnum, hit.score) for hit in results]

    def get(self, release_id):
        """The release with this id, or None."""
        searcher, _ = self.current()
        stored = searcher.document(id=release_id)
        return from_stored(stored) if stored else None

    def more_like_this(self, release_id, limit=5):
        """Releases about the same things as this one (its most distinctive words), best first."""
        searcher, _ = self.current()
        docnum = searcher.document_number(id=release_id)
        if docnum is None:
            return []
        release = from_stored(searcher.stored_fields(docnum))
        similar = searcher.more_like(
            docnum, "body", text=f"{release.title}\n{release.body}", top=limit, numterms=MLT_TERMS
        )
        no_terms = (set(), set())
        return [hit_record(from_stored(hit.fields()), hit.score, no_terms) for hit in similar]

    def release_record(self, release):
        """A release in full, as the API returns it, with what the site crawler knows of its history."""
        return {**release_fields(release), "body": release.body, **history_fields(release)}

    def highlight_terms(self, text):
        """What a query typed as ``text`` matches, for marking a text; empty for no query."""
        if not text:
            return set(), set()
        searcher, _ = self.current()
        q = interpret(text, searcher).query
        return query_terms(q, searcher.reader()) if q is not None else (set(), set())

    def marked_body(self, release, text):
        """The body's paragraphs as safe HTML, with the words of query ``text`` marked."""
        stems, phrases = self.highlight_terms(text)
        return [mark(p, stems, phrases) for p in paragraphs(release.body)]

    def close(self):
        state = getattr(self._local, "state", None)
        if state:
            state[0].close()
            self._local.state = None
