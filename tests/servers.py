"""Starting `hemeroteca serve` for tests that need a real server on 127.0.0.1."""

import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

# Seconds a server may take to answer its first request.
START_TIMEOUT = 30


# Ports handed out are drawn from a band of this process's own, below the kernel's ephemeral range: tests
# running in parallel (pytest-xdist workers gw0, gw1, …) never pick the same port, nor one that the kernel
# gives an outgoing connection, between choosing a port and the server binding it.
PORT_BASE, PORT_BAND = 20_000, 1_500
_handed_out = set()


def _band():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1").removeprefix("gw")
    start = PORT_BASE + (int(worker) + 1) * PORT_BAND if worker.lstrip("-").isdigit() else PORT_BASE
    return range(start, start + PORT_BAND)


def free_port():
    """A port on 127.0.0.1 that nothing listens on, not handed out before by this process."""
    band = _band()
    for port in random.sample(band, len(band)):
        if port in _handed_out:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port between {band.start} and {band.stop - 1}")


@contextmanager
def served(index_dir, *options, workers=1, env=None):
    """Serve ``index_dir`` on a free port; yields the base URL, stops the server after.

    :param options: more options of ``hemeroteca serve`` (``"--rate-limit", "30/hour"``).
    :param env: settings (``HEMEROTECA_…``) added to the server's environment; ``{port}`` in them is its port.
    """
    port = free_port()
    # The access log goes to a file: a pipe nobody reads would block the server after ~64 KB.
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hemeroteca", "serve", "--index", str(index_dir), "--port", str(port),
         "--workers", str(workers), *options],
        stdout=log, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, **{k: v.format(port=port) for k, v in (env or {}).items()}},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/search", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    proc.wait(timeout=10)
                    log.seek(0)
                    pytest.fail(f"the server did not start: {log.read()}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
