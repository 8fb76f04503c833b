"""What officials said: the statements' search (/declaraciones), its API, and each official's page.

As with releases, the API returns exactly what :meth:`search.engine.Engine.search` returns and the page
adds its links (facet toggles, chips, paging, histogram bars) to its own copy of the result.
"""

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from search.catalog import catalog
from search.params import SearchParams
from search.records import hit_anchor
from search.release import key_for
from search.statement_params import StatementParams, statement_params
from search.statements import OFFICIAL
from search.vocabulary import STATEMENTS, faceted_filters, labels

from .engine import get_engine, get_statement_engine
from .filters import periodo
from .terms import terms_of
from .transcript import clean_snippet
from .pages import FACET_SHOWN, date_link, link, month_bars, page_url, toggle, year_bars

bp = Blueprint("statements", __name__)

# Filters of the statements' page that are lists of values, in the order the page shows them.
LIST_FILTERS = faceted_filters(STATEMENTS)
FACET_TITLES = labels()
# An official's page: latest statements listed, and topics named.
LATEST = 10
TOP_TOPICS = 8


def _url(args, **changes):
    return page_url(args, endpoint="statements.search", **changes)


def year_range_bars(items, years, url):
    """Bars for each year of ``years``, zero where ``items`` has none, each linking to ``url(year)``."""
    by_year = {int(i["value"]): i for i in items}
    return [{"value": str(y), "label": str(y), "count": by_year[y]["count"] if y in by_year else 0,
             "selected": by_year[y]["selected"] if y in by_year else False, "toggle_url": url(y)} for y in years]


def add_page_links(result, args, params):
    """``result`` with the page's links: facet toggles, chips, paging, histograms, links to releases."""
    labels = {}
    for name, items in result["facets"].items():
        for item in items:
            labels[(name, item["value"])] = item["label"]
            if name in LIST_FILTERS:
                item["toggle_url"] = _url(args, **{name: toggle(args.getlist(name), item["value"])})
            else:
                item["toggle_url"] = date_link(name, item, args, endpoint="statements.search")
    chips = []
    for name in (*LIST_FILTERS, "release"):
        for value in args.getlist(name):
            if value.strip():
                label = labels.get((name, key_for(value) if name != "release" else value), value)
                chips.append({"label": f"Comunicado: {value}" if name == "release" else label,
                              "remove_url": _url(args, **{name: toggle(args.getlist(name), value)})})
    if params.date_from or params.date_to:
        chips.append({"label": f"Fecha: {periodo(params.date_from, params.date_to)}",
                      "remove_url": _url(args, **{"from": None, "to": None})})
    result["chips"] = chips
    result["clear_url"] = _url(args, **{n: None for n in (*LIST_FILTERS, "release", "from", "to")})
    result["page_urls"] = {n: _url(args, page=n) for n in range(1, result["pages"] + 1)
                           if abs(n - result["page"]) <= 2 or n in (1, result["pages"])}
    result["years"] = year_bars(result["facets"]["year"])
    start, end = params.date_from, params.date_to
    result["months_year"] = start.year if start and end and start.year == end.year else None
    result["months"] = month_bars(result["facets"]["month"], start.year) if result["months_year"] else []
    for hit in result["hits"]:
        hit["url"] = url_for("search.release", release_id=hit["release"]["id"]) + f"#{hit_anchor(hit)}"
        hit["snippet"] = clean_snippet(hit["snippet"])
        if hit["speaker"]["key"]:
            hit["speaker"]["url"] = url_for("statements.official", key=hit["speaker"]["key"])
    return result


@bp.route("/declaraciones")
def search():
    """The statements' search: what was said, by whom and where, with facets and paging."""
    params = statement_params(request.args)
    result = get_statement_engine().search(params, facet_size=FACET_SHOWN + 1)
    page = add_page_links(result, request.args, params)
    return render_template(
        "statements.html", result=page, params=params, facet_titles=FACET_TITLES, facet_shown=FACET_SHOWN,
        list_filters=LIST_FILTERS, api_url=link("statements.api_search", request.args),
    )


@bp.route("/api/v1/statements")
def api_search():
    """Statements as data: the same parameters as /api/v1/search, plus kind, speaker_type and release."""
    return jsonify(get_statement_engine().search(statement_params(request.args)))


def _profile(key, record, said):
    """Name, role and body of an official: from their latest statement, else their latest release."""
    latest = said["hits"][0]["speaker"] if said["hits"] else None
    name = record["name"] if record else latest["name"]
    role = latest["role"] if latest and latest["role"] else (record or {}).get("role")
    body = latest["institution"] if latest else None
    if not body and record:
        newest = get_engine().search(SearchParams(official=(key,), sort="recientes", per_page=1), facet_size=1)
        release = get_engine().get(newest["hits"][0]["id"]) if newest["hits"] else None
        body = next((o.body for o in (release.officials if release else []) if o.key == key and o.body), None)
    return {"key": key, "name": name, "role": role, "body": body}


@bp.route("/oficiales/<key>")
def official(key):
    """An official: role and body, releases and statements by year, topics, latest statements."""
    key = key_for(key)
    record = catalog(get_engine()).official(key)
    said = get_statement_engine().search(
        StatementParams(official=(key,), speaker_type=(OFFICIAL,), sort="recientes", per_page=LATEST),
        facet_size=TOP_TOPICS)
    if record is None and not said["total"]:
        abort(404, f"No hay un funcionario «{key}» en los comunicados.")
    releases = get_engine().search(SearchParams(official=(key,), per_page=1), facet_size=1)
    years = sorted({int(i["value"]) for i in releases["facets"]["year"] + said["facets"]["year"]})
    span = range(years[0], years[-1] + 1) if years else []
    release_bars = year_range_bars(
        releases["facets"]["year"], span,
        lambda y: url_for("search.search", official=key, **{"from": y, "to": y}))
    statement_bars = year_range_bars(
        said["facets"]["year"], span,
        lambda y: url_for("statements.search", official=key, **{"from": y, "to": y}))
    for hit in said["hits"]:
        hit["url"] = url_for("search.release", release_id=hit["release"]["id"]) + f"#{hit_anchor(hit)}"
    # What they speak about comes from their statements; without any, the topics of the releases that name them.
    topics = said["facets"]["topic"] if said["total"] else []
    release_topics = [] if topics else (record or {}).get("topics", [])[:TOP_TOPICS]
    profile = _profile(key, record, said)
    return render_template(
        "official.html", profile=profile, record=record, said=said, topics=topics, release_topics=release_topics,
        terms=terms_of(profile["name"]),
        release_bars=release_bars, statement_bars=statement_bars, releases_total=releases["total"],
        api_url=url_for("api.official", key=key) if record else None,
    )
