"""Links and bars that both sections' pages (releases and statements) build on their results.

Both searches read the same parameters, so a facet toggle, a date link, the paging and the histograms
are made here once; each page passes its own endpoint.
"""

from urllib.parse import urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

# Values of a list facet shown before its "ver más" link.
FACET_SHOWN = 8
# Parameters of the page alone, left out of the API, feed and CSV links.
PAGE_ONLY_ARGS = ("mas", "filtro")
MONTH_INITIALS = "EFMAMJJASOND"


def link(endpoint, args=(), **values):
    """``url_for`` with ``args`` as the query string, so no user parameter can reach ``url_for``'s own."""
    pairs = list(MultiDict(args).items(multi=True))
    return url_for(endpoint, **values) + (f"?{urlencode(pairs)}" if pairs else "")


def page_url(args, *, endpoint="search.search", **changes):
    """The search page's URL for ``args`` with some parameters replaced (None removes one).

    :param endpoint: another page that reads the same parameters (the statements' search).
    """
    merged = MultiDict(args)
    for name, value in changes.items():
        merged.poplist(name)
        if value is None:
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            merged.add(name, item)
    if "page" not in changes:
        merged.poplist("page")
    return link(endpoint, merged)


def search_args(args):
    """The request's search parameters without those that only shape the page."""
    return MultiDict([(k, v) for k, v in MultiDict(args).items(multi=True) if k not in PAGE_ONLY_ARGS])


def toggle(values, value):
    """``values`` with ``value`` taken out if it is there, else added (a facet link's change)."""
    return [v for v in values if v != value] if value in values else [*values, value]


def date_link(name, item, args, endpoint="search.search"):
    """Choosing a year or month filters to it; choosing it again widens back (a month to its year)."""
    value = item["value"]
    if not item["selected"]:
        return page_url(args, endpoint=endpoint, **{"from": value, "to": value})
    if name == "month":
        return page_url(args, endpoint=endpoint, **{"from": value[:4], "to": value[:4]})
    return page_url(args, endpoint=endpoint, **{"from": None, "to": None})


def year_bars(items):
    """The year facet as histogram bars, oldest first, with empty years in between shown as zero."""
    by_year = {int(i["value"]): i for i in items}
    if not by_year:
        return []
    return [by_year.get(y, {"value": str(y), "label": str(y), "count": 0, "selected": False})
            for y in range(min(by_year), max(by_year) + 1)]


def month_bars(items, year):
    """The twelve months of ``year`` as histogram bars, months without releases as zero."""
    by_month = {i["value"]: i for i in items}
    bars = []
    for month in range(1, 13):
        value = f"{year}-{month:02d}"
        bar = by_month.get(value, {"value": value, "count": 0, "selected": False})
        bars.append({**bar, "short": MONTH_INITIALS[month - 1]})
    return bars
