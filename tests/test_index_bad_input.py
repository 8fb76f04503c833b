"""Bad input through ``hemeroteca index``: what is good is still indexed, and every message is Spanish.

Each test runs the real command on a real index on disk and reads what a person would see.
"""

import contextlib
import gzip
import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from hemeroteca.cli import main

BODY = "La alcaldía informa sobre el servicio de agua potable en las colonias del oriente. " * 3
ENGLISH = ("Traceback", "Errno", "codec", "Permission denied", "Compressed file", "Aborted", "Not a directory")


def release(n, **fields):
    return {"id": f"r{n}", "title": f"Comunicado número {n}", "date": "2026-03-01", "body": BODY, **fields}


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def index(index_dir, *paths):
    return CliRunner().invoke(main, ["index", "--index", str(index_dir), *map(str, paths)])


def hits(index_dir):
    result = CliRunner().invoke(main, ["search", "--index", str(index_dir), "--json", "--per-page", "100"])
    assert result.exit_code == 0, result.output
    return {hit["id"]: hit for hit in json.loads(result.stdout)["hits"]}


def assert_spanish(result):
    """No exception escaped the command (the runner keeps it instead of printing a traceback), no English."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for text in ENGLISH:
        assert text not in result.output, result.output


def test_a_truncated_gzip_keeps_the_lines_before_the_break_and_the_other_files(tmp_path):
    data = gzip.compress("".join(json.dumps(release(n)) + "\n" for n in range(60)).encode("utf-8"))
    cut = tmp_path / "mitad.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    good = write_jsonl(tmp_path / "bueno.jsonl", [release("bueno")])

    result = index(tmp_path / "ix", cut, good)

    assert result.exit_code == 1
    indexed = hits(tmp_path / "ix")
    assert "rbueno" in indexed and "r0" in indexed
    kept = len(indexed) - 1
    assert 0 < kept < 60
    # The break is named by file and line: the first line that could not be read.
    assert f"{cut}:{kept + 1}: el archivo comprimido está cortado" in result.stderr
    assert f"Indexados: {kept + 1} comunicados de 2 archivos." in result.stdout
    assert_spanish(result)


def test_a_string_for_officials_or_topics_is_one_official_or_topic(tmp_path):
    path = write_jsonl(tmp_path / "lote.jsonl", [release(1, officials="Luis Mendoza", topics="salud")])

    result = index(tmp_path / "ix", path)

    assert result.exit_code == 0, result.output
    hit = hits(tmp_path / "ix")["r1"]
    assert [o["name"] for o in hit["officials"]] == ["Luis Mendoza"]
    assert [t["label"] for t in hit["topics"]] == ["Salud"]


@pytest.mark.parametrize("field, value, said", [
    ("topics", 5, "el campo «topics» debe ser una lista, no un número"),
    ("officials", {"name": "Luis Mendoza"}, "el campo «officials» debe ser una lista, no un objeto"),
    ("officials", ["Luis Mendoza", 7], "el campo «officials» debe ser una lista de nombres"),
    ("title", ["Un", "título"], "el campo «title» debe ser texto, no una lista"),
    ("date", 20260301, "el campo «date» debe ser texto, no un número"),
])
def test_a_field_of_the_wrong_type_is_reported_with_file_line_and_field_and_skipped(tmp_path, field, value, said):
    path = write_jsonl(tmp_path / "lote.jsonl", [release(1), release(2, **{field: value}), release(3)])

    result = index(tmp_path / "ix", path)

    assert result.exit_code == 1
    assert f"ERROR {path}:2: {said}" in result.stderr
    assert sorted(hits(tmp_path / "ix")) == ["r1", "r3"]


def test_a_url_that_is_not_http_is_reported_and_the_release_indexed_without_it(tmp_path):
    path = write_jsonl(tmp_path / "lote.jsonl", [
        release(1, url=" java\tscript:alert(1)"),
        release(2, url="JaVaScRiPt:alert(1)"),
        release(3, url="  https://ejemplo.gob.mx/comunicados/3 "),
    ])

    result = index(tmp_path / "ix", path)

    assert result.exit_code == 0, result.output
    indexed = hits(tmp_path / "ix")
    assert indexed["r1"]["url"] is None and indexed["r2"]["url"] is None
    assert indexed["r3"]["url"] == "https://ejemplo.gob.mx/comunicados/3"
    assert f"AVISO {path}:1: la dirección" in result.stderr and "no es http(s)" in result.stderr
    assert f"AVISO {path}:2:" in result.stderr and f"{path}:3" not in result.stderr


def test_a_line_not_in_utf8_is_one_bad_record_and_the_lines_after_it_are_indexed(tmp_path):
    path = tmp_path / "lote.jsonl"
    lines = [json.dumps(release(n), ensure_ascii=False).encode("utf-8") for n in (1, 3)]
    latin = json.dumps(release(2, title="Año de obras"), ensure_ascii=False).encode("latin-1")
    path.write_bytes(b"\n".join([lines[0], latin, lines[1]]) + b"\n")

    result = index(tmp_path / "ix", path)

    assert result.exit_code == 1
    assert sorted(hits(tmp_path / "ix")) == ["r1", "r3"]
    assert f"ERROR {path}:2: la línea no está en UTF-8" in result.stderr
    assert_spanish(result)


def test_binary_files_are_reported_in_spanish_and_the_summary_says_nothing_was_indexed(tmp_path):
    noise = bytes(range(256)) * 40
    files = [tmp_path / name for name in ("foto.jsonl", "foto.json", "foto.txt", "foto.html", "foto.jsonl.gz")]
    for path in files:
        path.write_bytes(noise)

    result = index(tmp_path / "ix", *files)

    assert result.exit_code == 1
    for path in files:
        assert f"ERROR {path}" in result.stderr
    assert "ningún comunicado" in result.stderr and "el resto quedó indexado" not in result.stderr
    assert_spanish(result)


@contextlib.contextmanager
def read_only(folder):
    """Make a folder unwritable even for root (which ignores permissions but not the immutable flag)."""
    folder.chmod(0o555)
    immutable = os.geteuid() == 0 and shutil.which("chattr") and \
        subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        probe = folder / "prueba"
        try:
            probe.touch()
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("no se puede hacer de solo lectura una carpeta en este sistema")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_read_only_index_is_blamed_on_the_index_not_the_input_and_nothing_is_claimed(tmp_path):
    ix = tmp_path / "ix"
    assert index(ix, write_jsonl(tmp_path / "primero.jsonl", [release(1)])).exit_code == 0
    second = write_jsonl(tmp_path / "segundo.jsonl", [release(2)])

    with read_only(ix):
        result = index(ix, second)

    assert result.exit_code == 1
    assert f"No se pudo escribir el índice en {ix}: no hay permiso" in result.stderr
    assert "Elija otra carpeta con --index" in result.stderr
    assert "no se indexó ningún comunicado" in result.stderr
    assert str(second) not in result.output and "el resto quedó indexado" not in result.output
    assert_spanish(result)
    assert sorted(hits(ix)) == ["r1"]


def test_an_index_folder_that_cannot_be_created_is_a_spanish_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "archivo"
    blocker.write_text("no soy una carpeta", encoding="utf-8")
    good = write_jsonl(tmp_path / "bueno.jsonl", [release(1)])

    result = index(blocker / "indice", good)

    assert result.exit_code == 1
    assert "una parte de la ruta es un archivo, no una carpeta" in result.stderr
    assert "Elija otra carpeta con --index" in result.stderr
    assert_spanish(result)


def test_a_site_run_or_a_stored_source_into_a_folder_that_cannot_be_created_is_a_spanish_message(tmp_path):
    blocker = tmp_path / "archivo"
    blocker.write_text("no soy una carpeta", encoding="utf-8")
    runner = CliRunner()

    crawl = runner.invoke(main, ["index", "--index", str(blocker / "indice"), "http://127.0.0.1:9/feed/"])
    add = runner.invoke(main, ["sources", "add", "--index", str(blocker / "indice"), "sitio", "https://ejemplo.gob.mx/"])

    for result in (crawl, add):
        assert result.exit_code == 1
        assert "una parte de la ruta es un archivo, no una carpeta" in result.stderr
        assert "Elija otra carpeta con --index" in result.stderr
        assert_spanish(result)


def test_a_site_run_into_a_read_only_index_names_the_index_folder(tmp_path):
    ix = tmp_path / "ix"
    assert index(ix, write_jsonl(tmp_path / "primero.jsonl", [release(1)])).exit_code == 0

    with read_only(ix):
        result = CliRunner().invoke(main, ["index", "--index", str(ix), "http://127.0.0.1:9/feed/"])

    assert result.exit_code == 1
    assert f"No se pudo escribir el índice en {ix}: no hay permiso" in result.stderr
    assert_spanish(result)
    assert sorted(hits(ix)) == ["r1"]


def test_a_text_too_long_for_one_release_is_indexed_in_parts_and_every_word_is_found(tmp_path):
    """A 2.2-million-character transcript becomes three releases, cut between turns; words from its start,
    middle and end are each found in their part, and the report says it was cut."""
    from index.parts import MAX_RELEASE_CHARS

    turn = "INTERLOCUTOR: " + "La alcaldía informa del servicio de agua potable en las colonias. " * 120
    turns = [turn] * int(2.2 * MAX_RELEASE_CHARS / len(turn))
    turns[0] += " alfaprimero"
    turns[len(turns) // 2] += " betamedio"
    turns[-1] += " gammafinal"
    source = tmp_path / "enorme.txt"
    source.write_text("Versión estenográfica de la conferencia\nPresidencia\n1 de marzo de 2026\n---\n"
                      + "\n---\n".join(turns), encoding="utf-8")
    result = index(tmp_path / "indice", source)
    assert result.exit_code == 0, result.output
    assert "Indexados: 3 comunicados" in result.output
    assert "se indexó en 3 partes" in result.output and "no se perdió nada" in result.output
    titles = {hit["title"] for hit in hits(tmp_path / "indice").values()}
    assert titles == {f"Versión estenográfica de la conferencia (parte {k} de 3)" for k in (1, 2, 3)}
    for word, part in (("alfaprimero", 1), ("betamedio", 2), ("gammafinal", 3)):
        found = CliRunner().invoke(main, ["search", "--index", str(tmp_path / "indice"), "--json", word])
        assert [h["title"] for h in json.loads(found.stdout)["hits"]] == \
               [f"Versión estenográfica de la conferencia (parte {part} de 3)"], word
    for hit in hits(tmp_path / "indice").values():
        assert hit["date"] == "2026-03-01"


def test_a_part_ends_between_turns_and_a_stated_id_gets_the_part_number():
    from index.parts import parts_of

    record = {"id": "conf-1", "title": "Conferencia", "body": "\n---\n".join(["PREGUNTA: " + "x" * 40] * 10)}
    parts = parts_of(record, limit=200)
    assert [p["id"] for p in parts] == [f"conf-1-parte-{k}" for k in range(1, len(parts) + 1)]
    assert all(p["body"].startswith("PREGUNTA:") and len(p["body"]) <= 200 for p in parts)
    assert "".join(p["body"] for p in parts).count("PREGUNTA:") == 10
    assert parts_of({**record, "body": "corto"}, limit=200) == [{**record, "body": "corto"}]
