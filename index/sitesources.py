"""The sites ``hemeroteca update`` keeps current: a small TOML file beside the index.

``hemeroteca sources add NAME URL`` appends to it; people may also edit it
by hand, so it is read with the standard TOML reader and written plainly.
"""

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .discover import KINDS

FILENAME = "sources.toml"
_HEADER = "# Sitios que «hemeroteca update» mantiene al día. Agregue con «hemeroteca sources add NOMBRE URL».\n"


@dataclass(frozen=True)
class SiteSource:
    """A stored source: its name, its URL and what kind of source it is (or "auto")."""

    name: str
    url: str
    kind: str = "auto"


def sources_file(index_dir):
    return Path(index_dir) / FILENAME


def check_url(url):
    """The URL if it is an http(s) address; ValueError in Spanish otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"«{url}» no es una dirección http:// o https://")
    return url


def load(path):
    """The sources stored in ``path`` (none when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: no se pudo leer ({exc})") from exc
    found = []
    for n, entry in enumerate(data.get("source", []), 1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("url"):
            raise ValueError(f"{path}: la fuente {n} necesita «name» y «url»")
        kind = entry.get("kind", "auto")
        if kind not in KINDS:
            raise ValueError(f"{path}: la fuente «{entry['name']}» tiene un tipo desconocido «{kind}»")
        found.append(SiteSource(str(entry["name"]), check_url(str(entry["url"])), kind))
    return found


def _toml_string(value):
    # A JSON string is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def save(path, sources):
    """Write ``sources`` to ``path``."""
    lines = [_HEADER]
    for source in sources:
        lines += ["", "[[source]]", f"name = {_toml_string(source.name)}", f"url = {_toml_string(source.url)}",
                  f"kind = {_toml_string(source.kind)}"]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add(path, name, url, kind="auto"):
    """Store a new source; ValueError when the name is taken or the URL is not http(s)."""
    name = name.strip()
    if not name:
        raise ValueError("el nombre de la fuente no puede estar vacío")
    sources = load(path)
    if any(s.name == name for s in sources):
        raise ValueError(f"ya existe una fuente llamada «{name}»")
    source = SiteSource(name, check_url(url), kind)
    save(path, [*sources, source])
    return source


def remove(path, name):
    """Forget a source (what was indexed from it stays); ValueError when there is none by that name."""
    sources = load(path)
    kept = [s for s in sources if s.name != name]
    if len(kept) == len(sources):
        raise ValueError(f"no hay una fuente llamada «{name}»")
    save(path, kept)
