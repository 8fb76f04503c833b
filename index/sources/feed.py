"""RSS and Atom feeds, read with feedparser: which releases a site published lately.

A feed names each release's page, title, dates and categories; the text
usually comes from the page itself, which is fetched and read like any page.
feedparser copes with the many dialects and broken feeds found in the wild.
"""

from email.utils import parsedate_to_datetime

import feedparser


def looks_like_feed(raw):
    """Whether fetched bytes are an RSS or Atom feed."""
    head = raw[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _local_date(value):
    """A feed date as ISO text in the publisher's own time zone (a UTC date may be the next day)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return value  # Atom dates are ISO 8601 already.


def parse(raw, content_type="", where=""):
    """The feed's title and one dict per entry: url, title, date, modified, labels, content (HTML).

    Raises ValueError when the bytes are not a feed.
    """
    parsed = feedparser.parse(raw, response_headers={"content-type": content_type or "application/xml"})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise ValueError(f"{where}: no es un canal RSS ni Atom legible")
    entries = []
    for entry in parsed.entries:
        # dict.get: feedparser's own get() maps "updated" to "published" with a DeprecationWarning.
        link = dict.get(entry, "link")
        if not link:
            continue
        content = dict.get(entry, "content") or []
        entries.append({
            "url": link,
            "title": dict.get(entry, "title"),
            "date": _local_date(dict.get(entry, "published")),
            "modified": _local_date(dict.get(entry, "updated")),
            "labels": [t["term"] for t in dict.get(entry, "tags") or [] if t.get("term")],
            "content": content[0]["value"] if content else dict.get(entry, "summary"),
        })
    return dict.get(parsed.feed, "title"), entries
