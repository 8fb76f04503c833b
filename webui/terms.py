"""An official's terms of office, as the staff's registry states them (not inferred from mentions).

The registry is the indexer's file (``REGISTRY``, else the shipped one); the
site only reads who held which office when, for the line "En el cargo".
"""

from datetime import date
from functools import lru_cache

from flask import current_app

from index.registry import Registry


@lru_cache(maxsize=4)
def _registry(path):
    return Registry.load(path)


def terms_of(name):
    """``[{"role", "body", "start", "end"}]`` of the registered person ``name`` stands for, newest first; [] if none.

    A registry that cannot be read leaves the page without the line rather than failing it.
    """
    try:
        person = _registry(current_app.config.get("REGISTRY")).find(name)
    except (OSError, ValueError):
        return []
    if person is None:
        return []
    terms = [{"role": t.role, "body": t.body, "start": t.start, "end": t.end} for t in person.terms]
    return sorted(terms, key=lambda t: t["start"] or date.min, reverse=True)
