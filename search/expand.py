"""Rewrites of a parsed query that forgive how people type.

- A word typed without ñ also matches its ñ spellings ("pena" → "peña"),
  ranked below the exact spelling.
- A word also matches, far below, the other words of its verb's family
  ("vacunas" → "vacunación", "vacunar"; "rehabilitada" → "rehabilitación"),
  which light stemming keeps apart; never words that only look alike
  ("seguridad" does not meet "seguro").
- With the exact-spelling switch, a word typed without accents is found in
  the folded fields, less the texts where it is only written with them.
- A word that is in no document is matched to close words that are
  ("vacunasion" → "vacunación", "mixcoak" → "Mixcoac"); the corrections are
  returned so the page can say ``¿Quisiste decir …?``.
"""

from itertools import combinations

from . import querytree as qt
from .analysis import (FOLDED_SPANISH_STOPWORDS, AccentedWordsFilter, ExactAnalyzer, family_base, fold,
                       light_stem_spanish)
from .limits import check
from .query import ACCENT_FIELDS, EXACT_FIELDS, RANKED_FIELDS
from .spelling import SPANISH, correction

ENYE_VARIANT_BOOST = 0.2
# Weight of a word of the same family against the word typed, and how many are added per word.
FAMILY_BOOST = 0.1
MAX_FAMILY_TERMS = 12
# Index terms looked at for one word's family, at most ("cas" starts many).
MAX_FAMILY_SCANNED = 2000
# Words of one query whose families are looked up, at most: each lookup walks the lexicon, and in a
# long query the words typed say enough. Words that no document has come first (their family stands in).
MAX_FAMILY_WORDS = 6
# A word with more n's than this is not expanded (2**4 - 1 variants at most).
MAX_ENYE_POSITIONS = 4

# Corrections are looked up among the stems of the body, and shown as the word of the phrase
# field with that stem closest to what was typed (see search.spelling).
SPELLING_FIELD = "body_exact"
# Shorter words are acronyms or numbers more often than typos.
MIN_CORRECTABLE_CHARS = 4
CORRECTION_BOOST = 0.5
# Words of one query looked up for a correction, at most: each lookup walks the lexicon.
MAX_CORRECTED_WORDS = 4

_WORDS = ExactAnalyzer()


def _enye_variants(text):
    """Spellings of ``text`` with some n's written as ñ, fewest changes first."""
    positions = [i for i, ch in enumerate(text) if ch == "n"][:MAX_ENYE_POSITIONS]
    for k in range(1, len(positions) + 1):
        for chosen in combinations(positions, k):
            chars = list(text)
            for i in chosen:
                chars[i] = "ñ"
            yield "".join(chars)


def _rewrite_terms(q, fn):
    """Apply ``fn`` to every Term of the ranked fields in the tree."""
    if isinstance(q, qt.Term) and q.field in RANKED_FIELDS:
        return fn(q)
    return qt.apply(q, lambda child: _rewrite_terms(child, fn))


def expand_enye(q, view):
    """Let words typed without ñ also match the indexed ñ spellings, ranked lower."""

    def expand(term):
        if "n" not in term.text:
            return term
        variants = [
            qt.Term(term.field, v, boost=term.boost * ENYE_VARIANT_BOOST)
            for v in _enye_variants(term.text)
            if view.has_term(term.field, v)
        ]
        return qt.Or((term, *variants)) if variants else term

    return _rewrite_terms(q, expand)


def holds_accented_only(view, fieldname):
    """Whether ``fieldname`` keeps only the accented words and their plain twins (:class:`AccentedWordsFilter`);
    indexes made before it hold every word there."""
    return any(isinstance(item, AccentedWordsFilter) for item in getattr(view.schema[fieldname].analyzer, "items", ()))


def _accented_spellings(fieldname, view):
    """Folded word → the accented spellings of it that ``fieldname`` holds (read once per generation)."""

    def read():
        spellings = {}
        for term in view.terms(fieldname):
            folded = fold(term)
            if folded != term:
                spellings.setdefault(folded, []).append(term)
        return spellings

    return view.derived(("accented", fieldname), read)


