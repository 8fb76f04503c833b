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

# More unreadable characters than this means the bytes are not text at all (a PDF or image saved as .html).
_MAX_GARBAGE_RATIO = 0.01
_GARBAGE = re.compile("[\ufffd\x01-\x08\x0b\x0e-\x1f]")

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
    return repair(to_text(raw, content_type))


def to_text(raw, content_type="", strict_bom=False):
    """The bytes as text, without repairing mojibake: the one decoder of fetched pages and saved files.

    A byte order mark is believed; with ``strict_bom`` a UTF-16 file that does not
    decode raises UnicodeDecodeError, and UTF-8 after its mark must be valid or the
    bytes after the mark are read as if unmarked (a saved file is checked, not patched).
    """
    if raw.startswith(codecs.BOM_UTF8):
        if not strict_bom:
            return raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if strict_bom:
            return raw.decode("utf-16")
        return raw.decode("utf-16", errors="replace").lstrip("\ufeff")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec in declared_encodings(raw, content_type):
        if codec in _WINDOWS_1252_LABELS or codec == "utf_8":
            continue
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    # Five bytes are undefined in Windows-1252; one stray byte should not lose the page.
    return raw.decode("cp1252", errors="replace")


def decode_file(raw, path):
    """Text of a saved page, not repaired (as it always was); raises ValueError for a file that is not text."""
    try:
        text = to_text(raw, strict_bom=True)
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: no se pudo decodificar el archivo UTF-16 (byte {exc.start}); "
                         "guárdelo en UTF-8") from exc
    if "\x00" in text:
        raise ValueError(f"{path}: no se pudo decodificar el archivo (parece binario, no HTML)")
    garbage = len(_GARBAGE.findall(text))
    if text and garbage / len(text) > _MAX_GARBAGE_RATIO:
        raise ValueError(f"{path}: no se pudo decodificar el archivo (codificación desconocida o archivo binario)")
    return text


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
