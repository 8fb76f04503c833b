"""The registry of known officials: one TOML file that the site's staff edit.

Each official has a name, other ways releases write it, and terms of office
(role, body, from, to). The registry gives one name to a person written
several ways, and tells who "el alcalde" was in a Benito Juárez release of
a given date.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


from .datafiles import REGISTRY
from .roles import HEAD_OFFICES, office_of
from .text_utils import alternation, fold, letter_units, tried_at

# Words that say nothing about which body is meant ("Gobierno del Estado de…").
GENERIC_WORDS = frozenset({
    "de", "del", "la", "las", "el", "los", "y", "en", "gobierno", "estado", "municipio", "municipal",
    "ayuntamiento", "alcaldia", "h", "honorable", "constitucional", "libre", "soberano", "estatal",
})


@lru_cache(maxsize=8192)
def body_words(text):
    """The words of a body's name that tell it apart ("Alcaldía Benito Juárez" → {benito, juarez})."""
    words = fold(text or "").replace(",", " ").replace(".", " ").split()
    return frozenset(w for w in words if w not in GENERIC_WORDS)


@dataclass(frozen=True)
class Term:
    """A term of office: the role as written, the office it names, the body, and its dates."""

    role: str
    body: str
    start: date | None = None
    end: date | None = None

    @property
    def office(self):
        return office_of(self.role)

    def covers(self, when):
        """Whether the term was running on ``when`` (an unknown date fits any term)."""
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple = ()
    terms: tuple = ()

    def term_on(self, when, office=""):
        """The person's term running on ``when``, of ``office`` if given."""
        for term in self.terms:
            if term.covers(when) and (not office or term.office == office):
                return term
        return None


def _openings(names):
    """A regex of how ``names`` open (up to three letters, as :func:`index.text_utils.alternation` reads
    them, a capital first as :attr:`Registry.name_pattern` asks), each alternative opening with one
    literal character; None if a name opens with no letter.

    Every character a match of it spans is a letter, so a name that opens inside one is inside a word.
    """
    rests = {}
    for name in names:
        letters = re.match(r"[^\W\d_]{1,3}", name)
        if not letters:
            return None
        units = letter_units(letters.group())
        rest = "".join(piece for piece, _ in units[1:])
        for ch in units[0][1]:
            if ch in _CAPITALS:
                rests.setdefault(ch, set()).add(rest)
    return re.compile("|".join(re.escape(ch) + "(?:" + "|".join(sorted(r)) + ")" for ch, r in sorted(rests.items())))


_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÚÑ")


