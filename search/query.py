"""Turning what a user types, and the filters they chose, into query trees (:mod:`search.querytree`).

Words are looked up in the stemmed ``title`` and ``body`` (title weighted
above body, every word required); quoted phrases in their unstemmed
``_exact`` twins; ``Y``/``O``/``NO`` work as operators in upper case beside
``AND``/``OR``/``NOT``; ``-palabra`` excludes, but only at the start of a word:
a hyphen inside one joins its parts ("López-Gatell", "COVID-19"), which are
then looked up as a phrase. The syntax itself is read by the store's parser
(:mod:`search.store.parsing`); the fields, weights and limits are here.
"""

import re
from datetime import datetime, time

from . import querytree as qt
from .analysis import StemSet, fold, stemmer_of
from .params import QueryError
from .release import key_for
from .store.parsing import UnreadableQuery, parse_syntax
from .syntax import IDENTIFIER
from .vocabulary import RELEASES, filter_fields

RANKED_FIELDS = ("title", "body")
# BM25F weights: a word in the title says more about a release than one in the body.
FIELD_BOOSTS = {"title": 3.0, "body": 1.0}
# Where a quoted phrase is looked up instead of each ranked field.
EXACT_FIELDS = {"title": "title_exact", "body": "body_exact",
                "title_accent": "title_exact", "body_accent": "body_exact"}
# The twins that keep accents and ñ, for the exact-spelling switch.
ACCENT_FIELDS = {"title": "title_accent", "body": "body_accent"}
# What may be typed before ":" to look in one field only ("titulo:agua").
FIELD_ALIASES = {"title": ("titulo", "título", "title"), "body": ("texto", "cuerpo", "body")}

# A wildcard may stand for at most this many index terms ("vacun*" ~ a dozen).
MAX_WILDCARD_TERMS = 200
# And all the wildcards and ranges of one query together, in every field they are looked up in: each
# term is a posting list to read (about 3 ms on a loaded machine, whatever the index's size).
MAX_EXPANDED_TERMS = 400
# Words, phrases and wildcards of one query, in every field they are looked up in, synonyms included
# (so about half as many typed words).
MAX_CLAUSES = 64
# Wildcards and ranges of one query (each counted once, in however many fields it is looked up): each
# is read from the lexicon and is a union of many posting lists, so "ru* es* gr* …" is refused early.
MAX_WILDCARDS = 8
# Letters required before a wildcard: "*cion" or "v*" would walk most of the lexicon.
MIN_WILDCARD_PREFIX = 2

# Filter parameters and the keyword field each one filters on.
FILTER_FIELDS = filter_fields(RELEASES)


# An operator with nothing on one side ("agua OR", a value cut short) is no word to require.
_DANGLING = re.compile(r"^\s*(?:AND|OR|Y|O)(?=\s)|(?<=\s)(?:AND|OR|Y|O|NOT|NO)\s*$")
# A word whose parts are joined by hyphens, outside quotes: "López-Gatell", "COVID-19".
_HYPHENATED = re.compile(r'(?<![\w"])(\w+(?:-\w+)+)(?![\w"])')


def quote_hyphenated(text):
    """Quote each hyphenated word outside quotes, so its parts must appear together, in that order.

    >>> quote_hyphenated('López-Gatell vacuna -Pfizer "covid-19"')
    '"López-Gatell" vacuna -Pfizer "covid-19"'
    """
    parts = re.split(r'("[^"]*"?)', text)
    return "".join(part if part.startswith('"') else _HYPHENATED.sub(r'"\1"', part) for part in parts)


def parse(text, schema, any_word=False, exact=False):
    """The query tree for typed text, or None when no word in it is searchable.

    :param any_word: join words with OR instead of AND (the fallback when all
        words together find nothing).
    :param exact: match accents and ñ as typed, without stemming.
    Raises :class:`QueryError` with a Spanish message when the text cannot be parsed.
    """
    text = _DANGLING.sub(" ", text)
    fields = tuple(ACCENT_FIELDS[f] for f in RANKED_FIELDS) if exact else RANKED_FIELDS
    title, body = fields
    try:
        q = parse_syntax(quote_hyphenated(text), schema, fields, {title: FIELD_BOOSTS["title"]},
                         {title: FIELD_ALIASES["title"], body: FIELD_ALIASES["body"]}, EXACT_FIELDS, any_word)
    except UnreadableQuery as exc:
        raise QueryError(f"No se pudo interpretar la búsqueda «{text}»: revise comillas y paréntesis.") from exc
    return None if isinstance(q, qt.Nothing) else _lift_negations(q)


def _lift_negations(q):
    """Turn ``a AND NOT b`` into ``AndNot(a, b)``: an intersection with a ``Not`` would match nothing."""
    kids = qt.children(q)
    if not kids:
        return q
    q = qt.apply(q, _lift_negations)
    if isinstance(q, qt.And):
        negated = [c.child for c in q.children if isinstance(c, qt.Not)]
        kept = [c for c in q.children if not isinstance(c, qt.Not)]
        if negated and kept:
            positive = kept[0] if len(kept) == 1 else qt.And(tuple(kept), boost=q.boost)
            return qt.AndNot(positive, negated[0] if len(negated) == 1 else qt.Or(tuple(negated)))
    return q


def has_negation(q):
    """Whether any part of the query excludes something (NO, NOT, -palabra)."""
    if isinstance(q, (qt.Not, qt.AndNot)):
        return True
    return any(has_negation(child) for child in qt.children(q))


def check_size(q):
    """Refuse a query with more words and operators than a search can weigh in its time."""
    if sum(1 for _ in qt.leaves(q)) > MAX_CLAUSES:
        raise QueryError(
            "La búsqueda tiene demasiadas palabras u operadores: quite algunas y deje las más precisas."
        )


