"""What the readers share: the skipped-record marker and reading possibly gzipped files.

Errors are raised as ValueError with a Spanish message that names the file
and says what to do, so the indexer can report them and go on; Python's own
texts ("Compressed file ended before...") never reach a person.
"""

import codecs
import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path

# A gzip that stops early or holds damaged data; BadGzipFile is an OSError.
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)

CUT_GZIP = "el archivo comprimido está cortado o dañado; vuelva a descargarlo o a comprimirlo"


def not_utf8(byte):
    return f"no está en UTF-8 (byte {byte}); guárdelo con esa codificación"


@dataclass(frozen=True)
class Skipped:
    """A record that could not be read, and why (in Spanish, for the report)."""

    where: str
    reason: str


def is_gzip(path):
    return Path(path).suffix.lower() == ".gz"


def read_bytes(path):
    """The bytes of a file, gunzipped if it ends in ``.gz``."""
    path = Path(path)
    raw = path.read_bytes()
    if not is_gzip(path):
        return raw
    try:
        return gzip.decompress(raw)
    except GZIP_ERRORS as exc:
        raise ValueError(f"{path}: {CUT_GZIP}") from exc


def read_text(path):
    """The text of a file, gunzipped if it ends in ``.gz``; raises ValueError if it is not UTF-8."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: el archivo {not_utf8(exc.start)}") from exc


def numbered_lines(path):
    """Yield ``(number, text)`` for each line of a possibly gzipped UTF-8 file.

    Each line is decoded alone, so one bad line is one bad record: a line that
    is not UTF-8 comes as a :class:`Skipped`. A gzip cut short ends with a
    :class:`Skipped` naming the line where it breaks, after every whole line
    before it.
    """
    path = Path(path)
    opened = gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")
    n = 0
    with opened as lines:
        try:
            for n, raw in enumerate(lines, 1):
                if n == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                if b"\x00" in raw:
                    yield Skipped(f"{path}:{n}", "parece un archivo binario, no texto; revise que sea el archivo correcto")
                    return
                try:
                    yield n, raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield Skipped(f"{path}:{n}", f"la línea {not_utf8(exc.start)}")
        except GZIP_ERRORS:
            yield Skipped(f"{path}:{n + 1}",
                          f"{CUT_GZIP}; se leyeron las {n} líneas anteriores" if n else CUT_GZIP)
