"""The JSON API, version 1: the same search as the page, as data for programs.

Besides the endpoints, this blueprint sets what every answer under /api/
shares: CORS for GET, an ETag and Cache-Control from the index generation
(304 when the client's copy is current), the rate limit per client address,
and JSON errors for oversized requests. The contract is the OpenAPI document
of ``openapi.py``; the page at /api shows it in Spanish.
"""

from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, jsonify, render_template, request, url_for

from search.catalog import catalog, stats as index_stats
from search.cursor import walk
from search.params import MAX_PER_PAGE, MAX_QUERY_CHARS, QueryError, params_from_args
from search.release import key_for

from .caching import cache_control, index_etag
from .engine import get_engine
from .errors import CODES, TITLES, api_error, is_api
from .exports import FORMATS, export
from .openapi import document, endpoints
from .ratelimit import RateLimiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Endpoints whose answers come from the index, and so carry its ETag.
FROM_INDEX = {"api.search", "api.release", "api.officials", "api.official", "api.topics", "api.sources", "api.stats",
              "statements.api_search"}
# The error statuses the API answers with, as the page lists them.
ERROR_STATUSES = [(status, CODES[status], TITLES[status]) for status in (400, 404, 405, 413, 414, 429, 503)]
# Headers a browser script may read from a cross-origin answer.
EXPOSED_HEADERS = ("ETag, Link, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "
                   "X-Total-Count, X-Export-Limit, X-Export-Count, X-Export-Truncated")


@bp.record_once
def _setup(state):
    """The rate limiter and the human page at /api (the settings come from search.settings via create_app)."""
    app = state.app
    # A wrong RATE_LIMIT stops the app here, with a message, rather than on the first request.
    app.extensions["hemeroteca_rate_limiter"] = RateLimiter.from_config(
        app.config["RATE_LIMIT"], app.config.get("RATE_LIMIT_STATE"))
    app.add_url_rule("/api", "api_page", api_page)


@bp.before_app_request
def _guard():
    """Refuse oversized or too frequent API requests; answer 304 when the client's copy is current."""
    if not is_api():
        return None
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        return api_error(413, f"La solicitud es demasiado grande: el máximo es de {limit // 1024} KB.")
    limiter = current_app.extensions.get("hemeroteca_rate_limiter")
    if limiter and request.method != "OPTIONS":
        decision = limiter.hit(request.remote_addr or "")
        g.rate_headers = decision.headers()
        if not decision.allowed:
            return api_error(429, f"Ha superado el límite de {limiter.describe()}; "
                             f"inténtelo de nuevo en {decision.retry_after} s.")
    if request.endpoint in FROM_INDEX and request.method in ("GET", "HEAD"):
        g.etag = index_etag(get_engine(), request.full_path)
        # Only an ETag we handed out earns a 304: "*" would skip validating the request.
        if not request.if_none_match.star_tag and request.if_none_match.contains_weak(g.etag):
            return Response(status=304)
    return None


@bp.after_app_request
def _headers(response):
    """CORS, rate-limit and caching headers on every API answer."""
    if not is_api():
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    response.headers.update(g.get("rate_headers", {}))
    etag = g.get("etag")
    if etag and response.status_code in (200, 304):
        response.set_etag(etag, weak=True)
        response.headers["Cache-Control"] = cache_control(current_app.config["API_MAX_AGE"])
    elif response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    return response


def _openapi():
    """This app's OpenAPI document (its export cap and rate limit are stated in it)."""
    limiter = current_app.extensions.get("hemeroteca_rate_limiter")
    return document(current_app.config["EXPORT_LIMIT"], limiter.describe() if limiter else None)


def _date_order_only(params, args):
    """Refuse what a walk by date cannot follow: an explicit relevance order, or a page number."""
    sort = (args.get("sort") or "").strip()
    if sort and params.sort == "relevancia":
        raise QueryError("El cursor «after» recorre los resultados por fecha: use sort=antiguos o sort=recientes.")
    if (args.get("page") or "").strip():
        raise QueryError("«after» y «page» no se combinan: siga el cursor «next» en lugar de pedir páginas.")


