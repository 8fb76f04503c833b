"""Extraction and writing on both cores: workers that extract releases and write them as index segments.

The indexing process reads the files, cuts the records into batches (every
:data:`index.commits.COMMIT_RELEASES` records or :data:`index.commits.COMMIT_MB`
of text) and sends each batch to the workers in small chunks, a few ahead. A
worker extracts each record and writes the release and its statements into
segments of its own (analysis and flush, the costly part of writing); at the end
of a batch it hands them over, and the indexing process deletes the replaced
releases from the committed index and commits the workers' segments
(:meth:`index.commits.BatchedIndex.commit_parts`). Results come back in reading
order, so the report, the progress and the index are those of one process.

Each commit adds two segments per index (one a worker) and lets Whoosh merge the small committed
ones (its tiered ``MERGE_SMALL``, in the indexing process while the workers go on), so the count
grows with the logarithm of the index. Merging everything into one at the end was measured and
left out: on 2,000 releases it cost 37 CPU seconds (45 % of the build) for queries 5-10 % faster
than on the four segments the build leaves.

A worker that dies (killed, out of memory) loses the segments of the batch in
progress: what the batch had written is written again here, and the rest of the
run goes on with extraction-only workers (:class:`index.pipeline.Extraction`),
which extract a record that killed a worker again alone and report it if it does
it again.
"""

import multiprocessing
import threading
from collections import deque
from dataclasses import dataclass, field

from search.statements import to_document as statement_document
from search.store.parts import PartWriter

from .commits import RELEASES_WRITER_MB, STATEMENTS_WRITER_MB
from .pipeline import CHUNK_RECORDS, CHUNKS_PER_WORKER, End, Extraction, ExtractionError, extract
from .stamps import write_release

# How often a waiting indexing process looks whether the worker it waits for is still alive, in seconds.
POLL_SECONDS = 0.5


@dataclass
class Written:
    """What a worker did with one record: the release and statements it wrote (their document numbers in
    its segments), or what extracting them raised."""

    release_id: str = None
    undated: bool = False
    release_docs: list = field(default_factory=list)
    statement_docs: list = field(default_factory=list)
    release_error: str = None
    statements_error: str = None
    # The worker's number, set by the indexing process.
    worker: int = -1


class _Died(Exception):
    """The worker waited for is gone."""


def _write_record(record, taxonomy, releases, statements):
    extracted = extract(record, taxonomy)
    try:
        release = extracted.release()
    except ExtractionError as exc:
        return Written(release_error=str(exc))
    done = Written(release.id, release.date is None)
    try:
        said, problem = extracted.statements(), None
    except ExtractionError as exc:
        said, problem = [], str(exc)
    try:
        done.release_docs = write_release(releases, release)
        done.statement_docs = statements.replace_group(
            "release_id", release.id, [statement_document(s) for s in said])
    except OSError:
        raise
    except Exception as exc:  # Reported as the indexing process reports a failed write.
        problem = str(exc)
    done.statements_error = problem
    return done


def _serve(conn, index_dir, taxonomy):
    """A worker's loop: chunks of records to write, ``finish`` to hand the batch's segments over."""
    releases = PartWriter(index_dir, limitmb=RELEASES_WRITER_MB)
    statements = PartWriter(index_dir, statements=True, limitmb=STATEMENTS_WRITER_MB)
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):  # The indexing process is gone.
                break
            if message is None:
                break
            try:
                if message[0] == "chunk":
                    reply = ("done", [_write_record(r, taxonomy, releases, statements) for r in message[1]])
                else:
                    reply = ("parts", releases.finish(), statements.finish())
            except OSError as exc:
                reply = ("error", exc)
            conn.send(reply)
    finally:
        releases.cancel()
        statements.cancel()


def _text_size(record):
    return sum(len(record.get(name) or "") for name in ("title", "body") if isinstance(record.get(name), str))


