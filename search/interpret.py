"""How a typed query is read: filters lifted out, synonyms added, words forgiven.

The steps, in order: typed filters (``oficial:``, ``fecha:``) become
filters; synonym groups are expanded; the text is parsed (all words required,
or any word for the fallback); wildcards are checked against their cap; words
without ñ also match ñ spellings; words in no document also match close
words. The result says what was done, so the page can tell the user.
"""

from dataclasses import dataclass, field

from .analysis import fold
from .expand import apply_corrections, corrections, expand_enye
from .query import check_wildcards, parse
from .synonyms import Synonyms, weigh_names
from .syntax import split_filters


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
    def only_filters(self):
        """True when everything typed was a filter, so the search lists what they select."""
        return not self.text.strip()


# Weight of an official's name typed among other words.
NAME_BOOST = 0.3


def interpret(typed, searcher, any_word=False, synonyms=None, names=frozenset(), exact=False):
    """Read ``typed`` for this searcher's index; raises QueryError on text that cannot be run.

    :param names: officials' names in the index, folded, as tuples of words.
    :param exact: accents and ñ must match as typed; nothing is expanded or corrected.
    """
    text, filters = split_filters(typed)
    reading = Interpretation(typed=typed, text=text, filters=filters, any_word=any_word, exact=exact)
    if not text.strip():
        return reading
    if exact:
        reading.query = parse(text, searcher.schema, any_word, exact=True)
        return reading
    synonyms = synonyms or Synonyms.load()
    expanded, reading.synonyms = synonyms.expand(text)
    if len(expanded.split()) > 2:
        expanded = weigh_names(expanded, names, NAME_BOOST)
    q = parse(expanded, searcher.schema, any_word)
    if q is None:
        return reading
    reader = searcher.reader()
    check_wildcards(q, reader)
    q = expand_enye(q, reader)
    applied = {word for group in reading.synonyms for member in group for word in fold(member).split()}
    reading.corrections = corrections(text, q, searcher, known=applied)
    reading.query = apply_corrections(q, reading.corrections).normalize()
    return reading
