"""`hemeroteca serve`: the production server answering on 127.0.0.1."""

import http.client
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from servers import served

from index.writer import build_index

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def server_index(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("serve-index")
    build_index(index_dir, [CORPUS / "texto", CORPUS / "json"])
    return index_dir


@pytest.fixture(scope="module")
def server(server_index):
    with served(server_index) as base:
        yield base


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


def raw_get(base, target, host=None):
    """GET ``target`` exactly as written (``//x``, 5 KB long), optionally with a forged Host header."""
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    try:
        connection.putrequest("GET", target, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8")
    finally:
        connection.close()


def test_an_address_over_4_kb_gets_a_spanish_414_from_the_app_over_http(server):
    long_query = "?q=" + "agua+" * 1100
    status, headers, body = raw_get(server, "/api/v1/search" + long_query)
    assert status == 414 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["error"]["code"] == "uri_too_long" and "larga" in body
    status, headers, body = raw_get(server, "/" + long_query)
    assert status == 414 and '<html lang="es-MX">' in body and "demasiado larga" in body
    assert headers["Content-Security-Policy"]


def test_a_forged_host_is_never_echoed_over_http(server):
    status, headers, _ = raw_get(server, "/api//v1/search?q=becas", host="evil.example")
    assert status == 308 and headers["Location"] == "/api/v1/search?q=becas"
    status, _, body = raw_get(server, "/buscar.atom?q=becas", host="evil.example")
    assert status == 200 and "evil.example" not in body


def test_the_rate_limit_holds_for_the_server_as_a_whole_with_two_workers(tmp_path):
    build_index(tmp_path / "ix", [CORPUS / "json"])
    with served(tmp_path / "ix", "--rate-limit", "30/hour", workers=2) as base:
        # Eight at once, so both workers answer: each used to count only its own.
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: get(base + "/api/v1/stats")[0], range(80)))
    # served() made one request of the thirty to see the server up.
    assert statuses.count(200) == 29 and statuses.count(429) == 51


def test_an_address_too_long_even_for_gunicorn_is_still_answered_in_spanish(server):
    status, headers, body = raw_get(server, "/api/v1/search?q=" + "agua+" * 2000)
    assert status == 414 and "demasiado larga" in body and "URI Too Long" not in body
    assert headers["Content-Security-Policy"] and headers["Content-Type"].startswith("application/json")
    status, headers, body = raw_get(server, "/?q=" + "agua+" * 2000)
    assert status == 414 and '<html lang="es-MX">' in body and "demasiado larga" in body
    assert headers["Content-Security-Policy"] and headers["Content-Type"].startswith("text/html")
    # The worker is still there for the next request.
    assert get(server + "/api/v1/search?q=ciclovia")[0] == 200


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_a_wrong_base_url_stops_serve_and_demo_with_a_spanish_message(command, tmp_path):
    from click.testing import CliRunner

    from hemeroteca.cli import main

    result = CliRunner().invoke(main, [command, "--index", str(tmp_path / "ix"), "--base-url", "javascript:alert(1)"])
    assert result.exit_code == 2 and "dirección base" in result.output
    assert not (tmp_path / "ix").exists()


def test_serve_honours_settings_from_the_environment_and_options_override_them(server_index):
    with served(server_index, env={"HEMEROTECA_API_MAX_AGE": "123", "HEMEROTECA_EXPORT_LIMIT": "2"}) as base:
        with urllib.request.urlopen(base + "/api/v1/search") as response:
            assert "max-age=123" in response.headers["Cache-Control"]
        with urllib.request.urlopen(base + "/api/v1/search?format=jsonl") as response:
            assert len(response.read().decode("utf-8").splitlines()) == 2
    with served(server_index, "--setting", "API_MAX_AGE", "7", env={"HEMEROTECA_API_MAX_AGE": "123"}) as base:
        with urllib.request.urlopen(base + "/api/v1/search") as response:
            assert "max-age=7" in response.headers["Cache-Control"]


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_a_taken_port_stops_serve_and_demo_with_a_spanish_message_naming_port(command, server_index):
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        index_dir = server_index if command == "serve" else server_index.parent / "demo-port"
        run = subprocess.run([sys.executable, "-m", "hemeroteca", command, "--index", str(index_dir),
                              "--port", str(port)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "ya está en uso" in run.stderr and "--port" in run.stderr
