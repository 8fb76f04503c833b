"""The citizen's pages: search results and releases, rendered from the same data as the API.

The API (``api.py``) returns exactly what :meth:`Engine.search` returns; the
page adds its links (facet toggles, chips, paging) to a copy, so they never
reach the API.
"""

import copy

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search.params import LIST_FILTERS, params_from_args

from .engine import get_engine

bp = Blueprint("search", __name__)



def page_url(args, **changes):
    """The search page's URL for ``args`` with some parameters replaced (None removes one)."""
    merged = MultiDict(args)
    for name, value in changes.items():
        merged.poplist(name)
        if value is None:
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            merged.add(name, item)
    if "page" not in changes:
        merged.poplist("page")
    return url_for("search.search", **merged.to_dict(flat=False))


def _toggle(values, value):
    return [v for v in values if v != value] if value in values else [*values, value]


def add_page_links(result, args):
    """A copy of ``result`` with the page's links: facet toggles, chips and paging."""
    page = copy.deepcopy(result)
    for name, items in page["facets"].items():
        for item in items:
            if name in LIST_FILTERS:
                item["toggle_url"] = page_url(args, **{name: _toggle(args.getlist(name), item["value"])})
            elif item["selected"]:
                item["toggle_url"] = page_url(args, **{"from": None, "to": None})
            else:
                item["toggle_url"] = page_url(args, **{"from": item["value"], "to": item["value"]})
    labels = {(name, i["value"]): i["label"] for name, items in page["facets"].items() for i in items}
    chips = []
    for name in LIST_FILTERS:
        for value in args.getlist(name):
            if value.strip():
                chips.append({
                    "label": labels.get((name, value), value),
                    "remove_url": page_url(args, **{name: _toggle(args.getlist(name), value)}),
                })
    if args.get("from") or args.get("to"):
        span = " – ".join(v for v in (args.get("from"), args.get("to")) if v)
        chips.append({"label": f"Fecha: {span}", "remove_url": page_url(args, **{"from": None, "to": None})})
    page["chips"] = chips
    page["clear_url"] = page_url(args, **{n: None for n in (*LIST_FILTERS, "from", "to")})
    page["page_urls"] = {n: page_url(args, page=n) for n in range(1, page["pages"] + 1)
                         if abs(n - page["page"]) <= 3 or n in (1, page["pages"])}
    return page


@bp.route("/")
def search():
    """The search page: results, facets and paging for the query in the URL."""
    params = params_from_args(request.args)
    result = get_engine().search(params)
    api_url = url_for("api.search", **request.args.to_dict(flat=False))
    return render_template("search.html", result=add_page_links(result, request.args),
                           params=params, api_url=api_url)


@bp.route("/comunicados/<path:release_id>")
def release(release_id):
    """One release in full; with ``q``, the words that query matched are marked."""
    engine = get_engine()
    found = engine.get(release_id)
    if found is None:
        abort(404, f"No existe un comunicado con el identificador «{release_id}».")
    record = engine.release_record(found)
    q = request.args.get("q", "").strip()
    return render_template("release.html", release=record, q=q,
                           body_html=engine.marked_body(found, q),
                           api_url=url_for("api.release", release_id=release_id))
