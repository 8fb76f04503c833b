"""`hemeroteca serve`: the production server answering on 127.0.0.1."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from index.writer import build_index

CORPUS = Path(__file__).parent / "corpus"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("serve-index")
    build_index(index_dir, [CORPUS / "texto", CORPUS / "json"])
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "index.cli", "serve", "--index", str(index_dir), "--port", str(port), "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/api/v1/search", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the server did not start: {proc.stdout.read()}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    proc.stdout.close()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers, exc.read().decode("utf-8")


def test_api_answers_over_http(server):
    status, headers, body = get(server + "/api/v1/search?q=ciclovia")
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["hits"][0]["id"] == "prueba-ags-001"


def test_page_answers_in_spanish_over_http(server):
    status, _, body = get(server + "/?q=bacheo")
    assert status == 200
    assert '<html lang="es-MX">' in body
    assert "3 de febrero de 2026" in body


def test_bad_parameter_is_a_400_json_error_over_http(server):
    status, _, body = get(server + "/api/v1/search?per_page=5000")
    assert status == 400
    assert "per_page" in json.loads(body)["error"]["message"]
