"""The stable key of a display label, shared by the index, the filters and every URL."""

import re
from functools import lru_cache

from .analysis import fold


@lru_cache(maxsize=100_000)
def key_for(label):
    """The stable, URL-safe key of a display label ("Protección civil" → "proteccion-civil").

    Keys are accent- and case-insensitive, so users may type either form.
    """
    folded = fold(label).replace("ñ", "n")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
