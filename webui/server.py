"""Serving the app with gunicorn: sync workers, one per core, as measured fastest for CPU-bound search."""

from gunicorn.app.base import BaseApplication

from . import create_app


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


def serve(index_dir, host="127.0.0.1", port=5000, workers=2, rate_limit=None):
    """Serve the site over the index in ``index_dir`` until interrupted.

    ``rate_limit`` ("60/minute") caps API requests per client address; None leaves them free.
    """
    app = create_app({"INDEX_DIR": str(index_dir), "RATE_LIMIT": rate_limit})
    HemerotecaServer(app, {"bind": f"{host}:{port}", "workers": workers, "accesslog": "-"}).run()
