"""The two collections one :class:`search.engine.Engine` searches: releases and statements.

A collection names what differs between them — where its index lies, its facets and filters, how a
stored document becomes a record and a hit — so the engine is written once.
"""

from dataclasses import dataclass

from . import release, statements
from .params import SearchParams
from .query import filter_query as release_filters
from .records import hit_record, statement_record
from .schema import open_existing
from .statement_params import StatementParams, filter_query as statement_filters
from .store.reader import Layout
from .vocabulary import RELEASES as RELEASES_NAME, STATEMENTS as STATEMENTS_NAME, counted_in, faceted_filters


@dataclass(frozen=True)
class Collection:
    """What the engine needs to know of one collection."""

    name: str
    layout: Layout
    # The parameters of an empty search.
    params: type
    # ``filter_query(params, skip=None)``: the filters as one query, or None.
    filter_query: object
    # Filters that are also facets, each counted without its own filter so its values combine with OR.
    faceted: tuple
    # ``from_stored(stored fields)``: the record (a Release, a Statement).
    from_stored: object
    # ``hit(record, score, highlight terms)``: a hit as JSON-native data.
    hit: object
    # Releases say how the query was read (corrections, forms matched); statements do not.
    explains: bool
    # Releases mark the year or month a date filter covers and list months within its years.
    dates_follow_filter: bool
    # Without filters, Whoosh may skip posting blocks when it ranks (releases); statements always score every match.
    rank_pruned: bool

    @property
    def facets(self):
        return self.layout.facets

    @property
    def facet_names(self):
        return tuple(f.name for f in self.layout.facets)


RELEASES = Collection(
    name=RELEASES_NAME,
    layout=Layout(open=open_existing, facets=counted_in(RELEASES_NAME)),
    params=SearchParams,
    filter_query=release_filters,
    faceted=faceted_filters(RELEASES_NAME),
    from_stored=release.from_stored,
    hit=hit_record,
    explains=True,
    dates_follow_filter=True,
    rank_pruned=True,
)

STATEMENTS = Collection(
    name=STATEMENTS_NAME,
    # Newest releases first and, within one, in the order of its text.
    layout=Layout(open=statements.open_statements, facets=counted_in(STATEMENTS_NAME), tie_field="position"),
    params=StatementParams,
    filter_query=statement_filters,
    faceted=faceted_filters(STATEMENTS_NAME),
    from_stored=statements.from_stored,
    hit=statement_record,
    explains=False,
    dates_follow_filter=False,
    rank_pruned=False,
)
