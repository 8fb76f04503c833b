"""Extraction on both cores: releases and their statements built in worker processes.

Reading files and writing the index stay in the indexing process; the records go
to workers in small chunks, ahead of the writer, and come back in reading order,
so the index and the report are the same as when one process does everything.
A worker that dies (killed, out of memory) does not hang the run: the records it
held are extracted again, one at a time, and a record that kills a worker again
is reported as not extracted.
"""

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from search.release import to_document as release_document
from search.schema import press_release_schema
from search.statements import statements_schema, to_document as statement_document
from search.store.textfields import TextFields

from .extract import default_registry, to_release
from .parts import parts_of
from .sources import reader_for
from .statements import extract_statements

# Worker processes: one a core, two at most (the writer needs a core too).
WORKERS = min(2, os.cpu_count() or 1)
# Less input than this is extracted in the indexing process: starting workers would cost more.
MIN_POOL_BYTES = 1_000_000
# Records sent to a worker at once, and chunks in flight for each worker.
CHUNK_RECORDS = 8
# A chunk closes sooner when its bodies reach this many characters: a worker holds one chunk's work at a time.
CHUNK_CHARS = 1_000_000
# Chunks in flight for each worker, and characters in flight for all: while the writer commits (a second or
# so a batch) the workers go on with what was sent, so the window holds more than they extract meanwhile; the
# characters bound what waits in memory when the texts are long (a big file's 1 MB parts: two or three; with
# six, one 50 MB text file peaked 30 MB higher, over 500 MB).
CHUNKS_PER_WORKER = 16
CHARS_IN_FLIGHT = 2_000_000
# What a record that kills its worker is reported with.
WORKER_DIED = "el proceso de extracción terminó de forma inesperada"


class ExtractionError(Exception):
    """What extraction raised in a worker, with the same message."""


class Extracted:
    """One record's release and statements, or what extracting each of them raised.

    With them comes the analysis of their text fields for the index writer, made where they were
    extracted (a worker, so the writer's process does not): see :attr:`ahead`.
    """

    def __init__(self, release=None, statements=None, release_error=None, statements_error=None, ahead=None):
        self._release, self._statements = release, statements
        self._release_error, self._statements_error = release_error, statements_error
        self._ahead = ahead

    def __getstate__(self):
        # Sent back from a worker, the analysis stays strings of bytes until a writer takes it: the
        # results waiting in the indexing process hold a sixth of the memory its objects would, and the
        # statements' go on as they are to the statements writer (:mod:`index.statement_process`).
        state = dict(self.__dict__)
        if state["_ahead"] is not None:
            state["_ahead"] = tuple(part if isinstance(part, bytes) else pickle.dumps(part, pickle.HIGHEST_PROTOCOL)
                                    for part in state["_ahead"])
        return state

    @property
    def ahead(self):
        """``(the release's analysis, [each statement's])`` for :meth:`index.commits.BatchedIndex.write`, or None.

        The statements' part may still be pickled: the statements writer unpickles it where it writes.
        """
        if self._ahead is not None and isinstance(self._ahead[0], bytes):
            self._ahead = (pickle.loads(self._ahead[0]), self._ahead[1])
        return self._ahead

    def release(self):
        """The release; raises what building it raised."""
        if self._release_error is not None:
            raise ExtractionError(self._release_error)
        return self._release

    def statements(self):
        """The release's statements; raises what extracting them raised."""
        if self._statements_error is not None:
            raise ExtractionError(self._statements_error)
        return self._statements


def extract(record, taxonomy):
    """What the writer needs of one record, extraction errors kept as messages."""
    try:
        release = to_release(record, taxonomy)
    except Exception as exc:  # Reported by the writer, as when it extracted the record itself.
        return Extracted(release_error=str(exc))
    try:
        statements = extract_statements(release, default_registry(), taxonomy)
    except Exception as exc:
        return Extracted(release, statements_error=str(exc))
    return Extracted(release, statements, ahead=analysed(release, statements))


