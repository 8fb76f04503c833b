"""Small text helpers the extractors share."""

import re
from functools import lru_cache

from unidecode import unidecode

from search.release import key_for


class _FoldTable(dict):
    """Each character's fold, computed the first time it is met: folding a long text is then one lookup a
    character instead of a call to unidecode a character."""

    def __missing__(self, code):
        char = chr(code)
        # ñ stays distinct, as :func:`search.analysis.fold` keeps it.
        folded = char if char == "ñ" else unidecode(char).lower()
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_text(text):
    """:func:`search.analysis.fold` of a whole text, the same result, several times faster on long texts."""
    text = text.lower()
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=4)
def folded_words(text):
    """The folded words of a text, without commas and periods; computed once for a release's officials and
    its statements."""
    return frozenset(fold_text(text).replace(",", " ").replace(".", " ").split())


class LazyWords:
    """:func:`folded_words` of a text, computed on first comparison: most releases never need them."""

    def __init__(self, text):
        self.text = text

    def __ge__(self, other):
        return folded_words(self.text) >= other

_ACCENTS = {"a": "aá", "e": "eé", "i": "ií", "o": "oó", "u": "uúü", "á": "aá", "é": "eé", "í": "ií", "ó": "oó",
            "ú": "uú"}


def accent_insensitive(text):
    """A regex for ``text`` that matches it with or without accents ("Yucatán", "Yucatan")."""
    parts = []
    for ch in text:
        low = ch.lower()
        if low in _ACCENTS:
            chars = _ACCENTS[low]
            parts.append(f"[{chars}{chars.upper()}]")
        elif ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def dedupe_longest(names):
    """Names in order, each once; a name that begins a longer one found too gives way to it
    ("El Colli" and "El Colli Urbano" are one place)."""
    unique = {}
    for name in names:
        key = key_for(name)
        if key and key not in unique:
            unique[key] = name
    kept = {}
    for key, name in unique.items():
        longer = [k for k in unique if k != key and k.startswith(key + "-")]
        if longer:
            key = max(longer, key=len)
        kept.setdefault(key, unique[key])
    return list(kept.values())
