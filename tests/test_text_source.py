"""Plain-text releases in the site layout and the transcript layout."""

from pathlib import Path

import pytest

from index.sources import text

CORPUS = Path(__file__).parent / "corpus"


def test_title_date_and_body_are_separated():
    record = next(text.read(CORPUS / "texto" / "mixcoac-2026-02-03-bacheo.txt"))
    assert record["title"] == "Alcaldía Benito Juárez concluye jornada de bacheo en la colonia Mixcoac"
    assert record["date"] == "Feb 3, 2026"
    assert record["body"].startswith("La Alcaldía Benito Juárez concluyó")
    assert "Feb 3, 2026" not in record["body"]


def test_teaser_block_is_not_part_of_the_body():
    record = next(text.read(CORPUS / "texto" / "mixcoac-2026-02-03-bacheo.txt"))
    assert "maratón nocturno" not in record["body"]
    assert "Avisos" not in record["body"]
    assert record["body"].rstrip().endswith("mezcla asfáltica.")


def test_release_without_date_line_keeps_its_first_paragraph():
    record = next(text.read(CORPUS / "texto" / "aviso-sin-fecha.txt"))
    assert record["date"] is None
    assert record["body"].startswith("El Ayuntamiento de Mérida informa")


def test_empty_file_is_an_error_that_names_it():
    with pytest.raises(ValueError, match="vacio.txt"):
        next(text.read(CORPUS / "texto" / "vacio.txt"))


def test_transcript_layout_gives_source_and_date():
    record = text.parse(
        "Versión estenográfica de la conferencia de prensa\n"
        "Presidencia de la República\n"
        "07 de abril de 2026\n"
        "---\n"
        "PRESIDENTA: Buenos días.\n"
    )
    assert record["title"] == "Versión estenográfica de la conferencia de prensa"
    assert record["source"] == "Presidencia de la República"
    assert record["date"] == "07 de abril de 2026"
    assert record["body"] == "PRESIDENTA: Buenos días."


def test_teaser_heading_at_the_start_is_kept_as_body():
    record = text.parse("Noticias de la semana\n\nNoticias\n\nSe inauguró el mercado.")
    assert record["body"].startswith("Noticias")