class Registry:
    """Known officials, looked up by any of their names or by office, body and date."""

    def __init__(self, people=(), path=None):
        self.people = tuple(people)
        self.path = path
        self._by_name = {}
        self._bodies = {}
        self._name_pattern = None
        self._name_openings = None
        # Each person's names as folded words, split once: lookups by part of a name read these.
        self._name_words = []
        for person in self.people:
            words = []
            for name in (person.name, *person.aliases):
                self._by_name[fold(name)] = person
                words.append(fold(name).split())
            self._name_words.append((person, words))
            for term in person.terms:
                self._bodies.setdefault(fold(term.body), term.body)
        # (person, term) of each office, in the registry's order; "*" for the heads of an executive.
        self._terms_of = {}
        for person in self.people:
            for term in person.terms:
                self._terms_of.setdefault(term.office, []).append((person, term))
                if term.office in HEAD_OFFICES:
                    self._terms_of.setdefault("*", []).append((person, term))
        # What :meth:`find` answered for each folded name: a release asks for the same names again and again.
        self._found = {}

    @classmethod
    def load(cls, path=None):
        """Load ``path``, else ``HEMEROTECA_REGISTRY``, else the shipped registry.

        Raises ValueError naming the file and the entry when it is malformed.
        """
        path, data = REGISTRY.read(path)
        people = []
        for n, entry in enumerate(data.get("official", []), 1):
            if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
                raise ValueError(f"{path}: el funcionario número {n} necesita «name»")
            terms = []
            for term in entry.get("terms", []):
                if not isinstance(term, dict) or not term.get("role"):
                    raise ValueError(f"{path}: cada periodo de «{entry['name']}» necesita «role»")
                for key in ("from", "to"):
                    if key in term and not isinstance(term[key], date):
                        raise ValueError(f"{path}: «{key}» de «{entry['name']}» debe ser una fecha AAAA-MM-DD")
                terms.append(Term(term["role"], term.get("body", ""), term.get("from"), term.get("to")))
            people.append(Person(entry["name"].strip(), tuple(entry.get("aliases", [])), tuple(terms)))
        return cls(people, path)

    @property
    def name_pattern(self):
        """A regex of every registered name and alias of two words or more, accents optional, as
        written (capitals matter): how a release names an official without writing the role."""
        if self._name_pattern is None:
            names = sorted({n for p in self.people for n in (p.name, *p.aliases) if len(n.split()) > 1},
                           key=len, reverse=True)
            alternatives = alternation(names)
            # Tried only where a capital opens a word: the alternation is long.
            self._name_pattern = re.compile(rf"(?<![\w-])(?=[A-ZÁÉÍÓÚÑ])(?:{alternatives})(?![\w-])")
            self._name_openings = _openings(names)
        return self._name_pattern

    def name_matches(self, text):
        """``name_pattern.finditer(text)``, tried only where a registered name's first letters stand.

        Tried at every position, the long alternation cost more than the rest of a release's officials;
        the first three letters of every name, each alternative opening with one literal character, let
        the regex engine skip to the few places where a name may open, and each is tried there.
        """
        pattern = self.name_pattern
        if self._name_openings is None:
            return pattern.finditer(text)
        return tried_at(pattern, text, [m.start() for m in self._name_openings.finditer(text)])

    def body_spelling(self, body):
        """A body as the registry writes it ("Presidencia de la Republica" → "…República"), else as given."""
        return self._bodies.get(fold(body or ""), body)

    def find(self, name):
        """The person a name stands for: an exact name or alias, else a longer registered name
        that begins or ends with it ("Ruiz Montaño" → "Gabriela Ruiz Montaño")."""
        folded = fold(name)
        if folded in self._by_name:
            return self._by_name[folded]
        if folded not in self._found:
            self._found[folded] = self._find_longer(folded)
        return self._found[folded]

    def _find_longer(self, folded):
        words = folded.split()
        if len(words) < 2:
            return None
        found = {
            id(p): p
            for p, names in self._name_words
            for known in names
            if len(known) > len(words) and (known[: len(words)] == words or known[-len(words):] == words)
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def out_of_office(self, name, office, when):
        """Whether a registered person held ``office`` only at other times than ``when``."""
        person = self.find(name)
        if person is None or when is None or not office:
            return False
        terms = [t for t in person.terms if t.office == office]
        return bool(terms) and not any(t.covers(when) for t in terms)

    def find_surname(self, surname, when, office=""):
        """The one person in office on ``when`` whose name ends with ``surname`` ("la gobernadora Jiménez")."""
        word = fold(surname)
        found = [
            p for p, names in self._name_words
            if any(known[-1:] == [word] or word in known[1:] for known in names) and p.term_on(when, office)
        ]
        return found[0] if len(found) == 1 else None

    def holder(self, office, when, hints=(), source=None, mentioned=frozenset()):
        """Who held ``office`` on ``when`` in the body the hints (a place, an office), the
        release's source, or else the words of the release point to; None unless exactly one
        person fits."""
        candidates = [(person, term) for person, term in self._terms_of.get(office, ()) if term.covers(when)]
        hint_words = [body_words(h) for h in hints if body_words(h)]
        if hint_words:
            candidates = [
                (p, t) for p, t in candidates
                if all(w <= body_words(t.body) | body_words(t.role) for w in hint_words)
            ]
        else:
            words = body_words(source)
            by_source = [(p, t) for p, t in candidates if words and body_words(t.body) == words]
            if by_source or source:
                candidates = by_source
            else:
                # No source: a body the release names ("Feria del Libro de Coyoacán").
                candidates = [(p, t) for p, t in candidates if body_words(t.body) and body_words(t.body) <= mentioned]
        people = {p.name for p, _ in candidates}
        return candidates[0] if len(people) == 1 else None
