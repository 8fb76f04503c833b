"""The search box's syntax, read with Whoosh's parser and handed back as a :mod:`search.querytree` tree.

``Y``/``O``/``NO`` work as operators in upper case beside ``AND``/``OR``/``NOT``; ``+`` and ``-``
mark a word only where it starts; only the field names given name a field; quoted phrases are
looked up in the unstemmed twin of each field. Which fields and weights is the caller's
(:mod:`search.query`); how the syntax is read is this module's.
"""

import copy

from whoosh import query as wq
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

from .queries import from_whoosh

# At the start of the text, or after a space or an opening parenthesis.
_WORD_START = r"(?:^|(?<=[\s(]))"


class UnreadableQuery(ValueError):
    """The parser could not read the text (unbalanced quotes or parentheses, and the like)."""


def _exact_phrase_plugin(exact_fields):
    """Quoted phrases, looked up in the unstemmed twin of each field (``exact_fields``)."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            node = copy.copy(self)
            fieldname = self.fieldname or parser.fieldname
            node.fieldname = exact_fields.get(fieldname, fieldname)
            return PhrasePlugin.PhraseNode.query(node, parser)

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = match.group("slop")
            return PhraseNode(match.group("text"), match.start("text"), int(slop) if slop else 1)

    class ExactPhrasePlugin(PhrasePlugin):
        def taggers(self, parser):
            return [(PhraseTagger(self.expr), 0)]

    return ExactPhrasePlugin()


def _parser(schema, fields, boosts, aliases, exact_fields, any_word):
    qp = MultifieldParser(list(fields), schema, fieldboosts=boosts, group=OrGroup if any_word else AndGroup)
    # Only the aliases name a field; any other "palabra:" is just text.
    names = sorted({name for names in aliases.values() for name in names}, key=len, reverse=True)
    qp.remove_plugin_class(FieldsPlugin)
    qp.add_plugin(FieldsPlugin(expr=r"(?P<text>" + "|".join(names) + r"):"))
    qp.add_plugin(FieldAliasPlugin({field: list(names) for field, names in aliases.items()}))
    qp.remove_plugin_class(PhrasePlugin)
    qp.add_plugin(_exact_phrase_plugin(exact_fields))
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


def _without_fieldless(q):
    """Drop what the parser left without a field: a stray weight such as ``( ^3 )`` parses to one."""
    if q.is_leaf():
        return wq.NullQuery if getattr(q, "fieldname", "") is None else q
    return q.apply(_without_fieldless).normalize()


def parse_syntax(text, schema, fields, boosts, aliases, exact_fields, any_word=False):
    """The tree of typed ``text`` over ``fields`` (``NOTHING`` when no word in it is searchable).

    :param boosts: weight of each field that is not 1.
    :param aliases: ``{field: [names typed for it]}``, the only ``name:`` prefixes read as fields.
    :param exact_fields: where a quoted phrase in each field is looked up instead.
    :param any_word: join words with OR instead of AND.
    Raises :class:`UnreadableQuery` when the text cannot be parsed.
    """
    try:
        q = _parser(schema, fields, boosts, aliases, exact_fields, any_word).parse(text)
    except Exception as exc:  # Whoosh raises assorted types on malformed syntax.
        raise UnreadableQuery(text) from exc
    return from_whoosh(_without_fieldless(q))
