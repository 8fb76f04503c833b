"""Filters typed in the search box, in Spanish: ``oficial:``, ``tema:``, ``fecha:2026-01``, ``id:``…

They are lifted out of the text before it is parsed and merged into the
search's filters, so ``oficial:"Luis Mendoza" bacheo`` means the same as the
word ``bacheo`` with the official filter set. Typed, they follow the query's
logic: every one is required (``oficial:A oficial:B`` means releases naming
both) unless joined by ``O``/``OR`` (``oficial:A O oficial:B``: either). The
filters chosen by clicking stay OR within one field, AND across fields. ``id:`` names one document by its
identifier, exactly as stored: a lookup of one index term, never a search of the text.
"""

import re

from .params import QueryError, parse_date
from .vocabulary import typed_names

# The typed filter of a document's identifier: no filter parameter, only the query's logic applies it.
IDENTIFIER = "id"
# Spanish field names (folded, as typed) → the filter they set.
FIELD_NAMES = {
    **typed_names(),
    "fecha": "date",
    "desde": "from",
    "hasta": "to",
    "id": IDENTIFIER,
    "identificador": IDENTIFIER,
}

_FILTER = re.compile(
    r"(?<![\w\"])(?P<field>" + "|".join(sorted(FIELD_NAMES, key=len, reverse=True)) + r")"
    r":\s*(?:\"(?P<quoted>[^\"]*)\"|(?P<word>[^\s()\"]+))",
    re.IGNORECASE,
)


# Where split_filters puts the typed list filters in the query's logic: a list of groups, each
# ``[(filter name, value), …]`` of alternatives; every group is required.
ALL_OF = "all_of"
_OR_BETWEEN = re.compile(r"\s+(?:O|OR)\s+")


def split_filters(text):
    """The text without its typed filters, and those filters.

    Returns ``(text, filters)`` where ``filters`` maps ``official``,
    ``topic``… to lists of values, ``from``/``to`` to dates, and
    :data:`ALL_OF` to the list filters as required groups of alternatives.

    >>> split_filters('oficial:"Luis Mendoza" bacheo fecha:2026-01')
    ('bacheo', {'official': ['Luis Mendoza'], 'from': datetime.date(2026, 1, 1), 'to': datetime.date(2026, 1, 31), 'all_of': [[('official', 'Luis Mendoza')]]})
    >>> split_filters('oficial:A O oficial:B tema:agua')[1]['all_of']
    [[('official', 'A'), ('official', 'B')], [('topic', 'agua')]]
    """
    filters = {}
    groups = []
    previous_end = None
    spans = []
    for match in _FILTER.finditer(text):
        field = FIELD_NAMES[match.group("field").lower()]
        # "oficial:A O oficial:B": the operator joins the two filters and goes with them.
        joined = previous_end is not None and _OR_BETWEEN.fullmatch(text[previous_end:match.start()])
        if joined:
            spans.append((previous_end, match.start()))
        previous_end = match.end()
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
            if joined and groups:
                groups[-1].append((field, value))
            else:
                groups.append([(field, value)])
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    remaining = " ".join(_FILTER.sub(" ", text).split())
    for group in groups:
        if len({field for field, _ in group}) > 1:
            # "oficial:A O tema:B" is no filter of either field alone: the query's logic applies it.
            for field, value in group:
                filters[field].remove(value)
                if not filters[field]:
                    del filters[field]
    if groups:
        filters[ALL_OF] = groups
    return remaining, filters


def merge_filters(params, filters):
    """``params`` with the typed filters added to the chosen ones."""
    if not filters:
        return params
    changes = {}
    for name, values in filters.items():
        if name in (ALL_OF, IDENTIFIER):
            # Applied with the text query: see search.query.typed_filter_query.
            continue
        if name in ("from", "to"):
            # A typed bound narrows the chosen one; None (no bound) leaves it as it is.
            attr, pick = ("date_from", max) if name == "from" else ("date_to", min)
            bounds = [d for d in (getattr(params, attr), values) if d]
            changes[attr] = pick(bounds) if bounds else None
        else:
            changes[name] = tuple(getattr(params, name)) + tuple(values)
    return params.with_(**changes)
