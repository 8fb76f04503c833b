"""How a typed query is read: filters lifted out, synonyms added, words forgiven.

The steps, in order: typed filters (``oficial:``, ``fecha:``) become
filters; synonym groups are expanded; the text is parsed (all words required,
or any word for the fallback); wildcards are checked against their cap; words
without ñ also match ñ spellings, and every word the words of its verb's
family, far below; words in no document also match close
words. The result says what was done, so the page can tell the user.
"""

from dataclasses import dataclass, field

from .analysis import fold
from .expand import apply_corrections, corrections, expand_enye, expand_families, plain_spellings
from .spelling import SPANISH
from .store.docsets import EMPTY
from .query import ACCENT_FIELDS, check_size, check_wildcards, has_negation, both, parse, typed_filter_query
from .official_names import resolve_officials
from .synonyms import Synonyms, weigh_names
from .syntax import ALL_OF, merge_filters, split_filters


@dataclass
class Interpretation:
    """A typed query as the engine will run it."""

    typed: str
    # The typed text without its filters.
    text: str
    # None when the text has no searchable word (only stop words, or only filters).
    query: object = None
    filters: dict = field(default_factory=dict)
    synonyms: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)
    any_word: bool = False
    exact: bool = False

    @property
    def restriction(self):
        """What the typed filters require beyond the merged ones (``oficial:A oficial:B``: both), or None."""
        return typed_filter_query(self.filters.get(ALL_OF, ()))

    @property
    def only_filters(self):
        """True when everything typed was a filter, so the search lists what they select."""
        return not self.text.strip()


# Weight of an official's name typed among other words.
NAME_BOOST = 0.3

# The Spanish word list that corrections check loads in the background as soon as searching is possible.
SPANISH.start()


def interpret(typed, view, any_word=False, synonyms=None, names=frozenset(), exact=False):
    """Read ``typed`` for the index the store's ``view`` sees; raises QueryError on text that cannot be run.

    :param names: officials' names in the index, folded, as tuples of words.
    :param exact: accents and ñ must match as typed; nothing is expanded or corrected.
    """
    text, filters = split_filters(typed)
    # An index written before it had the accent-keeping twins can only ignore accents.
    exact = exact and all(view.has_field(name) for name in ACCENT_FIELDS.values())
    reading = Interpretation(typed=typed, text=text, filters=filters, any_word=any_word, exact=exact)
    if not text.strip():
        return reading
    if exact:
        q = _bounded(parse(text, view.schema, any_word, exact=True), view)
        reading.query = plain_spellings(q, view) if q is not None else None
        return reading
    synonyms = synonyms or Synonyms.load()
    expanded, reading.synonyms = synonyms.expand(text)
    if len(expanded.split()) > 2:
        expanded = weigh_names(expanded, names, NAME_BOOST)
    q = _bounded(parse(expanded, view.schema, any_word), view)
    if q is None:
        return reading
    q = expand_enye(q, view)
    applied = {word for group in reading.synonyms for member in group for word in fold(member).split()}
    reading.corrections = corrections(text, q, view, known=applied)
    reading.query = expand_families(apply_corrections(q, reading.corrections), view)
    return reading


def _bounded(q, view):
    """``q`` once its size and wildcards are checked, whatever switch produced it (None stays None)."""
    if q is not None:
        check_size(q)
        check_wildcards(q, view)
    return q


def _restricted(query, reading):
    """``query`` (None for none) narrowed to what the reading's typed filters require."""
    return both(query, reading.restriction if reading else None)


def select(params, view, names, match):
    """Read a search's text and choose its matches, falling back to any word when all find nothing.

    :param match: ``match(query, params)`` returns the sorted docnums of a
        text query (None for no text) under ``params``' filters.
    :returns: ``(params with typed filters merged, reading, query, docnums, mode)``
        where ``mode`` is ``"any"`` when the fallback answered.
    """
    exact = getattr(params, "exact", False)
    reading = interpret(params.q, view, names=names, exact=exact) if params.q else None
    if reading:
        params = merge_filters(params, reading.filters)
    if params.official:
        # Names as typed ("claudia sheinbaum", "López-Gatell") become the index's keys.
        params = params.with_(official=resolve_officials(params.official, names))
    query = reading.query if reading else None
    if reading and not reading.only_filters and query is None:
        # Only stop words were typed: nothing to look for.
        return params, reading, None, EMPTY, "all"
    docnums = match(_restricted(query, reading), params)
    # An exclusion the user asked for is kept: no any-word fallback for it.
    if not len(docnums) and query is not None and not has_negation(query):
        fallback = interpret(params.q, view, any_word=True, names=names, exact=exact)
        found = match(_restricted(fallback.query, fallback), params)
        if len(found):
            return params, fallback, fallback.query, found, "any"
    return params, reading, query, docnums, "all"