def _walk(params, args):
    """One batch of a cursor walk, with a Link header to the next."""
    _date_order_only(params, args)
    result = walk(get_engine(), params, (args.get("after") or "").strip(), descending=params.sort == "recientes")
    response = jsonify(result)
    if result["next"]:
        following = [(k, v) for k, v in args.items(multi=True) if k != "after"] + [("after", result["next"])]
        response.headers["Link"] = f'<{url_for("api.search")}?{urlencode(following)}>; rel="next"'
    return response


@bp.route("/search")
def search():
    """Search releases: hits, total, pages, suggestion and every facet; a cursor batch; or an export page."""
    args = request.args
    fmt = (args.get("format") or "json").strip().lower()
    if fmt not in ("json", *FORMATS):
        raise QueryError(f"El formato «{fmt}» no existe: use json, csv o jsonl.")
    params = params_from_args(args)
    if fmt != "json":
        if "after" in args:
            _date_order_only(params, args)
        return export(get_engine(), params, fmt, current_app.config["EXPORT_LIMIT"], (args.get("after") or "").strip())
    if "after" in args:
        return _walk(params, args)
    return jsonify(get_engine().search(params))


@bp.route("/releases/<path:release_id>")
def release(release_id):
    """One release in full, with its body and extracted fields."""
    engine = get_engine()
    found = engine.get(release_id)
    if found is None:
        return api_error(404, f"No existe un comunicado con el identificador «{release_id}».")
    return jsonify(engine.release_record(found))


@bp.route("/officials")
def officials():
    """Every official named in the releases, most frequent first; ``q`` and ``source`` narrow the list."""
    q = (request.args.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"La consulta es demasiado larga: el máximo es de {MAX_QUERY_CHARS} caracteres.")
    source = key_for(request.args.get("source") or "")
    found = catalog(get_engine())
    entries = [
        e for e in found.listing(found.officials)
        if key_for(q) in e.key and (not source or any(key_for(s) == source for s in e.sources))
    ]
    return jsonify({"total": len(entries), "officials": [found.official_summary(e) for e in entries]})


@bp.route("/officials/<key>")
def official(key):
    """One official: roles, sources and topics, first and last appearance."""
    record = catalog(get_engine()).official(key)
    if record is None:
        return api_error(404, f"No hay un funcionario «{key}» en los comunicados.")
    return jsonify(record)


@bp.route("/topics")
def topics():
    """Every topic, most frequent first."""
    found = catalog(get_engine())
    entries = [e.summary() for e in found.listing(found.topics)]
    return jsonify({"total": len(entries), "topics": entries})


@bp.route("/sources")
def sources():
    """Every source (the government or body that published), most frequent first."""
    found = catalog(get_engine())
    entries = [e.summary() for e in found.listing(found.sources)]
    return jsonify({"total": len(entries), "sources": entries})


@bp.route("/stats")
def stats():
    """Counts, the span of dates and when the index was last written."""
    return jsonify(index_stats(get_engine()))


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    response = jsonify(_openapi())
    response.add_etag()
    response.headers["Cache-Control"] = cache_control(current_app.config["API_MAX_AGE"])
    return response.make_conditional(request)


def api_page():
    """The API explained in Spanish, for the people who write programs against it."""
    doc = _openapi()
    limiter = current_app.extensions.get("hemeroteca_rate_limiter")
    return render_template(
        "api.html", endpoints=endpoints(doc), api_url=url_for("api.openapi"), errors=ERROR_STATUSES,
        export_limit=current_app.config["EXPORT_LIMIT"], max_per_page=MAX_PER_PAGE,
        max_age=current_app.config["API_MAX_AGE"], rate_limit=limiter.describe() if limiter else None,
    )
