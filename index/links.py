"""Which URLs a release may carry: only http(s) ones ever become a link.

A browser ignores tabs and line breaks inside a URL and spaces around it, so
`` java\tscript:`` is ``javascript:`` to it; the check reads the URL as a
browser would before looking at its scheme.
"""

import re
from urllib.parse import urlsplit

_INSIDE = re.compile(r"[\t\n\r]")
# Leading and trailing C0 controls and spaces, as the URL standard strips them.
_EDGES = "".join(chr(c) for c in range(0x21))


def http_url(value):
    """The URL trimmed and normalised if it is http(s) with a host, else None."""
    if not isinstance(value, str):
        return None
    url = _INSIDE.sub("", value).strip(_EDGES)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def shown(value, limit=80):
    """A URL fit to print in a report: controls made visible, long ones cut."""
    text = "".join(ch if ch.isprintable() else "·" for ch in str(value))
    return text if len(text) <= limit else text[:limit] + "…"
