"""Links and bars that both sections' pages (releases and statements) build on their results.

Both searches read the same parameters, so a facet toggle, a date link, the paging and the histograms
are made here once; each page passes its own endpoint.
"""

from functools import lru_cache
from urllib.parse import quote, quote_plus, urlencode

from flask import current_app, g, has_request_context, request, url_for
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from .filters import numero

# Values of a list facet shown before its "ver más" link.
FACET_SHOWN = 8
# Parameters of the page alone, left out of the API, feed and CSV links.
PAGE_ONLY_ARGS = ("mas", "filtro")
MONTH_INITIALS = "EFMAMJJASOND"


# What the caches of links below keep, per process: facet values, words and ids recur on every page, but
# each request may bring new ones, so the caches are bounded in entries and only short values enter them
# (a value of thousands of characters, each a new key, would otherwise hold megabytes for good).
LINK_PARTS_KEPT = 8192
CACHED_VALUE_CHARS = 120


def _encode(name, value):
    value = str(value)
    return _encode_kept(name, value) if len(value) <= CACHED_VALUE_CHARS else _encoded(name, value)


def _encoded(name, value):
    return f"{quote_plus(name)}={quote_plus(value)}"


# Facet values recur on every page, so each pair is quoted once per process.
_encode_kept = lru_cache(maxsize=LINK_PARTS_KEPT)(_encoded)


def base_path(endpoint):
    """``url_for(endpoint)`` for an endpoint without values, built once per app and script root."""
    cache = current_app.extensions.setdefault("hemeroteca_base_paths", {})
    key = (endpoint, request.script_root if has_request_context() else "")
    if key not in cache:
        cache[key] = url_for(endpoint)
    return cache[key]


def static_path(filename):
    """``url_for("static", filename=…)``, built once per app and script root."""
    cache = current_app.extensions.setdefault("hemeroteca_base_paths", {})
    key = ("static", filename, request.script_root if has_request_context() else "")
    if key not in cache:
        cache[key] = url_for("static", filename=filename)
    return cache[key]


def _quoted_path(value):
    return _quoted_path_kept(value) if len(value) <= CACHED_VALUE_CHARS else _path_quoted(value)


def _path_quoted(value):
    # As werkzeug's ``path`` converter writes a value (``url_for``).
    return quote(value, safe="!$&'()*+,/:;=@")


# Once per release id and process, for the ids pages link to most.
_quoted_path_kept = lru_cache(maxsize=LINK_PARTS_KEPT)(_path_quoted)


def release_path(release_id):
    """``url_for("search.release", release_id=…)`` without routing each one: a results page links ten."""
    cache = current_app.extensions.setdefault("hemeroteca_base_paths", {})
    key = ("search.release", request.script_root if has_request_context() else "")
    if key not in cache:
        cache[key] = url_for("search.release", release_id="-")[:-1]
    return cache[key] + _quoted_path(release_id)


def link(endpoint, args=(), **values):
    """``url_for`` with ``args`` as the query string, so no user parameter can reach ``url_for``'s own."""
    pairs = list(MultiDict(args).items(multi=True))
    path = url_for(endpoint, **values) if values else base_path(endpoint)
    return path + (f"?{urlencode(pairs)}" if pairs else "")


class Links:
    """One page's parameters, encoded once, and its URLs with some of them replaced.

    A results page draws a hundred or more links that differ from its own address
    in one parameter; building each through ``MultiDict`` and ``url_for`` was
    half the page's time, so the pairs are encoded once and joined per link.
    """

    def __init__(self, args, endpoint):
        self.args = args
        self.base = base_path(endpoint)
        # MultiDict groups the values of a name together, as page_url always wrote them.
        self.pairs = [(k, _encode(k, v)) for k, v in MultiDict(args).items(multi=True)]

    def url(self, changes):
        dropped = set(changes) if "page" in changes else {*changes, "page"}
        parts = [encoded for name, encoded in self.pairs if name not in dropped]
        for name, value in changes.items():
            if value is None:
                continue
            parts.extend(_encode(name, item) for item in (value if isinstance(value, (list, tuple)) else [value]))
        return self.base + ("?" + "&".join(parts) if parts else "")


def _links(args, endpoint):
    """The request's :class:`Links` for ``args`` (the same object) and ``endpoint``, made on first use."""
    if not has_request_context():
        return Links(args, endpoint)
    cache = g.setdefault("hemeroteca_links", {})
    found = cache.get((id(args), endpoint))
    if found is None or found.args is not args:
        found = cache[(id(args), endpoint)] = Links(args, endpoint)
    return found


def page_url(args, *, endpoint="search.search", **changes):
    """The search page's URL for ``args`` with some parameters replaced (None removes one).

    :param endpoint: another page that reads the same parameters (the statements' search).
    """
    return _links(args, endpoint).url(changes)


def search_args(args):
    """The request's search parameters without those that only shape the page."""
    return MultiDict([(k, v) for k, v in MultiDict(args).items(multi=True) if k not in PAGE_ONLY_ARGS])


