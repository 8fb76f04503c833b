"""Writing releases into the index: walk the sources, read, extract, update.

Each release replaces any earlier one with the same id, so indexing the same
files twice leaves no duplicates. A file or record that fails is reported
with its reason and the rest is still indexed.
"""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from search.schema import IndexLocked
from search.urls import safe_url

from . import journal
from .commits import COMMIT_RELEASES, BatchedIndex
from .links import shown
from .oserror import os_reason
from .parts import MAX_RELEASE_CHARS, PART
from .pipeline import Extraction, pool_workers
from .progress import estimate_records
from .sources import Skipped, reader_for
from .statement_process import StatementProcessDied
from .topics import Taxonomy


@dataclass
class Report:
    """What an indexing run did: counts, and every failure with its reason."""

    indexed: int = 0
    files: int = 0
    # Files left alone because they were indexed whole before and have not changed.
    unchanged: int = 0
    failures: list = field(default_factory=list)
    undated: list = field(default_factory=list)
    # Releases indexed with something left out (a URL that is not http(s)), and why.
    notices: list = field(default_factory=list)

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


class IndexWriteError(Exception):
    """The index folder cannot be created or written: the run stops, and says what was saved."""

    def __init__(self, index_dir, problem, saved=0):
        """:param saved: releases committed before the error; None when the caller cannot tell."""
        self.index_dir, self.problem, self.saved = index_dir, problem, saved
        if saved is None:
            kept = "lo que se haya guardado antes del error sigue en el índice"
        elif saved:
            kept = f"se guardaron {saved} comunicados antes del error"
        else:
            kept = "no se indexó ningún comunicado de esta ejecución"
        super().__init__(
            f"No se pudo escribir el índice en {index_dir}: {problem}. Elija otra carpeta con --index "
            f"(o $HEMEROTECA_INDEX) o corrija esta; {kept}."
        )


def index_problem(exc):
    if isinstance(exc, StatementProcessDied):
        return str(exc)
    if isinstance(exc, IndexLocked):
        return "está en uso por otro proceso (inténtelo cuando termine)"
    if isinstance(exc, sqlite3.OperationalError):
        return f"no se pudo usar {journal.FILENAME} ({exc})"
    return os_reason(exc)


def _open_index(index_dir, fresh, taxonomy, commit_every, apart):
    """Both indexes open for writing now: a bad folder fails before any reading."""
    try:
        return BatchedIndex(index_dir, fresh=fresh, taxonomy=taxonomy, commit_releases=commit_every, apart=apart)
    except (OSError, IndexLocked, sqlite3.OperationalError) as exc:
        raise IndexWriteError(index_dir, index_problem(exc)) from exc


def _without_path(reason, path):
    """A reader's reason without the file name it starts with (the report names the file already)."""
    return reason.removeprefix(f"{path}: ")


def _records(extraction, path, report):
    """The (record, extracted) pairs of one file; what cannot be read goes to the report and the rest still comes."""
    try:
        for record, extracted in extraction.records_of(path):
            if isinstance(record, Skipped):
                report.failures.append((record.where, _without_path(record.reason, path)))
                continue
            yield record, extracted
    except ValueError as exc:
        report.failures.append((str(path), _without_path(str(exc), path)))
    except OSError as exc:
        report.failures.append((str(path), f"no se pudo leer el archivo: {os_reason(exc)}"))


def _checked_url(record, report):
    """Report a URL that is not http(s); the release is indexed without it."""
    url = record.get("url")
    if url and safe_url(url) is None:
        report.notices.append((record.get("path", ""), f"la dirección «{shown(url)}» no es http(s); "
                               "el comunicado se indexó sin ella (corríjala en el origen si debe enlazarse)"))


