"""The passage of a long statement that a search matched: where its hit points and what its snippet shows.

A transcript's turn or a speech can be thousands of characters long. Its hit
should land the reader on the lines that hold the query's words, not at the
turn's first word. Stenographic versions put each paragraph on a line of its
own, so a statement's passages are its lines: each line after the first gets an
anchor of its own on the release page (``declaracion-5-p3``, the third line of
statement 5), and a hit picks the line whose passage matches the query's words
best, with the same matching that marks them (:func:`search.highlight.matched_spans`).
"""

import re
from bisect import bisect_left

from .highlight import FRAGMENT_CHARS, matched_spans

# Below this, the whole statement fits in a glance and its snippet already shows the matches: no passage.
LONG_STATEMENT_CHARS = 1000
# A line is a passage when it has a word ("---" between turns is not); its start skips leading blanks.
_LINE = re.compile(r"^[ \t]*([^\n]*\w[^\n]*)", re.M)


def passage_anchor(statement_anchor, number):
    """The page's anchor of the ``number``-th line (1-based) of a statement; its first line is the statement's."""
    return statement_anchor if number == 1 else f"{statement_anchor}-p{number}"


def line_starts(text):
    """Where each line of ``text`` with a word starts, in characters from the start of ``text``."""
    return [m.start(1) for m in _LINE.finditer(text)]


def is_long(text):
    """Whether a statement is long enough, and in more than one line, for its hits to point at a passage."""
    return len(text) >= LONG_STATEMENT_CHARS and len(line_starts(text)) > 1


def line_anchors(statement):
    """``(offset in the statement's text, anchor)`` of each line after the first of a long statement; else []."""
    text = statement.text
    if not is_long(text):
        return []
    return [(start, passage_anchor(statement.anchor, n))
            for n, start in enumerate(line_starts(text), 1) if n > 1]


def best_passage(text, stems, phrases):
    """``(line number, start, end)`` of the passage of ``text`` that best matches the query, or None.

    A passage opens at a line holding a match and runs over the following lines until it is at
    least a snippet's fragment long (wrapped text breaks a paragraph into short lines). The best
    has the most distinct matched words, then the most matches; the earliest wins a tie. None for
    a short statement or when no word matched.
    """
    if not (stems or phrases) or not is_long(text):
        return None
    spans = matched_spans(text, stems, phrases)
    if not spans:
        return None
    starts = line_starts(text)
    ends = [*starts[1:], len(text)]
    match_starts = [a for a, _ in spans]
    best = None
    for n, start in enumerate(starts):
        first = bisect_left(match_starts, start)
        if first == len(spans) or spans[first][0] >= ends[n]:
            continue
        last = n
        while last + 1 < len(starts) and ends[last] - start < FRAGMENT_CHARS:
            last += 1
        end = start + len(text[start:ends[last]].rstrip())
        inside = spans[first:bisect_left(match_starts, end)]
        score = (len({text[a:b].lower() for a, b in inside}), len(inside))
        if best is None or score > best[0]:
            best = (score, (n + 1, start, end))
    return best[1]
