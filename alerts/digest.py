"""What is new in each alert's search since its last email, and sending it.

The index stamps every release with ``indexed_at``, when its text or withdrawal last changed
(:mod:`index.stamps`). Stamps are written one at a time while the index is locked for writing, so
every release a later commit brings has a newer stamp than any already visible. An alert's email
covers the stamps after its ``sent_until`` and up to the newest one the index shows now (the
*mark*): a release committed while a run is going is left for the next one, and none falls between.

Which releases match is decided by the one search engine (:meth:`search.engine.Engine.matching`,
:meth:`search.engine.Engine.search` over the statements): an alert gets exactly what its page shows,
except the page's any-word fallback, which would send releases without all the words.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from search.engine import Engine
from search.records import hit_anchor
from search.release import from_stored
from search.schema import IndexNotFoundError

from . import links, messages
from .outbox import deliver
from .schedule import FREQUENCIES, is_due
from .searches import describe, params_of
from .store import utcnow

# The stamp of releases indexed before stamps existed (as index.stamps writes it).
EPOCH = datetime(1970, 1, 1)
# Releases (or statements) listed in one email; the rest are counted, with a link to the search.
MAX_ITEMS = 20
EXCERPT_CHARS = 300
# How long a confirmation link lasts.
CONFIRM_DAYS = 7
STATUS = {"new": "Nuevo", "edited": "Modificado", "withdrawn": "Retirado"}


def excerpt(text, limit=EXCERPT_CHARS):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def index_mark(view, floor=EPOCH):
    """The newest ``indexed_at`` in the index at or after ``floor``; ``floor`` when there is none."""
    if not view.has_field("indexed_at"):
        return floor  # An index written before the stamps: nothing is new until it is written again.
    newest = view.newest("indexed_at", floor)
    return newest if newest is not None else floor


def current_mark(store, view):
    """The index's mark, remembered so the next look starts from it rather than from the oldest stamp."""
    known = store.meta("index_mark")
    mark = index_mark(view, datetime.fromisoformat(known) if known else EPOCH)
    store.set_meta("index_mark", mark.isoformat(timespec="microseconds"))
    return mark


def _changed(view, since, until):
    """Sorted docnums of the releases whose stamp is after ``since`` and not after ``until``."""
    if not view.has_field("indexed_at"):
        return np.empty(0, dtype=np.int64)
    return view.stamped("indexed_at", since, until)


def _status(stored, since):
    if stored.get("withdrawn"):
        return STATUS["withdrawn"]
    return STATUS["new"] if (stored.get("first_indexed") or EPOCH) > since else STATUS["edited"]


def _release_item(base, stored, since):
    release = from_stored(stored)
    return {"status": _status(stored, since), "title": release.title, "date": release.date,
            "source": release.source, "excerpt": excerpt(release.body), "who": None,
            "url": links.link(base, links.RELEASE_PATH, release_id=release.id),
            "original": links.web_link(release.url)}


