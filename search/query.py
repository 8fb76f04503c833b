"""Turning what a user types, and the filters they chose, into Whoosh queries.

Words are looked up in the stemmed ``title`` and ``body`` (title weighted
above body, every word required); quoted phrases in their unstemmed
``_exact`` twins; ``Y``/``O``/``NO`` work as operators in upper case beside
``AND``/``OR``/``NOT``; ``-palabra`` excludes.
"""

import copy
from datetime import datetime, time
from itertools import combinations

from whoosh import query as wq
from whoosh.qparser import MultifieldParser, OperatorsPlugin, PhrasePlugin, PlusMinusPlugin

from .params import QueryError
from .release import key_for

RANKED_FIELDS = ("title", "body")
# BM25F weights: a word in the title says more about a release than one in the body.
FIELD_BOOSTS = {"title": 3.0, "body": 1.0}
# Where a quoted phrase is looked up instead of each ranked field.
EXACT_FIELDS = {"title": "title_exact", "body": "body_exact"}

# "pena" also finds "peña", below the exact spelling.
ENYE_VARIANT_BOOST = 0.2
# A word with more n's than this is not expanded (2**4 - 1 variants at most).
MAX_ENYE_POSITIONS = 4

# Filter parameters and the keyword field each one filters on.
FILTER_FIELDS = {
    "official": "official",
    "topic": "topic",
    "source": "source_key",
    "place": "place",
    "organization": "organization",
    "type": "type",
}


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


def make_parser(schema):
    """The parser of the search box, over the ranked fields."""
    qp = MultifieldParser(list(RANKED_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
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
    qp.add_plugin(PlusMinusPlugin())
    return qp


def _enye_variants(text):
    """Spellings of ``text`` with some n's written as ñ, fewest changes first."""
    positions = [i for i, ch in enumerate(text) if ch == "n"][:MAX_ENYE_POSITIONS]
    for k in range(1, len(positions) + 1):
        for chosen in combinations(positions, k):
            chars = list(text)
            for i in chosen:
                chars[i] = "ñ"
            yield "".join(chars)


def _expand_enye(q, reader):
    """Let a word typed without ñ also match the indexed ñ spellings, ranked lower."""
    if isinstance(q, wq.Term) and q.fieldname in RANKED_FIELDS and "n" in q.text:
        variants = [
            wq.Term(q.fieldname, v, boost=q.boost * ENYE_VARIANT_BOOST)
            for v in _enye_variants(q.text)
            if (q.fieldname, v) in reader
        ]
        if variants:
            return wq.Or([q] + variants)
        return q
    if q.is_leaf():
        return q
    return q.apply(lambda child: _expand_enye(child, reader))


def parse_text(text, schema, reader):
    """The query for the words typed in the box, or None when none are searchable.

    Raises :class:`QueryError` with a Spanish message when the text cannot be parsed.
    """
    try:
        q = make_parser(schema).parse(text)
    except Exception as exc:  # Whoosh raises assorted types on malformed syntax.
        raise QueryError(f"No se pudo interpretar la búsqueda «{text}»: revise comillas y paréntesis.") from exc
    q = _expand_enye(q, reader).normalize()
    return None if q is wq.NullQuery else q


def filter_query(params):
    """The filters of a search as one query, or None without filters.

    Several values of one filter combine with OR, different filters with AND.
    Values may be keys or display names, in any case and with or without accents.
    """
    parts = []
    for name, fieldname in FILTER_FIELDS.items():
        values = getattr(params, name)
        if values:
            parts.append(wq.Or([wq.Term(fieldname, key_for(v)) for v in values]))
    if params.date_from or params.date_to:
        start = datetime.combine(params.date_from, time.min) if params.date_from else None
        end = datetime.combine(params.date_to, time.max) if params.date_to else None
        parts.append(wq.DateRange("date", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def query_terms(q, reader):
    """What a query matched, for highlighting: stems of the ranked fields and quoted phrases.

    Wildcards are expanded to the index terms they stand for; phrases are
    tuples of folded words. (Whoosh's own ``existing_terms`` skips every
    field after the first one it sees.)
    """
    stems, phrases = set(), set()
    for leaf in q.leaves():
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
