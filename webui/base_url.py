"""The site's canonical address, the only host its absolute links and redirects ever name.

A client chooses the Host header it sends, so nothing built from it may reach a
feed, a canonical link or a ``Location``. With ``BASE_URL`` set
(``--base-url`` or ``HEMEROTECA_BASE_URL``) those links are absolute on it;
without, they stay relative to wherever the reader found the page.
"""

from urllib.parse import urlsplit

from flask import current_app, redirect, request
from werkzeug.routing import RequestRedirect

from search.urls import check_base_url

# Feed ids must be absolute; without a base URL they are tag URIs that name no host.
TAG_PREFIX = "tag:hemeroteca,2026:"


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
