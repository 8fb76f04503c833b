"""The kind of document a release is, where the source or the document's own form says so.

A title that opens with it ("Aviso: cierres viales…", "Versión estenográfica
de la conferencia…", "Remarks by the President…"), a head line ("BOLETÍN
112/2026", "Comunicado 045"), the site's section in the URL
(".../comunicados/..."), or, last, the layout of a transcript: turns opened by
speakers in capitals ("PRESIDENTE ANDRÉS MANUEL LÓPEZ OBRADOR: …"). The topic
of the text is never used: a release that says none of these is left untyped.
"""

import re

from .text_utils import fold_text

# Each type shown, with the folded words that name it; longer names first within a type, and a type
# whose names begin another's ("comunicado conjunto", "comunicado") before it.
TYPES = (
    ("Versión estenográfica", ("version estenografica", "stenographic version", "transcript", "transcripcion")),
    ("Nota informativa", ("nota informativa", "tarjeta informativa")),
    ("Comunicado conjunto", ("comunicado conjunto", "declaracion conjunta", "joint statement",
                             "joint declaration")),
    ("Comunicado", ("comunicado de prensa", "comunicado", "press release")),
    ("Boletín", ("boletin de prensa", "boletin")),
    ("Aviso", ("aviso",)),
    ("Convocatoria", ("convocatoria",)),
    ("Discurso", ("discurso", "palabras del", "palabras de la", "remarks", "speech")),
    ("Mensaje", ("mensaje", "message")),
    ("Agenda", ("agenda oficial", "agenda")),
    ("Informe", ("informe de gobierno", "informe de actividades", "annual state of")),
)
# URL sections, as sites name them.
URL_SECTIONS = {
    "comunicados": "Comunicado", "comunicado": "Comunicado", "boletines": "Boletín", "boletin": "Boletín",
    "avisos": "Aviso", "convocatorias": "Convocatoria", "versiones-estenograficas": "Versión estenográfica",
    "discursos": "Discurso",
}
# A head line that is only the type and a number: "BOLETÍN 112/2026", "Comunicado No. 45".
_HEAD_LINE = re.compile(r"^(?P<words>[a-z ]+?)\s*(?:no\.?|num\.?|numero|n\.o)?\s*[\d/.-]*\s*$")
# How many of the body's first lines can hold the type.
HEAD_LINES = 3
# What a line that :data:`_HEAD_LINE` may match is made of before folding: letters and spaces (any other
# character folds to what cannot be told here), then from its first other character on only the number,
# spaces, the letters of "no.", "num.", "numero", "n.o", and characters not ASCII. A line of prose fails at
# its first word after a comma or a number: it is neither folded nor read by the rule's lazy words, which
# try the rest of a line after each of its letters.
_HEAD_WORDS = re.compile(r"[A-Za-z\s\x80-\U0010ffff]*")
_HEAD_TAIL = re.compile(r"[\d\s/.\-numeroNUMERO\x80-\U0010ffff]*")
# A transcript's turn: a line opened by a speaker in capitals and a colon ("INTERLOCUTORA:",
# "SECRETARIO DE SALUD, JORGE ALCOCER VARELA:").
_TURN = re.compile(r"^[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ .,\-()]{3,150}:", re.MULTILINE)
# The same after a line break: a regex that opens with a character skips to it, one that opens with ``^``
# is tried at every place.
_TURN_AFTER_BREAK = re.compile(r"\n(?P<turn>[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ .,\-()]{3,150}:)")
# How many turns, by at least two speakers, make a text a transcript.
TRANSCRIPT_TURNS = 3


def _type_opening(folded):
    """The type a folded text opens with ("aviso: …", "version estenografica de …")."""
    for label, names in TYPES:
        for name in names:
            if folded.startswith(name) and not folded[len(name):len(name) + 1].isalpha():
                return label
    return None


def _first_lines(body, count):
    """The first ``count`` lines of ``body`` that are not blank, without splitting the rest of it."""
    lines, start = [], 0
    while len(lines) < count and start <= len(body):
        end = body.find("\n", start)
        end = len(body) if end < 0 else end
        if body[start:end].strip():
            lines.append(body[start:end])
        start = end + 1
    return lines


def _may_be_head(line):
    """Whether ``line``, folded, may be a head line: false for every line :data:`_HEAD_LINE` cannot match."""
    return _HEAD_TAIL.fullmatch(line, _HEAD_WORDS.match(line).end()) is not None


def _is_transcript(body):
    """Whether the body is laid out as a transcript: several turns, by more than one speaker."""
    if ":" not in body:
        return False  # Every turn's label ends with a colon; the regex would be tried at every place.
    turns = _turns(body)
    return len(turns) >= TRANSCRIPT_TURNS and len(set(turns)) > 1


def _turns(body):
    """What ``_TURN.finditer(body)`` finds: no turn holds a line break, so the first line's, then each
    after a break."""
    first = _TURN.match(body)
    turns = [first.group(0)] if first else []
    turns.extend(m.group("turn") for m in _TURN_AFTER_BREAK.finditer(body))
    return turns


def doc_type_of(title, body, url=None):
    """The type the release states, or that its layout shows, or None."""
    found = _type_opening(fold_text(title).strip(" «\"“"))
    if found:
        return found
    for line in _first_lines(body, HEAD_LINES):
        match = _HEAD_LINE.match(fold_text(line).strip()) if _may_be_head(line) else None
        if match:
            found = _type_opening(match.group("words").strip())
            if found:
                return found
    if url:
        for part in re.split(r"[/?#]", url.lower())[3:]:
            if part in URL_SECTIONS:
                return URL_SECTIONS[part]
    if _is_transcript(body):
        return "Versión estenográfica"
    return None