# A longer text is analysed by the writer itself: its postings, sent from a worker, would weigh tens of
# megabytes in the indexing process while they wait their turn (one 50 MB text's 1 MB parts: 592 MB at
# its peak, against 512 MB analysed there; 509 MB before the workers analysed at all).
AHEAD_MAX_CHARS = 250_000
# The analysis of this process, and the schemas of new indexes (a writer whose index analyses a field
# otherwise analyses that field itself).
_analysis = None


def analysed(release, statements):
    """The analysis of a release's and its statements' text fields, as the index writer would make it
    (None for a text longer than :data:`AHEAD_MAX_CHARS`)."""
    global _analysis
    if len(release.body) > AHEAD_MAX_CHARS:
        return None
    if _analysis is None:
        _analysis = (TextFields(), press_release_schema(), statements_schema())
    texts, releases, statements_of = _analysis
    return (texts.ahead(releases, release_document(release)),
            [texts.ahead(statements_of, statement_document(s)) for s in statements])


def process_context():
    """How to start a process here: forking copies the loaded registry and rules at no cost, but it
    is only safe without other threads."""
    fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    return multiprocessing.get_context("fork" if fork else "spawn")


def pool_workers(files, workers=None):
    """The worker processes :class:`Extraction` uses for ``files``: :data:`WORKERS` by default, or
    none for small inputs; never one (a single worker beside the writer gains nothing)."""
    if workers is None:
        workers = WORKERS if _size(files) >= MIN_POOL_BYTES else 0
    return workers if workers > 1 else 0


# Python's cycle collector in the workers and the statements process: its youngest generation collected
# after this many new objects (700 by default), each older one after this many collections of the one
# before. The analysis memos and a writer's buffers hold millions of objects, which each full collection
# walked again: 7% of a build's CPU on 300 real releases, 0.5% with these. Not in the indexing process:
# there the garbage of one 50 MB text, collected later, took its peak from 490 to 547 MB.
GC_THRESHOLDS = (50_000, 20, 10)


# Linux's prctl option: a signal the kernel sends a process when its parent dies.
_PR_SET_PDEATHSIG = 1


def die_with(parent):
    """Be killed when the indexing process ``parent`` (a pid) dies, as its own threads would be: a
    ``kill -9`` of a run leaves no process behind holding its files (Linux; elsewhere the process
    ends when what it reads from closes)."""
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError, TypeError):  # No prctl, or no C library to load this way.
        pass
    if os.getppid() != parent:  # It died before the request was made.
        os._exit(1)


_taxonomy = None


def _start_worker(taxonomy, parent):
    global _taxonomy
    die_with(parent)
    gc.set_threshold(*GC_THRESHOLDS)
    _taxonomy = taxonomy


def _extract_chunk(records):
    return [extract(record, _taxonomy) for record in records]


class End:
    """The end of a file's records, with what stopped reading it, if anything."""

    def __init__(self, error=None):
        self.error = error


def _read(files):
    """(file number, record or Skipped or End) for every record of every file, in order."""
    for number, path in enumerate(files):
        try:
            for record in reader_for(path).read(path):
                for part in parts_of(record) if isinstance(record, dict) else (record,):
                    yield number, part
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            yield number, End(exc)
            continue
        yield number, End()


