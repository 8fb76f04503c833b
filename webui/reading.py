"""What the page says about how it read a query: only what applies to the words typed.

The engine's ``interpretation`` lists each word, its forms, synonyms and
corrections; here it becomes the one line about accents that this query
needs (none when no accent plays a part), so no fixed example shows on
every search.
"""

from functools import lru_cache

from search.analysis import fold as fold_text

# Pairs of spellings named in the accents' note.
MAX_ACCENT_PAIRS = 3


@lru_cache(maxsize=16384)
def fold(word):
    # Every search page folds each typed word and each of its forms; unidecode is the costly part.
    return fold_text(word)


def _accented(word):
    return fold(word) != word.lower()


def accent_pairs(reading):
    """``[(written, also_found)]``: spellings this search met although their accents differ.

    First the typed words whose matched forms differ from them only by accents
    (``vacunacion`` → ``vacunación``); else the accented words typed or brought
    in by a synonym, with the spelling without accents that they also find.
    """
    if not reading or not reading.get("accents_ignored"):
        return []
    pairs = []
    for term in reading["terms"]:
        typed = term["typed"]
        pairs += [(typed, form) for form in term["forms"]
                  if form.lower() != typed.lower() and fold(form) == fold(typed)]
    if not pairs:
        words = [t["typed"] for t in reading["terms"]]
        words += [w for group in reading.get("synonyms") or () for phrase in group for w in phrase.split()]
        seen = set()
        for word in words:
            if _accented(word) and word.lower() not in seen:
                seen.add(word.lower())
                pairs.append((word, fold(word)))
    return pairs[:MAX_ACCENT_PAIRS]
