"""JSON Lines releases (one object a line), a JSON array of them, gzipped or not.

Fields: ``id``, ``title``, ``date``, ``body`` and optional ``url``,
``source``, ``officials`` and ``topics``. A record carrying a whole
transcript in ``text`` instead of a body (title, source and date lines,
``---``, body) is parsed as the text reader does.

A field of the wrong type makes the record a :class:`Skipped` naming the
field, never a silently mangled release; the one leniency is a single
string where a list is expected (``"topics": "salud"``), read as a list of
that one item, since that is plainly what the person meant.
"""

import json

from . import text as text_reader
from .records import Skipped, numbered_lines, read_text

OPTIONAL = ("id", "url", "source", "officials", "topics")
TEXT_FIELDS = ("title", "date", "body", "text", "url", "source")
LIST_FIELDS = ("officials", "topics")


# The json module's messages, in Spanish (it has no others).
_JSON_MESSAGES = {
    "Expecting value": "falta un valor",
    "Expecting property name enclosed in double quotes": "un nombre de campo debe ir entre comillas dobles",
    "Expecting ':' delimiter": "falta «:» tras un nombre de campo",
    "Expecting ',' delimiter": "falta una coma",
    "Unterminated string starting at": "un texto no cierra sus comillas",
    "Invalid control character at": "hay un carácter de control dentro de un texto",
    "Invalid \\escape": "hay una secuencia con «\\» no válida",
    "Invalid \\uXXXX escape": "hay una secuencia «\\u» no válida",
    "Extra data": "sobra texto después del objeto",
}


def json_error(exc):
    """A JSONDecodeError as a Spanish reason: what is wrong and where in the line."""
    what = _JSON_MESSAGES.get(exc.msg, "la sintaxis no es válida")
    return f"JSON no válido ({what}, columna {exc.colno}); corríjalo y vuelva a indexar"


def _kind(value):
    """A JSON value's type as a person who writes JSON calls it."""
    if isinstance(value, bool):
        return "un booleano"
    if isinstance(value, (int, float)):
        return "un número"
    if isinstance(value, list):
        return "una lista"
    if isinstance(value, dict):
        return "un objeto"
    return "texto"


def _wrong(field, expected, value):
    return ValueError(f"el campo «{field}» debe ser {expected}, no {_kind(value)}; corríjalo y vuelva a indexar")


def _checked(obj):
    """The object with its fields checked for type; a lone string in a list field becomes a list of it."""
    obj = dict(obj)
    for field in TEXT_FIELDS:
        if obj.get(field) is not None and not isinstance(obj[field], str):
            raise _wrong(field, "texto", obj[field])
    if obj.get("id") is not None and (isinstance(obj["id"], bool) or not isinstance(obj["id"], (str, int))):
        raise _wrong("id", "texto o un número entero", obj["id"])
    for field in LIST_FIELDS:
        value = obj.get(field)
        if value is None:
            continue
        if isinstance(value, str):
            obj[field] = value = [value] if value.strip() else []
        if not isinstance(value, list):
            raise _wrong(field, "una lista", value)
        for item in value:
            named = field == "officials" and isinstance(item, dict) and isinstance(item.get("name"), str)
            if not (isinstance(item, str) or named):
                expected = "una lista de nombres (texto) u objetos con «name»" if field == "officials" \
                    else "una lista de temas (texto)"
                raise ValueError(f"el campo «{field}» debe ser {expected}, y tiene {_kind(item)}; "
                                 "corríjalo y vuelva a indexar")
    return obj


def _record(obj, where):
    if not isinstance(obj, dict):
        raise ValueError("no es un objeto JSON")
    obj = _checked(obj)
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
            raise ValueError(f"{path}: {json_error(exc)}, línea {exc.lineno}") from exc
        items = data if isinstance(data, list) else [data]
        for n, obj in enumerate(items, 1):
            yield from _safe(obj, f"{path}[{n}]")
        return
    for numbered in numbered_lines(path):
        if isinstance(numbered, Skipped):
            yield numbered
            continue
        n, line = numbered
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, json_error(exc))
            continue
        yield from _safe(obj, where)


def _safe(obj, where):
    try:
        yield _record(obj, where)
    except ValueError as exc:
        yield Skipped(where, str(exc))
