"""Snippets: the best passages of a text with every matched word marked.

A word matches when its stem is a term of the ranked fields, or when it is
part of an occurrence of a quoted phrase; so a search for "vacunacion" marks "vacunación"
and "vacunas". Fragments start and end on word boundaries, and all text is
HTML-escaped before the ``<mark>`` tags are added.
"""

import re
from functools import lru_cache

from markupsafe import Markup, escape

from .analysis import FOLDED_SPANISH_STOPWORDS, TOKEN_PATTERN, fold, fold_token, light_stem_spanish, stem_prefix

# Characters of text around the matches in one fragment.
FRAGMENT_CHARS = 180
# Fragments per snippet; the best ones, shown in text order.
MAX_FRAGMENTS = 2

_TOKEN = re.compile(TOKEN_PATTERN)


def _one_to_one_folds():
    """Accented letters that fold to one letter, for folding a whole text in C with translate."""
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        folded = fold(char)
        if char.lower() == char and len(folded) == 1 and folded != char:
            table[code] = folded
    return table


_FOLD_TABLE = _one_to_one_folds()


@lru_cache(maxsize=32)
def _quick_fold(text):
    """Lowercased and folded, position for position; None when a character changes length."""
    folded = text.lower().translate(_FOLD_TABLE)
    return folded if len(folded) == len(text) else None


@lru_cache(maxsize=256)
def _stem_pattern(stems):
    """Words that start as one of the stems' words do (see :func:`search.analysis.stem_prefix`)."""
    prefixes = {stem_prefix(s) for s in stems}
    alternatives = "|".join(re.escape(s) for s in sorted(prefixes, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*")


@lru_cache(maxsize=256)
def _phrase_pattern(phrase):
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in phrase) + r"(?!\w)")


def matched_spans(text, stems, phrases):
    """Character spans of the words of ``text`` that the query matched.

    :param stems: stemmed terms of the ranked fields ("vacuno"), confirmed with their
        ``stemmer`` when they carry one (a :class:`search.analysis.StemSet`).
    :param phrases: quoted phrases as tuples of folded words (("arbol", "por", "arbol")).

    Candidates are found by regular expressions over the folded text and
    confirmed by stemming, so a 60 KB transcript costs a few C-speed scans,
    not a Python step per word. The last texts' spans are kept: a search's page
    marks its hits once for the forms it lists and again for their snippets.
    """
    stem = getattr(stems, "stemmer", light_stem_spanish)
    return list(_spans(text, frozenset(stems), stem, frozenset(tuple(p) for p in phrases)))


@lru_cache(maxsize=64)
def _spans(text, stems, stem, phrases):
    """:func:`matched_spans` of hashable arguments, as a tuple, kept for the last texts and queries."""
    folded = _quick_fold(text)
    if folded is None:
        return tuple(_matched_spans_by_token(text, stems, stem, phrases))
    marked = set()
    if stems:
        for m in _stem_pattern(frozenset(stems)).finditer(folded):
            word = m.group(0)
            if word not in FOLDED_SPANISH_STOPWORDS and stem(word) in stems:
                marked.add((m.start(), m.end()))
    for phrase in phrases:
        for m in _phrase_pattern(tuple(phrase)).finditer(folded):
            marked.update((m.start() + w.start(), m.start() + w.end()) for w in _TOKEN.finditer(m.group(0)))
    return tuple(sorted(marked))


def _matched_spans_by_token(text, stems, stem, phrases):
    """The same, word by word: for the rare text whose lowercase changes length."""
    tokens = [(fold_token(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    marked = set()
    for i, (word, _, _) in enumerate(tokens):
        if word not in FOLDED_SPANISH_STOPWORDS and stem(word) in stems:
            marked.add(i)
        for phrase in phrases:
            if tuple(w for w, _, _ in tokens[i : i + len(phrase)]) == phrase:
                marked.update(range(i, i + len(phrase)))
    return [tokens[i][1:] for i in sorted(marked)]


def _word_start(text, pos):
    """Move ``pos`` back to the start of the word it falls in."""
    while pos > 0 and text[pos - 1].isalnum():
        pos -= 1
    return pos


def _word_end(text, pos):
    """Move ``pos`` forward to the end of the word it falls in."""
    while pos < len(text) and text[pos].isalnum():
        pos += 1
    return pos


def _windows(text, spans):
    """Candidate fragments, one starting shortly before each match, with its score."""
    for i, (start, _) in enumerate(spans):
        lo = _word_start(text, max(0, start - FRAGMENT_CHARS // 4))
        hi = _word_end(text, min(len(text), lo + FRAGMENT_CHARS))
        inside = [s for s in spans[i:] if s[1] <= hi]
        distinct = len({text[a:b].lower() for a, b in inside})
        yield (distinct, len(inside), -lo), (lo, hi, inside)


def _render(text, lo, hi, spans, anchors=()):
    parts = []
    pos = lo
    # An anchor is an empty element with an id, placed before the first mark at or after its offset.
    pending = iter(sorted(anchors))
    anchor = next(pending, None)
    for start, end in [*spans, (hi, hi)]:
        while anchor is not None and anchor[0] <= start:
            at = max(pos, anchor[0])
            parts.append(escape(text[pos:at]))
            parts.append(Markup('<span id="%s"></span>') % anchor[1])
            pos = at
            anchor = next(pending, None)
        if start == end == hi:
            break
        parts.append(escape(text[pos:start]))
        parts.append(Markup("<mark>%s</mark>") % text[start:end])
        pos = end
    parts.append(escape(text[pos:hi]))
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return Markup(prefix) + Markup("").join(parts) + Markup(suffix)


def snippet(text, stems, phrases):
    """Up to two marked fragments of ``text`` as safe HTML; its start when nothing matched."""
    text = " ".join(text.split())
    spans = matched_spans(text, stems, phrases)
    if not spans:
        return _render(text, 0, _word_end(text, min(len(text), FRAGMENT_CHARS)), [])
    chosen = []
    for _, (lo, hi, inside) in sorted(_windows(text, spans), reverse=True):
        if all(hi <= c_lo or lo >= c_hi for c_lo, c_hi, _ in chosen):
            chosen.append((lo, hi, inside))
        if len(chosen) == MAX_FRAGMENTS:
            break
    chosen.sort()
    return Markup(" ").join(_render(text, lo, hi, inside) for lo, hi, inside in chosen)


def mark(text, stems, phrases, anchors=()):
    """The whole ``text`` as safe HTML with every matched word marked.

    :param anchors: ``(offset, id)`` pairs: an empty ``<span id>`` goes at each offset, so a link can
        land on a line inside a long paragraph.
    """
    return _render(text, 0, len(text), matched_spans(text, stems, phrases), anchors)
