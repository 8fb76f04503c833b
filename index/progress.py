"""How far an indexing run is, in words a person reads: releases done, per second, and time left.

The total is an estimate made before reading: a JSON Lines file counts its
lines (a big archive is one file, so its progress must come from inside it),
any other file counts one release.
"""

import gzip
import time

from .sources import suffix_of

# Bytes read at a time when counting lines.
_CHUNK = 1 << 20
# Formats with one release a line.
_LINE_FORMATS = (".jsonl", ".ndjson")


def estimate_records(paths):
    """The releases the files probably hold: their lines for JSON Lines, else one a file."""
    total = 0
    for path in paths:
        if suffix_of(path) not in _LINE_FORMATS:
            total += 1
            continue
        try:
            total += max(_count_lines(path), 1)
        except (OSError, EOFError, ValueError):
            total += 1
    return total


def _count_lines(path):
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    lines, last = 0, b"\n"
    with opener(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _number(n):
    """A count as Spanish writes it: 12.345."""
    return f"{n:,}".replace(",", ".")


def duration(seconds):
    """A time left as a person says it: «45 s», «3 min 05 s», «1 h 12 min»."""
    seconds = max(int(round(seconds)), 0)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """Releases per second since the start, and the time left at that pace."""

    def __init__(self, total, clock=time.monotonic):
        self.total = total
        self.clock = clock
        self.started = clock()

    def line(self, done):
        """«Indexando: 1.234 de 3.728 comunicados (33 %) · 45,2 por segundo · quedan 55 s»."""
        total = max(self.total, done)
        elapsed = self.clock() - self.started
        text = f"Indexando: {_number(done)} de {_number(total)} comunicados"
        if total:
            text += f" ({done * 100 // total} %)"
        # A pace needs a second of history: the first releases alone say nothing of the rest.
        if done and elapsed >= 1:
            rate = done / elapsed
            shown = f"{rate:.1f}".replace(".", ",") if rate < 10 else _number(round(rate))
            text += f" · {shown} por segundo · quedan {duration((total - done) / rate)}"
        return text