def toggle(values, value):
    """``values`` with ``value`` taken out if it is there, else added (a facet link's change)."""
    return [v for v in values if v != value] if value in values else [*values, value]


def date_link(name, item, args, endpoint="search.search", links=None):
    """Choosing a year or month filters to it; choosing it again widens back (a month to its year).

    :param links: the page's :class:`Links` for ``args``, when the caller has made them.
    """
    links = links or _links(args, endpoint)
    value = item["value"]
    if not item["selected"]:
        return links.url({"from": value, "to": value})
    if name == "month":
        return links.url({"from": value[:4], "to": value[:4]})
    return links.url({"from": None, "to": None})


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


# One drawn value of a list facet: a link that adds it to the search, or for a chosen one, takes it out.
# Written here rather than in _facets.html: a page draws some fifty of them, and a template row cost four
# escapes and as many lookups each (tests/test_page_facets.py reads them back against the API's facets).
FACET_ROW = ('<li><a href="{href}">\n            <span class="label">{label}</span>\n'
             '            <span class="count">{count}</span></a></li>')
CHOSEN_FACET_ROW = ('<li><a href="{href}" class="selected" aria-current="true">\n'
                    '            <span class="label"><span class="visually-hidden">Quitar filtro: </span>{label}</span>\n'
                    '            <span class="count">{count}</span></a></li>')


def facet_rows(items, limit):
    """A list facet's drawn rows as markup: its first ``limit`` values and any chosen one after them."""
    return Markup("\n".join(
        (CHOSEN_FACET_ROW if item["selected"] else FACET_ROW).format(
            href=escape(item["toggle_url"]), label=escape(item["label"]), count=numero(item["count"]))
        for n, item in enumerate(items) if n < limit or item["selected"]))


# A hit's officials (a few) and topics, each a link that narrows the search to it; written once here, as the
# facet rows are, since a page draws some fifty of them.
HIT_OFFICIALS_SHOWN = 4
HIT_TOPICS_SHOWN = 4
OFFICIAL_TAG = '<li><a class="tag official" href="{href}">{name}{role}</a></li>'
ROLE = ' <span class="role">— {}</span>'
MORE_TAG = '<li><a class="tag more" href="{href}">y {count} {noun} más</a></li>'
TOPIC_TAG = '<li><a class="tag topic" href="{href}">{label}</a></li>'


def hit_tags(hit):
    """The markup of a hit's tag list: a transcript may name fifty officials, so a few here and a link to
    the rest on its page."""
    officials = hit["officials"]
    shown = "".join(OFFICIAL_TAG.format(href=escape(o["filter_url"]), name=escape(o["name"]),
                                        role=ROLE.format(escape(o["role"])) if o.get("role") else "")
                    for o in officials[:HIT_OFFICIALS_SHOWN])
    more = len(officials) - HIT_OFFICIALS_SHOWN
    rest = MORE_TAG.format(href=escape(hit["url"]), count=numero(more),
                           noun="funcionario" if more == 1 else "funcionarios") if more > 0 else ""
    topics = "".join(TOPIC_TAG.format(href=escape(t["filter_url"]), label=escape(t["label"]))
                     for t in hit["topics"][:HIT_TOPICS_SHOWN])
    # Officials, the rest and topics on lines of their own, as the template wrote them: the space between
    # the groups is the one a reader sees between the last official and the first topic.
    return Markup(f"{shown}\n    {rest}\n    {topics}")


# The histogram's drawing box (an SVG viewBox of WIDTH × HEAD + HEIGHT + AXIS_ROOM), as the macro draws it.
HIST_WIDTH, HIST_HEIGHT, HIST_GAP, HIST_HEAD, HIST_AXIS_ROOM = 240, 60, 2, 12, 14


def histogram_layout(bars, labels):
    """Where each bar of a histogram goes, computed here once rather than by Jinja filters per bar.

    At most ``labels`` names under the axis, so they never run into each other; a few bars make wide
    blocks, so a bar is never wider than 36 and they start at the left. Numbers are rounded as the
    template's ``round(2)`` rounded them.
    """
    n = len(bars)
    top = max(bar["count"] for bar in bars)
    bar_w = min((HIST_WIDTH - HIST_GAP * (n - 1)) / n, 36)
    width = round(bar_w, 2)
    step = (n + labels - 1) // labels
    base = HIST_HEAD + HIST_HEIGHT
    laid = []
    for index, bar in enumerate(bars):
        x = round(index * (bar_w + HIST_GAP), 2)
        h = round(max(bar["count"] / top * HIST_HEIGHT, 3), 2) if bar["count"] else 0
        laid.append({"bar": bar, "x": x, "h": h, "y": round(base - h, 2), "value_y": round(base - h - 3, 2),
                     "middle": round(x + bar_w / 2, 2), "axis": index % step == 0,
                     "count": numero(bar["count"])})
    return {"bars": laid, "n": n, "width": width, "box": f"0 0 {HIST_WIDTH} {base + HIST_AXIS_ROOM}",
            "full": base + HIST_AXIS_ROOM, "empty_y": base - 1, "axis_y": base + 12}
