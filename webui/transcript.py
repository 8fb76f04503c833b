"""A release's body as the page reads it: paragraphs, or for a transcript, one section per speaker's turn.

A stenographic version is a run of turns (``PREGUNTA: …``, ``PRESIDENTA …: …``)
between ``---`` lines. The statements index already knows each turn's speaker
and where its words start, so the page heads each turn with its speaker
(the label no longer runs into the text), sets the press's questions apart
and lists the turns by speaker. No ``---`` line reaches a page or a snippet.
"""

import re
from bisect import bisect_left

from markupsafe import Markup

from search.highlight import mark
from search.passages import line_anchors
from search.statements import PRESS, QUESTION, SPEAKER_LABELS, TURN, anchors_by_paragraph, paragraph_spans

# A body is read as a transcript when the statements index finds at least this many turns in it.
MIN_TURNS = 2
# A run of dashes between turns, as it lands inside a snippet's fragment.
_RULE = re.compile(r"\s*(?<!\w)-{3,}(?!\w)\s*")


def clean_snippet(html):
    """A snippet without the ``---`` that separate a transcript's turns (a middle dot in their place)."""
    if "---" not in html:
        return html
    cleaned = _RULE.sub(" · ", str(html)).strip(" ·")
    return Markup(cleaned)


def _heading(turn):
    name = turn.speaker or SPEAKER_LABELS.get(turn.speaker_type, "")
    return {"name": name, "role": turn.role if turn.role and turn.role.lower() != name.lower() else ""}


def _line_anchors(statements):
    """``(offset in the body, anchor)`` of every line after the first of each long statement, in body order."""
    return sorted((s.start + offset, anchor) for s in statements for offset, anchor in line_anchors(s))


def _marked(body, a, b, terms, lines):
    """``body[a:b]`` stripped, as marked HTML, with the anchors of the statements' lines that start in it."""
    text = body[a:b].strip()
    lo = a + len(body[a:b]) - len(body[a:b].lstrip())
    first, last = (bisect_left(lines, at, key=lambda line: line[0]) for at in (lo, lo + len(text)))
    here = [(offset - lo, anchor) for offset, anchor in lines[first:last]]
    return mark(text, *terms, here)


def read_body(body, statements, terms):
    """The body for the release page, marked with ``terms`` (stems, phrases).

    Returns ``{"paragraphs": [...], "turns": None}`` for a release, and for a
    transcript ``{"paragraphs": [...before the first turn], "turns": [...], "speakers": [...]}``;
    a paragraph is ``{"html", "ids"}`` (``ids``: the anchors of the statements that start in it; the
    anchors of a long statement's lines are inside ``html``).
    """
    lines = _line_anchors(statements)
    spans = paragraph_spans(body)
    anchors = anchors_by_paragraph(body, statements)
    ids = [[f"declaracion-{n}" for n in here] for here in anchors]
    turns = sorted((s for s in statements if s.kind in (TURN, QUESTION)), key=lambda s: s.start)
    if len(turns) < MIN_TURNS:
        return {"paragraphs": [{"html": _marked(body, a, b, terms, lines), "ids": ids[i]}
                               for i, (a, b) in enumerate(spans)], "turns": None}
    intro, sections = [], []
    pending = iter(turns)
    following = next(pending, None)
    for i, (a, b) in enumerate(spans):
        start, turn = a, None
        if following is not None and following.start < b:
            turn = following
            while following is not None and following.start < b:
                following = next(pending, None)
            start = max(a, turn.start)
        # A turn opens where a speaker's label precedes the words; a paragraph without one continues it.
        if turn is not None and (body[a:start].strip() or not sections):
            sections.append({
                "anchor": f"turno-{len(sections) + 1}", "number": len(sections) + 1, **_heading(turn),
                "press": turn.speaker_type == PRESS or turn.kind == QUESTION, "paragraphs": [],
            })
        paragraph = {"html": _marked(body, start, b, terms, lines), "ids": ids[i]}
        (sections[-1]["paragraphs"] if sections else intro).append(paragraph)
    return {"paragraphs": intro, "turns": sections, "speakers": _speakers(sections)}


def _speakers(sections):
    """Each speaker once, in order of first turn, with the anchors of their turns: the transcript's contents."""
    by_name = {}
    for section in sections:
        entry = by_name.setdefault(section["name"], {"name": section["name"], "role": section["role"],
                                                     "press": section["press"], "turns": []})
        entry["turns"].append(section)
    return list(by_name.values())
