"""Facet counts from column data.

Whoosh's ``groupedby=`` scores every match and ignores ``limit``; counting here
uses the columns, loaded once per searcher into arrays, and never touches the
stored documents.
"""

from collections import Counter, defaultdict
from datetime import date
from functools import cached_property

import numpy as np
from babel.dates import format_date

from .analysis import fold
from .limits import check
from .schema import LABEL_SEPARATOR
from .vocabulary import RELEASES, counted_in

# How many values of a long facet (officials, topics, sources) are returned.
DEFAULT_FACET_SIZE = 20


def _month_label(value):
    year, month = value.split("-")
    return format_date(date(int(year), int(month), 1), "LLLL 'de' y", locale="es_MX")


# Every facet of releases, in the order the page shows them.
FACETS = counted_in(RELEASES)
FACET_NAMES = tuple(facet.name for facet in FACETS)


class ColumnCache:
    """Every document's facet labels, per column, as arrays for one searcher.

    A column becomes a flat list of (document, label number) entries, so
    counting the labels of any set of documents is one mask and one
    ``bincount`` instead of a loop over the documents.
    """

    def __init__(self, searcher, facets=FACETS):
        """:param facets: the facets whose columns to load (the statements index has its own)."""
        reader = searcher.reader()
        self.doc_count = reader.doc_count_all()
        self._columns = {}
        for column in {facet.column for facet in facets}:
            values = reader.column_reader(column) if reader.has_column(column) else []
            numbers, docs, entries = {}, [], []
            for docnum, value in enumerate(values):
                if value:
                    for label in value.decode("utf-8").split(LABEL_SEPARATOR):
                        docs.append(docnum)
                        entries.append(numbers.setdefault(label, len(numbers)))
            self._columns[column] = (
                list(numbers), np.array(docs, dtype=np.int32), np.array(entries, dtype=np.int32)
            )

    def counts(self, column, mask):
        """``{label: count}`` over the documents where ``mask`` is True."""
        labels, docs, entries = self._columns[column]
        if not labels:
            return {}
        totals = np.bincount(entries[mask[docs]], minlength=len(labels))
        return {labels[i]: int(totals[i]) for i in np.flatnonzero(totals)}

    def mask(self, docnums):
        """A boolean array over all documents, True for ``docnums``."""
        mask = np.zeros(self.doc_count, dtype=bool)
        mask[np.asarray(docnums, dtype=np.int64)] = True
        return mask

    @cached_property
    def official_names(self):
        """Every official's name in the index, folded, as a tuple of words."""
        labels = self._columns["official_facet"][0]
        return frozenset(tuple(fold(label).split()) for label in labels)


def count_facets(cache, docnums, selected=None, size=DEFAULT_FACET_SIZE, names=None, facets=FACETS):
    """Count every facet over the matching documents.

    Returns ``{name: [{"value", "label", "count", "selected"}]}``; several
    labels with one key ("Protección civil", "Protección Civil") count as one
    value shown with its most frequent label.

    :param selected: ``{name: set of values}`` currently used as filters.
    :param size: at most this many values of the non-date facets.
    :param names: count only these facets (all by default).
    :param facets: the facets of the index (the releases' by default).
    """
    selected = selected or {}
    facets = [f for f in facets if names is None or f.name in names]
    mask = cache.mask(docnums)
    by_column = {column: cache.counts(column, mask) for column in {facet.column for facet in facets}}
    out = {}
    for facet in facets:
        check()
        counts = Counter()
        labels = defaultdict(Counter)
        for label, n in by_column[facet.column].items():
            value = facet.value_of(label)
            counts[value] += n
            labels[value][label] += n
        if facet.chronological:
            ordered = sorted(counts.items(), reverse=True)
        else:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
        chosen = selected.get(facet.name, set())
        out[facet.name] = [
            {
                "value": value,
                "label": _display(facet, value, labels[value]),
                "count": n,
                "selected": value in chosen,
            }
            for value, n in ordered
        ]
    return out


def _display(facet, value, labels):
    if facet.name == "month":
        return _month_label(value)
    if facet.name == "year":
        return value
    return labels.most_common(1)[0][0]
