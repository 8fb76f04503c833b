"""Publication dates as Spanish government sites write them.

Month names and abbreviations come from babel's data for every Spanish
locale ("ene", "sept", "setiembre"), matched on accent-folded lowercase text.
"""

import re
from datetime import date, datetime

from babel import Locale, localedata
from babel.dates import get_month_names

from .text_utils import fold



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
    # 20 de enero de 2026 · 20 de enero, 2026 · martes 20 de enero del 2026 · 1o. de enero de 2026
    re.compile(rf"\b{_DAY}(?:º|°|o\.?)?\s+de\s+{_MONTH}\s*(?:,|de|del)?\s*(?:ano\s+)?{_YEAR}\b"),
    # Ene 20, 2026 · enero 20 de 2026
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?:de\s+)?{_YEAR}\b"),
    # 2026-01-20 and ISO timestamps
    re.compile(rf"\b{_YEAR}-(?P<month_num>\d{{2}})-{_DAY}(?!\d)"),
    # 20/01/2026 · 20-01-2026 · 20.01.26
    re.compile(r"\b(?P<day>\d{1,2})[/.-](?P<month_num>\d{1,2})[/.-](?P<year>\d{4}|\d{2})\b"),
    # 20 ene 2026 · 20-ene-2026 · 26 nov. 2025
    re.compile(rf"\b{_DAY}[\s/-]+{_MONTH}[\s/-]+{_YEAR}\b"),
]

# Words a date line may hold besides the date: "Publicado el", "Fecha de publicación:",
# a weekday, a time ("10:45 hrs"), and a place in capitals ("Mérida, Yucatán, a").
DATE_LINE_WORDS = frozenset(
    "publicado publicada el la de del a fecha publicacion actualizado actualizada ultima actualizacion "
    "hrs hr h horas por y en".split()
) | frozenset(fold(d) for d in ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"))

def _to_date(match):
    parts = match.groupdict()
    month = int(parts["month_num"]) if parts.get("month_num") else MONTHS[parts["month"]]
    day = int(parts["day"])
    year = int(parts["year"])
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        pass
    # 01/20/2026 can only be month first.
    if parts.get("month_num") and month > 12 and day <= 12:
        try:
            return date(year, day, month)
        except ValueError:
            return None
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
    found = _first_date(fold(str(text)))
    return found[1] if found else None


def _first_date(folded):
    """(match, date) of the first date in folded text, or None."""
    found = []
    for pattern in PATTERNS:
        for match in pattern.finditer(folded):
            value = _to_date(match)
            if value:
                found.append((match.start(), match.end(), match, value))
                break
    if not found:
        return None
    start, end, match, value = min(found, key=lambda f: (f[0], -f[1]))
    return match, value


def _only_head_words(text, original):
    """Whether text beside a date holds only a place, a weekday, a time or labels, no sentence."""
    words = re.findall(r"[^\W\d_]+", text)
    originals = re.findall(r"[^\W\d_]+", original)
    if len(words) > 9:
        return False
    for word, written in zip(words, originals):
        if word in DATE_LINE_WORDS or written[:1].isupper() or len(word) <= 3 and written.endswith("."):
            continue
        if len(word) <= 4 and written.isalpha() and original.find(written + ".") >= 0:
            continue
        return False
    return True


def is_date_line(line):
    """Whether a line is only a date (with a weekday, a place or a label at most), as in a release's head.

    >>> is_date_line("Publicado el 2 de septiembre de 2025"), is_date_line("Corte de agua el 2 de septiembre de 2025")
    (True, False)
    """
    line = " ".join(line.split())
    if not line or len(line) > 80:
        return False
    folded = fold(line)
    found = _first_date(folded)
    if not found:
        return False
    match = found[0]
    return _only_head_words(folded[: match.start()], line[: match.start()]) and _only_head_words(
        folded[match.end():], line[match.end():]
    )


# How far into the body a dateline ("Mérida, Yucatán, 4 de marzo de 2026.-") may end.
DATELINE_CHARS = 200
# What closes a dateline: ".-", "—", ":", "." or the end of its line.
_DATELINE_END = re.compile(r"\s*(?:\.?\s*[-–—]+|\.|:|,|\||$|\n)")


def dateline_date(body):
    """The date of a dateline or date line opening the body, or None.

    Only the head counts: "El próximo 14 de febrero de 2026 se celebrarán…" is an event.
    """
    for paragraph in [p for p in re.split(r"\n\s*\n|\n", body.strip()) if p.strip()][:3]:
        head = paragraph.strip()[:DATELINE_CHARS]
        folded = fold(head)
        found = _first_date(folded)
        if found:
            match, value = found
            before = head[: match.start()]
            if _only_head_words(folded[: match.start()], before) and _DATELINE_END.match(folded, match.end()):
                return value
        if len(paragraph) > 120:
            # A paragraph of text, not a header line: the dateline would have been in it.
            break
    return None
