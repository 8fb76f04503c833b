"""The citizen's pages: search results and releases, rendered from the same data as the API.

The API (``api.py``) returns exactly what :meth:`Engine.search` returns; the
page adds its links (facet toggles, chips, paging, histogram bars) to its own
result, so they never reach the API.
"""

import time

from flask import Blueprint, abort, current_app, render_template, request, url_for

from search.limits import time_limit
from search.params import LIST_FILTERS, params_from_args
from search.vocabulary import labels, plurals
from search.release import key_for

from .engine import get_engine
from .filters import periodo
from .reading import accent_pairs
from .pages import (FACET_SHOWN, Links, date_link, facet_rows, hit_tags, link, month_bars, page_url, release_path, search_args,
                    toggle, year_bars)
from .base_url import external
from .browse import overview
from .said import release_statements, statements_of
from .transcript import clean_snippet, read_body
from .versions import history

bp = Blueprint("search", __name__)
bp.add_app_template_global(accent_pairs)

# The one facet opened with "ver más" (``?mas=official``) is counted in full and this many of its
# values are drawn; ``filtro`` narrows the values on the server, so none is out of reach without JS.
FACET_ALL = 1000
FACET_UNLIMITED = 1_000_000
# A search whose filters leave nothing offers to drop each one, with the count it would bring back.
MAX_RELAXED_FILTERS = 6
# Characters of a release's start in its OpenGraph description.
SUMMARY_CHARS = 200


def _added(values, value):
    return values if value in values else [*values, value]


def _chips(page, args, params, links):
    labels = {(name, i["value"]): i["label"] for name, items in page["facets"].items() for i in items}
    chips = []
    for name in LIST_FILTERS:
        for value in args.getlist(name):
            if value.strip():
                remove = {name: toggle(args.getlist(name), value)}
                chips.append({"label": labels.get((name, value), value), "remove": remove,
                              "remove_url": links.url(remove)})
    if params.date_from or params.date_to:
        remove = {"from": None, "to": None}
        chips.append({"label": f"Fecha: {periodo(params.date_from, params.date_to)}", "remove": remove,
                      "remove_url": links.url(remove)})
    return chips


def _filter_links(hit, selected, links, release_query, made):
    """Each official, topic and source of a hit links to this search narrowed to it.

    :param made: the links already made for this page by (parameter, value): hits share officials and topics.
    """
    def narrowed(name, value):
        found = made.get((name, value))
        if found is None:
            found = made[(name, value)] = links.url({name: _added(selected[name], value)})
        return found

    for official in hit["officials"]:
        official["filter_url"] = narrowed("official", official["key"])
    for topic in hit["topics"]:
        topic["filter_url"] = narrowed("topic", topic["key"])
    if hit.get("source"):
        hit["source_url"] = narrowed("source", hit["source"])
    hit["url"] = release_path(hit["id"]) + release_query
    hit["tags"] = hit_tags(hit)
    hit["snippet"] = clean_snippet(hit["snippet"])


def narrow_facet(items, wanted, limit):
    """The values of a long facet whose label contains ``wanted`` (accents and case aside), at most ``limit``.

    Selected values are always kept, so each can still be removed.
    """
    key = key_for(wanted)
    matching = [i for i in items if key in key_for(i["label"])] if key else items
    shown = matching[:limit]
    shown += [i for i in matching[limit:] if i["selected"]]
    return shown, len(matching)


def add_page_links(result, args, params, expanded=None):
    """``result`` with the page's links added: facet toggles, chips, paging, histograms.

    Each list facet's drawn rows are made here too (``facet_rows``): all values of the ``expanded`` one,
    the first :data:`FACET_SHOWN` and the chosen ones of the others.

    The engine hands each caller a result of its own (cached ones are read back from their serialised copy),
    so the links never reach the API's answers.
    """
    page = result
    # The page's own parameters, encoded once: every link below changes one of them.
    links = Links(args, "search.search")
    selected = {name: args.getlist(name) for name in LIST_FILTERS}
    for name, items in page["facets"].items():
        for item in items:
            if name in LIST_FILTERS:
                item["toggle_url"] = links.url({name: toggle(selected[name], item["value"])})
            else:
                item["toggle_url"] = date_link(name, item, args, links=links)
    page["facet_rows"] = {name: facet_rows(page["facets"][name], len(page["facets"][name]) if name == expanded
                                           else FACET_SHOWN) for name in LIST_FILTERS}
    page["chips"] = _chips(page, args, params, links)
    page["clear_url"] = links.url({n: None for n in (*LIST_FILTERS, "from", "to")})
    page["page_urls"] = {n: links.url({"page": n}) for n in range(1, page["pages"] + 1)
                         if abs(n - page["page"]) <= 2 or n in (1, page["pages"])}
    back = link("search.search", search_args(args))
    release_query = back[back.index("?"):] if "?" in back else ""
    made = {}
    for hit in page["hits"]:
        _filter_links(hit, selected, links, release_query, made)
    page["years"] = year_bars(page["facets"]["year"])
    start, end = params.date_from, params.date_to
    page["months_year"] = start.year if start and end and start.year == end.year else None
    page["months"] = month_bars(page["facets"]["month"], start.year) if page["months_year"] else []
    if page.get("suggestion"):
        # The typed words as typed: exact spelling is the one search that corrects nothing.
        page["original_url"] = links.url({"q": params.q, "exact": "1"})
    return page


