"""A press release as Hemeroteca stores it, and its mapping to index fields.

The writer builds documents with :func:`to_document` and the read side turns
stored fields back with :func:`from_stored`, so the field layout of
``schema.py`` is spelled out in this one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from .keys import key_for  # noqa: F401 (releases' keys are reached through this module too)
from .schema import LABEL_SEPARATOR
from .vocabulary import RELEASES, filters_of


@dataclass(frozen=True)
class Official:
    """A person named in a release with the public role they hold there."""

    name: str
    role: str = ""
    # The institution they act for ("Alcaldía Benito Juárez"), when known.
    body: str = ""

    @property
    def key(self):
        return key_for(self.name)

    def display(self):
        """"Luis Mendoza — alcalde", as shown beside a hit."""
        return f"{self.name} — {self.role}" if self.role else self.name


@dataclass
class Release:
    """One release, ready to index: text plus the fields extracted from it."""

    id: str
    title: str
    body: str
    date: date | None = None
    source: str | None = None
    url: str | None = None
    officials: list[Official] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    # comunicado, aviso, boletín, convocatoria, versión estenográfica…
    doc_type: str | None = None
    origin: str | None = None
    # From the site crawler (None or empty for releases read from files):
    # first and last time seen on the site, the site's last update, withdrawn from the site,
    # earlier versions (dicts with title, body, date and from/until timestamps, oldest first),
    # and the site's own categories and tags.
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    updated: datetime | None = None
    withdrawn: bool = False
    versions: list[dict] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def month(self):
        return self.date.strftime("%Y-%m") if self.date else None


def _labels(values):
    return LABEL_SEPARATOR.join(values).encode("utf-8")


def _facet_labels(release, facet):
    """The display labels a release has for one facet (its officials' names, its topics, its source…)."""
    value = getattr(release, facet.attribute)
    if not value:
        return []
    return [value] if isinstance(value, str) else [getattr(v, "name", v) for v in value]


def to_document(release):
    """The keyword arguments of ``writer.update_document`` for a release.

    Each filter of :data:`search.vocabulary.FACETS` gets its keyword field of keys (when the release
    has a value) and its column of labels; the rest is the release's stored record.
    """
    doc = {
        "id": release.id,
        "title": release.title,
        "title_exact": release.title,
        "body": release.body,
        "body_exact": release.body,
        "title_accent": release.title,
        "body_accent": release.body,
        "officials": [asdict(o) for o in release.officials],
        "topics": list(release.topics),
        "places": list(release.places),
        "organizations": list(release.organizations),
        "doc_type": release.doc_type,
        "month_facet": _labels([release.month()] if release.date else []),
        "origin": release.origin,
    }
    for facet in filters_of(RELEASES):
        labels = _facet_labels(release, facet)
        doc[facet.column] = _labels(labels)
        if labels:
            doc[facet.field] = " ".join(key_for(label) for label in labels)
    if release.url:
        doc["url"] = release.url
    if release.source:
        doc["source"] = release.source
    if release.date:
        doc["date"] = datetime(release.date.year, release.date.month, release.date.day)
        doc["month"] = release.month()
    # Only when set, so indexes made before these fields existed still accept releases from files.
    for name in ("first_seen", "last_seen", "updated", "versions", "labels"):
        if getattr(release, name):
            doc[name] = getattr(release, name)
    if release.withdrawn:
        doc["withdrawn"] = True
    return doc


def from_stored(stored):
    """Rebuild a :class:`Release` from a hit's stored fields."""
    stamp = stored.get("date")
    return Release(
        id=stored["id"],
        title=stored.get("title", ""),
        body=stored.get("body", ""),
        date=stamp.date() if stamp else None,
        source=stored.get("source"),
        url=stored.get("url"),
        officials=[Official(**o) for o in stored.get("officials") or []],
        topics=list(stored.get("topics") or []),
        places=list(stored.get("places") or []),
        organizations=list(stored.get("organizations") or []),
        doc_type=stored.get("doc_type"),
        origin=stored.get("origin"),
        first_seen=stored.get("first_seen"),
        last_seen=stored.get("last_seen"),
        updated=stored.get("updated"),
        withdrawn=bool(stored.get("withdrawn")),
        versions=list(stored.get("versions") or []),
        labels=list(stored.get("labels") or []),
    )