def _pattern(leaf):
    """How an expanding leaf was typed, for a message."""
    if isinstance(leaf, qt.Prefix):
        return leaf.text + "*"
    if isinstance(leaf, qt.Wildcard):
        return leaf.pattern
    return f"[{leaf.start or ''} TO {leaf.end or ''}]"


def check_wildcards(q, view):
    """Refuse a wildcard or range that stands for too many words, with a message that says what to do.

    Every leaf that expands to index terms is checked, in whichever field
    it is: each may stand for at most :data:`MAX_WILDCARD_TERMS`, all
    together for :data:`MAX_EXPANDED_TERMS`. The same pattern in two fields,
    or typed twice, is read once (the view keeps what it read).
    """
    expanding = {_pattern(leaf) for leaf in qt.leaves(q) if isinstance(leaf, qt.EXPANDING)}
    if len(expanding) > MAX_WILDCARDS:
        raise QueryError(f"La búsqueda tiene {len(expanding)} comodines o intervalos, y admite {MAX_WILDCARDS}: "
                         "deje los más precisos, o escriba las palabras completas.")
    budget = MAX_EXPANDED_TERMS
    seen = set()
    for leaf in qt.leaves(q):
        if isinstance(leaf, qt.Every):
            raise QueryError("Un asterisco solo no busca nada: escriba al menos "
                             f"{MIN_WILDCARD_PREFIX} letras antes del comodín.")
        if not isinstance(leaf, qt.EXPANDING):
            continue
        pattern = _pattern(leaf)
        if isinstance(leaf, qt.TermRange):
            advice = "acote más el intervalo."
        else:
            if len(re.split(r"[*?]", pattern, maxsplit=1)[0]) < MIN_WILDCARD_PREFIX:
                raise QueryError(
                    f"En «{pattern}» escriba al menos {MIN_WILDCARD_PREFIX} letras antes del comodín."
                )
            advice = "escriba más letras antes del asterisco."
        key = (type(leaf), leaf.field, pattern)
        if key in seen:
            continue
        seen.add(key)
        found = len(view.expand(leaf, MAX_WILDCARD_TERMS + 1))
        if found > MAX_WILDCARD_TERMS:
            raise QueryError(f"«{pattern}» abarca más de {MAX_WILDCARD_TERMS} palabras distintas: {advice}")
        budget -= found
        if budget < 0:
            raise QueryError(f"Los comodines de la búsqueda abarcan más de {MAX_EXPANDED_TERMS} palabras en "
                             "total: use menos comodines, o más letras antes de cada uno.")


def filter_query(params, skip=None):
    """The filters of a search as one query, or None without filters.

    Several values of one filter combine with OR, different filters with AND.
    Values may be keys or display names, in any case and with or without accents.
    ``skip`` leaves out one filter (a facet name, or ``"date"``), to count that
    facet's other values.
    """
    parts = []
    for name, fieldname in FILTER_FIELDS.items():
        values = getattr(params, name)
        if values and name != skip:
            parts.append(qt.Or(tuple(qt.Term(fieldname, key_for(v)) for v in values)))
    if (params.date_from or params.date_to) and skip != "date":
        start = datetime.combine(params.date_from, time.min) if params.date_from else None
        end = datetime.combine(params.date_to, time.max) if params.date_to else None
        parts.append(qt.DateRange("date", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else qt.And(tuple(parts))


def both(a, b):
    """The documents of query ``a`` and of query ``b``; either may be None (no condition)."""
    if a is None or b is None:
        return a if b is None else b
    return qt.And((a, b))


def _typed_term(field, value):
    """The term a typed filter looks up: an identifier exactly as typed, any other value by its key."""
    if field == IDENTIFIER:
        return qt.Term("id", value)
    return qt.Term(FILTER_FIELDS[field], key_for(value))


def typed_filter_query(groups):
    """The filters typed in the box, in the query's logic: each group required, its values alternatives.

    None when that logic adds nothing to the filters merged into the parameters (OR within one
    field, AND across fields): when each group is of one field, and no field is in two groups.
    Identifiers (``id:``) are merged into no parameter, so their groups are always kept here.
    """
    fields = [{field for field, _ in group} for group in groups]
    if all(len(f) == 1 for f in fields) and len(fields) == len(set().union(*fields)):
        groups = [group for group, f in zip(groups, fields) if f == {IDENTIFIER}]
        if not groups:
            return None
    parts = [qt.Or(tuple(_typed_term(field, value) for field, value in group)) for group in groups]
    return parts[0] if len(parts) == 1 else qt.And(tuple(parts))


def query_terms(q, view):
    """What a query matched, for highlighting: stems of the ranked fields and quoted phrases.

    Wildcards are expanded to the index terms they stand for (as the view
    read them when the query was checked); phrases are tuples of folded words.
    """
    stems, phrases = StemSet(stemmer=stemmer_of(view.schema)), set()
    for leaf in qt.leaves(q):
        field = qt.field_of(leaf)
        if field in ACCENT_FIELDS.values() and isinstance(leaf, qt.Term):
            # Marked by its folded form: close enough for highlighting.
            phrases.add((fold(leaf.text),))
            continue
        if field in EXACT_FIELDS.values():
            if isinstance(leaf, qt.Phrase):
                phrases.add(tuple(leaf.words))
            elif isinstance(leaf, qt.Term):
                phrases.add((leaf.text,))
            continue
        if field not in RANKED_FIELDS:
            continue
        if isinstance(leaf, qt.Term):
            stems.add(leaf.text)
        elif isinstance(leaf, qt.EXPANDING):
            stems.update(view.expand(leaf))
    return stems, phrases