def _relaxed(page, args, engine):
    """For an empty search with filters: each filter's removal and how many results it brings back."""
    options = []
    for chip in page["chips"][:MAX_RELAXED_FILTERS]:
        merged = search_args(args)
        for name, values in chip["remove"].items():
            merged.poplist(name)
            for value in values or ():
                merged.add(name, value)
        merged.poplist("page")
        total = engine.search(params_from_args(merged), facet_size=1)["total"]
        if total:
            options.append({**chip, "total": total})
    return options


@bp.route("/")
def search():
    """The search page: results, facets and paging for the query in the URL."""
    params = params_from_args(request.args)
    engine = get_engine()
    expanded = request.args.get("mas") if request.args.get("mas") in LIST_FILTERS else None
    facet_filter = (request.args.get("filtro") or "").strip()
    # The results with their links depend on the address alone: made once per address and index state,
    # as the search is, and the template drawn from them.
    started = time.perf_counter()
    page, matching = engine.remembered(
        ("search page", tuple(request.args.items(multi=True))),
        lambda: _results_page(engine, params, expanded, facet_filter),
    )
    page["took_ms"] = min(page["took_ms"], round((time.perf_counter() - started) * 1000, 1))
    args = search_args(request.args)
    # The bare address (no words, no filter, first page) opens with what the archive holds.
    home = overview() if not request.args else None
    return render_template(
        "search.html", result=page, home=home, params=params, expanded=expanded, facet_shown=FACET_SHOWN, facet_titles=labels(),
        facet_plurals=plurals(),
        facet_filter=facet_filter, facet_matching=matching,
        api_url=link("api.search", args),
        csv_url=link("api.search", [*((k, v) for k, v in args.items(multi=True) if k != "format"), ("format", "csv")]),
        feed_url=link("feeds.search_feed", args),
        # The API's cap on exported rows, stated beside the download link.
        csv_cap=current_app.config.get("EXPORT_LIMIT"),
        more_urls={name: page_url(request.args, mas=name) + f"#facet-{name}" for name in LIST_FILTERS},
        less_url=page_url(request.args, mas=None, filtro=None) + (f"#facet-{expanded}" if expanded else ""),
    )


def _results_page(engine, params, expanded, facet_filter):
    """The search's results with the page's links, and how many values the expanded facet has."""
    result = engine.search(params, facet_size=FACET_UNLIMITED if expanded else FACET_SHOWN + 1)
    matching = None
    if expanded:
        for name in LIST_FILTERS:
            if name != expanded:
                result["facets"][name] = result["facets"][name][:FACET_SHOWN + 1]
        result["facets"][expanded], matching = narrow_facet(result["facets"][expanded], facet_filter, FACET_ALL)
    page = add_page_links(result, request.args, params, expanded)
    if not page["total"] and page["chips"]:
        # The searches that try each filter's removal share one deadline, not one each.
        with time_limit(engine.search_seconds):
            page["relaxed"] = _relaxed(page, request.args, engine)
    return page, matching


def summary_of(body):
    """The start of a release, for the description a shared link shows."""
    text = " ".join(body.replace("---", " ").split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


@bp.route("/comunicados/<path:release_id>")
def release(release_id):
    """One release in full; with the search that led here, its words marked and a link back."""
    engine = get_engine()
    found = engine.get(release_id)
    if found is None:
        abort(404, f"No existe un comunicado con el identificador «{release_id}».")
    record = engine.release_record(found)
    q = request.args.get("q", "").strip()
    args = search_args(request.args)
    similar = engine.more_like_this(release_id, limit=5) if hasattr(engine, "more_like_this") else []
    statements = statements_of(found)
    quotes, _ = release_statements(found, statements)
    for hit in similar:
        hit["snippet"] = clean_snippet(hit["snippet"])
    return render_template(
        "release.html", release=record, q=q, body=read_body(found.body, statements, engine.highlight_terms(q)),
        quotes=quotes, similar=similar, versions=history(record), summary=summary_of(found.body),
        permalink=external(url_for("search.release", release_id=release_id)),
        back_url=link("search.search", args) if args else None,
        api_url=url_for("api.release", release_id=release_id),
    )