def _reported_parts(record, path, report):
    """Say once, at a text's first part, that it was cut into parts and how many."""
    k, n = record.get(PART, (0, 0))
    if k == 1:
        report.notices.append((record.get("path", str(path)), f"el texto pasa de {MAX_RELEASE_CHARS:,} caracteres, el "
                               f"máximo de un comunicado: se indexó en {n} partes, cada una con su título "
                               f"«… (parte k de {n})»; no se perdió nada de él"))


def _changed(files, index, report):
    """The files to read, with their stamps; files indexed whole before with the same contents are counted and left."""
    fingerprint = journal.fingerprint(index.taxonomy)
    index.fingerprint = fingerprint
    chosen = []
    for path in files:
        try:
            stamp = journal.FileStamp(path)
            if index.journal.unchanged(stamp, fingerprint):
                report.unchanged += 1
                continue
        except OSError:
            stamp = None  # Reading it will say what is wrong.
        chosen.append((path, stamp))
    return chosen


def build_index(index_dir, sources, taxonomy=None, progress=None, fresh=False, workers=None,
                commit_every=COMMIT_RELEASES):
    """Index every release found in ``sources`` (files or folders) into ``index_dir``.

    Releases and their statements are committed together every
    :data:`index.commits.COMMIT_RELEASES` releases, so a crash loses at most
    the batch in progress; a file read whole before, unchanged, with the same
    registry and taxonomy, is not read again.

    :param taxonomy: a :class:`Taxonomy`; the shipped one by default.
    :param progress: called as ``progress(done, total, path)`` after each record read, ``total`` being
        an estimate of the records of the files to read (see :mod:`index.progress`).
    :param fresh: start from an empty index instead of updating the one there.
    :param workers: processes extracting releases; by default both cores for large inputs.
    :param commit_every: releases between two commits.
    :returns: a :class:`Report`.
    :raises IndexWriteError: when the index folder cannot be created or written.
    """
    taxonomy = taxonomy or Taxonomy.load()
    report = Report()
    files = list(iter_files(sources, report))
    # A build big enough for extraction workers writes its statements in a process of their own too.
    index = _open_index(index_dir, fresh, taxonomy, commit_every, apart=pool_workers(files, workers) > 0)
    try:
        chosen = _changed(files, index, report)
    except BaseException:
        index.cancel()
        raise
    total = estimate_records(p for p, _ in chosen) if progress else 0
    extraction = Extraction([p for p, _ in chosen], taxonomy, workers)
    done = 0
    try:
        for path, stamp in chosen:
            report.files += 1
            failures = len(report.failures)
            for record, extracted in _records(extraction, path, report):
                done += 1
                _write(index, record, extracted, path, report)
                if progress:
                    progress(done, total, path)
            if stamp is not None and len(report.failures) == failures:
                index.file_done(stamp)
            elif stamp is not None:
                index.journal.forget(stamp)
        index.close()
        report.failures += index.failures
    except BaseException as exc:
        index.cancel()
        if isinstance(exc, (OSError, IndexLocked, sqlite3.OperationalError)):
            raise IndexWriteError(index_dir, index_problem(exc), index.committed) from exc
        raise
    finally:
        extraction.close()
    return report


def _write(index, record, extracted, path, report):
    """Write one extracted record; what fails in it goes to the report."""
    try:
        release = extracted.release()
    except Exception as exc:  # One bad record must not stop the run.
        report.failures.append((record.get("path", str(path)), f"no se pudo extraer: {exc}"))
        return
    _checked_url(record, report)
    _reported_parts(record, path, report)
    try:
        statements, problem = extracted.statements(), None
    except Exception as exc:  # The release is indexed without statements.
        statements, problem = [], exc
    try:
        index.write(release, statements, None if problem is not None else extracted.ahead)
    except OSError:
        raise
    except Exception as exc:
        problem = exc
    if problem is not None:
        report.failures.append((release.id, f"no se pudieron extraer sus declaraciones: {problem}"))
    report.indexed += 1
    if release.date is None:
        report.undated.append(release.id)
