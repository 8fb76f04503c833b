"""The read protocol: one index generation as one thread sees it, answering in plain data.

:class:`Store` keeps one :class:`View` per thread (a Whoosh searcher is costly to open and not shared
across threads) and renews it when the index on disk changes. A view answers the engine's questions:
``select`` (the sorted document numbers a query matches), ``order`` (the one ordering of a selection,
by relevance or by the collection's date order), ``fetch`` (stored fields), ``facet_counts``, the
per-document values the catalog is built from, and ``generation``. Queries come in as trees of
:mod:`search.querytree` and are translated here; the query side's term lookups (``has_term``, ``terms``,
``frequency``, ``expand``, ``derived``) are answered here too, so no Whoosh reader leaves the store.
"""

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from itertools import islice

import numpy as np
from whoosh import classify
from whoosh import query as wq

from ..facets import count_facets
from ..limits import check
from ..schema import LABEL_SEPARATOR
from .collect import collect, forget_idf
from .columns import ColumnCache
from .docsets import DocSets
from .order import document_key, in_date_order, in_tied_date_order, order_keys
from .queries import to_whoosh
from .ranking import Ranker
from .stems import Lexicon
from .segments import per_document

# What the query side derived from one generation's terms (families, corrections, parses), kept per view.
DERIVED_KEPT = 2048
# Distinct wildcards and ranges whose terms a view keeps (each at most what the query side allows).
EXPANSIONS_KEPT = 512
# Releases whose similar releases a view keeps (their numbers and scores: a few hundred bytes each).
SIMILAR_KEPT = 256

# Sorts a view knows besides relevance and the collection's two date orders.
BY_FIELD = {"position": ("position", False), "-indexed_at": ("indexed_at", True)}
RELEVANCE, NEWEST, OLDEST = "relevancia", "recientes", "antiguos"


@dataclass(frozen=True)
class Layout:
    """How one collection lies on disk and is ordered by date."""

    # Opens the collection's index from the index folder, or raises IndexNotFoundError in Spanish.
    open: object
    # The facets whose label columns are counted.
    facets: tuple
    # Date order ties: None for (date, id), else a stored sortable field (statements: their position).
    tie_field: str | None = None


