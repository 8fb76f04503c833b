"""Serving the app with gunicorn: sync workers, one per core, as measured fastest for CPU-bound search."""

import os
import re
import shutil
import socket
import tempfile
from pathlib import Path

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.sync import SyncWorker

from search.catalog import catalog
from search.collection import RELEASES
from search.engine import Engine
from search.schema import IndexNotFoundError

from . import create_app
from .errors import render_error

# Gunicorn's own ceiling on the request line. Its default (4094) would answer a long address with its
# English page; above it, the app's own Spanish 414 (errors.MAX_REQUEST_TARGET) answers instead.
REQUEST_LINE_LIMIT = 8190
# Enough of a request's first bytes to tell an API address ("GET /api/…") from a page's.
PEEK_BYTES = 64
_API_TARGET = re.compile(rb"^[A-Z]+ +(?:https?://[^/ ]*)?/api(?:/|$| |\?)")


class Worker(SyncWorker):
    """Gunicorn's sync worker, answering a request line too long even for gunicorn with our Spanish 414.

    Gunicorn refuses such a line before handing over its path, so the worker peeks at the first bytes
    of the connection (sync workers answer one request per connection) to answer the API in JSON and
    the site with its page, both with the security headers.
    """

    def handle(self, listener, client, addr):
        try:
            self._start = client.recv(PEEK_BYTES, socket.MSG_PEEK)
        except OSError:
            self._start = b""
        return super().handle(listener, client, addr)

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        app = self.wsgi
        path = "/api/" if _API_TARGET.match(getattr(self, "_start", b"")) else "/"
        with app.test_request_context(path):
            response = app.process_response(render_error(414, "La dirección de la solicitud es demasiado larga: "
                                                              "use menos filtros o palabras."))
        body = response.get_data()
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("content-length", "connection")]
        head = "".join(f"{k}: {v}\r\n" for k, v in headers)
        message = f"HTTP/1.1 414 URI Too Long\r\nConnection: close\r\nContent-Length: {len(body)}\r\n{head}\r\n"
        try:
            util.write_nonblock(client, message.encode("latin-1") + body)
        except OSError:
            self.log.debug("Failed to send error message.")
        return None


class HemerotecaServer(BaseApplication):
    """Gunicorn run from Python with our own settings, so ``hemeroteca serve`` needs no config file."""

    def __init__(self, app, options):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def warm(index_dir):
    """Read what a first search reads, once, before the workers are forked: they inherit it and none of
    their first requests pays for it. Nothing is kept open across the fork.

    The catalog (officials, topics, sources) is counted too: what it reads is kept per segment, every stored
    document's officials among it (5 s of CPU at 100,000 releases, in a worker's first catalog request),
    so that each worker only counts again what it inherits (under a second).
    """
    for opener in (Engine.open, Engine.statements):
        try:
            engine = opener(index_dir, search_seconds=0)
        except IndexNotFoundError:
            continue  # The site says so on its pages; there is nothing to warm.
        try:
            engine.warm()
            if engine.collection is RELEASES:
                catalog(engine)
        finally:
            engine.close()


def serve(index_dir, host="127.0.0.1", port=5000, workers=2, rate_limit=None, base_url=None, settings=None):
    """Serve the site over the index in ``index_dir`` until interrupted.

    ``rate_limit`` ("60/minute") caps API requests per client address for the whole server, all workers
    together; ``base_url`` is the site's public address for feeds and redirects; ``settings`` are more
    declared settings by name. Those left None keep their value from the environment.
    """
    # The workers share the rate limiter's counts through a file that lives as long as the server.
    state = Path(tempfile.mkdtemp(prefix="hemeroteca-"))
    owner = os.getpid()
    try:
        given = {**(settings or {}), "RATE_LIMIT": rate_limit, "BASE_URL": base_url}
        app = create_app({**{k: v for k, v in given.items() if v is not None}, "INDEX_DIR": str(index_dir),
                          "RATE_LIMIT_STATE": str(state / "ratelimit.sqlite3")})
        warm(index_dir)
        HemerotecaServer(app, {"bind": f"{host}:{port}", "workers": workers, "accesslog": "-",
                               "limit_request_line": REQUEST_LINE_LIMIT, "worker_class": Worker}).run()
    finally:
        # A worker leaving runs this too (it was forked inside run()): only the server removes the file.
        if os.getpid() == owner:
            shutil.rmtree(state, ignore_errors=True)
