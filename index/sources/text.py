"""Plain-text releases, as press offices' pages look when saved as text.

Two layouts are read:

- the site layout: the title, a date line (``Ene 20, 2026``), the body, and
  after it a block of other headlines that opens with a heading such as
  ``Avisos`` or ``Noticias``; that block is not part of the release;
- the transcript layout: title, source and date lines, a ``---`` line, then
  the body.
"""

import re

from index.dates import is_date_line
from search.analysis import fold

from .records import read_text

# Headings that open a site's block of other news. Everything from the first
# of them on is navigation, not the release (folded, without punctuation).
TEASER_HEADINGS = frozenset(
    {
        "avisos",
        "noticias",
        "noticias relacionadas",
        "notas relacionadas",
        "mas noticias",
        "otras noticias",
        "ultimas noticias",
        "tambien te puede interesar",
        "te puede interesar",
        "te recomendamos",
        "lo mas visto",
        "comunicados recientes",
        "comunicados relacionados",
        "compartir",
        "comparte esta nota",
        "compartir en",
        "etiquetas",
        "temas relacionados",
        "articulos relacionados",
        "entradas recientes",
        "noticias recientes",
        "siguenos",
        "siguenos en redes sociales",
    }
)
# A line that closes a release ("-o0o-", "---oOo---", "* * *"); what follows is contact data.
END_MARK = re.compile(r"^(?:[-–—\s]*(?:o0o|0o0|000|ooo)[-–—\s]*|(?:\*\s*){3}|#{3})$", re.IGNORECASE)

# The head (title, date) is found within this many non-blank lines.
HEAD_LINES = 4


def paragraphs(text):
    """Blocks of text separated by blank lines, each with its lines joined."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(block.split()) for block in blocks if block.strip()]


def is_teaser_heading(paragraph):
    """A heading of other news or share buttons, alone or opening its block ("Compartir: Facebook X")."""
    folded = fold(paragraph).strip(" :.").strip()
    if folded.startswith(("compartir", "comparte")) and len(folded) < 60:
        return True
    return folded in TEASER_HEADINGS or folded.split(":")[0].strip() in TEASER_HEADINGS


def is_end_mark(paragraph):
    """The mark some offices put after the last paragraph ("-o0o-")."""
    return bool(paragraph.strip()) and len(paragraph) <= 20 and bool(END_MARK.match(paragraph.strip()))


def parse(text, where=""):
    """One record from the text of a release in either layout; raises ValueError if it has no body."""
    lines = text.replace("\r\n", "\n").split("\n")
    head = [line.strip() for line in lines[:12]]
    if "---" in head:
        return _parse_transcript(lines, head.index("---"), where)
    blocks = paragraphs(text)
    if not blocks:
        raise ValueError(f"{where}: el archivo está vacío")
    title, rest = blocks[0], blocks[1:]
    date = None
    for i, block in enumerate(rest[:HEAD_LINES]):
        if is_date_line(block):
            date = block
            rest = rest[:i] + rest[i + 1:]
            break
    body = []
    for block in rest:
        if (is_teaser_heading(block) or is_end_mark(block)) and body:
            break
        body.append(block)
    if not body:
        raise ValueError(f"{where}: no tiene cuerpo después del título")
    return {"title": title, "date": date, "body": "\n\n".join(body)}


def _parse_transcript(lines, separator, where):
    head = [line.strip() for line in lines[:separator] if line.strip()]
    body = "\n".join(lines[separator + 1:]).strip()
    if not head or not body:
        raise ValueError(f"{where}: falta el título o el cuerpo")
    record = {"title": head[0], "date": None, "body": body}
    for line in head[1:]:
        if record["date"] is None and is_date_line(line):
            record["date"] = line
        elif "source" not in record:
            record["source"] = line
    return record


def read(path):
    """Yield the one release in a text file."""
    record = parse(read_text(path), where=str(path))
    record["path"] = str(path)
    yield record
