"""Publication dates in the forms Spanish government sites write them."""

from datetime import date

import pytest

from index.dates import MONTHS, is_date_line, parse_date


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
