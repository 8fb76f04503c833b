"""Keeping the index current with sites: fetch what changed, keep edits' earlier versions, mark withdrawals.

A release's id is its canonical URL. Each run lists a source's releases
(:mod:`index.discover`), then for each page: skips it when the site's own
stamp or a conditional GET says it has not changed; otherwise archives what
was fetched, extracts it like a file, and compares it with the indexed
release (new, changed or unchanged). A page the site answers 404 or 410 for
is kept in the index, marked withdrawn. Failures are remembered and tried
again first on the next run.
"""

import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone


from .archive import Archive, digest
from .commits import BatchedIndex
from .discover import Discovery, Listed, discover
from .fetch import Blocked, FetchError, PageCapReached
from .revisions import extract, merge
from .state import State, hints_of
from .topics import Taxonomy

# Known pages a feed or listing no longer shows are asked for again after this many days, to notice
# withdrawals; sources that list everything (sitemaps, the WordPress API) are checked every run.
RECHECK_DAYS = 7


@dataclass
class UpdateReport:
    """What a run did: counts, failures with reasons, pages robots.txt kept us from, pages left for next time."""

    fetched: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    failures: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    not_reached: int = 0
    capped: bool = False

    @property
    def failed(self):
        return len(self.failures)

    @property
    def ok(self):
        return not self.failures

    def counts(self):
        """One line for the progress bar and the final report."""
        return (f"descargadas {self.fetched} · nuevos {self.new} · cambiados {self.changed} · "
                f"sin cambios {self.unchanged} · retirados {self.withdrawn} · fallidos {self.failed}")


def now_utc():
    return datetime.now(timezone.utc).replace(microsecond=0)


