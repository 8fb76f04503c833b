"""Publication dates as Spanish government sites write them.

Month names and abbreviations come from babel's data for every Spanish
locale ("ene", "sept", "setiembre"), matched on accent-folded lowercase text.
"""

import re
from datetime import date, datetime

from babel import Locale, localedata
from babel.dates import get_month_names

from search.analysis import fold


def _spanish_month_names():
    names = {}
    locales = [name for name in localedata.locale_identifiers() if name == "es" or name.startswith("es_")]
    for name in locales:
        locale = Locale.parse(name)
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, month in get_month_names(width, context, locale).items():
                    names[fold(month).rstrip(".")] = number
    # Three-letter forms ("Sep 20, 2026") beside babel's four-letter "sept".
    for month, number in list(names.items()):
        names.setdefault(month[:3], number)
    return names


MONTHS = _spanish_month_names()

_MONTH = "(?P<month>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4})"

# Tried in order on folded text; each names day, month and year.
PATTERNS = [
    # 20 de enero de 2026 · 20 de enero, 2026 · martes 20 de enero del 2026
    re.compile(rf"\b{_DAY}(?:º|o)?\s+de\s+{_MONTH}\s*(?:,|de|del)?\s*{_YEAR}\b"),
    # Ene 20, 2026 · enero 20 de 2026
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?:de\s+)?{_YEAR}\b"),
    # 2026-01-20 and ISO timestamps
    re.compile(rf"\b{_YEAR}-(?P<month_num>\d{{2}})-{_DAY}(?!\d)"),
    # 20/01/2026 · 20-01-2026 · 20.01.26
    re.compile(r"\b(?P<day>\d{1,2})[/.-](?P<month_num>\d{1,2})[/.-](?P<year>\d{4}|\d{2})\b"),
]


def _to_date(match):
    parts = match.groupdict()
    month = int(parts["month_num"]) if parts.get("month_num") else MONTHS[parts["month"]]
    year = int(parts["year"])
    if year < 100:
        year += 2000
    try:
        return date(year, month, int(parts["day"]))
    except ValueError:
        return None


def parse_date(text):
    """The first date written in ``text``, or None.

    >>> parse_date("Ene 20, 2026"), parse_date("20 de enero de 2026")
    (datetime.date(2026, 1, 20), datetime.date(2026, 1, 20))
    """
    if not text:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    folded = fold(str(text))
    found = []
    for pattern in PATTERNS:
        for match in pattern.finditer(folded):
            value = _to_date(match)
            if value:
                found.append((match.start(), value))
                break
    return min(found)[1] if found else None


def is_date_line(line):
    """Whether a line is only a date (with a weekday or place at most), as in a release's head."""
    line = line.strip()
    return bool(line) and len(line) <= 60 and parse_date(line) is not None
