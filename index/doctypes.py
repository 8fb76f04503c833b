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
# A transcript's turn: a line opened by a speaker in capitals and a colon ("INTERLOCUTORA:",
# "SECRETARIO DE SALUD, JORGE ALCOCER VARELA:").
_TURN = re.compile(r"^[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ .,\-()]{3,150}:", re.MULTILINE)
# How many turns, by at least two speakers, make a text a transcript.
TRANSCRIPT_TURNS = 3


def _type_opening(folded):
    """The type a folded text opens with ("aviso: …", "version estenografica de …")."""
    for label, names in TYPES:
        for name in names:
            if folded.startswith(name) and not folded[len(name):len(name) + 1].isalpha():
                return label
    return None


def _is_transcript(body):
    """Whether the body is laid out as a transcript: several turns, by more than one speaker."""
    if ":" not in body:
        return False  # Every turn's label ends with a colon; the regex would be tried at every place.
    turns = [m.group(0) for m in _TURN.finditer(body)]
    return len(turns) >= TRANSCRIPT_TURNS and len(set(turns)) > 1


def doc_type_of(title, body, url=None):
    """The type the release states, or that its layout shows, or None."""
    found = _type_opening(fold_text(title).strip(" «\"“"))
    if found:
        return found
    for line in [line for line in body.split("\n") if line.strip()][:HEAD_LINES]:
        match = _HEAD_LINE.match(fold_text(line).strip())
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