class Updater:
    """One run over sources into one index folder; use as a context manager.

    :param fetcher: a :class:`index.fetch.Fetcher` (not needed offline).
    :param progress: called as ``progress(report, done, total)`` after each page.
    :param recheck_days: see :data:`RECHECK_DAYS`.
    """

    def __init__(self, index_dir, fetcher=None, taxonomy=None, progress=None, recheck_days=RECHECK_DAYS):
        self.index_dir = index_dir
        self.fetcher = fetcher
        self.taxonomy = taxonomy or Taxonomy.load()
        self.progress = progress or (lambda report, done, total: None)
        self.recheck_days = recheck_days
        self.report = UpdateReport()
        self.now = now_utc()
        self.state = State(index_dir)
        self.archive = Archive(index_dir)
        # The releases and statements indexes, committed together.
        self.index = None
        self.latest = {}
        self.done = self.total = 0

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if self.index is not None:
            self.index.cancel()
        if exc_type is not None:
            self.state.db.rollback()
        self.state.close()

    # Sources

    def run(self, sources):
        """Update from ``sources``, a list of (name, url, kind); returns the :class:`UpdateReport`."""
        self._open()
        self.pages_before = self.fetcher.pages
        try:
            for name, url, kind in sources:
                self._source(name, url, kind)
        except PageCapReached:
            self.report.capped = True
        finally:
            self.report.fetched = self.fetcher.pages - self.pages_before
        self._flush()
        return self.report

    def _source(self, name, url, kind):
        try:
            found = discover(self.fetcher, url, kind)
        except (FetchError, ValueError) as exc:
            self.report.failures.append((url, exc.reason if isinstance(exc, FetchError) else str(exc)))
            found = Discovery(kind)
        self.report.failures.extend(found.failures)
        listed = {}
        for item in found.listed:
            listed.setdefault(item.url, item)
        # Pages that failed last time go first, so the page cap never starves them.
        retry = [Listed(row["url"], hints=hints_of(row)) for row in self.state.failures(name)
                 if row["url"] not in listed]
        stale = (self.now - timedelta(days=self.recheck_days)).isoformat()
        recheck = [Listed(row["url"], hints=hints_of(row)) for row in self.state.pages(name)
                   if row["url"] not in listed and not row["withdrawn"]
                   and (found.complete or (row["checked"] or "") <= stale)]
        items = retry + list(listed.values()) + [i for i in recheck if i.url not in {r.url for r in retry}]
        self.total += len(items)
        for n, item in enumerate(items):
            try:
                self._page(name, item)
            except PageCapReached:
                self.report.not_reached += len(items) - n
                self._flush()
                raise
            self.done += 1
            self.report.fetched = self.fetcher.pages - self.pages_before
            self.progress(self.report, self.done, self.total)
        self._flush()

    # One page

    def _page(self, source, item):
        row = self.state.page(item.url)
        previous = self._indexed(row["release_id"]) if row is not None and row["release_id"] else None
        known = previous is not None and not row["withdrawn"]
        if known and item.lastmod and item.lastmod == row["lastmod"]:
            # The site's own stamp says nothing changed: not even asked for.
            self._seen(item, previous)
            return
        if item.payload is not None:
            raw, content_type, kind, etag, last_modified = item.payload, "application/json", "wordpress", None, None
        else:
            try:
                response = self.fetcher.get(item.url, *(
                    (row["etag"], row["last_modified"]) if known else (None, None)))
            except Blocked as exc:
                self.report.blocked.append((item.url, exc.reason))
                self.state.clear_failure(item.url)
                return
            except FetchError as exc:
                if exc.gone and previous is not None:
                    self._withdraw(item, previous)
                else:
                    self._fail(source, item, exc.reason)
                return
            if response.not_modified:
                if previous is None:
                    self._fail(source, item, "el sitio respondió 304 a una petición sin validadores")
                else:
                    self._seen(item, previous)
                return
            raw, content_type, kind = response.content, response.content_type, "html"
            etag, last_modified = response.etag, response.last_modified
        name = digest(raw)
        versions = self.state.versions(item.url)
        if known and versions and versions[-1]["digest"] == name:
            self._seen(item, previous, etag=etag, last_modified=last_modified)
            return
        try:
            release, modified = extract(kind, raw, content_type, item.url, item.hints, self.taxonomy)
        except Exception as exc:  # One page the extractor cannot read must not stop the run.
            self._fail(source, item, f"no se pudo extraer el comunicado: {exc}")
            return
        if previous is None or previous.id != release.id:
            # Another address of a release already indexed (a feed's link with tracking, a redirect).
            previous = self._indexed(release.id)
        outcome, to_write = merge(release, previous, modified, self.now)
        if to_write is not None:
            self._write(to_write)
        if outcome != "unchanged":
            self.archive.put(raw)
            self.state.add_version(item.url, name, kind, content_type, self.now.isoformat())
        setattr(self.report, outcome, getattr(self.report, outcome) + 1)
        self.state.save_page(
            item.url, source=source, release_id=release.id, etag=etag, last_modified=last_modified,
            lastmod=item.lastmod, hints=item.hints, last_seen=self.now.isoformat(),
            checked=self.now.isoformat(), withdrawn=0,
            **({} if row is not None and row["first_seen"] else {"first_seen": self.now.isoformat()}),
        )
        self.state.clear_failure(item.url)

    def _seen(self, item, previous, **validators):
        """The page is there and unchanged (its listing may still bring new labels)."""
        current = copy.copy(previous)
        current.labels = list(item.hints.get("labels") or [])
        outcome, to_write = merge(current, previous, None, self.now)
        if to_write is not None:
            self._write(to_write)
        self.report.unchanged += 1
        values = {k: v for k, v in validators.items() if v}
        self.state.save_page(item.url, last_seen=self.now.isoformat(), checked=self.now.isoformat(), **values)
        self.state.clear_failure(item.url)

    def _withdraw(self, item, previous):
        """The site says the page is gone: keep the release, marked withdrawn, with when it was last seen."""
        if not previous.withdrawn:
            previous.withdrawn = True
            self._write(previous)
            self.report.withdrawn += 1
        self.state.save_page(item.url, withdrawn=1, checked=self.now.isoformat())
        self.state.clear_failure(item.url)

    def _fail(self, source, item, reason):
        self.report.failures.append((item.url, reason))
        self.state.fail(item.url, source, reason, self.now.isoformat(), item.hints)

    # The index

    def _open(self):
        self.index = BatchedIndex(self.index_dir, taxonomy=self.taxonomy)

    def _indexed(self, release_id):
        """The release as indexed now (including what this run wrote), or None."""
        if release_id in self.latest:
            return self.latest[release_id]
        return self.index.stored(release_id)

    def _write(self, release):
        try:
            self.index.write(release)
        except OSError:
            raise
        except Exception as exc:  # The release stays indexed without its statements.
            self.report.failures.append((release.id, f"no se pudieron extraer sus declaraciones: {exc}"))
        self.latest[release.id] = release

    def _flush(self):
        """Commit the index, then what the crawler remembers, so the memory never runs ahead of the index."""
        if self.index is not None:
            self.index.commit()
        self.state.commit()

    # Without the network

    def rebuild(self):
        """Rebuild every release ever fetched from the archive, versions included, without the network.

        Releases read from files are left as they are.
        """
        self._open()
        pages = self.state.pages()
        self.total = len(pages)
        for row in pages:
            release = None
            for version in self.state.versions(row["url"]):
                self.now = datetime.fromisoformat(version["fetched"])
                try:
                    raw = self.archive.get(version["digest"])
                    fresh, modified = extract(version["kind"], raw, version["content_type"], row["url"],
                                              hints_of(row), self.taxonomy)
                except Exception as exc:  # A damaged copy must not stop the rebuild.
                    self.report.failures.append((row["url"], str(exc)))
                    continue
                # Another address of the same release (a feed's link) continues its history.
                previous = release if release is not None else self.latest.get(fresh.id)
                outcome, written = merge(fresh, previous, modified, self.now)
                release = written or previous
                setattr(self.report, outcome, getattr(self.report, outcome) + 1)
            if release is not None:
                release.last_seen = datetime.fromisoformat(row["last_seen"]) if row["last_seen"] else release.last_seen
                release.withdrawn = bool(row["withdrawn"])
                self._write(release)
            self.done += 1
            self.progress(self.report, self.done, self.total)
        self._flush()
        return self.report

