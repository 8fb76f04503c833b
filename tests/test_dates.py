"""Publication dates in the forms Spanish government sites write them."""

from datetime import date

import pytest

from index.dates import MONTHS, dateline_date, is_date_line, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "Ene 20, 2026",
        "ene. 20, 2026",
        "20 de enero de 2026",
        "20 de Enero del 2026",
        "martes 20 de enero, 2026",
        "Ciudad de México, 20 de enero de 2026.-",
        "20/01/2026",
        "20.01.26",
        "2026-01-20",
        "2026-01-20T10:00:00-06:00",
        "enero 20 de 2026",
    ],
)
def test_every_common_form_gives_the_same_date(text):
    assert parse_date(text) == date(2026, 1, 20)


def test_month_names_come_from_locale_data_with_short_forms():
    assert MONTHS["sept"] == MONTHS["sep"] == MONTHS["septiembre"] == 9
    assert MONTHS["setiembre"] == 9


def test_first_date_in_the_text_wins():
    assert parse_date("Mérida, 3 de marzo de 2025. El evento será el 10 de abril de 2025.") == date(2025, 3, 3)


def test_impossible_dates_are_ignored():
    assert parse_date("31 de febrero de 2026") is None


def test_a_paragraph_is_not_a_date_line():
    assert is_date_line("Ene 20, 2026")
    assert not is_date_line("El 20 de enero de 2026 se realizó una reunión de trabajo con vecinas y vecinos.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("26 nov. 2025", date(2025, 11, 26)),
        ("20-ene-2026", date(2026, 1, 20)),
        ("1o. de enero de 2026", date(2026, 1, 1)),
        ("Sept. 22, 2025", date(2025, 9, 22)),
        ("01/20/2026", date(2026, 1, 20)),
    ],
)
def test_less_common_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "line",
    ["Publicado el 2 de septiembre de 2025", "Fecha de publicación: 30/06/2025", "Martes, 2 de septiembre de 2025 | 10:45 hrs",
     "Guadalajara, Jalisco, 26 de agosto de 2025.", "Qro., 12/05/2025"],
)
def test_head_lines_with_labels_places_and_times_are_date_lines(line):
    assert is_date_line(line)


def test_a_short_sentence_with_a_date_is_not_a_date_line():
    assert not is_date_line("Corte de agua el 2 de septiembre de 2025")


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Coyoacán, Ciudad de México, 3 de febrero de 2026.- La alcaldesa entregó…", date(2026, 2, 3)),
        ("ZAPOPAN, JALISCO, 9 DE JULIO DE 2025.- El Gobierno de Zapopan inició…", date(2025, 7, 9)),
        ("Monterrey, N.L., a 7 de mayo de 2025.- El Gobierno Municipal plantó…", date(2025, 5, 7)),
        ("BOLETÍN 112/2026\n\nCiudad de México, 5 de marzo de 2026.- Policías detuvieron…", date(2026, 3, 5)),
        ("El próximo 14 de febrero de 2026 se celebrarán bodas colectivas en el teatro…", None),
        ("La alcaldía informó que el 20 de enero de 2026 se realizará un simulacro.", None),
    ],
)
def test_only_a_dateline_at_the_head_of_the_body_dates_a_release(body, expected):
    assert dateline_date(body) == expected
