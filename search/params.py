"""What a search asks for, validated once for the page, the API and the command line.

Every message here may reach a citizen, so it is in Spanish and says which
parameter is wrong and what would be right.
"""

from dataclasses import dataclass, replace
from datetime import date

from .vocabulary import RELEASES, filters_of

SORTS = ("relevancia", "recientes", "antiguos")
# Filters that take several values (OR within one, AND across them).
LIST_FILTERS = tuple(f.name for f in filters_of(RELEASES))
# English spellings accepted from programs.
SORT_ALIASES = {"relevance": "relevancia", "newest": "recientes", "oldest": "antiguos"}

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
# Far past any real result set; protects the collector from absurd offsets.
MAX_PAGE = 1000
MAX_QUERY_CHARS = 500
# Results a search may be paged into (page × per_page): deeper walks use the cursor or an export.
MAX_DEPTH = 10_000
# Values of all list filters together: each is a posting list read and merged.
MAX_FILTER_VALUES = 50
# The calendar's first and last years: a bound in them excludes nothing a release can be dated,
# and the day after 9999-12-31 cannot even be written, so such a bound is read as no bound.
OPEN_FROM_YEAR = 1
OPEN_TO_YEAR = 9999
# How a checkbox or a program may say yes.
TRUE_VALUES = ("1", "true", "on", "si", "sí")


# Exceptions


class QueryError(ValueError):
    """A search request that cannot be run; the message is for the user, in Spanish."""


@dataclass(frozen=True)
class SearchParams:
    """A validated search request. Lists combine with OR, different fields with AND."""

    q: str = ""
    official: tuple = ()
    topic: tuple = ()
    source: tuple = ()
    place: tuple = ()
    organization: tuple = ()
    type: tuple = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevancia"
    # Accents and ñ must match as typed ("Coincidir tildes y ñ exactamente").
    exact: bool = False
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def with_(self, **changes):
        """A copy with some parameters changed (for paging and facet links)."""
        return replace(self, **changes)

    def has_filters(self):
        return bool(any(getattr(self, name) for name in LIST_FILTERS) or self.date_from or self.date_to)


def parse_date(value, name):
    """An ISO date (``2026-01-20``), a month (``2026-01``) or a year (``2026``).

    A month or year given as ``desde`` starts on its first day and given as
    ``hasta`` ends on its last, so ``from=2025&to=2025`` is the whole year.
    A start in the year 1 or an end in the year 9999 limits nothing: it is
    returned as None, no bound.
    """
    value = value.strip()
    is_end = name in ("to", "hasta")
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = date(*parts)
        elif len(parts) == 2:
            year, month = parts
            day = date(year, month, 1)
            if is_end and day.year < OPEN_TO_YEAR:
                following = date(year + month // 12, month % 12 + 1, 1)
                day = date.fromordinal(following.toordinal() - 1)
        elif len(parts) == 1 and len(value) == 4:
            day = date(parts[0], 12, 31) if is_end else date(parts[0], 1, 1)
        else:
            day = None
        if day is not None:
            return None if day.year == (OPEN_TO_YEAR if is_end else OPEN_FROM_YEAR) else day
    except ValueError:
        pass
    raise QueryError(
        f"La fecha «{value}» del parámetro «{name}» no es válida: use AAAA-MM-DD, AAAA-MM o AAAA."
    )


def _positive_int(value, name, maximum):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"El parámetro «{name}» debe ser un número entero; recibió «{value}».")
    if not 1 <= number <= maximum:
        raise QueryError(f"El parámetro «{name}» debe estar entre 1 y {maximum}; recibió {number}.")
    return number


def params_from_args(args):
    """Build :class:`SearchParams` from a multi-valued mapping such as ``request.args``.

    ``args`` needs ``get(name)`` and ``getlist(name)``. Empty values are
    ignored, so a form submitted with blank fields is not an error.
    """

    def values(name):
        return tuple(v.strip() for v in args.getlist(name) if v and v.strip())

    q = (args.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"La consulta es demasiado larga: el máximo es de {MAX_QUERY_CHARS} caracteres.")
    sort = (args.get("sort") or "relevancia").strip().lower()
    sort = SORT_ALIASES.get(sort, sort)
    if sort not in SORTS:
        raise QueryError(
            f"El orden «{sort}» no existe: use {', '.join(SORTS)}."
        )
    date_from = values("from")
    date_to = values("to")
    if sum(len(values(name)) for name in LIST_FILTERS) > MAX_FILTER_VALUES:
        raise QueryError(f"Hay demasiados filtros: el máximo es de {MAX_FILTER_VALUES} valores en total.")
    params = SearchParams(
        q=q,
        **{name: values(name) for name in LIST_FILTERS},
        date_from=parse_date(date_from[-1], "from") if date_from else None,
        date_to=parse_date(date_to[-1], "to") if date_to else None,
        sort=sort,
        exact=(args.get("exact") or "").strip().lower() in TRUE_VALUES,
        page=_positive_int(args.get("page") or 1, "page", MAX_PAGE),
        per_page=_positive_int(args.get("per_page") or DEFAULT_PER_PAGE, "per_page", MAX_PER_PAGE),
    )
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise QueryError("La fecha «from» es posterior a la fecha «to».")
    if params.page * params.per_page > MAX_DEPTH:
        raise QueryError(
            f"Solo se puede llegar por páginas hasta el resultado {MAX_DEPTH:_}: afine la búsqueda, "
            "o recorra todos con el cursor «after» o una exportación.".replace("_", " ")
        )
    return params
