"""A query as plain data: what the search side builds and rewrites, and the store translates.

The nodes are frozen dataclasses (hashable, comparable, printable), so a query can be cached,
compared in a test and handed to any store: :mod:`search.store.translate` turns one into Whoosh's
query objects, and ARCHITECTURE.md says how each maps onto OpenSearch's query DSL. Nothing here
knows an index; which fields exist and how words are analysed is the caller's business.
"""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Term:
    """Documents with ``text`` (already analysed) in ``field``."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Documents with ``words`` in this order in ``field``, at most ``slop`` positions apart."""

    field: str
    words: tuple
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """Documents with a term of ``field`` that starts with ``text``."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    """Documents with a term of ``field`` that ``pattern`` matches (``*`` any letters, ``?`` one)."""

    field: str
    pattern: str
    boost: float = 1.0


@dataclass(frozen=True)
class TermRange:
    """Documents with a term of ``field`` between ``start`` and ``end`` (None: open), in term order."""

    field: str
    start: str | None
    end: str | None
    startexcl: bool = False
    endexcl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class DateRange:
    """Documents whose date ``field`` lies between two datetimes (None: open)."""

    field: str
    start: object
    end: object
    startexcl: bool = False
    endexcl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class And:
    """Documents matching every child; scores add up."""

    children: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    """Documents matching any child; the scores of the children matched add up."""

    children: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    """Every document but those of ``child`` (only meaningful inside an And, or alone)."""

    child: object
    boost: float = 1.0


@dataclass(frozen=True)
class AndNot:
    """The documents of ``positive`` without those of ``negative``, scored by ``positive`` alone."""

    positive: object
    negative: object
    boost: float = 1.0


@dataclass(frozen=True)
class AndMaybe:
    """The documents of ``required``, scored up where ``optional`` matches too (``+a b``)."""

    required: object
    optional: object
    boost: float = 1.0


@dataclass(frozen=True)
class Every:
    """Every document (with a term in ``field``, when one is named)."""

    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Nothing:
    """No document."""

    boost: float = 1.0


NOTHING = Nothing()

# Leaves that stand for many index terms, looked up when the query runs.
EXPANDING = (Prefix, Wildcard, TermRange)
LEAVES = (Term, Phrase, Prefix, Wildcard, TermRange, DateRange, Every, Nothing)


def children(q):
    """The direct subqueries of ``q`` (none for a leaf)."""
    if isinstance(q, (And, Or)):
        return q.children
    if isinstance(q, Not):
        return (q.child,)
    if isinstance(q, AndNot):
        return (q.positive, q.negative)
    if isinstance(q, AndMaybe):
        return (q.required, q.optional)
    return ()


def with_children(q, new):
    """``q`` with its subqueries replaced by ``new``, in the order :func:`children` gives them."""
    if isinstance(q, (And, Or)):
        return replace(q, children=tuple(new))
    if isinstance(q, Not):
        return replace(q, child=new[0])
    if isinstance(q, AndNot):
        return replace(q, positive=new[0], negative=new[1])
    if isinstance(q, AndMaybe):
        return replace(q, required=new[0], optional=new[1])
    return q


def apply(q, fn):
    """``q`` with ``fn`` applied to each direct subquery."""
    kids = children(q)
    return with_children(q, [fn(child) for child in kids]) if kids else q


def leaves(q):
    """Every leaf of the tree, depth first, left to right."""
    kids = children(q)
    if not kids:
        yield q
        return
    for child in kids:
        yield from leaves(child)


def field_of(q):
    """The field a leaf looks in (None for match-all and match-none, and for compound queries)."""
    return getattr(q, "field", None)


def boosted(q, factor):
    """``q`` with its weight multiplied by ``factor``."""
    return q if factor == 1 else replace(q, boost=q.boost * factor)
