"""Filters typed in the search box, in Spanish: ``oficial:``, ``tema:``, ``fecha:2026-01``…

They are lifted out of the text before it is parsed and merged into the
search's filters, so ``oficial:"Luis Mendoza" bacheo`` means the same as the
word ``bacheo`` with the official filter set, and combines with the filters
chosen by clicking (OR within one field, AND across fields).
"""

import re

from .params import QueryError, parse_date
from .vocabulary import typed_names

# Spanish field names (folded, as typed) → the filter they set.
FIELD_NAMES = {
    **typed_names(),
    "fecha": "date",
    "desde": "from",
    "hasta": "to",
}

_FILTER = re.compile(
    r"(?<![\w\"])(?P<field>" + "|".join(sorted(FIELD_NAMES, key=len, reverse=True)) + r")"
    r":\s*(?:\"(?P<quoted>[^\"]*)\"|(?P<word>[^\s()\"]+))",
    re.IGNORECASE,
)


def split_filters(text):
    """The text without its typed filters, and those filters.

    Returns ``(text, filters)`` where ``filters`` maps ``official``,
    ``topic``… to lists of values and ``from``/``to`` to dates.

    >>> split_filters('oficial:"Luis Mendoza" bacheo fecha:2026-01')
    ('bacheo', {'official': ['Luis Mendoza'], 'from': datetime.date(2026, 1, 1), 'to': datetime.date(2026, 1, 31)})
    """
    filters = {}
    for match in _FILTER.finditer(text):
        field = FIELD_NAMES[match.group("field").lower()]
        value = (match.group("quoted") if match.group("quoted") is not None else match.group("word")).strip()
        if not value:
            raise QueryError(f"Falta el valor después de «{match.group('field')}:».")
        if field == "date":
            filters["from"] = parse_date(value, "fecha")
            filters["to"] = parse_date(value, "hasta")
        elif field in ("from", "to"):
            filters[field] = parse_date(value, "desde" if field == "from" else "hasta")
        else:
            filters.setdefault(field, []).append(value)
    remaining = " ".join(_FILTER.sub(" ", text).split())
    return remaining, filters


def merge_filters(params, filters):
    """``params`` with the typed filters added to the chosen ones."""
    if not filters:
        return params
    changes = {}
    for name, values in filters.items():
        if name in ("from", "to"):
            # A typed bound narrows the chosen one; None (no bound) leaves it as it is.
            attr, pick = ("date_from", max) if name == "from" else ("date_to", min)
            bounds = [d for d in (getattr(params, attr), values) if d]
            changes[attr] = pick(bounds) if bounds else None
        else:
            changes[name] = tuple(getattr(params, name)) + tuple(values)
    return params.with_(**changes)
