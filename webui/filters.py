"""Template filters that write dates and numbers as Mexican Spanish readers expect."""

from datetime import date, timedelta
from functools import lru_cache

from babel.dates import format_date, format_timedelta
from babel.numbers import format_decimal

LOCALE = "es_MX"
# Releases at most this old also say how long ago they came out ("hace 3 días").
RECENT_DAYS = 30


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def fecha(value):
    """"2026-01-20" or a date → "20 de enero de 2026"; empty for no date."""
    if not value:
        return ""
    return _long_date(_as_date(value))


@lru_cache(maxsize=4096)
def _long_date(day):
    # Pages repeat the same few dates (hits, facets, "similar"); babel's formatting is the costly part.
    return format_date(day, format="long", locale=LOCALE)


def mes(value):
    """"2026-01" or a date → "enero de 2026"."""
    if isinstance(value, str):
        value = date.fromisoformat(f"{value[:7]}-01")
    return format_date(value, "LLLL 'de' y", locale=LOCALE)


def periodo(start, end):
    """A date filter as words: "2025", "enero de 2025", "del 3 de enero de 2025 al 9 de marzo de 2025"."""
    if start and end:
        if start == end:
            return fecha(start)
        following = date.fromordinal(end.toordinal() + 1)
        if start.day == 1 and following.day == 1:
            if (start.year, start.month, end.month, end.day) == (end.year, 1, 12, 31):
                return str(start.year)
            if (start.year, start.month) == (end.year, end.month):
                return mes(start)
        return f"del {fecha(start)} al {fecha(end)}"
    return f"desde el {fecha(start)}" if start else f"hasta el {fecha(end)}"


def hace(value, today=None):
    """How long ago a recent date was ("hoy", "ayer", "hace 3 días"); empty for older or future dates."""
    if not value:
        return ""
    days = ((today or date.today()) - _as_date(value)).days
    if days < 0 or days > RECENT_DAYS:
        return ""
    if days <= 1:
        return ("hoy", "ayer")[days]
    return format_timedelta(timedelta(days=-days), granularity="day", threshold=1, add_direction=True,
                            locale=LOCALE)


def numero(value):
    """1234 → "1,234".

    A page writes a count for every facet value: whole numbers take Python's own grouping, which for
    es_MX is babel's (a comma every three digits, tests/test_site_speed.py checks it), at a tenth of the cost.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return format_decimal(value, locale=LOCALE)


def milisegundos(value):
    """How long a search took: 0.42 → "0.4 ms", 1234.5 → "1,235 ms"."""
    rounded = round(value, 1 if value < 10 else 0)
    # As babel writes it for es_MX (grouping comma, no trailing ".0"), without its cost on every page.
    return f"{int(rounded):,} ms" if rounded == int(rounded) else f"{rounded:,} ms"


def init_app(app):
    for function in (fecha, mes, hace, numero, milisegundos):
        app.add_template_filter(function)
