"""The search engine of the running app: opened on first use, once per process."""

from flask import current_app

from search.engine import Engine
from search.limits import DEFAULT_SEARCH_SECONDS


def search_seconds():
    """How long one search may run: the app's ``SEARCH_SECONDS``, else the default of :mod:`search.limits`."""
    value = current_app.config.get("SEARCH_SECONDS")
    return float(value) if value is not None else DEFAULT_SEARCH_SECONDS


def get_engine():
    """The app's :class:`Engine`, opening the index on first use.

    Raises IndexNotFoundError when the configured folder holds no index.
    """
    engine = current_app.extensions.get("hemeroteca_engine")
    if engine is None:
        engine = Engine.open(current_app.config["INDEX_DIR"], search_seconds=search_seconds())
        current_app.extensions["hemeroteca_engine"] = engine
    return engine


def get_statement_engine():
    """The app's :class:`Engine` over the statements, opened on first use, under the same ``SEARCH_SECONDS``.

    Raises IndexNotFoundError when the index holds no statements.
    """
    engine = current_app.extensions.get("hemeroteca_statements")
    if engine is None:
        engine = Engine.statements(current_app.config["INDEX_DIR"], search_seconds=search_seconds())
        current_app.extensions["hemeroteca_statements"] = engine
    return engine
