"""The site's canonical address, the only host its absolute links and redirects ever name.

A client chooses the Host header it sends, so nothing built from it may reach a
feed, a canonical link or a ``Location``. With ``BASE_URL`` set
(``--base-url`` or ``HEMEROTECA_BASE_URL``) those links are absolute on it;
without, they stay relative to wherever the reader found the page.
"""

from urllib.parse import urlsplit

from flask import current_app, redirect, request
from werkzeug.routing import RequestRedirect

from search.urls import safe_url

# Feed ids must be absolute; without a base URL they are tag URIs that name no host.
TAG_PREFIX = "tag:hemeroteca,2026:"


def check_base_url(value):
    """``value`` without its trailing slash, or None when empty; ValueError when it is no site address."""
    if not value:
        return None
    url = safe_url(str(value))
    parts = urlsplit(url) if url else None
    if not parts or parts.query or parts.fragment:
        raise ValueError(f"La dirección base «{value}» no es válida: escriba la dirección pública del sitio, "
                         "con http:// o https://, p. ej. «https://hemeroteca.example.org».")
    return url.rstrip("/")


def external(path):
    """``path`` (from ``url_for``) on the canonical address; as is when none is set."""
    base = current_app.config.get("BASE_URL")
    return base + path if base else path


def feed_id(path):
    """An Atom id for ``path``: its canonical address, else a tag URI that no Host header changes."""
    return external(path) if current_app.config.get("BASE_URL") else TAG_PREFIX + path


def _redirect_without_host():
    """Werkzeug's own redirects (``//buscar.atom`` → ``/buscar.atom``) point at our address, not the request's Host."""
    exc = request.routing_exception
    if isinstance(exc, RequestRedirect):
        target = urlsplit(exc.new_url)
        path = target.path + (f"?{target.query}" if target.query else "")
        return redirect(external(path), exc.code)
    return None


def init_app(app):
    app.config["BASE_URL"] = check_base_url(app.config.get("BASE_URL"))
    app.before_request(_redirect_without_host)
    app.add_template_global(external)
