"""`hemeroteca serve`: the production server answering on 127.0.0.1."""

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from servers import served

from index.writer import build_index

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("serve-index")
    build_index(index_dir, [CORPUS / "texto", CORPUS / "json"])
    with served(index_dir) as base:
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
