"""The kind of document a release is, where the source says so.

A title that opens with it ("Aviso: cierres viales…", "Versión estenográfica
de la conferencia…"), a head line ("BOLETÍN 112/2026", "Comunicado 045"), or
the site's section in the URL (".../comunicados/..."). Nothing is guessed
from the content: a release that does not say is left without a type.
"""

import re

from .text_utils import fold_text

# Each type shown, with the folded words that name it; longer names first.
TYPES = (
    ("Versión estenográfica", ("version estenografica",)),
    ("Nota informativa", ("nota informativa", "tarjeta informativa")),
    ("Comunicado", ("comunicado conjunto", "comunicado de prensa", "comunicado")),
    ("Boletín", ("boletin de prensa", "boletin")),
    ("Aviso", ("aviso",)),
    ("Convocatoria", ("convocatoria",)),
    ("Discurso", ("discurso",)),
    ("Mensaje", ("mensaje",)),
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


def _type_opening(folded):
    """The type a folded text opens with ("aviso: …", "version estenografica de …")."""
    for label, names in TYPES:
        for name in names:
            if folded.startswith(name) and not folded[len(name):len(name) + 1].isalpha():
                return label
    return None


def doc_type_of(title, body, url=None):
    """The type the release states, or None."""
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
    return None
