"""Turning what a user types, and the filters they chose, into Whoosh queries.

Words are looked up in the stemmed ``title`` and ``body`` (title weighted
above body, every word required); quoted phrases in their unstemmed
``_exact`` twins; ``Y``/``O``/``NO`` work as operators in upper case beside
``AND``/``OR``/``NOT``; ``-palabra`` excludes, but only at the start of a word:
a hyphen inside one joins its parts ("López-Gatell", "COVID-19"), which are
then looked up as a phrase.
"""

import copy
import re
from datetime import datetime, time
from itertools import islice

from .store import queries as wq
from .store.queries import AndNotMatcher
from .store.queries import (
    AndGroup,
    FieldAliasPlugin,
    FieldsPlugin,
    MultifieldParser,
    OperatorsPlugin,
    OrGroup,
    PhrasePlugin,
    PlusMinusPlugin,
)

from .analysis import StemSet, fold, stemmer_of
from .params import QueryError
from .release import key_for
from .vocabulary import RELEASES, filter_fields

RANKED_FIELDS = ("title", "body")
# BM25F weights: a word in the title says more about a release than one in the body.
FIELD_BOOSTS = {"title": 3.0, "body": 1.0}
# Where a quoted phrase is looked up instead of each ranked field.
EXACT_FIELDS = {"title": "title_exact", "body": "body_exact",
                "title_accent": "title_exact", "body_accent": "body_exact"}
# The twins that keep accents and ñ, for the exact-spelling switch.
ACCENT_FIELDS = {"title": "title_accent", "body": "body_accent"}

# A wildcard may stand for at most this many index terms ("vacun*" ~ a dozen).
MAX_WILDCARD_TERMS = 200
# And all the wildcards and ranges of one query together, in every field they are looked up in.
MAX_EXPANDED_TERMS = 800
# Words, phrases and wildcards of one query, in every field they are looked up in, synonyms included
# (so about half as many typed words).
MAX_CLAUSES = 64
# Letters required before a wildcard: "*cion" or "v*" would walk most of the lexicon.
MIN_WILDCARD_PREFIX = 2

# Filter parameters and the keyword field each one filters on.
FILTER_FIELDS = filter_fields(RELEASES)


class ExactPhrasePlugin(PhrasePlugin):
    """Quoted phrases, looked up in the unstemmed twin of each field.

    Phrases must match those words in that order, stop words included, and
    without stemming: ``"árbol por árbol"`` matches, ``"arboles por arboles"``
    does not.
    """

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            node = copy.copy(self)
            fieldname = self.fieldname or parser.fieldname
            node.fieldname = EXACT_FIELDS.get(fieldname, fieldname)
            return PhrasePlugin.PhraseNode.query(node, parser)

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = match.group("slop")
            return ExactPhrasePlugin.PhraseNode(
                match.group("text"), match.start("text"), int(slop) if slop else 1
            )


def make_parser(schema, any_word=False, exact=False):
    """The parser of the search box, over the ranked fields (or their exact-spelling twins)."""
    group = OrGroup if any_word else AndGroup
    title, body = (ACCENT_FIELDS[f] for f in RANKED_FIELDS) if exact else RANKED_FIELDS
    qp = MultifieldParser([title, body], schema, fieldboosts={title: FIELD_BOOSTS["title"]}, group=group)
    # Only "titulo:" and "texto:" name a field; other "palabra:" is just text.
    qp.remove_plugin_class(FieldsPlugin)
    qp.add_plugin(FieldsPlugin(expr=r"(?P<text>titulo|título|texto|cuerpo|title|body):"))
    qp.add_plugin(FieldAliasPlugin({title: ["titulo", "título", "title"], body: ["texto", "cuerpo", "body"]}))
    qp.remove_plugin_class(PhrasePlugin)
    qp.add_plugin(ExactPhrasePlugin())
    qp.remove_plugin_class(OperatorsPlugin)
    # Spanish operators count only in capitals: "o" and "y" in a sentence are words.
    qp.add_plugin(
        OperatorsPlugin(
            And=r"(?<=\s)(?:AND|Y)(?=\s)",
            Or=r"(?<=\s)(?:OR|O)(?=\s)",
            Not=r"(^|(?<=(\s|[()])))(?:NOT|NO)(?=\s)",
        )
    )
    # "+" and "-" mark a word only where the word starts: "López-Gatell" is a name, not "López, not Gatell".
    qp.add_plugin(PlusMinusPlugin(plusexpr=_WORD_START + r"\+(?=\S)", minusexpr=_WORD_START + r"-(?=\S)"))
    return qp


# At the start of the text, or after a space or an opening parenthesis.
_WORD_START = r"(?:^|(?<=[\s(]))"
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
    """The Whoosh query for typed text, or None when no word in it is searchable.

    :param any_word: join words with OR instead of AND (the fallback when all
        words together find nothing).
    :param exact: match accents and ñ as typed, without stemming.
    Raises :class:`QueryError` with a Spanish message when the text cannot be parsed.
    """
    try:
        q = make_parser(schema, any_word, exact).parse(quote_hyphenated(text))
    except Exception as exc:  # Whoosh raises assorted types on malformed syntax.
        raise QueryError(f"No se pudo interpretar la búsqueda «{text}»: revise comillas y paréntesis.") from exc
    q = _without_fieldless(q)
    return None if q is wq.NullQuery else _lift_negations(q)


def _without_fieldless(q):
    """Drop what the parser left without a field: a stray weight such as ``( ^3 )`` parses to one."""
    if q.is_leaf():
        return wq.NullQuery if getattr(q, "fieldname", "") is None else q
    return q.apply(_without_fieldless).normalize()


