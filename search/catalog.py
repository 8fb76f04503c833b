"""Who and what the index holds: officials, topics, sources and overall figures.

Counted once per index generation from the facet columns, the date column and
the stored list of officials (for their roles); no body is read or re-analysed.
"""

import weakref
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from .release import key_for
from .store.order import UNDATED

# Per view of the index: its catalog, built on first use for that generation.
_catalogs = weakref.WeakKeyDictionary()

# Labels repeat across thousands of releases; folding each once makes a catalog several times faster.
_key = lru_cache(maxsize=65536)(key_for)


def _iso(day):
    return date.fromordinal(day).isoformat() if day is not None else None


@dataclass
class Entry:
    """One official, topic or source: how it is written, and when and how often it appears."""

    key: str
    labels: Counter = field(default_factory=Counter)
    releases: int = 0
    first: int | None = None
    last: int | None = None
    # Officials only: roles with their latest day, and where and about what they appear.
    roles: Counter = field(default_factory=Counter)
    role_last: dict = field(default_factory=dict)
    sources: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)

    @property
    def label(self):
        """The most frequent spelling (ties: alphabetical)."""
        return min(self.labels.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def seen(self, label, day):
        self.labels[label] += 1
        self.releases += 1
        if day != UNDATED:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)

    @property
    def role(self):
        """The role held in the latest appearance (for undated ones, the most frequent)."""
        if not self.roles:
            return None
        return max(self.roles, key=lambda r: (self.role_last.get(r, -1), self.roles[r], r))

    def summary(self, name="label"):
        """The entry as the API lists it."""
        return {"key": self.key, name: self.label, "releases": self.releases,
                "first": _iso(self.first), "last": _iso(self.last)}


def _counted(counter):
    """``Counter`` of labels → list of ``{"key", "label", "releases"}``, most frequent first."""
    merged = {}
    for label, n in counter.items():
        item = merged.setdefault(_key(label), {"key": _key(label), "label": label, "releases": 0})
        item["releases"] += n
    return sorted(merged.values(), key=lambda i: (-i["releases"], i["key"]))


def _mentions(names, officials):
    """A document's officials as ``(name, role)`` pairs (only where it names any)."""
    return tuple((o["name"], o.get("role") or "") for o in officials or []) if names else ()


class Catalog:
    """Every official, topic and source of one index generation, with counts and dates."""

    def __init__(self, view):
        keys = view.order_keys()
        all_topics, all_sources = view.labels_per_document("topic_facet"), view.labels_per_document("source_facet")
        all_names = view.labels_per_document("official_facet")
        all_officials = view.stored_where("officials", "official_facet")
        self.officials, self.topics, self.sources = {}, {}, {}
        self.releases = self.undated = 0
        days = []
        for docnum in view.live_docnums():
            day = keys[docnum][0]
            self.releases += 1
            if day == UNDATED:
                self.undated += 1
            else:
                days.append(day)
            topics, sources = all_topics[docnum], all_sources[docnum]
            for label in topics:
                self._entry(self.topics, label).seen(label, day)
            for label in sources:
                self._entry(self.sources, label).seen(label, day)
            mentions = _mentions(all_names[docnum], all_officials[docnum])
            if mentions:
                self._officials(mentions, day, topics, sources)
        self.first = min(days) if days else None
        self.last = max(days) if days else None

    @staticmethod
    def _entry(entries, label):
        key = _key(label)
        if key not in entries:
            entries[key] = Entry(key)
        return entries[key]

    def _officials(self, mentions, day, topics, sources):
        for key in {_key(name) for name, _ in mentions}:
            own = [(name, role) for name, role in mentions if _key(name) == key]
            entry = self._entry(self.officials, own[0][0])
            entry.seen(own[0][0], day)
            entry.topics.update(topics)
            entry.sources.update(sources)
            for role in {role for _, role in own if role}:
                entry.roles[role] += 1
                if day != UNDATED:
                    entry.role_last[role] = max(entry.role_last.get(role, day), day)

    def official(self, key):
        """An official's record in full, or None: roles, sources and topics with their counts."""
        entry = self.officials.get(_key(key))
        if entry is None:
            return None
        return {
            **self.official_summary(entry),
            "roles": [
                {"role": role, "releases": n, "last": _iso(entry.role_last.get(role))}
                for role, n in sorted(entry.roles.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "sources": _counted(entry.sources),
            "topics": _counted(entry.topics),
        }

    @staticmethod
    def official_summary(entry):
        """An official as listed: name, current role, main source, count and dates."""
        summary = entry.summary(name="name")
        main_source = _counted(entry.sources)[0]["label"] if entry.sources else None
        return {**summary, "role": entry.role, "source": main_source}

    def listing(self, entries):
        """Entries most frequent first, then by key."""
        return sorted(entries.values(), key=lambda e: (-e.releases, e.key))


def catalog(engine):
    """The catalog of the index as the engine sees it now (recounted after each change)."""
    view = engine.current()
    found = _catalogs.get(view)
    if found is None:
        found = _catalogs[view] = Catalog(view)
    return found


def index_state(engine):
    """The generation the engine reads and when the index was last written (UTC)."""
    view = engine.current()
    stamp = engine.store.last_modified()
    written = datetime.fromtimestamp(stamp, timezone.utc) if stamp and stamp > 0 else None
    return view.generation(), written


def stats(engine):
    """Overall figures: counts, the span of dates and when the index was last written."""
    found = catalog(engine)
    generation, written = index_state(engine)
    return {
        "releases": found.releases,
        "undated": found.undated,
        "officials": len(found.officials),
        "topics": len(found.topics),
        "sources": len(found.sources),
        "first_date": _iso(found.first),
        "last_date": _iso(found.last),
        "last_indexed": written.isoformat(timespec="seconds") if written else None,
        "generation": generation,
    }