@dataclass
class Finder:
    """The engines an alert run reads, and the index mark it sends up to."""

    engine: object
    index_dir: object
    mark: datetime
    _statements: object = None

    def statements(self):
        if self._statements is None:
            self._statements = Engine.statements(self.index_dir)
        return self._statements

    def close(self):
        """Close the statements engine the run opened (the releases' engine is the caller's)."""
        if self._statements is not None:
            self._statements.close()
            self._statements = None

    def new_items(self, subscription, base):
        """``(items, total)``: what the alert's search selects among the releases stamped since its last email."""
        since = datetime.fromisoformat(subscription["sent_until"]) if subscription["sent_until"] else EPOCH
        if since >= self.mark:
            return [], 0
        params = params_of(subscription["kind"], subscription["search"])
        chosen = self.engine.matching(params) if subscription["kind"] == "releases" else None
        view = chosen.view if chosen else self.engine.current()
        changed = _changed(view, since, self.mark)
        if not len(changed):
            return [], 0
        if chosen is not None:
            if chosen.mode == "any":
                return [], 0
            docnums = np.intersect1d(chosen.docnums, changed, assume_unique=True)
            if not len(docnums):
                return [], 0
            newest = [docnum for docnum, _ in view.order(docnums, "-indexed_at", limit=MAX_ITEMS)]
            return [_release_item(base, stored, since) for stored in view.fetch(newest)], len(docnums)
        return self._statement_items(view, params, changed, since, base)

    def _statement_items(self, view, params, changed, since, base):
        stored = {s["id"]: s for s in view.fetch(changed)}
        ids = [i for i in stored if not params.release or i in params.release]
        if not ids:
            return [], 0
        result = self.statements().search(params.with_(release=tuple(ids), sort="recientes", page=1,
                                                       per_page=MAX_ITEMS), facet_size=1)
        if result["mode"] == "any":
            return [], 0
        items = []
        for hit in result["hits"]:
            release = stored[hit["release"]["id"]]
            speaker = hit["speaker"]["name"] or hit["speaker"]["type_label"]
            items.append({
                "status": _status(release, since), "title": hit["release"]["title"],
                "date": datetime.fromisoformat(hit["date"]).date() if hit["date"] else None,
                "source": hit["release"]["source"], "excerpt": excerpt(hit["text"]), "who": speaker,
                "url": links.link(base, links.RELEASE_PATH, release_id=release["id"]) + f"#{hit_anchor(hit)}",
                "original": links.web_link(release.get("url")),
            })
        return items, result["total"]


@dataclass
class SendReport:
    sent: int = 0
    alerts: int = 0
    refused: int = 0
    failures: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.failures and not self.refused


def alert_email(subscription, items, total, base, sender):
    """The stored-to-be message of an alert: ``(Message-ID, bytes)``."""
    kind, search = subscription["kind"], subscription["search"]
    return messages.digest(
        sender, subscription["email"], describe(kind, search), FREQUENCIES[subscription["frequency"]], items,
        total, links.link(base, links.SEARCH_PATHS[kind], query=search),
        links.link(base, links.UNSUBSCRIBE, token=subscription["token"]),
        links.link(base, links.MANAGE, token=subscription["manage_token"]),
    )


def send_alerts(store, engine, index_dir, mailer, base, now=None):
    """Send what is pending, then each due alert's news; one SMTP connection, a commit after each message.

    :param engine: a :class:`search.engine.Engine` over the index.
    :returns: a :class:`SendReport`.
    """
    now = now or utcnow()
    report = SendReport()
    store.purge_unconfirmed(now - timedelta(days=CONFIRM_DAYS))
    store.forget_events(now - timedelta(days=2))
    store.commit()
    with mailer.session() as send:
        sent, refused = deliver(store, send, store.pending_messages())
        report.sent += sent
        report.refused += refused
        finder = Finder(engine, index_dir, current_mark(store, engine.current()))
        try:
            store.commit()
            for subscription in store.confirmed_subscriptions():
                if store.pending_for(subscription["id"]) is not None or not is_due(subscription, now):
                    continue
                try:
                    items, total = finder.new_items(subscription, base)
                    if items:
                        message_id, body = alert_email(subscription, items, total, base, mailer.sender)
                except (IndexNotFoundError, ValueError) as exc:
                    # One alert that cannot be read or written is reported; the others still go out.
                    report.failures.append((subscription["id"], str(exc)))
                    continue
                if not items:
                    store.advance(subscription["id"], finder.mark)
                    store.commit()
                    continue
                row = store.queue(subscription["email"], message_id, body, subscription["id"], until=finder.mark, now=now)
                store.commit()
                sent, refused = deliver(store, send, [store.message(row)])
                report.sent += sent
                report.alerts += sent
                report.refused += refused
        finally:
            finder.close()
    return report