class View:
    """One generation of an index, for one thread."""

    def __init__(self, ix, layout):
        self._ix = ix
        self.layout = layout
        self._searcher = ix.searcher()
        self._reader = self._searcher.reader()
        # What each wildcard or range stood for, read once per generation: {Whoosh leaf: (terms, complete)}.
        self._expansions = OrderedDict()
        self._derived = OrderedDict()
        self._similar = OrderedDict()
        # The reader's terms, with the stemmed fields' read off their folded twins.
        self._lexicon = Lexicon(self._reader)
        self.docsets = DocSets(self._searcher, self._expanded, self._lexicon)
        self.ranker = Ranker(self._searcher, self.docsets, self._expanded)
        self.columns = ColumnCache(self._reader, layout.facets)

    # What the query side reads while parsing: the schema's analyzers, and the index's terms.

    @property
    def schema(self):
        return self._searcher.schema

    def has_field(self, name):
        return name in self._searcher.schema

    def has_term(self, fieldname, text):
        """Whether some document has the (analysed) ``text`` in ``fieldname``."""
        return (fieldname, text) in self._lexicon

    def terms(self, fieldname, prefix="", limit=None):
        """The index terms of ``fieldname`` that start with ``prefix``, in order, at most ``limit``, as text."""
        found = self._lexicon.expand_prefix(fieldname, prefix)
        for term in islice(found, limit):
            yield term.decode("utf-8") if isinstance(term, bytes) else term

    def frequency(self, fieldname, text):
        """How many documents have ``text`` in ``fieldname``."""
        if isinstance(text, str):
            text = self._searcher.schema[fieldname].to_bytes(text)
        return self.docsets.doc_frequency(fieldname, text)

    def expand(self, leaf, limit=None):
        """The index terms a wildcard or range of :mod:`search.querytree` stands for, at most ``limit``.

        Read once per generation and pattern: checking a query's wildcards, selecting, ranking and
        highlighting share one reading.
        """
        return tuple(term.decode("utf-8") if isinstance(term, bytes) else term
                     for _, term in self._expanded(to_whoosh(leaf), limit))

    def _expanded(self, q, limit=None):
        """``[(field, term bytes)]`` of a Whoosh multi-term query, at most ``limit``, kept per view."""
        key = q.with_boost(1.0) if q.boost != 1.0 else q
        found = self._expansions.get(key)
        if found is None or (not found[1] and (limit is None or limit > len(found[0]))):
            check()
            terms = list(islice(key.expanded_terms(self._lexicon), None if limit is None else limit + 1))
            complete = limit is None or len(terms) <= limit
            found = self._expansions[key] = (terms if complete else terms[:limit], complete)
            if len(self._expansions) > EXPANSIONS_KEPT:
                self._expansions.popitem(last=False)
        return found[0] if limit is None else found[0][:limit]

    def derived(self, key, compute):
        """``compute()``, once per generation and ``key``: what the query side reads off this generation's
        terms (a word's family, its correction) is read once, not again by the fallback or the next search."""
        if key in self._derived:
            self._derived.move_to_end(key)
            return self._derived[key]
        value = self._derived[key] = compute()
        if len(self._derived) > DERIVED_KEPT:
            self._derived.popitem(last=False)
        return value

    # Read protocol.

    def select(self, *queries):
        """Sorted docnums of the live documents matching every query given (None ones left out; none: all).

        The queries are trees of :mod:`search.querytree`.
        """
        parts = [to_whoosh(q) for q in queries if q is not None]
        return self.docsets.docs(wq.And(parts) if len(parts) > 1 else (parts[0] if parts else wq.Every()))

    def order(self, docnums, sort, query=None, limit=None, after=None, filtered=True):
        """The first ``limit`` of ``docnums`` in the order ``sort`` names, as ``[(docnum, score or None)]``.

        The one ordering of the page, the cursor walk, the export and the alerts:

        - ``"relevancia"`` with a ``query``: BM25F, ties to the lower document number; ``filtered`` False
          says ``docnums`` are exactly the query's matches, so Whoosh may skip posting blocks;
        - ``"recientes"`` / ``"antiguos"``: by date, ties by id (releases) or by the layout's
          ``tie_field`` (statements); ``after`` is the last ``(day, id)`` key already seen;
        - a field sort of :data:`BY_FIELD` (``"position"``, ``"-indexed_at"``).
        """
        if filtered and len(docnums) == 0:
            # Whoosh reads an empty filter as no filter at all: nothing selected must order to nothing.
            return []
        if sort == RELEVANCE and query is not None:
            query = to_whoosh(query)
            ranked = self.ranker.top(query, docnums, limit)
            if ranked is not None:
                return ranked
            allowed = set(np.asarray(docnums).tolist()) if filtered else None
            query = self._lexicon.through_twins(query)
            return [(hit.docnum, hit.score) for hit in collect(self._searcher, query, limit, filter=allowed)]
        descending = sort != OLDEST
        if sort in BY_FIELD:
            fieldname, reverse = BY_FIELD[sort]
            return [(n, None) for n in self._by_field(docnums, fieldname, reverse, limit)]
        if self.layout.tie_field is None:
            return [(n, None) for n in in_date_order(self._reader, docnums, after, descending, limit)]
        if after is not None:
            raise ValueError("Solo los comunicados se recorren con cursor.")
        return [(n, None) for n in in_tied_date_order(self._reader, docnums, self.layout.tie_field, descending, limit)]

    def _by_field(self, docnums, fieldname, reverse, limit):
        """``docnums`` as Whoosh sorts them on one sortable field (its column's value, then the number;
        both reversed with ``reverse``), the first ``limit``; read from the column for those documents
        only, where Whoosh walks every document of the index (a quarter of a second per release page
        for its statements at 100,000 releases)."""
        docnums = np.asarray(docnums, dtype=np.int64)
        keys = np.empty(len(docnums), dtype=np.uint64)
        for leaf, offset in self._reader.leaf_readers():
            size = leaf.doc_count_all()
            inside = np.flatnonzero((docnums >= offset) & (docnums < offset + size))
            if not len(inside):
                continue
            if leaf.has_column(fieldname):
                column = leaf.column_reader(fieldname, translate=False)
                keys[inside] = [column[n] for n in (docnums[inside] - offset).tolist()]
            else:
                keys[inside] = leaf.schema[fieldname].column_type.default_value()
        order = np.lexsort((docnums, keys))
        if reverse:
            order = order[::-1]
        return docnums[order[:limit]].tolist()

    def order_key(self, docnum):
        """The ``(day, id)`` a release sorts by in date order, for a cursor's token."""
        return document_key(self._reader, docnum)

    def fetch(self, docnums):
        """The stored fields of each document, in the order given."""
        return [self._searcher.stored_fields(int(n)) for n in docnums]

    def by_key(self, key):
        """The stored fields of the document with this ``id``, or None."""
        return self._searcher.document(id=key)

    def facet_counts(self, docnums, selected=None, size=None, names=None):
        """Every facet of the layout (or ``names``) counted over ``docnums`` (see :func:`search.facets.count_facets`)."""
        extra = {} if size is None else {"size": size}
        return count_facets(self.columns, docnums, selected, names=names, facets=self.layout.facets, **extra)

    @property
    def official_names(self):
        """Every official's name in the index, folded, as tuples of words."""
        return self.columns.official_names

    def similar(self, key, text, limit, numterms):
        """Documents about what ``text`` (the document ``key``'s own) is about, as ``[(stored, score)]``.

        Whoosh's ``more_like``: the ``numterms`` words of ``text`` most distinctive of it (Bo1) in one OR,
        each weighed by its distinctiveness, the document itself left out; but the OR is ranked here with
        numpy (:class:`~search.store.ranking.Ranker`, the same BM25F), not walked in Python, which at
        100,000 releases took most of a release's page. Kept per generation: a page is opened again.
        """
        ranked = self._similar.get((key, limit, numterms))
        if ranked is not None:
            self._similar.move_to_end((key, limit, numterms))
        else:
            docnum = self._searcher.document_number(id=key)
            if docnum is None:
                return []
            check()
            words = _key_terms(self._lexicon, "body", text, numterms)
            q = wq.Or([wq.Term("body", word, boost=weight) for word, weight in words])
            others = np.setdiff1d(self.docsets.docs(q), [docnum], assume_unique=True)
            ranked = self._similar[(key, limit, numterms)] = self.ranker.top(q, others, limit) if words else []
            if len(self._similar) > SIMILAR_KEPT:
                self._similar.popitem(last=False)
        return [(self._searcher.stored_fields(n), score) for n, score in ranked]

    def stamped(self, fieldname, since, until):
        """Sorted docnums whose date ``fieldname`` is after ``since`` and not after ``until``."""
        q = wq.DateRange(fieldname, since, until, startexcl=True)
        return np.fromiter(self._searcher.docs_for_query(q), dtype=np.int64)

    def newest(self, fieldname, floor):
        """The latest value of the date ``fieldname`` at or after ``floor``, or None."""
        found = self._searcher.search(wq.DateRange(fieldname, floor, None), sortedby=fieldname, reverse=True, limit=1)
        return found[0][fieldname] if len(found) else None

    # What the catalog is counted from.

    def live_docnums(self):
        return self._reader.all_doc_ids()

    def order_keys(self):
        """Each document's ``(day, id)``, by document number."""
        return order_keys(self._reader)

    def labels_per_document(self, column):
        """Each document's labels in a facet column, as tuples, by document number (kept per segment)."""
        return per_document(self._reader, _column_labels(column))

    def stored_where(self, fieldname, column):
        """Each document's stored ``fieldname`` where its ``column`` has a label, else None, by document number."""
        return per_document(self._reader, _stored_where(fieldname, column))

    def all_stored(self):
        """Every live document's stored fields."""
        return self._searcher.all_stored_fields()

    def generation(self):
        """A number that changes with every commit."""
        return self._reader.generation()

    def up_to_date(self):
        return self._searcher.up_to_date()

    def close(self):
        self._searcher.close()


