"""Text as sites send it: bytes in whatever encoding, sometimes declared wrongly, sometimes mojibake.

Valid UTF-8 is taken as UTF-8 whatever the page says, since Spanish text in
Windows-1252 is practically never valid UTF-8; otherwise the encoding the
server or the page declares; otherwise Windows-1252, which browsers use for
the ISO-8859-1 label too. Text that was decoded twice ("AlcaldÃ­a") is
repaired with ftfy, which recognises those patterns far better than a table
of our own would.
"""

import codecs
import re

import ftfy

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Labels that mean Windows-1252 in practice (the WHATWG encoding standard maps them so).
_WINDOWS_1252_LABELS = {"latin_1", "iso8859_1", "ascii", "cp1252"}

# Only undo wrong decodings: leave quotes, widths, ligatures and line breaks as the site wrote them.
_REPAIR = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False,
    fix_line_breaks=False, explain=False,
)


def _codec(label):
    """Python's name for an encoding label, or None for an unknown one."""
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


def declared_encodings(raw, content_type=""):
    """The encodings the HTTP header and the document itself declare, in that order."""
    labels = []
    header = _HEADER_CHARSET.search(content_type or "")
    if header:
        labels.append(header.group(1))
    head = raw[:4096]
    inner = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if inner:
        labels.append(inner.group(1).decode("ascii"))
    return [c for c in map(_codec, labels) if c]


def decode(raw, content_type=""):
    """Text of a fetched document: BOM, else valid UTF-8, else a declared encoding, else Windows-1252."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return repair(raw.decode(codec, errors="replace").lstrip("\ufeff"))
    try:
        return repair(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for codec in declared_encodings(raw, content_type):
        if codec in _WINDOWS_1252_LABELS or codec == "utf_8":
            continue
        try:
            return repair(raw.decode(codec))
        except UnicodeDecodeError:
            continue
    # Five bytes are undefined in Windows-1252; one stray byte should not lose the page.
    return repair(raw.decode("cp1252", errors="replace"))


def repair(text):
    """Undo mojibake ("AlcaldÃ­a" → "Alcaldía") and leave everything else as it is."""
    return ftfy.fix_text(text, _REPAIR) if text else text


def repair_record(record):
    """A reader's record with mojibake repaired in its text fields."""
    fixed = dict(record)
    for key in ("title", "body", "source", "date_text"):
        if isinstance(fixed.get(key), str):
            fixed[key] = repair(fixed[key])
    for key in ("labels", "topics"):
        if isinstance(fixed.get(key), list):
            fixed[key] = [repair(v) if isinstance(v, str) else v for v in fixed[key]]
    return fixed
