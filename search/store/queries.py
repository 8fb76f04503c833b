"""The one translation between the search side's query tree (:mod:`search.querytree`) and Whoosh's queries.

:meth:`search.store.reader.View.select` and ``order`` call :func:`to_whoosh` on what they are given;
the parser (:mod:`search.store.parsing`) reads the user's syntax with Whoosh's parser and hands back a
tree through :func:`from_whoosh`. No Whoosh query leaves this package.
"""

from whoosh import query as wq
from whoosh.matching import AndNotMatcher

from .. import querytree as qt


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


def _whoosh(q):
    if isinstance(q, qt.Term):
        return wq.Term(q.field, q.text, boost=q.boost)
    if isinstance(q, qt.Phrase):
        return wq.Phrase(q.field, list(q.words), slop=q.slop, boost=q.boost)
    if isinstance(q, qt.Prefix):
        return wq.Prefix(q.field, q.text, boost=q.boost)
    if isinstance(q, qt.Wildcard):
        return wq.Wildcard(q.field, q.pattern, boost=q.boost)
    if isinstance(q, qt.TermRange):
        return wq.TermRange(q.field, q.start, q.end, q.startexcl, q.endexcl, boost=q.boost)
    if isinstance(q, qt.DateRange):
        return wq.DateRange(q.field, q.start, q.end, startexcl=q.startexcl, endexcl=q.endexcl, boost=q.boost)
    if isinstance(q, qt.And):
        return wq.And([_whoosh(c) for c in q.children], boost=q.boost)
    if isinstance(q, qt.Or):
        return wq.Or([_whoosh(c) for c in q.children], boost=q.boost)
    if isinstance(q, qt.Not):
        return wq.Not(_whoosh(q.child), boost=q.boost)
    if isinstance(q, qt.AndNot):
        return _weighed(Excluding(_whoosh(q.positive), _whoosh(q.negative)), q.boost)
    if isinstance(q, qt.AndMaybe):
        return _weighed(wq.AndMaybe(_whoosh(q.required), _whoosh(q.optional)), q.boost)
    if isinstance(q, qt.Every):
        return wq.Every(q.field, boost=q.boost)
    if isinstance(q, qt.Nothing):
        return wq.NullQuery
    raise TypeError(f"not a query of search.querytree: {q!r}")


def _weighed(binary, boost):
    """Whoosh's two-part queries take no weight when made; one is set after, as its parser does."""
    if boost != 1.0:
        binary.boost = boost
    return binary


def to_whoosh(q):
    """The Whoosh query for a tree of :mod:`search.querytree`, normalized as Whoosh's parser leaves its own."""
    return _whoosh(q).normalize()


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def from_whoosh(q):
    """The tree of :mod:`search.querytree` for a Whoosh query the parser made."""
    if q is wq.NullQuery:
        return qt.NOTHING
    if isinstance(q, wq.Term):
        return qt.Term(q.fieldname, _text(q.text), q.boost)
    if isinstance(q, wq.Phrase):
        return qt.Phrase(q.fieldname, tuple(q.words), q.slop, q.boost)
    if isinstance(q, wq.Prefix):
        return qt.Prefix(q.fieldname, _text(q.text), q.boost)
    if isinstance(q, wq.Wildcard):
        return qt.Wildcard(q.fieldname, _text(q.text), q.boost)
    if isinstance(q, wq.TermRange):
        return qt.TermRange(q.fieldname, _text(q.start), _text(q.end), q.startexcl, q.endexcl, q.boost)
    if isinstance(q, wq.Every):
        return qt.Every(q.fieldname, q.boost)
    if isinstance(q, (wq.And, wq.Or)) and type(q) in (wq.And, wq.Or):
        if getattr(q, "minmatch", 0) or getattr(q, "scale", None):
            raise TypeError(f"an Or the query tree cannot say: {q!r}")
        node = qt.And if isinstance(q, wq.And) else qt.Or
        return node(tuple(from_whoosh(c) for c in q.subqueries), q.boost)
    if isinstance(q, wq.Not):
        return qt.Not(from_whoosh(q.query), q.boost)
    if isinstance(q, wq.AndNot):
        return qt.AndNot(from_whoosh(q.a), from_whoosh(q.b), q.boost)
    if isinstance(q, wq.AndMaybe):
        return qt.AndMaybe(from_whoosh(q.a), from_whoosh(q.b), q.boost)
    raise TypeError(f"a Whoosh query the query tree cannot say: {q!r}")
