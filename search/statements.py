"""What officials and others said in a release, as Hemeroteca stores it: the statement and its index.

Statements live in a second Whoosh index, in the ``declaraciones`` folder of
the release index, written together with the releases. Each one keeps where
it is in its release (``position``, and the character span of the body), so a
hit links to the very paragraph. Its ranked fields are named as the release
index names them (``title`` is who said it, ``body`` what was said), so a
typed query is read by the same :func:`search.interpret.interpret`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from .release import key_for
from .schema import LABEL_SEPARATOR
from .store.schema import (  # noqa: F401 (the statements index is opened through these names)
    STATEMENTS_FOLDER,
    create_statements,
    open_or_create_statements,
    open_statements,
    statements_dir,
    statements_schema,
)

# What kind of statement: the values are keys of their labels, as every facet's are.
DIRECT, REPORTED, TURN, QUESTION = "cita-textual", "parafrasis", "intervencion", "pregunta"
KIND_LABELS = {
    DIRECT: "Cita textual",
    REPORTED: "Paráfrasis",
    TURN: "Intervención",
    QUESTION: "Pregunta",
}
# Who said it. A citizen, the press or an unnamed source is never counted as an official.
OFFICIAL, CITIZEN, PRESS, INSTITUTION, UNNAMED = (
    "funcionariado", "ciudadania", "prensa", "institucion", "sin-identificar")
SPEAKER_LABELS = {
    OFFICIAL: "Funcionariado",
    CITIZEN: "Ciudadanía",
    PRESS: "Prensa",
    INSTITUTION: "Institución",
    UNNAMED: "Sin identificar",
}


@dataclass
class Statement:
    """One thing said, by whom, and where in which release."""

    release_id: str
    # 1-based, in the order of the release's text: the page's anchor is ``declaracion-<position>``.
    position: int
    kind: str
    text: str
    # The span of ``text`` in the release's body.
    start: int
    end: int
    # A name ("Luis Mendoza"), or how the release names someone it does not ("una vecina").
    speaker: str = ""
    speaker_type: str = UNNAMED
    role: str = ""
    # The institution the official acts for.
    institution: str = ""
    # Copied from the release, to filter, count and show statements without opening it.
    date: date | None = None
    release_title: str = ""
    source: str | None = None
    topics: list[str] = field(default_factory=list)

    @property
    def id(self):
        return f"{self.release_id}#{self.position}"

    @property
    def anchor(self):
        return f"declaracion-{self.position}"

    @property
    def official_key(self):
        """The official's key, shared with the release index; empty for anyone else."""
        return key_for(self.speaker) if self.speaker_type == OFFICIAL and self.speaker else ""


def _labels(values):
    return LABEL_SEPARATOR.join(v for v in values if v).encode("utf-8")


def to_document(statement):
    """The keyword arguments of ``writer.add_document`` for a statement."""
    s = statement
    who = " ".join(p for p in (s.speaker, s.role) if p)
    official = s.official_key
    doc = {
        "id": s.id,
        "release_id": s.release_id,
        "position": s.position,
        "kind": s.kind,
        "kind_facet": _labels([KIND_LABELS[s.kind]]),
        "title": who,
        "title_exact": who,
        "body": s.text,
        "body_exact": s.text,
        "title_accent": who,
        "body_accent": s.text,
        "speaker": s.speaker,
        "speaker_type": s.speaker_type,
        "speaker_type_facet": _labels([SPEAKER_LABELS[s.speaker_type]]),
        "role": s.role,
        "institution": s.institution,
        "official_facet": _labels([s.speaker] if official else []),
        "topics": list(s.topics),
        "topic": " ".join(key_for(t) for t in s.topics),
        "topic_facet": _labels(s.topics),
        "month_facet": _labels([s.date.strftime("%Y-%m")] if s.date else []),
        "source": s.source,
        "source_facet": _labels([s.source] if s.source else []),
        "release_title": s.release_title,
        "start": s.start,
        "end": s.end,
    }
    if official:
        doc["official"] = official
    if s.source:
        doc["source_key"] = key_for(s.source)
    if s.date:
        doc["date"] = datetime(s.date.year, s.date.month, s.date.day)
    return doc


def from_stored(stored):
    """Rebuild a :class:`Statement` from a hit's stored fields."""
    stamp = stored.get("date")
    return Statement(
        release_id=stored["release_id"],
        position=stored["position"],
        kind=stored["kind"],
        text=stored.get("body", ""),
        start=stored.get("start", 0),
        end=stored.get("end", 0),
        speaker=stored.get("speaker") or "",
        speaker_type=stored.get("speaker_type") or UNNAMED,
        role=stored.get("role") or "",
        institution=stored.get("institution") or "",
        date=stamp.date() if stamp else None,
        release_title=stored.get("release_title") or "",
        source=stored.get("source"),
        topics=list(stored.get("topics") or []),
    )


# A line of dashes separates the turns of a transcript; a blank line, paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n\s*-{3,}\s*(?:\n|$)")


def paragraph_spans(body):
    """``(start, end)`` of each paragraph of a body as the release page shows them.

    Transcripts put a ``---`` line between turns and no blank line; each turn
    is a paragraph of its own, so a statement's anchor lands on its turn.
    """
    spans = []
    pos = 0
    for m in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = m.start() if m else len(body)
        if body[pos:end].strip():
            spans.append((pos, end))
        pos = m.end() if m else end
    return spans


def paragraphs(body):
    """The paragraphs of a body as the release page shows them."""
    return [body[a:b].strip() for a, b in paragraph_spans(body)]


def anchors_by_paragraph(body, statements):
    """For each paragraph of :func:`paragraphs`, the positions of the statements that start in it."""
    spans = paragraph_spans(body)
    found = [[] for _ in spans]
    for s in sorted(statements, key=lambda s: s.position):
        for i, (a, b) in enumerate(spans):
            if a <= s.start < b or (i == len(spans) - 1 and s.start >= b):
                found[i].append(s.position)
                break
    return found
