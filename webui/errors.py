"""One error handler that answers in the format of the path: JSON under /api/, a page elsewhere.

Nothing a user types may produce a 500: bad parameters raise QueryError (400)
and a missing index is a 503 with a message that says what to do. Under
/api/ even Werkzeug's own errors (an unknown path, a wrong method) are JSON,
so a program never has to parse an HTML page.
"""

import logging

from flask import jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from search.limits import SearchTimeout
from search.params import QueryError
from search.schema import IndexNotFoundError

log = logging.getLogger(__name__)

# Bytes of the address (path and query string, as sent) the site reads. The server in front lets
# longer ones through (see server.py) so that this limit, not the server's English page, answers them.
MAX_REQUEST_TARGET = 4096

# Spanish titles of the statuses a user can meet.
TITLES = {
    400: "Solicitud no válida",
    404: "No encontrado",
    405: "Método no permitido",
    413: "Solicitud demasiado grande",
    414: "Dirección demasiado larga",
    429: "Demasiadas solicitudes",
    500: "Error interno",
    503: "Servicio no disponible",
}
# Stable codes a program can branch on; the message beside them is for people.
CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large",
         414: "uri_too_long", 429: "too_many_requests", 500: "internal_error", 503: "unavailable"}
GENERIC = {
    404: "La página que busca no existe.",
    405: "Este método no está permitido aquí.",
    413: "La solicitud es demasiado grande.",
    414: "La dirección de la solicitud es demasiado larga.",
    429: "Ha hecho demasiadas solicitudes; espere un momento e inténtelo de nuevo.",
    500: "Ocurrió un error inesperado. Inténtelo de nuevo más tarde.",
}


def is_api():
    """Whether the request is for the API, which always answers in JSON."""
    return request.path.startswith("/api/")


def render_error(status, message, headers=None):
    """The error as JSON for API paths, as a page otherwise; ``headers`` are added to either."""
    if is_api():
        response = jsonify({"error": {"code": CODES.get(status, "error"), "message": message}, "status": status})
        response.status_code = status
    else:
        html = render_template("error.html", status=status, title=TITLES.get(status, "Error"), message=message)
        response = make_response(html, status)
    response.headers.update(headers or {})
    return response


def api_error(status, message=None, headers=None):
    """An API error response with our Spanish message (the generic one by default)."""
    return render_error(status, message or GENERIC.get(status, TITLES.get(status, "Error")), headers)


def refuse_long_address():
    """A 414 in Spanish (JSON under /api/) for an address over :data:`MAX_REQUEST_TARGET`."""
    # The address as sent, where the server keeps it (Werkzeug's test client keeps only its path).
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.environ.get("PATH_INFO", "")
    size = len(raw) + (len(request.query_string) + 1 if request.query_string and "?" not in raw else 0)
    if size > MAX_REQUEST_TARGET:
        return render_error(414, f"{GENERIC[414][:-1]}: el máximo es de {MAX_REQUEST_TARGET // 1024} KB. "
                                 "Use menos filtros o palabras.")
    return None


def init_app(app):
    # First of all the checks, before a long address reaches the API's or the routing's.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_long_address)

    @app.errorhandler(QueryError)
    def bad_query(exc):
        return render_error(400, str(exc))

    @app.errorhandler(IndexNotFoundError)
    def no_index(exc):
        log.error("%s", exc)
        return render_error(503, "El índice de búsqueda no está disponible todavía.")

    @app.errorhandler(SearchTimeout)
    def search_timeout(exc):
        log.warning("Búsqueda detenida por tiempo en %s", request.full_path)
        return render_error(503, str(exc), {"Retry-After": "5"})

    @app.errorhandler(HTTPException)
    def http_error(exc):
        # Messages given to abort() are ours and in Spanish; Werkzeug's defaults are not.
        default = type(exc).description
        message = exc.description if exc.description != default else GENERIC.get(exc.code, TITLES.get(exc.code, "Error"))
        # Keep what the exception says in headers (Allow on a 405, Retry-After on a 429).
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        return render_error(exc.code, message, headers)

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("Error no controlado en %s", request.path)
        return render_error(500, GENERIC[500])
