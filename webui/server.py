"""Serving the app with gunicorn: sync workers, one per core, as measured fastest for CPU-bound search."""

import os
import shutil
import tempfile
from pathlib import Path

from gunicorn.app.base import BaseApplication

from . import create_app

# Gunicorn's own ceiling on the request line. Its default (4094) would answer a long address with its
# English page; above it, the app's own Spanish 414 (errors.MAX_REQUEST_TARGET) answers instead.
REQUEST_LINE_LIMIT = 8190


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


def serve(index_dir, host="127.0.0.1", port=5000, workers=2, rate_limit=None, base_url=None):
    """Serve the site over the index in ``index_dir`` until interrupted.

    ``rate_limit`` ("60/minute") caps API requests per client address for the whole server, all workers
    together; None leaves them free. ``base_url`` is the site's public address for feeds and redirects.
    """
    # The workers share the rate limiter's counts through a file that lives as long as the server.
    state = Path(tempfile.mkdtemp(prefix="hemeroteca-"))
    owner = os.getpid()
    try:
        app = create_app({"INDEX_DIR": str(index_dir), "RATE_LIMIT": rate_limit, "BASE_URL": base_url,
                          "RATE_LIMIT_STATE": str(state / "ratelimit.sqlite3")})
        HemerotecaServer(app, {"bind": f"{host}:{port}", "workers": workers, "accesslog": "-",
                               "limit_request_line": REQUEST_LINE_LIMIT}).run()
    finally:
        # A worker leaving runs this too (it was forked inside run()): only the server removes the file.
        if os.getpid() == owner:
            shutil.rmtree(state, ignore_errors=True)
