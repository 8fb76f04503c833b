"""The search engine of the running app: opened on first use, once per process."""

from flask import current_app

from search.engine import Engine


def get_engine():
    """The app's :class:`Engine`, opening the index on first use.

    Raises IndexNotFoundError when the configured folder holds no index.
    """
    engine = current_app.extensions.get("hemeroteca_engine")
    if engine is None:
        engine = Engine.open(current_app.config["INDEX_DIR"])
        current_app.extensions["hemeroteca_engine"] = engine
    return engine
