"""Facet counts from column data.

Whoosh's ``groupedby=`` scores every match and ignores ``limit``; counting here
uses the columns, loaded once per index generation into arrays by
:class:`search.store.columns.ColumnCache`, and never touches the stored documents.
"""

from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache

from babel.dates import format_date

from .limits import check
from .vocabulary import RELEASES, counted_in

# How many values of a long facet (officials, topics, sources) are returned.
DEFAULT_FACET_SIZE = 20


# Babel formats each month once: ninety-six months of an index took 2 ms of every search.
@lru_cache(maxsize=4096)
def _month_label(value):
    year, month = value.split("-")
    return format_date(date(int(year), int(month), 1), "LLLL 'de' y", locale="es_MX")


# Every facet of releases, in the order the page shows them.
FACETS = counted_in(RELEASES)
FACET_NAMES = tuple(facet.name for facet in FACETS)


def count_facets(cache, docnums, selected=None, size=DEFAULT_FACET_SIZE, names=None, facets=FACETS):
    """Count every facet over the matching documents.

    Returns ``{name: [{"value", "label", "count", "selected"}]}``; several
    labels with one key ("Protección civil", "Protección Civil") count as one
    value shown with its most frequent label.

    :param selected: ``{name: set of values}`` currently used as filters.
    :param size: at most this many values of the non-date facets, and the chosen ones after them.
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
            value = _value_of(facet, label)
            counts[value] += n
            labels[value][label] += n
        chosen = selected.get(facet.name, set())
        if facet.chronological:
            ordered = sorted(counts.items(), reverse=True)
        else:
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            # A chosen value stays listed past the cut, so it can be seen and taken off where it is.
            ordered = ranked[:size] + [kv for kv in ranked[size:] if kv[0] in chosen]
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


@lru_cache(maxsize=65536)
def _value_of(facet, label):
    """A stored label's facet value, worked out once: every search counts the same few hundred labels."""
    return facet.value_of(label)


def _display(facet, value, labels):
    if facet.name == "month":
        return _month_label(value)
    if facet.name == "year":
        return value
    return labels.most_common(1)[0][0]
