"""How a release's address is shown in an indexing report.

Which addresses may become links is decided once, by :func:`search.urls.safe_url`.
"""


def shown(value, limit=80):
    """A URL fit to print in a report: controls made visible, long ones cut."""
    text = "".join(ch if ch.isprintable() else "·" for ch in str(value))
    return text if len(text) <= limit else text[:limit] + "…"
