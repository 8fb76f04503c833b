"""Facet counts from column data.

Whoosh's ``groupedby=`` scores every match and ignores ``limit``; counting here
reads, for each matching document, one value from a column loaded once per
searcher, and never touches the stored documents.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from babel.dates import format_date

from .analysis import fold
from .release import key_for
from .schema import LABEL_SEPARATOR

# How many values of a long facet (officials, topics, sources) are returned.
DEFAULT_FACET_SIZE = 20


def _year(label):
    return label[:4]


def _month_label(value):
    year, month = value.split("-")
    return format_date(date(int(year), int(month), 1), "LLLL 'de' y", locale="es_MX")


@dataclass(frozen=True)
class Facet:
    """A facet: the column it counts from and how a stored label becomes a value."""

    name: str
    column: str
    # Dates facet by their own value, newest first; people, topics, sources by count.
    chronological: bool = False
    keyed: bool = True
    to_value: object = None

    def value_of(self, label):
        if self.to_value:
            return self.to_value(label)
        return key_for(label) if self.keyed else label


# Every facet, in the order the page shows them.
FACETS = (
    Facet("year", "month_facet", chronological=True, keyed=False, to_value=_year),
    Facet("month", "month_facet", chronological=True, keyed=False),
    Facet("official", "official_facet"),
    Facet("topic", "topic_facet"),
    Facet("source", "source_facet"),
    Facet("place", "place_facet"),
    Facet("organization", "organization_facet"),
    Facet("type", "type_facet"),
)


FACET_NAMES = tuple(facet.name for facet in FACETS)


class ColumnCache:
    """The labels of every document, per facet column, for one searcher."""

    def __init__(self, searcher):
        reader = searcher.reader()
        self._labels = {}
        for column in {facet.column for facet in FACETS}:
            values = reader.column_reader(column) if reader.has_column(column) else []
            self._labels[column] = [
                tuple(v.decode("utf-8").split(LABEL_SEPARATOR)) if v else () for v in values
            ]

    def labels(self, column, docnum):
        return self._labels[column][docnum]

    @cached_property
    def official_names(self):
        """Every official's name in the index, folded, as a tuple of words."""
        labels = {label for labels in self._labels["official_facet"] for label in labels}
        return frozenset(tuple(fold(label).split()) for label in labels)


def count_facets(cache, docnums, selected=None, size=DEFAULT_FACET_SIZE, names=None):
    """Count every facet over the matching documents.

    Returns ``{name: [{"value", "label", "count", "selected"}]}``; several
    labels with one key ("Protección civil", "Protección Civil") count as one
    value shown with its most frequent label.

    :param selected: ``{name: set of values}`` currently used as filters.
    :param size: at most this many values of the non-date facets.
    :param names: count only these facets (all by default).
    """
    selected = selected or {}
    facets = [f for f in FACETS if names is None or f.name in names]
    columns = {facet.column for facet in facets}
    by_column = {column: Counter() for column in columns}
    for docnum in docnums:
        for column in columns:
            by_column[column].update(cache.labels(column, docnum))
    out = {}
    for facet in facets:
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
