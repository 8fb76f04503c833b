"""A fetched document as a release, and how it stands against the indexed one.

:func:`extract` reads a page (or a WordPress post) like a file, with the
canonical URL as id; :func:`merge` decides whether it is new, changed or
unchanged, and for a changed one keeps the earlier text as a version and the
first published date as the date.
"""

from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .encoding import decode, repair_record
from .extract import to_release
from .fetch import site_of
from .sources import html, wordpress

# Query parameters that track visitors and never change the page.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def canonical_url(stated, fetched):
    """The release's id: the canonical URL the page states if it is on the same site, else the fetched one.

    Fragments and tracking parameters are dropped and the host lowercased, so one release has one id.
    """
    url = urljoin(fetched, stated) if stated else fetched
    if site_of(url) != site_of(fetched):
        url = fetched
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def _stamp(value):
    """A site's date or date-time (ISO text) as a datetime, or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def extract(kind, raw, content_type, url, hints, taxonomy):
    """The release in a fetched document, and the site's stamp of its last update (or None).

    ``kind`` is "wordpress" for an API post, "html" for a page. Raises ValueError when
    there is no release in it.
    """
    if kind == "wordpress":
        post = wordpress.parse_json(raw, url)
        record = wordpress.record(post, hints.get("source"))
    else:
        media = content_type.split(";", 1)[0].strip().lower()
        if media and "html" not in media and "xml" not in media and not media.startswith("text/"):
            raise ValueError(f"no es una página HTML (el sitio la envía como {media})")
        record = html.parse(decode(raw, content_type), url)
    record = repair_record(record)
    if not record.get("date") and hints.get("date"):
        record["date"] = hints["date"]
    record["source"] = record.get("source") or hints.get("source")
    record["id"] = record["url"] = canonical_url(record.get("url"), url)
    record["path"] = url
    release = to_release(record, taxonomy)
    release.labels = list(record.get("labels") or hints.get("labels") or [])
    modified = _stamp(record.get("modified"))
    if modified is not None and modified == _stamp(record.get("date")):
        modified = None  # "Modified" the moment it was published: never edited.
    return release, modified


def merge(release, previous, modified, now):
    """Compare a freshly extracted release with the indexed one.

    Returns ``(outcome, release to write or None)``, outcome being "new",
    "changed" or "unchanged". A changed release keeps its first published
    date and first-seen time and gains the previous text as a version; an
    unchanged one is rewritten only to record it was seen again on a new day
    or is back after a withdrawal.
    """
    if previous is None:
        release.first_seen = release.last_seen = now
        release.updated = modified
        return "new", release
    if (release.title, release.body) == (previous.title, previous.body):
        relabelled = bool(release.labels) and release.labels != previous.labels
        if relabelled or previous.withdrawn or previous.last_seen is None or previous.last_seen.date() != now.date():
            previous.last_seen, previous.withdrawn = now, False
            previous.labels = release.labels or previous.labels
            return "unchanged", previous
        return "unchanged", None
    release.versions = [*previous.versions, {
        "title": previous.title,
        "body": previous.body,
        "date": previous.date.isoformat() if previous.date else None,
        "from": (previous.updated or previous.first_seen or now).isoformat(),
        "until": now.isoformat(),
    }]
    release.first_seen = previous.first_seen or now
    release.date = previous.date or release.date
    release.updated = modified or now
    release.last_seen = now
    return "changed", release