def plain_spellings(q, view):
    """With the exact-spelling switch, let words typed without accents find their plain spelling.

    A field of :class:`AccentedWordsFilter` holds a plain word ("esta") only in the texts that also
    have an accented spelling of it ("está"). Elsewhere the folded twin (``body_exact``) has it, but
    also where only an accented spelling is: those texts are left out. A wildcard typed without
    accents is looked up in the folded twin too, so it finds every spelling.
    """
    accent_fields = set(ACCENT_FIELDS.values())

    def rewrite(leaf):
        if getattr(leaf, "field", None) not in accent_fields or not holds_accented_only(view, leaf.field):
            return qt.apply(leaf, rewrite)
        exact_field = EXACT_FIELDS[leaf.field]
        if isinstance(leaf, qt.Term):
            if fold(leaf.text) != leaf.text:
                return leaf
            plain = qt.Term(exact_field, leaf.text, boost=leaf.boost)
            spellings = _accented_spellings(leaf.field, view).get(leaf.text)
            if spellings:
                plain = qt.AndNot(plain, qt.Or(tuple(qt.Term(leaf.field, v) for v in spellings)))
                return qt.Or((leaf, plain))
            return plain
        if isinstance(leaf, qt.Prefix) and fold(leaf.text) == leaf.text:
            return qt.Or((leaf, qt.Prefix(exact_field, leaf.text, boost=leaf.boost)))
        if isinstance(leaf, qt.Wildcard) and fold(leaf.pattern) == leaf.pattern:
            return qt.Or((leaf, qt.Wildcard(exact_field, leaf.pattern, boost=leaf.boost)))
        return leaf

    return rewrite(q)


def _family(fieldname, stem, view):
    """The index terms of ``fieldname`` of the other words of ``stem``'s verb family (read once per generation)."""
    return view.derived(("family", fieldname, stem), lambda: _read_family(fieldname, stem, view))


def _read_family(fieldname, stem, view):
    base = family_base(stem)
    if base is None:
        return []
    members = []
    for word in view.terms(fieldname, base, limit=MAX_FAMILY_SCANNED):
        if word != stem and family_base(word) == base:
            members.append(word)
            if len(members) == MAX_FAMILY_TERMS:
                break
    return members


def expand_families(q, view):
    """Let each word also match the other words of its verb's family, weighed far below it.

    A word that no document has is stood in for by its family at full weight:
    "rehabilitadas" finds "rehabilitación" where no release says "rehabilitadas". Only the first
    :data:`MAX_FAMILY_WORDS` words are expanded, those in no document first.
    """
    stems = list(dict.fromkeys(leaf.text for leaf in qt.leaves(q)
                               if isinstance(leaf, qt.Term) and leaf.field in RANKED_FIELDS))
    missing = {stem for stem in stems if _is_missing(stem, view)}
    stems.sort(key=lambda stem: stem not in missing)
    expanded = set(stems[:MAX_FAMILY_WORDS])

    def expand(term):
        if term.text not in expanded:
            return term
        members = _family(term.field, term.text, view)
        if not members:
            return term
        boost = term.boost * (1.0 if term.text in missing else FAMILY_BOOST)
        return qt.Or((term, *(qt.Term(term.field, word, boost=boost) for word in members)))

    return _rewrite_terms(q, expand)


def typed_words(text):
    """The folded words of typed text, by their stem: what the user wrote for each term."""
    words = {}
    for t in _WORDS(text):
        if t.text not in FOLDED_SPANISH_STOPWORDS:
            words.setdefault(light_stem_spanish(t.text), t.text)
    return words


def _is_missing(stem, view):
    return not any(view.has_term(field, stem) for field in RANKED_FIELDS)


def _has_family(stem, view):
    return any(_family(field, stem, view) for field in RANKED_FIELDS)


def corrections(text, q, view, known=()):
    """Close index words for each typed word that no document contains: ``{typed: corrected}``.

    :param known: folded words not to correct (members of a synonym group that was applied).
    """
    words = {stem: word for stem, word in typed_words(text).items() if word not in known}
    stems = {leaf.text for leaf in qt.leaves(q) if isinstance(leaf, qt.Term) and leaf.field in RANKED_FIELDS}
    found = {}
    tried = 0
    for stem in sorted(stems):
        word = words.get(stem)
        if not word or len(word) < MIN_CORRECTABLE_CHARS or word.isdigit() or not _is_missing(stem, view):
            continue
        if _has_family(stem, view):
            # Its family stands in for it (see expand_families): another form of the word, not a typo.
            continue
        if tried == MAX_CORRECTED_WORDS:
            break
        tried += 1
        check()
        if SPANISH.words() is None:
            # Without the word list nothing is corrected, and that is not kept for the generation.
            continue
        fixed = view.derived(("correction", word), lambda: correction(word, view, "body", SPELLING_FIELD))
        if fixed and fixed != word:
            found[word] = fixed
    return found


def apply_corrections(q, fixes):
    """Also match each misspelled word's correction (its stem), a little below an exact hit."""
    by_stem = {light_stem_spanish(typed): light_stem_spanish(fixed) for typed, fixed in fixes.items()}

    def correct(term):
        fixed = by_stem.get(term.text)
        if not fixed:
            return term
        return qt.Or((term, qt.Term(term.field, fixed, boost=term.boost * CORRECTION_BOOST)))

    return _rewrite_terms(q, correct) if by_stem else q
