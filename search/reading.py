"""Telling the user how their query was read: corrections, forms matched, synonyms.

Display forms come from the releases shown ("vacunación", not the folded
"vacunacion" the index holds), so what the page says is what it shows.
"""

import re

from .analysis import family_base, fold, fold_token, light_stem_spanish
from .expand import typed_words
from .highlight import matched_spans

# Forms listed per typed word, at most.
MAX_FORMS = 6

_WORD = re.compile(r"\w+")


def _forms_by_stem(releases, stems):
    """Lowercase spellings in the releases of every word whose stem is in ``stems``."""
    forms = {}
    stem = getattr(stems, "stemmer", light_stem_spanish)
    for release in releases:
        # The same text the snippet marked, so its folding is reused.
        text = " ".join(release.body.split())
        for start, end in matched_spans(text, stems, ()):
            word = text[start:end].lower()
            forms.setdefault(stem(fold_token(word)), set()).add(word)
    return forms


def _forms_of(stem, forms):
    """The forms matched for a word's stem, then those of its verb's family (also matched, lower)."""
    own = sorted(forms.get(stem, ()))
    base = family_base(stem)
    kin = sorted({f for s, found in forms.items() if s != stem and base and family_base(s) == base for f in found})
    return own + kin


def _display(folded, releases):
    """How ``folded`` is written in the releases ("vacunacion" → "vacunación")."""
    for release in releases:
        for word in _WORD.findall(f"{release.title}\n{release.body}"):
            if fold_token(word) == folded:
                return word.lower()
    return folded


def suggestion(reading, releases):
    """The typed query with misspelled words replaced by their corrections, or None."""
    if not reading or not reading.corrections:
        return None
    fixes = {typed: _display(fixed, releases) for typed, fixed in reading.corrections.items()}
    return _WORD.sub(lambda m: fixes.get(fold(m.group(0)), m.group(0)), reading.typed)


def interpretation(reading, terms, releases):
    """What the engine did with the typed words, for the page to explain; None without words."""
    if not reading or reading.only_filters:
        return None
    stems, _ = terms
    forms = _forms_by_stem(releases, stems)
    # Each word as the user typed it (lowercase, accents kept), by its folded form.
    as_typed = {fold(w): w.lower() for w in _WORD.findall(reading.text)}
    listed = []
    for stem, word in typed_words(reading.text).items():
        # A corrected word is shown with the forms of its correction.
        stem = light_stem_spanish(reading.corrections.get(word, word))
        listed.append({"typed": as_typed.get(word, word), "forms": _forms_of(stem, forms)[:MAX_FORMS]})
    return {
        "terms": listed,
        "synonyms": reading.synonyms,
        "corrections": {typed: _display(fixed, releases) for typed, fixed in reading.corrections.items()},
        "accents_ignored": not reading.exact,
        "any_word": reading.any_word,
    }
