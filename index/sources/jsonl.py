"""JSON Lines releases (one object a line), a JSON array of them, gzipped or not.

Fields: ``id``, ``title``, ``date``, ``body`` and optional ``url``,
``source``, ``officials`` and ``topics``. A record carrying a whole
transcript in ``text`` instead of a body (title, source and date lines,
``---``, body) is parsed as the text reader does.
"""

import json

from . import text as text_reader
from .records import Skipped, open_lines, read_text

OPTIONAL = ("id", "url", "source", "officials", "topics")


def _record(obj, where):
    if not isinstance(obj, dict):
        raise ValueError("no es un objeto JSON")
    if not obj.get("body") and obj.get("text"):
        record = text_reader.parse(obj["text"], where)
        record.update({k: obj[k] for k in ("title", "date") if obj.get(k)})
    else:
        record = {"title": obj.get("title"), "date": obj.get("date"), "body": obj.get("body")}
    for key in OPTIONAL:
        if obj.get(key):
            record[key] = obj[key]
    missing = [k for k in ("title", "body") if not isinstance(record.get(k), str) or not record[k].strip()]
    if missing:
        raise ValueError(f"falta {' y '.join(missing)}")
    record["path"] = where
    return record


def read(path):
    """Yield each release of the file; a bad line is yielded as Skipped, the others still come."""
    if str(path).lower().endswith((".json", ".json.gz")):
        try:
            data = json.loads(read_text(path))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: JSON no válido ({exc.msg}, línea {exc.lineno})") from exc
        items = data if isinstance(data, list) else [data]
        for n, obj in enumerate(items, 1):
            yield from _safe(obj, f"{path}[{n}]")
        return
    with open_lines(path) as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Skipped(where, f"JSON no válido ({exc.msg})")
                continue
            yield from _safe(obj, where)


def _safe(obj, where):
    try:
        yield _record(obj, where)
    except ValueError as exc:
        yield Skipped(where, str(exc))
