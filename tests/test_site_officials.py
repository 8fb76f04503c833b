"""An official's page says when they were mentioned, what office they held (from the registry), and no topics they never spoke about."""

import re
from html import unescape

import pytest
from shared_index import opened_app

from index.writer import build_index
from webui import create_app

# Written for this test: a registry with one official of the demo corpus, and a release naming someone who says nothing.
REGISTRY = """
[[official]]
name = "Omar Zepeda Lara"
terms = [
  { role = "director de seguridad ciudadana", body = "Alcaldía Benito Juárez", from = 2024-10-01 },
  { role = "subdirector de vialidad", body = "Alcaldía Benito Juárez", from = 2021-01-15, to = 2024-09-30 },
]
"""
SILENT = """Inauguran pozo de agua potable en la colonia Las Flores

12 de mayo de 2026

El Ayuntamiento de San Isidro inauguró un pozo de agua potable que abastecerá a 3 mil familias de la colonia Las Flores.

A la inauguración asistió el secretario de Obras Públicas, Tomás Rivera Cano, junto con vecinas y vecinos de la colonia.
"""


def plain(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def facts(client, key):
    html = unescape(client.get(f"/oficiales/{key}").get_data(as_text=True))
    found = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    return {plain(dt): plain(dd) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", found, re.S)}, html


def test_mentions_are_named_as_mentions_not_as_a_term(client):
    found, _ = facts(client, "omar-zepeda-lara")
    record = client.get("/api/v1/officials/omar-zepeda-lara").get_json()
    assert "Nombrado" not in found
    assert found["Mencionado"].startswith("entre el ") and record["first"] != record["last"]
    assert found["Mencionado"] == "entre el 28 de enero de 2025 y el 10 de febrero de 2026"
    # The shipped registry does not know this official: no term of office is claimed.
    assert "En el cargo" not in found


def test_the_terms_of_office_come_from_the_registry(demo_index, tmp_path, closing):
    registry = tmp_path / "officials.toml"
    registry.write_text(REGISTRY, encoding="utf-8")
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "REGISTRY": str(registry)})).test_client()
    found, _ = facts(client, "omar-zepeda-lara")
    assert found["En el cargo"] == (
        "director de seguridad ciudadana, Alcaldía Benito Juárez: desde el 1 de octubre de 2024 "
        "subdirector de vialidad, Alcaldía Benito Juárez: del 15 de enero de 2021 al 30 de septiembre de 2024")


@pytest.fixture(scope="module")
def silent_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("silent")
    (folder / "san-isidro-pozo.txt").write_text(SILENT, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("silent-index")
    assert build_index(index_dir, [folder]).ok
    with opened_app({"TESTING": True, "INDEX_DIR": str(index_dir)}) as app:
        yield app.test_client()


def test_someone_who_said_nothing_has_no_topics_they_speak_about(silent_client):
    assert silent_client.get("/api/v1/statements", query_string={"official": "tomas-rivera-cano"}).get_json()["total"] == 0
    found, html = facts(silent_client, "tomas-rivera-cano")
    assert found["Declaraciones"] == "0"
    assert "Temas de los que más habla" not in html
    assert "No hay declaraciones atribuidas a Tomás Rivera Cano." in html


def test_someone_quoted_keeps_the_topics_they_speak_about(client):
    _, html = facts(client, "omar-zepeda-lara")
    assert "Temas de los que más habla" in html
