"""Sentences, clauses and quotations of Spanish prose, as statement extraction needs them.

Offsets are those of the paragraph given; a full stop after an abbreviation ("Lic.", "Av.") or an
initial does not end a sentence, nor does one inside a quotation.
"""

import re

from .names import HONORIFICS
from .text_utils import fold

OPENING = "“«\"‘"
CLOSING = {"“": "”", "«": "»", "\"": "\"", "‘": "’"}
_MARKS = re.compile("[" + re.escape(OPENING + "".join(CLOSING.values())) + "]")
ABBREVIATIONS = frozenset(fold(h.rstrip(".")) for h in HONORIFICS) | {"núm", "no", "art", "av", "col", "etc"}


def quote_spans(paragraph):
    """``(start, end)`` of each top-level quotation (marks excluded); nested marks stay inside."""
    spans = []
    stack = []
    # Only the marks change anything: the characters between them are skipped by the regex engine.
    for mark in _MARKS.finditer(paragraph):
        i, ch = mark.start(), mark.group()
        if stack and ch == CLOSING[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                spans.append((start + 1, i))
        elif ch in OPENING:
            stack.append((ch, i))
    return spans


def inside(pos, spans):
    """Whether ``pos`` falls in one of the ``(start, end)`` spans."""
    return any(a <= pos < b for a, b in spans)


_LAST_WORD = re.compile(r"(\w+)$")
# Characters before a mark in which its word is looked for first: searched over all the text before it,
# the rule is tried at every letter of every word of a paragraph, for each mark.
_WORD_WINDOW = 40


def _word_before(text, at):
    r"""``re.search(r"(\w+)$", text[:at])``: read in the characters just before ``at``, unless the word
    reaches past them."""
    if at > _WORD_WINDOW:
        word = _LAST_WORD.search(text, at - _WORD_WINDOW, at)
        if word is None or word.start() > at - _WORD_WINDOW:
            return word
    return _LAST_WORD.search(text[:at])


def _after_abbreviation(text, at):
    """Whether the mark at ``at`` closes an abbreviation or an initial rather than a sentence."""
    word = _word_before(text, at)
    return bool(word) and (fold(word.group(1)) in ABBREVIATIONS or len(word.group(1)) == 1 and word.group(1).isupper())


def sentence_start(text, pos, quotes=()):
    """Where the sentence holding ``pos`` starts: after the last ``. `` (not in a quote or after "Lic.")."""
    for m in reversed(list(re.finditer(r"[.!?…]\s+", text[:pos]))):
        if inside(m.start(), [(a - 1, b + 1) for a, b in quotes]):
            continue
        if _after_abbreviation(text, m.start()):
            continue
        return m.end()
    return 0


def sentence_end(text, pos, quotes=()):
    """Where the sentence holding ``pos`` ends (its final mark excluded)."""
    for m in re.finditer(r"[.!?…](?=\s+[¿¡“«\"A-ZÁÉÍÓÚÑ]|\s*$)", text[pos:]):
        at = pos + m.start()
        if inside(at, quotes):
            continue
        if _after_abbreviation(text, at):
            continue
        return at
    return len(text.rstrip())


# Where a new clause, with its own subject, starts inside a sentence.
CLAUSE_START = re.compile(
    r"(?:[,;]\s*|\s+)(?i:mientras que|en tanto que|en cambio|pero|y|e|por lo que|por lo cual|así que|ya que|"
    r"(?:por|en|para) (?:el|la|los|las) que|que|donde|cuando)\s+")


def clause_start(text, pos, quotes=()):
    """Where the clause that holds ``pos`` starts: after "…, mientras que", "…, y", else the sentence's start."""
    start = sentence_start(text, pos, quotes)
    for m in CLAUSE_START.finditer(text, start, pos):
        if not inside(m.start(), quotes):
            start = m.end()
    return start


def is_title_like(text):
    """Programme names and slogans: most words capitalised ("Árbol por Árbol tu Ciudad Reverdece")."""
    words = text.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised * 2 >= len(words)
