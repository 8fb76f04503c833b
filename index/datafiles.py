"""The staff-edited data files: a TOML file given, else the one an environment variable names, else the shipped one.

The registry of officials, the taxonomy, the gazetteer and the list of
organisations are all read this way; each names itself in Spanish so an
unreadable file is reported as what it is to the person who edits it.
"""

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from search import settings

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class DataFile:
    """One data file: its shipped name, the variable that overrides it, what it is called in messages."""

    name: str
    setting: str
    what: str

    @property
    def env(self):
        return settings.BY_NAME[self.setting].env

    @property
    def shipped(self):
        return DATA / self.name

    def path(self, given=None):
        """The file to read: ``given``, else the environment's, else the shipped one."""
        return Path(given or settings.value(self.setting) or self.shipped)

    def read(self, given=None):
        """``(path, data)`` of the file; raises ValueError naming it when it cannot be read or parsed."""
        path = self.path(given)
        try:
            return path, tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"No se pudo leer {self.what} {path}: {exc}") from exc

    def default(self, load):
        """``load(path)`` of the file the environment names now, loaded once per path."""
        return _loaded(load, _path_text(self.name, settings.value(self.setting)))


@lru_cache(maxsize=64)
def _path_text(name, configured):
    """``str(path())`` for the value the environment gives: extraction asks for its data files per
    release, and building the path each time cost more than some extractors."""
    return str(Path(configured or DATA / name))


@lru_cache(maxsize=16)
def _loaded(load, path):
    return load(path)


REGISTRY = DataFile("officials.toml", "REGISTRY", "el registro de funcionarios")
TAXONOMY = DataFile("topics.toml", "TAXONOMY", "la taxonomía")
PLACES = DataFile("places.toml", "PLACES", "el nomenclátor")
ORGANIZATIONS = DataFile("organizations.toml", "ORGANIZATIONS", "la lista de organismos")
