"""The hemeroteca command as a user runs it: real processes, a real index on disk."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus"


def hemeroteca(*args):
    return subprocess.run([sys.executable, "-m", "hemeroteca", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-index")
    run = hemeroteca("index", "--index", path, CORPUS / "texto", CORPUS / "json")
    return path, run


def test_index_reports_counts_and_failures_and_exits_1(index_dir):
    _, run = index_dir
    assert run.returncode == 1
    assert "Indexados: 4 comunicados" in run.stdout
    assert "vacio.txt" in run.stderr and "lote.jsonl:4" in run.stderr


def test_search_json_is_the_api_document(index_dir):
    path, _ = index_dir
    run = hemeroteca("search", "--index", path, "--json", "bacheo")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["total"] == 1
    assert set(result["facets"]) == {"year", "month", "official", "topic", "source", "place", "organization", "type"}
    assert "<mark>bacheo</mark>" in result["hits"][0]["snippet"]


def test_filter_by_official_name_in_any_case_without_query_lists_newest_first(index_dir):
    path, _ = index_dir
    run = hemeroteca("search", "--index", path, "--json", "--official", "TERESA JIMENEZ")
    result = json.loads(run.stdout)
    assert [h["id"] for h in result["hits"]] == ["prueba-ags-001"]
    run = hemeroteca("search", "--index", path, "--json", "--topic", "salud")
    assert [h["id"] for h in json.loads(run.stdout)["hits"]] == ["prueba-ags-002"]


def test_plain_output_shows_titles_and_facets(index_dir):
    path, _ = index_dir
    run = hemeroteca("search", "--index", path, "vacunas")
    assert "1 resultado (" in run.stdout
    assert "Campaña de vacunación contra el sarampión" in run.stdout
    assert "*vacunas*" in run.stdout


def test_bad_date_is_a_clear_error(index_dir):
    path, _ = index_dir
    run = hemeroteca("search", "--index", path, "--from", "ayer", "agua")
    assert run.returncode == 2
    assert "no es válida" in run.stderr


def test_search_without_an_index_says_how_to_make_one(tmp_path):
    run = hemeroteca("search", "--index", tmp_path / "nada", "agua")
    assert run.returncode == 1
    assert "hemeroteca index" in run.stderr


def test_search_takes_the_apis_limits_and_exact_matching(index_dir):
    path, _ = index_dir
    too_long = hemeroteca("search", "--index", path, "agua " * 120)
    assert too_long.returncode == 2 and "demasiado larga" in too_long.stderr
    folded = json.loads(hemeroteca("search", "--index", path, "--json", "vacunacion").stdout)
    exact = json.loads(hemeroteca("search", "--index", path, "--json", "--exact", "vacunacion").stdout)
    assert folded["total"] > exact["total"]


def test_search_says_which_words_it_searched_and_names_facets_in_spanish(index_dir):
    path, _ = index_dir
    run = hemeroteca("search", "--index", path, "vacunasion")
    assert run.stdout.startswith("Se buscó «vacunación» en lugar de «vacunasion».")
    assert "Temas: " in run.stdout and "topic:" not in run.stdout


def test_click_speaks_spanish_in_help_and_errors():
    helped = hemeroteca("--help")
    assert helped.stdout.startswith("Uso: ") and "Muestra esta ayuda y sale." in helped.stdout
    missing = hemeroteca("sources", "add")
    assert missing.returncode == 2 and "Error: Falta el argumento" in missing.stderr


def _usage_lines(group, trail=()):
    """The first line of each command's help, walking every subgroup."""
    import click

    for name, command in sorted(group.commands.items()):
        with click.Context(command, info_name=" ".join(("hemeroteca",) + trail + (name,))) as ctx:
            yield command.get_usage(ctx)
        if isinstance(command, click.Group):
            yield from _usage_lines(command, trail + (name,))


def test_every_usage_line_is_in_spanish():
    from hemeroteca.cli import main

    lines = list(_usage_lines(main))
    assert len(lines) > 12
    english = [line for line in lines
               if any(word in line for word in ("OPTIONS", "COMMAND", "ARGS", "QUERY", "SOURCES", "NAME", "URL"))]
    assert english == []
    assert all(line.startswith("Uso: hemeroteca") and "[OPCIONES]" in line for line in lines)
