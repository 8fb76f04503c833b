"""The site's addresses that alert emails link to: the one place both the site's routes and the emails read.

The search and release pages belong to ``webui``; their paths are repeated here so emails can be
written without the site running (``hemeroteca alerts send``).
"""

from urllib.parse import quote

from search.urls import check_base_url as search_base_url, safe_url

SEARCH_PATHS = {"releases": "/", "statements": "/declaraciones"}
RELEASE_PATH = "/comunicados/{release_id}"
NEW = "/avisos/nuevo"
CONFIRM = "/avisos/confirmar/{token}"
UNSUBSCRIBE = "/avisos/baja/{token}"
MANAGE = "/avisos/gestionar/{token}"
# Asking for the management link again, when it is lost.
LOST = "/avisos/gestionar"


class BaseUrlError(ValueError):
    """The site's public address is missing or is not http(s)."""


def check_base_url(url):
    """The site's public address without a trailing slash; raises BaseUrlError if it cannot make links."""
    try:
        base = search_base_url(url)
    except ValueError as exc:
        raise BaseUrlError(str(exc)) from None
    if base is None:
        raise BaseUrlError("Falta la dirección pública del sitio (HEMEROTECA_BASE_URL), con http:// o https://, "
                           "para escribir los enlaces de los correos.")
    return base


def route(path):
    """A path of this module as a Flask rule: ``{token}`` becomes ``<token>``."""
    return path.replace("{", "<").replace("}", ">")


def link(base, path, query="", **values):
    """``base`` + ``path`` with ``values`` filled in (quoted) and an optional query string."""
    filled = path.format(**{k: quote(str(v), safe="/:") for k, v in values.items()})
    return f"{base}{filled}" + (f"?{query}" if query else "")


def web_link(url):
    """``url`` if it is an http(s) address (the only kind that becomes a link), else None."""
    return safe_url(url)
