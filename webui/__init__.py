"""The Hemeroteca web site: a Spanish search page and a JSON API over one search function."""

from pathlib import Path

from flask import Flask

from search import settings
from search.spelling import SPANISH
from search.schema import default_index_dir

from .templating import PageEnvironment


def create_app(test_config=None):
    """Create the Flask app from the declared settings (environment), with ``test_config`` on top."""
    app = Flask(__name__, instance_relative_config=True)
    app.jinja_environment = PageEnvironment
    app.config.from_mapping(
        PAGE_SIZE=10,
        FACET_SIZE=20,
        # Responses to the API and page set no upper bound on request bodies otherwise.
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    app.config.from_mapping(settings.defaults())
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    # Declared settings from the environment, then what the caller (``serve``, a test) says.
    app.config.update(settings.from_environment())
    app.config.update(test_config or {})
    app.config["INDEX_DIR"] = str(Path(app.config["INDEX_DIR"] or default_index_dir()))
    # The Spanish word list that corrections are checked against loads once per process (about a
    # second); waiting for it here means a worker's first search is corrected like every later one.
    SPANISH.wait()
    # The API keeps the documented key order and writes Spanish text as is.
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    from . import alerts, alerts_api, api, base_url, browse, errors, feeds, filters, headers, statements, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(statements.bp)
    app.register_blueprint(alerts.bp)
    app.register_blueprint(alerts_api.bp)
    app.register_blueprint(browse.bp)
    errors.init_app(app)
    base_url.init_app(app)
    headers.init_app(app)
    filters.init_app(app)
    browse.init_app(app)
    return app
