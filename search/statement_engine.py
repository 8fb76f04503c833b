"""Searching statements: the one function behind /declaraciones, /api/v1/statements and the officials' pages.

Queries are read as release searches are (:func:`search.interpret.interpret`: typed filters,
synonyms, corrections), matched with :class:`search.docsets.DocSets` and counted with the facet
columns of :mod:`search.facets`; only the index and its facets differ.
"""

import math
import threading
import time

from whoosh import query as wq
from whoosh import sorting

from .docsets import DocSets
from .facets import DEFAULT_FACET_SIZE, ColumnCache, count_facets
from .highlight import snippet
from .interpret import select
from .limits import DEFAULT_SEARCH_SECONDS, check, collect, forget_idf, time_limit
from .query import query_terms
from .ranking import Ranker
from .release import key_for
from .statement_params import FILTER_FIELDS, StatementParams, filter_query
from .statements import KIND_LABELS, SPEAKER_LABELS, from_stored, open_statements
from .vocabulary import STATEMENTS, counted_in, faceted_filters

# The facets of statements, in the order the page shows them.
STATEMENT_FACETS = counted_in(STATEMENTS)
STATEMENT_FACET_NAMES = tuple(f.name for f in STATEMENT_FACETS)
# Filters that are also facets, each counted without its own filter so its values combine with OR.
FACETED_FILTERS = faceted_filters(STATEMENTS)
# Newest releases first and, within one, in the order of its text.
NEWEST = sorting.MultiFacet([sorting.FieldFacet("date", reverse=True), sorting.FieldFacet("position")])
OLDEST = sorting.MultiFacet([sorting.FieldFacet("date"), sorting.FieldFacet("position")])


def statement_record(statement, score=None, highlight_terms=(set(), set())):
    """A statement as JSON-native data: what was said, by whom, when, and where in which release."""
    s = statement
    stems, phrases = highlight_terms
    return {
        "id": s.id,
        "text": s.text,
        "snippet": str(snippet(s.text, stems, phrases)),
        "kind": s.kind,
        "kind_label": KIND_LABELS[s.kind],
        "speaker": {
            "name": s.speaker or None,
            "key": s.official_key or None,
            "type": s.speaker_type,
            "type_label": SPEAKER_LABELS[s.speaker_type],
            "role": s.role or None,
            "institution": s.institution or None,
        },
        "date": s.date.isoformat() if s.date else None,
        "topics": [{"key": key_for(t), "label": t} for t in s.topics],
        "release": {"id": s.release_id, "title": s.release_title, "source": s.source},
        "position": s.position,
        "anchor": s.anchor,
        "span": [s.start, s.end],
        "score": round(score, 4) if score is not None else None,
    }


class StatementEngine:
    """A statements index opened for searching, with one searcher per thread."""

    def __init__(self, ix, search_seconds=DEFAULT_SEARCH_SECONDS):
        """:param search_seconds: how long one search may run (None: no limit)."""
        self.ix = ix
        self.search_seconds = search_seconds
        self._local = threading.local()

    @classmethod
    def open(cls, index_dir, search_seconds=DEFAULT_SEARCH_SECONDS):
        """The statements of the release index at ``index_dir``; raises IndexNotFoundError without them."""
        return cls(open_statements(index_dir), search_seconds)

    def current(self):
        """This thread's searcher, its facet columns and match sets, renewed when the index changed."""
        state = getattr(self._local, "state", None)
        if state is not None and state[0].up_to_date():
            forget_idf(state[0])
            return state
        if state is not None:
            state[0].close()
        searcher = self.ix.searcher()
        state = self._local.state = (searcher, ColumnCache(searcher, STATEMENT_FACETS), DocSets(searcher))
        self._local.ranker = Ranker(searcher, state[2])
        return state

    def search(self, params=None, facet_size=DEFAULT_FACET_SIZE):
        """Statements matching ``params``: hits, total, pages and facets, as JSON-native data.

        Without words, the statements that pass the filters, newest first; when every word together
        finds nothing, any of them (``mode`` says ``"any"``).
        """
        with time_limit(self.search_seconds):
            return self._search(params or StatementParams(), facet_size)

    def _search(self, params, facet_size):
        started = time.perf_counter()
        searcher, columns, docsets = self.current()
        params, _, text_q, docnums, mode = select(
            params, searcher, columns.official_names,
            lambda query, chosen: self._matching(docsets, query, chosen),
        )
        total = len(docnums)
        start = (params.page - 1) * params.per_page
        terms = query_terms(text_q, searcher.reader()) if text_q is not None else (set(), set())
        by_relevance = text_q is not None and params.sort == "relevancia"
        page = self._page(searcher, text_q, docnums, params, start, by_relevance) if start < total else []
        return {
            "query": params.q,
            "total": total,
            "page": params.page,
            "per_page": params.per_page,
            "pages": max(1, math.ceil(total / params.per_page)),
            "sort": params.sort if text_q is not None else "recientes",
            "mode": mode,
            "hits": [statement_record(s, score if by_relevance else None, terms) for s, score in page],
            "facets": self._facets(docsets, columns, text_q, params, docnums, facet_size),
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def _matching(self, docsets, text_q, params, skip=None):
        parts = [p for p in (text_q, filter_query(params, skip=skip)) if p is not None]
        return docsets.docs(wq.And(parts) if len(parts) > 1 else (parts[0] if parts else wq.Every()))

    def _page(self, searcher, text_q, docnums, params, start, by_relevance):
        end = start + params.per_page
        allowed = set(docnums.tolist())
        if by_relevance:
            # Ranked with numpy as the releases are, each match scored in full: Whoosh's pruning of
            # posting blocks is slow with many words and can drop a statement that belongs in the top.
            ranked = self._local.ranker.top(text_q, docnums, end)
            if ranked is not None:
                return [(from_stored(searcher.stored_fields(docnum)), score) for docnum, score in ranked[start:end]]
            results = collect(searcher, text_q, end, filter=allowed)
        else:
            order = OLDEST if params.sort == "antiguos" else NEWEST
            results = collect(searcher, wq.Every(), end, filter=allowed, sortedby=order)
        return [(from_stored(hit.fields()), hit.score) for hit in results[start:end]]

    def _facets(self, docsets, columns, text_q, params, docnums, size):
        """Every facet over the matches; a facet in use is counted without its own filter."""
        selected = {name: {key_for(v) for v in getattr(params, name)} for name in FACETED_FILTERS}
        active = {name for name in FACETED_FILTERS if getattr(params, name)}
        dated = bool(params.date_from or params.date_to)
        counted = set(STATEMENT_FACET_NAMES) - active - ({"year", "month"} if dated else set())
        facets = count_facets(columns, docnums, selected, size, names=counted, facets=STATEMENT_FACETS)
        for name in active:
            check()
            own = self._matching(docsets, text_q, params, skip=name)
            facets.update(count_facets(columns, own, selected, size, names={name}, facets=STATEMENT_FACETS))
        if dated:
            own = self._matching(docsets, text_q, params, skip="date")
            facets.update(count_facets(columns, own, selected, size, names={"year", "month"},
                                       facets=STATEMENT_FACETS))
        return {name: facets[name] for name in STATEMENT_FACET_NAMES}

    def of_release(self, release_id):
        """The statements of one release, in the order of its text."""
        searcher, _, _ = self.current()
        results = searcher.search(wq.Term(FILTER_FIELDS["release"], release_id), limit=None, sortedby="position")
        return [from_stored(hit.fields()) for hit in results]

    def close(self):
        state = getattr(self._local, "state", None)
        if state:
            state[0].close()
            self._local.state = None
