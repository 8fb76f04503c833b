"""From a reader's raw record to a :class:`Release` ready to index.

What the source states (a JSON ``date``, an HTML ``og:site_name``, a list of
officials) wins over what we infer from the text.
"""

import re
from urllib.parse import urlsplit

from search.release import Official, Release, key_for
from search.urls import safe_url

from .datafiles import REGISTRY
from .dates import dateline_date, parse_date
from .doctypes import doc_type_of
from .officials import extract_officials
from .organizations import extract_organizations
from .places import extract_places
from .registry import Registry
from .text_utils import release_text

# Ids derived from the title keep this many characters of it.
ID_TITLE_CHARS = 60

_BODY_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+"
# "Alcaldía Benito Juárez", "Gobierno del Estado de Aguascalientes", "Ayuntamiento de Mérida".
ISSUING_BODY = re.compile(
    r"\b(?:Alcaldía|Ayuntamiento|Municipio|Gobierno|Presidencia|Secretaría|Fiscalía|Congreso)"
    rf"(?: (?:de la |del |de los |de )?{_BODY_WORD})+"
)
# Lines some sites put before the text: "???" placeholders, "Presidencia de la República | 01 de diciembre de 2018".
_HEADER_LINE = re.compile(r"^\s*(?:\?{2,}|[^|\n]{2,80}\|\s*[^|\n]{6,40})\s*$")


def issuing_body(title, body):
    """The first institution named in the title, else in the first paragraph."""
    first_paragraph = body.split("\n\n", 1)[0]
    for text in (title, first_paragraph):
        match = ISSUING_BODY.search(text)
        if match:
            return match.group(0)
    return None


def publication_date(record):
    """The date the record states, else a dateline that opens the body (never a date further in)."""
    for value in (record.get("date"), record.get("date_text")):
        found = parse_date(value)
        if found:
            return found
    return dateline_date(record["body"])


def clean_body(body):
    """The body without header lines that are not the release ("???", "Source | date").

    Read line by line from the start, without splitting the whole body: a long transcript is copied once.
    """
    body = body.strip()
    start = 0
    while start < len(body):
        newline = body.find("\n", start)
        end = len(body) if newline < 0 else newline
        line = body[start:end]
        if line.strip() and not _is_header(line):
            break
        start = end + 1
    return body[start:].strip()


def _is_header(line):
    if not _HEADER_LINE.match(line):
        return False
    return "|" not in line or any(parse_date(part) for part in line.split("|"))


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
    """Officials given by a source: dicts with name, role and body, or "Name — role" strings."""
    officials = []
    for item in value:
        if isinstance(item, dict) and item.get("name"):
            officials.append(Official(str(item["name"]).strip(), str(item.get("role") or "").strip(),
                                      str(item.get("body") or "").strip()))
        elif isinstance(item, str) and item.strip():
            name, _, role = item.partition("—")
            officials.append(Official(name.strip(), role.strip()))
    return officials


def default_registry():
    """The registry named by ``HEMEROTECA_REGISTRY``, else the shipped one; loaded once."""
    return REGISTRY.default(Registry.load)


def to_release(record, taxonomy, registry=None):
    """Build the release from a raw record, extracting what the record does not state.

    :param registry: a :class:`Registry` of known officials; the default one if None.
    A URL that is not http(s) is left out.
    """
    registry = registry if registry is not None else default_registry()
    # Only an http(s) URL is kept: it becomes a link in pages and feeds (the indexer reports the others).
    record = {**record, "url": safe_url(record.get("url"))}
    title = " ".join(record["title"].split())
    body = clean_body(record["body"])
    date = publication_date(record)
    # One spelling per body, so facets do not split "República" and "Republica".
    source = registry.body_spelling(record.get("source") or issuing_body(title, body))
    text = release_text(title, body)
    if record.get("officials"):
        officials = _officials(record["officials"])
    else:
        officials = extract_officials(text, date, source, registry)
    if record.get("topics"):
        topics = [taxonomy.label_for(str(t)) for t in record["topics"]]
    else:
        topics = taxonomy.classify(title, body)
    return Release(
        id=release_id(record, date, title),
        title=title,
        body=body,
        date=date,
        source=source,
        url=record.get("url"),
        officials=officials,
        topics=topics,
        places=list(record.get("places") or extract_places(text)),
        organizations=list(record.get("organizations") or extract_organizations(text)),
        doc_type=record.get("type") or doc_type_of(title, body, record.get("url")),
        origin=record.get("path"),
    )
