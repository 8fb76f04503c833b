"""The statements writer in a process of its own, so a big build writes both indexes at once.

On the real archive the statements index took most of the indexing process's time, and during its
commits the extraction workers waited with their results done. Here the indexing process sends each
release's statements down a pipe and goes on; the releases and the statements are written, and
committed, on a core each. The journal (:mod:`index.commits`) already keeps the two commits safe in
either order. The process dies with the indexing process, so a ``kill -9`` of a run loses what it
lost before; what it could not write comes back at the next commit.
"""

import gc
import os
import pickle
import signal

from .pipeline import GC_THRESHOLDS, die_with, process_context
from .statement_store import WRITER_LIMIT_MB, Statements, StatementWriter

# What the process is called in a list of processes.
NAME = "hemeroteca-declaraciones"
# Seconds a cancelled process has to let its index go before it is killed.
END_SECONDS = 60


class StatementProcessDied(OSError):
    """The statements process ended while the run still needed it (killed, out of memory)."""

    def __init__(self):
        super().__init__("el proceso que escribe las declaraciones terminó de forma inesperada")


class StatementProcess(Statements):
    """A :class:`~index.statement_store.StatementWriter` in another process, used the same way.

    Writes and deletes return at once; :meth:`begin_commit` starts the commit there and
    :meth:`end_commit` waits for it, raising what the process could not do since the last commit.
    """

    def __init__(self, index_dir, fresh=False, registry=None, taxonomy=None, limitmb=WRITER_LIMIT_MB):
        super().__init__(registry, taxonomy)
        context = process_context()
        self._pipe, theirs = context.Pipe()
        self._full = context.Event()
        self._process = context.Process(target=_serve, name=NAME, daemon=True,
                                        args=(theirs, self._full, index_dir, fresh, taxonomy, limitmb, os.getpid()))
        self._process.start()
        theirs.close()
        try:
            self._empty = self._reply()
        except BaseException:
            self.cancel()
            raise

    def write(self, release_id, statements, new=False, ahead=None):
        self._send(("write", release_id, statements, new, ahead))

    def delete(self, release_id):
        self._send(("delete", release_id))

    def open(self):
        self._send(("open",))

    def empty(self):
        """Whether the statements index held no statement when the process started."""
        return self._empty

    @property
    def full(self):
        return self._full.is_set()

    def begin_commit(self):
        self._send(("commit",))

    def end_commit(self):
        return self._reply()

    def cancel(self):
        """Drop what was not committed, and end the process."""
        if self._process is None:
            return
        try:
            self._send(("cancel",))
            self._reply()
        except Exception:  # It is gone already, or failed: either way it is ended below.
            pass
        self._process.join(END_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._pipe.close()
        self._process = None

    def _send(self, message):
        try:
            self._pipe.send(message)
        except (BrokenPipeError, ConnectionResetError, EOFError):
            raise StatementProcessDied() from None

    def _reply(self):
        try:
            kind, value = self._pipe.recv()
        except (EOFError, ConnectionResetError):
            raise StatementProcessDied() from None
        if kind == "error":
            raise value
        return value


def _serve(pipe, full, index_dir, fresh, taxonomy, limitmb, parent):
    """The process: a StatementWriter doing what comes down the pipe, until a cancel or the pipe's end."""
    # Ctrl-C reaches the whole run: the indexing process answers it by cancelling this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with(parent)
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        writer = StatementWriter(index_dir, fresh=fresh, taxonomy=taxonomy, limitmb=limitmb)
        writer.open()
        pipe.send(("done", writer.empty()))
    except BaseException as exc:
        pipe.send(("error", _portable(exc)))
        return
    failures = []
    # What stopped this writer since the last commit (a full disk): later writes are dropped, and the
    # commit raises it.
    broken = None
    while True:
        try:
            message = pipe.recv()
        except EOFError:
            writer.cancel()
            return
        kind = message[0]
        if kind == "cancel":
            writer.cancel()
            pipe.send(("done", None))
            return
        if kind == "commit":
            if broken is None:
                try:
                    writer.commit()
                except BaseException as exc:
                    broken = _portable(exc)
            full.clear()
            pipe.send(("done", failures) if broken is None else ("error", broken))
            failures, broken = [], None
            continue
        if broken is not None:
            continue
        try:
            if kind == "write":
                _, release_id, statements, new, ahead = message
                try:
                    writer.write(release_id, statements, new, ahead)
                except OSError:
                    raise
                except Exception as exc:  # That release stays without statements; the run goes on.
                    failures.append((release_id, str(exc)))
                if writer.full:
                    full.set()
            elif kind == "delete":
                writer.delete(message[1])
            elif kind == "open":
                writer.open()
        except BaseException as exc:
            writer.cancel()
            broken = _portable(exc)


def _portable(exc):
    """``exc`` as it can cross the pipe (an exception that does not unpickle becomes its message)."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(str(exc))