class Extraction:
    """The records of a run's files, each with its :class:`Extracted`, extracted ahead on workers.

    ``records_of(path)`` gives the (record, extracted) pairs of the files in the order given;
    reading errors are raised where the file's reader raised them.
    """

    def __init__(self, files, taxonomy, workers=None, read=None):
        """:param workers: worker processes; by default :data:`WORKERS`, or none for small inputs.
        :param read: what yields ``(file number, record or marker)`` for ``files``; reading the files
            by default (:func:`index.reindex` gives stored releases instead).
        """
        self.files = list(files)
        self.taxonomy = taxonomy
        self._read = read or _read
        self.workers = pool_workers(self.files, workers)
        self._number = -1
        self._executor = None
        self._context = None
        self._items = self._pooled() if self.workers else self._serial()

    def records_of(self, path):
        """The (record, extracted) pairs of the next file, ``path``; Skipped records with None."""
        self._number += 1
        for number, item, extracted in self._items:
            if number < self._number:
                continue  # What is left of a file whose writing stopped early.
            if isinstance(item, End):
                if item.error is not None:
                    raise item.error
                return
            yield item, extracted

    def close(self):
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _serial(self):
        for number, item in self._read(self.files):
            extracted = extract(item, self.taxonomy) if isinstance(item, dict) else None
            yield number, item, extracted

    def _new_executor(self):
        if self._executor is not None:
            # A broken pool's threads end with it: forking beside them would not be safe.
            self._executor.shutdown(wait=True, cancel_futures=True)
        if self._context is None:
            self._context = process_context()
        self._executor = ProcessPoolExecutor(self.workers, mp_context=self._context,
                                             initializer=_start_worker, initargs=(self.taxonomy, os.getpid()))

    def _pooled(self):
        """Chunks of records on the workers, a few ahead; items yielded in reading order."""
        self._new_executor()
        pending = deque()  # (items, future or None): items are (number, record or marker)
        sizes = deque()  # the characters of each chunk in pending, in the same order
        window = self.workers * CHUNKS_PER_WORKER
        reading = self._read(self.files)
        chunk, chars = [], 0
        in_flight = 0
        exhausted = False
        while True:
            while not exhausted and len(pending) < window and in_flight < CHARS_IN_FLIGHT:
                item = next(reading, None)
                if item is None:
                    exhausted = True
                elif isinstance(item[1], dict):
                    chunk.append(item)
                    body = item[1].get("body")
                    chars += len(body) if isinstance(body, str) else 0
                    if len(chunk) < CHUNK_RECORDS and chars < CHUNK_CHARS:
                        continue
                else:
                    # A marker waits behind the records read before it.
                    if chunk:
                        pending.append(self._submit(chunk))
                        sizes.append(chars)
                        in_flight += chars
                        chunk, chars = [], 0
                    pending.append((item, None))
                    sizes.append(0)
                    continue
                if chunk:
                    pending.append(self._submit(chunk))
                    sizes.append(chars)
                    in_flight += chars
                    chunk, chars = [], 0
            if not pending:
                return
            items, future = pending.popleft()
            in_flight -= sizes.popleft()
            if future is None:
                yield (*items, None)
                continue
            try:
                results = future.result()
            except BrokenProcessPool:
                # A worker died: every chunk in flight is lost. Extract them again, a record at a time.
                markers = list(pending)
                pending.clear()
                sizes.clear()
                in_flight = 0
                yield from self._one_by_one(items)
                for chunk_items, f in markers:
                    if f is None:
                        yield (*chunk_items, None)
                    else:
                        yield from self._one_by_one(chunk_items)
                continue
            for (number, record), extracted in zip(items, results):
                yield number, record, extracted

    def _submit(self, items):
        records = [record for _, record in items]
        try:
            return items, self._executor.submit(_extract_chunk, records)
        except BrokenProcessPool:
            self._new_executor()
            return items, self._executor.submit(_extract_chunk, records)

    def _one_by_one(self, items):
        """Records extracted alone in fresh workers: a record that kills its worker again is reported."""
        self._new_executor()
        for number, record in items:
            try:
                extracted = self._executor.submit(_extract_chunk, [record]).result()[0]
            except BrokenProcessPool:
                extracted = Extracted(release_error=WORKER_DIED)
                self._new_executor()
            yield number, record, extracted


def _size(files):
    total = 0
    for path in files:
        try:
            total += os.path.getsize(path)
        except OSError:
            pass
    return total

