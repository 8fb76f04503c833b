"""What the readers share: the skipped-record marker and opening possibly gzipped text."""

import gzip
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Skipped:
    """A record that could not be read, and why (in Spanish, for the report)."""

    where: str
    reason: str


def read_text(path):
    """The text of a file, gunzipped if it ends in ``.gz``; raises ValueError if it is not UTF-8."""
    path = Path(path)
    data = gzip.decompress(path.read_bytes()) if path.suffix.lower() == ".gz" else path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: no está en UTF-8 (byte {exc.start})") from exc


def open_lines(path):
    """Iterate the lines of a text file, gunzipping it on the fly if it ends in ``.gz``."""
    path = Path(path)
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig")
    return open(path, encoding="utf-8-sig")
