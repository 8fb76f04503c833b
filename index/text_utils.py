"""Small text helpers the extractors share."""

import re

from search.release import key_for

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
