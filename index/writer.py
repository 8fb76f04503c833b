"""Writing releases into the index: walk the sources, read, extract, update.

Each release replaces any earlier one with the same id, so indexing the same
files twice leaves no duplicates. A file or record that fails is reported
with its reason and the rest is still indexed.
"""

from dataclasses import dataclass, field
from pathlib import Path

from search.schema import IndexLocked, create_empty, open_or_create
from search.urls import safe_url

from .batch import ReleaseBatch
from .links import shown
from .oserror import os_reason
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


def _index_problem(exc):
    if isinstance(exc, IndexLocked):
        return "está en uso por otro proceso (inténtelo cuando termine)"
    return os_reason(exc)


def _open_writers(index_dir, fresh, taxonomy):
    """The releases' batch and the statements' writer, both opened now: a bad folder fails before any reading."""
    batch = None
    try:
        batch = ReleaseBatch(create_empty(index_dir) if fresh else open_or_create(index_dir))
        batch.open()
        statements = StatementWriter(index_dir, fresh=fresh, taxonomy=taxonomy)
        statements.batch.open()
    except (OSError, IndexLocked) as exc:
        if batch is not None:
            batch.cancel()
        raise IndexWriteError(index_dir, _index_problem(exc)) from exc
    return batch, statements


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


def build_index(index_dir, sources, taxonomy=None, progress=None, fresh=False, workers=None):
    """Index every release found in ``sources`` (files or folders) into ``index_dir``.

    :param taxonomy: a :class:`Taxonomy`; the shipped one by default.
    :param progress: called as ``progress(done, total, path)`` after each file.
    :param fresh: start from an empty index instead of updating the one there.
    :param workers: processes extracting releases; by default both cores for large inputs.
    :returns: a :class:`Report`.
    :raises IndexWriteError: when the index folder cannot be created or written.
    """
    taxonomy = taxonomy or Taxonomy.load()
    report = Report()
    files = list(iter_files(sources, report))
    batch, statements = _open_writers(index_dir, fresh, taxonomy)
    extraction = Extraction(files, taxonomy, workers)
    try:
        for done, path in enumerate(files, 1):
            report.files += 1
            for record, extracted in _records(extraction, path, report):
                try:
                    release = extracted.release()
                except Exception as exc:  # One bad record must not stop the run.
                    report.failures.append((record.get("path", str(path)), f"no se pudo extraer: {exc}"))
                    continue
                _checked_url(record, report)
                batch.write(release)
                try:
                    statements.replace(release, extracted.statements())
                except OSError:
                    raise
                except Exception as exc:  # The release stays indexed without its statements.
                    report.failures.append((release.id, f"no se pudieron extraer sus declaraciones: {exc}"))
                report.indexed += 1
                if release.date is None:
                    report.undated.append(release.id)
            if progress:
                progress(done, len(files), path)
        batch.commit()
        statements.commit()
    except BaseException as exc:
        batch.cancel()
        statements.cancel()
        if isinstance(exc, (OSError, IndexLocked)):
            raise IndexWriteError(index_dir, _index_problem(exc), batch.committed) from exc
        raise
    finally:
        extraction.close()
    return report