class _ExcludingMatcher(AndNotMatcher):
    """Whoosh's AndNot matcher, fixed: it let the first match through when an
    excluded document came before it (it only skipped when both started on
    the same document)."""

    def _find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class Excluding(wq.AndNot):
    """``a`` without the documents of ``b``, with the fixed matcher."""

    def matcher(self, searcher, context=None):
        return _ExcludingMatcher(self.a.matcher(searcher, context),
                                 self.b.matcher(searcher, searcher.boolean_context()))


def _lift_negations(q):
    """Turn ``a AND NOT b`` and ``a ANDNOT b`` into :class:`Excluding` queries.

    Whoosh's intersection with a ``Not`` matches nothing, and its ``AndNot``
    (what ``-b`` parses to) can keep an excluded document.
    """
    if q.is_leaf():
        return q
    q = q.apply(_lift_negations)
    if isinstance(q, wq.AndNot) and not isinstance(q, Excluding):
        return Excluding(q.a, q.b)
    if isinstance(q, wq.And):
        negated = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
        kept = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        if negated and kept:
            positive = kept[0] if len(kept) == 1 else wq.And(kept, boost=q.boost)
            return Excluding(positive, negated[0] if len(negated) == 1 else wq.Or(negated))
    return q


def has_negation(q):
    """Whether any part of the query excludes something (NO, NOT, -palabra)."""
    if isinstance(q, (wq.Not, wq.AndNot)):
        return True
    return any(has_negation(child) for child in q.children())


def check_size(q):
    """Refuse a query with more words and operators than a search can weigh in its time."""
    if sum(1 for _ in q.leaves()) > MAX_CLAUSES:
        raise QueryError(
            "La búsqueda tiene demasiadas palabras u operadores: quite algunas y deje las más precisas."
        )


def check_wildcards(q, reader):
    """Refuse a wildcard or range that stands for too many words, with a message that says what to do.

    Every query that expands to index terms is checked, in whichever field
    it is: each may stand for at most :data:`MAX_WILDCARD_TERMS`, all
    together for :data:`MAX_EXPANDED_TERMS`.
    """
    budget = MAX_EXPANDED_TERMS
    for leaf in q.leaves():
        if isinstance(leaf, wq.Every):
            raise QueryError("Un asterisco solo no busca nada: escriba al menos "
                             f"{MIN_WILDCARD_PREFIX} letras antes del comodín.")
        if not isinstance(leaf, wq.MultiTerm):
            continue
        if isinstance(leaf, (wq.Wildcard, wq.Prefix)):
            pattern = leaf.text + ("*" if isinstance(leaf, wq.Prefix) else "")
            if len(re.split(r"[*?]", pattern, maxsplit=1)[0]) < MIN_WILDCARD_PREFIX:
                raise QueryError(
                    f"En «{pattern}» escriba al menos {MIN_WILDCARD_PREFIX} letras antes del comodín."
                )
            advice = "escriba más letras antes del asterisco."
        else:
            # A range ("[a TO m]") or any other query that stands for many words.
            pattern = f"[{getattr(leaf, 'start', '') or ''} TO {getattr(leaf, 'end', '') or ''}]"
            advice = "acote más el intervalo."
        found = len(list(islice(leaf.expanded_terms(reader), MAX_WILDCARD_TERMS + 1)))
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
            parts.append(wq.Or([wq.Term(fieldname, key_for(v)) for v in values]))
    if (params.date_from or params.date_to) and skip != "date":
        start = datetime.combine(params.date_from, time.min) if params.date_from else None
        end = datetime.combine(params.date_to, time.max) if params.date_to else None
        parts.append(wq.DateRange("date", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def both(a, b):
    """The documents of query ``a`` and of query ``b``; either may be None (no condition)."""
    if a is None or b is None:
        return a if b is None else b
    return wq.And([a, b])


def typed_filter_query(groups):
    """The filters typed in the box, in the query's logic: each group required, its values alternatives.

    None when that logic adds nothing to the filters merged into the parameters (OR within one
    field, AND across fields): when each group is of one field, and no field is in two groups.
    """
    fields = [{field for field, _ in group} for group in groups]
    if all(len(f) == 1 for f in fields) and len(fields) == len(set().union(*fields)):
        return None
    parts = [wq.Or([wq.Term(FILTER_FIELDS[field], key_for(value)) for field, value in group]) for group in groups]
    return wq.And(parts)


def query_terms(q, reader):
    """What a query matched, for highlighting: stems of the ranked fields and quoted phrases.

    Wildcards are expanded to the index terms they stand for; phrases are
    tuples of folded words. (Whoosh's own ``existing_terms`` skips every
    field after the first one it sees.)
    """
    stems, phrases = StemSet(stemmer=stemmer_of(reader.schema)), set()
    for leaf in q.leaves():
        if leaf.field() in ACCENT_FIELDS.values() and isinstance(leaf, wq.Term):
            # Marked by its folded form: close enough for highlighting.
            phrases.add((fold(leaf.text),))
            continue
        if leaf.field() in EXACT_FIELDS.values():
            if isinstance(leaf, wq.Phrase):
                phrases.add(tuple(leaf.words))
            elif isinstance(leaf, wq.Term):
                phrases.add((leaf.text,))
            continue
        for fieldname, text in leaf.expanded_terms(reader, phrases=False):
            if fieldname in RANKED_FIELDS:
                stems.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return stems, phrases