# One builder per column (and per stored field), so each is cached per segment under its own builder.
_BUILDERS = {}


def _key_terms(lexicon, fieldname, text, numterms):
    """Whoosh's ``key_terms_from_text`` (Bo1), with the text's terms counted off the field's analyzer: the
    field's ``index()`` gives a stemmed twin's length alone (:mod:`search.store.twins`)."""
    expander = classify.Expander(lexicon, fieldname, model=classify.Bo1Model)
    expander.add(Counter(t.text for t in lexicon.schema[fieldname].analyzer(text, mode="index")).items())
    return expander.expanded_terms(numterms, normalize=False)


def _column_labels(name):
    def build(leaf):
        if not leaf.has_column(name):
            return [()] * leaf.doc_count_all()
        return [tuple(v.decode("utf-8").split(LABEL_SEPARATOR)) if v else () for v in leaf.column_reader(name)]

    return _BUILDERS.setdefault(("labels", name), build)


def _stored_where(fieldname, column):
    labels = _column_labels(column)

    def build(leaf):
        present = labels(leaf)
        return [leaf.stored_fields(n).get(fieldname) if present[n] else None for n in range(leaf.doc_count_all())]

    return _BUILDERS.setdefault(("stored", fieldname, column), build)


class Store:
    """An index opened for reading: one :class:`View` per thread, renewed when the index changes."""

    def __init__(self, ix, layout):
        self._ix = ix
        self.layout = layout
        self._local = threading.local()
        # Every thread's view, so close() closes them all and a view whose thread ended (a threaded
        # server's request) is closed instead of leaving its open files to the garbage collector.
        self._views = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, index_dir, layout):
        """Open the layout's index in ``index_dir``; raises IndexNotFoundError when there is none."""
        return cls(layout.open(index_dir), layout)

    def view(self):
        """This thread's view, renewed if the index changed since it was opened."""
        view = getattr(self._local, "view", None)
        if view is not None and view.up_to_date():
            forget_idf(view._searcher)
            return view
        if view is not None:
            # Not Searcher.refresh(): it reuses readers of segments whose deletions changed
            # and keeps segments merged away, so replaced documents would count twice.
            view.close()
        view = self._local.view = View(self._ix, self.layout)
        with self._lock:
            self._views[threading.current_thread()] = view
            for thread in [t for t in self._views if not t.is_alive()]:
                self._views.pop(thread).close()
        return view

    def last_modified(self):
        """When the index was last written (seconds since the epoch), or None."""
        return self._ix.last_modified()

    def close(self):
        """Close every thread's view."""
        with self._lock:
            views, self._views = list(self._views.values()), {}
        for view in views:
            view.close()
        self._local.view = None
