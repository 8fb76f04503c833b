"""What a search of statements asks for, and its filters as one query.

The parameters are those of a release search (``q``, ``official``, ``topic``, ``source``,
``from``, ``to``, ``sort``, ``page``, ``per_page``), read and checked by the same
:func:`search.params.params_from_args`, plus what only statements have: ``kind``,
``speaker_type`` and ``release``.
"""

from dataclasses import field, fields, make_dataclass

from . import querytree as qt
from .params import QueryError, SearchParams, params_from_args
from .query import filter_query as release_filters
from .release import key_for
from .statements import KIND_LABELS, SPEAKER_LABELS
from .vocabulary import RELEASES, STATEMENTS, filter_fields

# Filters of statements and the keyword field each one filters on.
FILTER_FIELDS = filter_fields(STATEMENTS)
# Filters of releases that statements do not have.
RELEASE_ONLY = tuple(name for name in filter_fields(RELEASES) if name not in FILTER_FIELDS)
# Filters of statements only, read here beside the releases' ones.
OWN_FILTERS = tuple(name for name in FILTER_FIELDS if name not in filter_fields(RELEASES))
# The values each closed filter accepts.
CHOICES = {"kind": KIND_LABELS, "speaker_type": SPEAKER_LABELS}


def _has_filters(self):
    return SearchParams.has_filters(self) or any(getattr(self, name) for name in OWN_FILTERS)


# A validated search of statements: a release search's fields, and one tuple per filter of
# statements only (kind, speaker_type, release), taken from the facet declarations.
# Lists combine with OR, different fields with AND.
StatementParams = make_dataclass(
    "StatementParams", [(name, tuple, field(default=())) for name in OWN_FILTERS], bases=(SearchParams,),
    frozen=True, namespace={"has_filters": _has_filters, "__module__": __name__,
                            "__doc__": "A validated search of statements. Lists combine with OR, different fields with AND."},
)


def statement_params(args):
    """Build :class:`StatementParams` from a multi-valued mapping such as ``request.args``.

    Raises :class:`QueryError` with a Spanish message for any value that cannot be used.
    """
    base = params_from_args(args)
    for name in RELEASE_ONLY:
        if getattr(base, name):
            raise QueryError(f"El filtro «{name}» es de los comunicados, no de las declaraciones.")
    extra = {}
    for name in OWN_FILTERS:
        values = tuple(v.strip() for v in args.getlist(name) if v and v.strip())
        allowed = CHOICES.get(name)
        if allowed:
            values = tuple(key_for(v) for v in values)
            wrong = [v for v in values if v not in allowed]
            if wrong:
                raise QueryError(f"El valor «{wrong[0]}» del parámetro «{name}» no existe: use "
                                 f"{', '.join(allowed)}.")
        extra[name] = values
    return StatementParams(**{f.name: getattr(base, f.name) for f in fields(SearchParams)}, **extra)


def filter_query(params, skip=None):
    """The filters of a statements search as one query, or None without filters.

    ``skip`` leaves out one filter (a facet name, or ``"date"``), to count that facet's other values.
    """
    parts = []
    for name, fieldname in FILTER_FIELDS.items():
        values = getattr(params, name)
        if values and name != skip:
            keys = values if name == "release" else [key_for(v) for v in values]
            parts.append(qt.Or(tuple(qt.Term(fieldname, k) for k in keys)))
    # The date range is built as for releases: both indexes keep the date in a field named "date".
    dates = release_filters(SearchParams(date_from=params.date_from, date_to=params.date_to)) if skip != "date" else None
    if dates is not None:
        parts.append(dates)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else qt.And(tuple(parts))
