"""Writing releases into the index: walk the sources, read, extract, update.

Each release replaces any earlier one with the same id, so indexing the same
files twice leaves no duplicates. A file or record that fails is reported
with its reason and the rest is still indexed.
"""

from dataclasses import dataclass, field
from pathlib import Path

from search.release import to_document
from search.schema import create_empty, open_or_create

from .batch import ReleaseBatch
from .pipeline import Extraction
from .sources import Skipped, reader_for
from .statement_store import StatementWriter
from .topics import Taxonomy



@dataclass
class Report:
    """What an indexing run did: counts, and every failure with its reason."""

    indexed: int = 0
    files: int = 0
    failures: list = field(default_factory=list)
    undated: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.failures


def iter_files(sources, report):
    """The readable files under the given files and folders, in a stable order.

    Inside folders, files of formats we do not read (a README, an image) are
    passed over; a file named explicitly in an unknown format is a failure.
    """
    for source in sources:
        path = Path(source)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and reader_for(p))
        elif path.is_file():
            if reader_for(path):
                yield path
            else:
                report.failures.append((str(path), "formato no reconocido (se leen .txt, .html, .json, .jsonl)"))
        else:
            report.failures.append((str(path), "no existe"))


def build_index(index_dir, sources, taxonomy=None, progress=None, fresh=False, workers=None):
    """Index every release found in ``sources`` (files or folders) into ``index_dir``.

    :param taxonomy: a :class:`Taxonomy`; the shipped one by default.
    :param progress: called as ``progress(done, total, path)`` after each file.
    :param fresh: start from an empty index instead of updating the one there.
    :param workers: processes extracting releases; by default both cores for large inputs.
    :returns: a :class:`Report`.
    """
    taxonomy = taxonomy or Taxonomy.load()
    report = Report()
    files = list(iter_files(sources, report))
    ix = create_empty(index_dir) if fresh else open_or_create(index_dir)
    statements = StatementWriter(index_dir, fresh=fresh, taxonomy=taxonomy)
    batch = ReleaseBatch(ix)
    extraction = Extraction(files, taxonomy, workers)
    try:
        for done, path in enumerate(files, 1):
            report.files += 1
            try:
                for record, extracted in extraction.records_of(path):
                    if isinstance(record, Skipped):
                        report.failures.append((record.where, record.reason))
                        continue
                    try:
                        release = extracted.release()
                    except Exception as exc:  # One bad record must not stop the run.
                        report.failures.append((record.get("path", str(path)), f"no se pudo extraer: {exc}"))
                        continue
                    batch.writer_for(release.id).update_document(**to_document(release))
                    try:
                        statements.replace(release, extracted.statements())
                    except Exception as exc:  # The release stays indexed without its statements.
                        report.failures.append((release.id, f"no se pudieron extraer sus declaraciones: {exc}"))
                    report.indexed += 1
                    if release.date is None:
                        report.undated.append(release.id)
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                report.failures.append((str(path), str(exc)))
            if progress:
                progress(done, len(files), path)
        batch.commit()
        statements.commit()
    except BaseException:
        batch.cancel()
        statements.cancel()
        raise
    finally:
        extraction.close()
    return report
