"""Extract every stored release again from its stored text, after an edit of the registry, taxonomy, places or organisations.

The index keeps each release's title, body, date, source and address, which
is all extraction reads; so officials, topics, places, organisations and
statements can follow an edited data file without the original files or the
network. What the site crawler recorded (first and last seen, versions,
withdrawal, the site's labels) and the stamps of when the text last changed
are kept as they were.
"""

from dataclasses import dataclass, field

from search.store.writer import Writer

from . import journal
from .commits import BatchedIndex
from .pipeline import WORKERS, End, Extraction
from .topics import Taxonomy

# Below this many releases extraction stays in this process: starting workers would cost more.
MIN_POOL_RELEASES = 200
# What the crawler knows of a release, which extraction does not produce.
_KEPT = ("first_seen", "last_seen", "updated", "withdrawn", "versions", "labels", "origin")


@dataclass
class ReindexReport:
    """How many releases were extracted again, and what failed (the release is then left as it was)."""

    releases: int = 0
    failures: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.failures


def record_of(release):
    """A stored release as the raw record extraction reads, with nothing extracted given."""
    return {
        "id": release.id,
        "title": release.title,
        "body": release.body,
        "date": release.date.isoformat() if release.date else None,
        "url": release.url,
        "source": release.source,
        "path": release.origin or release.id,
    }


class _Stored:
    """The stored releases of an index, read one by one by id from the last committed state."""

    def __init__(self, index):
        self.index = index
        self.ids = index.ids()
        self.previous = {}

    def read(self, files):
        for release_id in self.ids:
            release = self.index.stored(release_id)
            if release is None:
                continue
            self.previous[release.id] = release
            yield 0, record_of(release)
        yield 0, End()


def reindex(index_dir, taxonomy=None, progress=None, workers=None):
    """Extract every release of ``index_dir`` again and write it, with its statements, over itself.

    :param progress: called as ``progress(done, total, release_id)`` after each release.
    :param workers: extraction processes; both cores by default for more than a few releases.
    :returns: a :class:`ReindexReport`.
    """
    taxonomy = taxonomy or Taxonomy.load()
    report = ReindexReport()
    if workers is None:
        workers = WORKERS if Writer.releases(index_dir).count() >= MIN_POOL_RELEASES else 0
    # With extraction workers, the statements are written in a process of their own too.
    index = BatchedIndex(index_dir, taxonomy=taxonomy, apart=workers > 1)
    try:
        stored = _Stored(index)
        extraction = Extraction([index_dir], taxonomy, workers, read=stored.read)
        try:
            for done, (record, extracted) in enumerate(extraction.records_of(index_dir), 1):
                _rewrite(index, stored.previous.pop(record["id"]), extracted, report)
                if progress:
                    progress(done, len(stored.ids), record["id"])
        finally:
            extraction.close()
        index.commit()
        # The files indexed before now stand for releases extracted with these data files.
        index.journal.refingerprint(journal.fingerprint(taxonomy))
        index.close()
        report.failures += index.failures
    except BaseException:
        index.cancel()
        raise
    return report


def _rewrite(index, previous, extracted, report):
    try:
        release = extracted.release()
    except Exception as exc:  # The release stays as it was.
        report.failures.append((previous.id, f"no se pudo extraer: {exc}"))
        return
    for name in _KEPT:
        setattr(release, name, getattr(previous, name))
    try:
        statements, problem = extracted.statements(), None
    except Exception as exc:
        statements, problem = [], exc
    # The kept fields are none of the texts the extraction analysed.
    index.write(release, statements, None if problem is not None else extracted.ahead)
    if problem is not None:
        report.failures.append((release.id, f"no se pudieron extraer sus declaraciones: {problem}"))
    report.releases += 1
