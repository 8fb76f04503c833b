"""Template filters that write dates and numbers as Mexican Spanish readers expect."""

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "es_MX"


def fecha(value):
    """"2026-01-20" or a date → "20 de enero de 2026"; empty for no date."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(value, format="long", locale=LOCALE)


def numero(value):
    """1234 → "1,234"."""
    return format_decimal(value, locale=LOCALE)


def init_app(app):
    app.add_template_filter(fecha)
    app.add_template_filter(numero)
