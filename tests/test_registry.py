"""The registry of officials: one name per person, who held an office when, and the officials command."""

from datetime import date

import pytest
from click.testing import CliRunner

from hemeroteca.cli import main
from index.officials import extract_officials
from index.registry import Registry
from index.writer import build_index

REGISTRY = """
[[official]]
name = "Gabriela Ruiz Montaño"
aliases = ["Gabriela Ruiz"]
terms = [{ role = "alcaldesa", body = "Alcaldía Coyoacán", from = 2024-10-01, to = 2027-09-30 }]

[[official]]
name = "Héctor Valdivia Sosa"
terms = [{ role = "alcalde", body = "Alcaldía Coyoacán", from = 2021-10-01, to = 2024-09-30 }]

[[official]]
name = "Lázaro Cárdenas del Río"
aliases = ["Lázaro Cárdenas"]
terms = [{ role = "presidente", body = "Presidencia de la República", from = 1934-12-01, to = 1940-11-30 }]
"""


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "officials.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return Registry.load(path)


def officials(text, registry, when, source="Alcaldía Coyoacán"):
    return [(o.name, o.body) for o in extract_officials(text, when, source, registry)]


def test_a_role_alone_is_whoever_held_it_on_the_release_date(registry):
    text = "La feria abrió sus puertas. En la inauguración, el alcalde destacó la afluencia."
    assert officials(text, registry, date(2024, 6, 14)) == [("Héctor Valdivia Sosa", "Alcaldía Coyoacán")]
    text = text.replace("el alcalde", "la alcaldesa")
    assert officials(text, registry, date(2026, 1, 13)) == [("Gabriela Ruiz Montaño", "Alcaldía Coyoacán")]


def test_a_role_alone_in_another_body_release_is_nobody(registry):
    text = "El alcalde destacó la afluencia."
    assert officials(text, registry, date(2026, 1, 13), source="Ayuntamiento de Mérida") == []


def test_aliases_and_surnames_give_the_registered_name(registry):
    text = "La alcaldesa Gabriela Ruiz recorrió la obra. Después, la alcaldesa Ruiz Montaño habló con vecinos."
    assert officials(text, registry, date(2026, 1, 13)) == [("Gabriela Ruiz Montaño", "Alcaldía Coyoacán")]


def test_a_past_holder_named_for_history_is_not_an_official(registry):
    text = "El museo recuerda al presidente Lázaro Cárdenas y su obra."
    assert officials(text, registry, date(2020, 3, 18), source="Presidencia de la República") == []


def test_a_malformed_registry_is_reported_with_its_file(tmp_path):
    path = tmp_path / "malo.toml"
    path.write_text('[[official]]\nname = "Ana Ruiz"\nterms = [{ role = "alcaldesa", from = "ayer" }]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="malo.toml"):
        Registry.load(path)


def test_the_shipped_registry_knows_who_was_president_when():
    registry = Registry.load()
    person, _ = registry.holder("presidencia", date(2020, 5, 1), [], "Presidencia de la República")
    assert person.name == "Andrés Manuel López Obrador"
    person, _ = registry.holder("presidencia", date(2025, 5, 1), ["de México"], None)
    assert person.name == "Claudia Sheinbaum Pardo"


def test_officials_command_counts_releases_and_flags_names_the_registry_lacks(tmp_path, registry):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Entrega Coyoacán calentadores\n\nEne 13, 2026\n\nLa alcaldesa Gabriela Ruiz Montaño y el director de "
        "Obras, Marco Ruiz Téllez, entregaron los equipos.\n", encoding="utf-8")
    (corpus / "b.txt").write_text(
        "Repara Coyoacán calles\n\nFeb 3, 2026\n\nLa alcaldesa Gabriela Ruiz Montaño recorrió las calles.\n",
        encoding="utf-8")
    build_index(tmp_path / "ix", [corpus])
    result = CliRunner().invoke(main, ["officials", "--index", str(tmp_path / "ix"), "--registry", str(registry.path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Gabriela Ruiz Montaño (2) — alcaldesa")
    assert lines[1].startswith("*Marco Ruiz Téllez (1) — director de Obras")
    assert "1 de 2 no están en el registro" in lines[-1]


def test_a_source_written_without_accents_takes_the_registry_spelling():
    from index.extract import to_release
    from index.topics import Taxonomy

    record = {"title": "Mensaje", "body": "El texto del mensaje.", "source": "Presidencia de la Republica",
              "date": "2020-05-01"}
    assert to_release(record, Taxonomy.load(), Registry.load()).source == "Presidencia de la República"
