"""Readers of the formats releases come in.

Each module has ``read(path) -> Iterator[dict]``: one raw record a release,
with ``title``, ``body`` and, where the format has them, ``date`` (raw text),
``url``, ``source``, ``id``, ``officials`` and ``topics``. A file that cannot
be read raises ``ValueError``; a bad record inside a many-record file is
yielded as :class:`Skipped` so the rest of the file is still indexed.
"""

from pathlib import Path

from . import html, jsonl, text
from .records import Skipped

READERS = {
    ".txt": text,
    ".html": html,
    ".htm": html,
    ".jsonl": jsonl,
    ".ndjson": jsonl,
    ".json": jsonl,
}


def suffix_of(path):
    """The format suffix of a path, looking through a trailing ``.gz``."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def reader_for(path):
    """The reader module for a file, or None for a format we do not read."""
    return READERS.get(suffix_of(path))