class WritingExtraction(Extraction):
    """An :class:`Extraction` whose workers also write: pairs come as ``(record, Written)``.

    ``index`` is the :class:`index.commits.BatchedIndex` the batches commit into; small inputs go
    through one process as before, the indexing process writing (pairs then carry an ``Extracted``).
    """

    def __init__(self, files, taxonomy, index, workers=None):
        super().__init__(files, taxonomy, workers)
        self.index = index
        self._workers = []  # (process, connection)
        self._log = deque()  # what was sent, in reading order
        self._consumed = []  # (number, record) of the batch in progress handed to the writer
        self._fallback = None

    # The workers

    def _context_for_workers(self):
        if self._context is None:
            # Forking copies the loaded registry and rules at no cost; it is only safe without other threads.
            fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            self._context = multiprocessing.get_context("fork" if fork else "spawn")
        return self._context

    def _start(self):
        context = self._context_for_workers()
        for _ in range(self.workers):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, str(self.index.index_dir), self.taxonomy),
                                      daemon=True)
            process.start()
            theirs.close()  # So the worker's death reads as the end of its pipe.
            self._workers.append((process, ours))

    def _stop(self, wait=True):
        for process, conn in self._workers:
            try:
                if wait and process.is_alive():
                    conn.send(None)
            except OSError:
                pass
            if not wait:
                process.kill()
        for process, conn in self._workers:
            process.join(timeout=30 if wait else 5)
            if process.is_alive():
                process.kill()
                process.join()
            conn.close()
        self._workers = []

    def _receive(self, number):
        process, conn = self._workers[number]
        while True:
            try:
                if conn.poll(POLL_SECONDS):
                    message = conn.recv()
                    break
            except (EOFError, OSError):
                raise _Died() from None
            if not process.is_alive() and not conn.poll(0):
                raise _Died()
        if message[0] == "error":
            raise message[1]
        return message

    def close(self):
        self._stop(wait=True)
        if self._fallback is not None:
            self._fallback.close()
        super().close()

    # The batches

    def _pooled(self):
        self._start()
        outstanding = [0] * self.workers
        window = self.workers * CHUNKS_PER_WORKER
        reading = self._read(self.files)
        self._reading = reading
        chunk, records, text, sent = [], 0, 0, False
        exhausted = False

        def send(items):
            nonlocal sent
            worker = min(range(self.workers), key=lambda n: outstanding[n])
            self._workers[worker][1].send(("chunk", [record for _, record in items]))
            outstanding[worker] += 1
            self._log.append(("chunk", worker, items))
            sent = True

        def end_batch():
            nonlocal sent, records, text
            for _, conn in self._workers:
                conn.send(("finish",))
            self._log.append(("end",))
            sent, records, text = False, 0, 0

        while True:
            while not exhausted and sum(outstanding) < window:
                item = next(reading, None)
                if item is None:
                    exhausted = True
                    if chunk:
                        send(chunk)
                        chunk = []
                    if sent:
                        end_batch()
                elif isinstance(item[1], dict):
                    chunk.append(item)
                    records += 1
                    text += _text_size(item[1])
                    if records >= self.index.commit_releases or text >= self.index.commit_bytes:
                        send(chunk)
                        chunk = []
                        end_batch()
                    elif len(chunk) >= CHUNK_RECORDS:
                        send(chunk)
                        chunk = []
                else:
                    if chunk:  # A marker waits behind the records read before it.
                        send(chunk)
                        chunk = []
                    self._log.append(("item", item))
            if not self._log:
                self._stop()
                self.index.clear_parts()
                return
            entry = self._log[0]
            try:
                if entry[0] == "chunk":
                    results = self._receive(entry[1])[1]
                    self._log.popleft()
                    outstanding[entry[1]] -= 1
                    for (number, record), written in zip(entry[2], results):
                        written.worker = entry[1]
                        self._consumed.append((number, record))
                        yield number, record, written
                elif entry[0] == "end":
                    parts = [self._receive(n)[1:] for n in range(self.workers)]
                    self._log.popleft()
                    self.index.commit_parts(parts)
                    self._consumed = []
                else:
                    self._log.popleft()
                    yield (*entry[1], None)
            except _Died:
                yield from self._recover()
                return

    def _recover(self):
        """A worker died: write the batch in progress again here, and go on without writing workers."""
        self._stop(wait=False)
        self.index.abandon_parts()
        again = Extraction([None], self.taxonomy, self.workers,
                           read=lambda files: iter([*((0, r) for _, r in self._consumed), (0, End())]))
        try:
            for _, extracted in again.records_of(None):
                try:
                    release = extracted.release()
                except ExtractionError:
                    continue  # Reported when it was first extracted.
                try:
                    statements = extracted.statements()
                except ExtractionError:
                    statements = []
                try:
                    self.index.write(release, statements)
                except OSError:
                    raise
                except Exception:  # Reported when it was first written.
                    pass
        finally:
            again.close()
        self._consumed = []
        log, self._log = self._log, deque()

        def rest(files):
            for entry in log:
                if entry[0] == "item":
                    yield entry[1]
                elif entry[0] == "chunk":
                    yield from entry[2]
            yield from self._reading

        self._fallback = Extraction(self.files, self.taxonomy, self.workers, read=rest)
        yield from self._fallback._items
