"""``hemeroteca sources``, ``update`` and ``index URL`` as a user runs them, against a fixture site."""

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from sites.server import FixtureSite

CORPUS = Path(__file__).parent / "corpus"
FAST = ["--delay", "0", "--timeout", "2"]


def hemeroteca(*args, stderr=subprocess.PIPE):
    # No proxy from the environment may stand between the command and the fixture site.
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run([sys.executable, "-m", "hemeroteca", *map(str, args)],
                          stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=120, env=env)


@pytest.fixture
def site(tmp_path):
    with FixtureSite("municipio", tmp_path) as running:
        yield running


def test_a_stored_source_is_listed_and_kept_current_by_update(site, tmp_path):
    index_dir = tmp_path / "indice"
    added = hemeroteca("sources", "add", "san-andres", site.url("/comunicados/"), "--index", index_dir)
    assert added.returncode == 0, added.stderr
    listed = hemeroteca("sources", "list", "--index", index_dir)
    assert listed.stdout.split("\n")[0].split("\t") == ["san-andres", site.url("/comunicados/"), "auto"]

    first = hemeroteca("update", "--index", index_dir, *FAST)
    assert first.returncode == 0, first.stderr
    assert "nuevos 4 · cambiados 0 · sin cambios 0 · retirados 0 · fallidos 0" in first.stdout
    again = hemeroteca("update", "--index", index_dir, *FAST)
    assert "nuevos 0 · cambiados 0 · sin cambios 4" in again.stdout

    found = json.loads(hemeroteca("search", "--index", index_dir, "--json", "bacheo").stdout)
    assert [h["id"] for h in found["hits"]] == [site.url("/comunicados/programa-de-bacheo-nocturno.html")]


def test_index_reads_files_and_urls_in_one_command(site, tmp_path):
    index_dir = tmp_path / "indice"
    run = hemeroteca("index", "--index", index_dir, *FAST, CORPUS / "texto", site.url("/feed.xml"))
    assert "nuevos 2" in run.stdout
    assert "Indexados:" in run.stdout
    everything = json.loads(hemeroteca("search", "--index", index_dir, "--json", "--per-page", "100").stdout)
    assert site.url("/comunicados/entrega-de-becas-a-estudiantes.html") in {h["id"] for h in everything["hits"]}
    assert everything["total"] > 2


def test_failures_are_listed_with_reasons_and_the_exit_status_is_1(site, tmp_path):
    listing = (site.root / "comunicados" / "index.html").read_text(encoding="utf-8")
    site.write("/comunicados/index.html", listing.replace(
        "</ul>", '<li><a href="/comunicados/comunicado-que-ya-no-existe.html">Otro</a></li></ul>', 1))
    run = hemeroteca("index", "--index", tmp_path / "indice", *FAST, site.url("/comunicados/"))
    assert run.returncode == 1
    assert f"ERROR {site.url('/comunicados/comunicado-que-ya-no-existe.html')}: el sitio respondió 404" in run.stderr
    assert "se intentarán de nuevo" in run.stderr
    assert "nuevos 4" in run.stdout


def test_a_source_that_is_not_a_web_address_is_refused_in_spanish(tmp_path):
    run = hemeroteca("sources", "add", "archivo", "ftp://ejemplo.gob.mx/comunicados", "--index", tmp_path)
    assert run.returncode == 1
    assert "no es una dirección http:// o https://" in run.stderr
    assert not (tmp_path / "sources.toml").exists()


def test_update_without_sources_says_how_to_add_one(tmp_path):
    run = hemeroteca("update", "--index", tmp_path)
    assert run.returncode == 1
    assert "hemeroteca sources add" in run.stderr


def test_update_on_a_terminal_shows_a_progress_bar_with_counts(site, tmp_path):
    index_dir = tmp_path / "indice"
    hemeroteca("sources", "add", "san-andres", site.url("/comunicados/"), "--index", index_dir)
    terminal, command_side = pty.openpty()
    try:
        run = hemeroteca("update", "--index", index_dir, *FAST, stderr=command_side)
        os.close(command_side)
        shown = b""
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # The terminal's other side is closed: everything has been read.
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(terminal)
    assert run.returncode == 0
    screen = shown.decode("utf-8")
    assert "Actualizando" in screen
    assert "4/4" in screen and "nuevos 4 · cambiados 0" in screen
