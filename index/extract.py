"""From a reader's raw record to a :class:`Release` ready to index.

What the source states (a JSON ``date``, an HTML ``og:site_name``, a list of
officials) wins over what we infer from the text.
"""

import re
from urllib.parse import urlsplit

from search.release import Official, Release, key_for

from .dates import parse_date
from .officials import extract_officials

# How far into the body a dateline ("Mérida, Yucatán, 4 de marzo de 2026.-")
# is looked for; dates further in are events, not the publication date.
DATELINE_CHARS = 160
# Ids derived from the title keep this many characters of it.
ID_TITLE_CHARS = 60

_BODY_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+"
# "Alcaldía Benito Juárez", "Gobierno del Estado de Aguascalientes", "Ayuntamiento de Mérida".
ISSUING_BODY = re.compile(
    r"\b(?:Alcaldía|Ayuntamiento|Municipio|Gobierno|Presidencia|Secretaría|Fiscalía|Congreso)"
    rf"(?: (?:de la |del |de los |de )?{_BODY_WORD})+"
)


def issuing_body(title, body):
    """The first institution named in the title, else in the first paragraph."""
    first_paragraph = body.split("\n\n", 1)[0]
    for text in (title, first_paragraph):
        match = ISSUING_BODY.search(text)
        if match:
            return match.group(0)
    return None


def publication_date(record):
    """The date the record states, else a dateline at the very start of the body."""
    for value in (record.get("date"), record.get("date_text")):
        found = parse_date(value)
        if found:
            return found
    return parse_date(record["body"][:DATELINE_CHARS])


def url_id(url):
    """A release id from its canonical URL: host and path as a readable key.

    Ids appear in page URLs (``/comunicados/<id>``), where a raw URL's "//"
    would be merged into one slash; the key keeps the id stable and safe.
    """
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    return key_for(f"{host} {parts.path} {parts.query}")


def release_id(record, date, title):
    """The source's id, else its canonical URL as a key, else the date and the start of the title."""
    if record.get("id"):
        return str(record["id"])
    if record.get("url"):
        return url_id(record["url"])
    stamp = date.isoformat() if date else "sin-fecha"
    return f"{stamp}-{key_for(title)[:ID_TITLE_CHARS].rstrip('-')}"


def _officials(value):
    """Officials given by a source: dicts with name and role, or "Name — role" strings."""
    officials = []
    for item in value:
        if isinstance(item, dict) and item.get("name"):
            officials.append(Official(str(item["name"]).strip(), str(item.get("role") or "").strip()))
        elif isinstance(item, str) and item.strip():
            name, _, role = item.partition("—")
            officials.append(Official(name.strip(), role.strip()))
    return officials


def to_release(record, taxonomy):
    """Build the release from a raw record, extracting what the record does not state."""
    title = " ".join(record["title"].split())
    body = record["body"].strip()
    date = publication_date(record)
    if record.get("officials"):
        officials = _officials(record["officials"])
    else:
        officials = extract_officials(f"{title}\n\n{body}")
    if record.get("topics"):
        topics = [taxonomy.label_for(str(t)) for t in record["topics"]]
    else:
        topics = taxonomy.classify(title, body)
    return Release(
        id=release_id(record, date, title),
        title=title,
        body=body,
        date=date,
        source=record.get("source") or issuing_body(title, body),
        url=record.get("url"),
        officials=officials,
        topics=topics,
        origin=record.get("path"),
    )
