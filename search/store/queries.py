"""The parts a parsed query is built from: Whoosh's query nodes and its parser's plugins.

:mod:`search.query` and :mod:`search.expand` build and rewrite queries with these names; outside this
package a query is a value handed back to :meth:`search.store.reader.View.select` and ``order``.
"""

from whoosh.matching import AndNotMatcher
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FieldsPlugin,
    MultifieldParser,
    OperatorsPlugin,
    OrGroup,
    PhrasePlugin,
    PlusMinusPlugin,
)
from whoosh.query import And, AndNot, DateRange, Every, MultiTerm, Not, NullQuery, Or, Phrase, Prefix, Query, Term, Wildcard
from whoosh.support.levenshtein import distance

__all__ = [
    "AndNotMatcher", "AndGroup", "FieldAliasPlugin", "FieldsPlugin", "MultifieldParser", "OperatorsPlugin",
    "OrGroup", "PhrasePlugin", "PlusMinusPlugin", "And", "AndNot", "DateRange", "Every", "MultiTerm", "Not",
    "NullQuery", "Or", "Phrase", "Prefix", "Query", "Term", "Wildcard", "distance",
]
