"""Synonyms and acronyms from a file the site's staff can edit.

A query that names one member of a group also searches the others:
``BJ`` becomes ``(BJ OR "Benito Juárez")``. The rewrite happens on the typed
text, outside quotes, so the parser and the analyzer treat the alternatives
exactly like typed words.
"""

import re
from functools import lru_cache
from pathlib import Path

from . import settings
from .analysis import fold

DEFAULT_SYNONYMS = Path(__file__).parent / "data" / "synonyms.txt"
# Weight of a synonym the user did not type, against 1 for the typed words.
SYNONYM_BOOST = 0.4


def load_groups(path=None):
    """The synonym groups in ``path`` (else ``HEMEROTECA_SYNONYMS``, else the shipped file)."""
    path = Path(path or settings.value("SYNONYMS") or DEFAULT_SYNONYMS)
    groups = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = [m.strip() for m in line.split(",") if m.strip()]
        if len(members) < 2:
            raise ValueError(f"{path}:{n}: un grupo de sinónimos necesita al menos dos términos")
        groups.append(members)
    return groups


def _words(text):
    return fold(text).split()


def weigh_names(text, names, boost):
    """Quote the known names in ``text`` and weigh them down: ``"Teresa Jiménez"^0.3``.

    A person's name says who, not what: with it weighed like the other
    words, every release that names the person in its title would outrank
    the one about what was asked.

    :param names: folded names as tuples of words.
    """
    tokens = re.findall(r"\S+", text)
    if '"' in text or not names:
        return text
    folded = [fold(t) for t in tokens]
    longest = max(map(len, names))

    def name_at(i):
        for n in range(min(longest, len(tokens) - i), 1, -1):
            if tuple(folded[i : i + n]) in names:
                return n, f'"{" ".join(tokens[i : i + n])}"^{boost}'
        return None

    return _rewrite(tokens, name_at)


def _rewrite(tokens, found_at):
    """Join ``tokens``, replacing each run that ``found_at(i)`` recognises.

    ``found_at`` returns ``(how many tokens, replacement text)`` or None.
    """
    out, i = [], 0
    while i < len(tokens):
        found = found_at(i)
        if found:
            out.append(found[1])
            i += found[0]
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


class Synonyms:
    """Rewrites typed text so each synonym found also searches its group."""

    def __init__(self, groups):
        self.groups = groups
        # Longest members first, so "Ciudad de México" wins over a shorter overlap.
        entries = sorted(
            ((tuple(_words(m)), i) for i, g in enumerate(groups) for m in g), key=lambda e: -len(e[0])
        )
        self._entries = entries
        # The same, by first word: a long query looks up each word once, not every group at every word.
        self._by_first = {}
        for words, group in entries:
            if words:
                self._by_first.setdefault(words[0], []).append((words, group))

    @classmethod
    @lru_cache(maxsize=4)
    def load(cls, path=None):
        return cls(load_groups(path))

    def expand(self, text):
        """Return ``(rewritten text, applied groups)``; quoted phrases are left as typed."""
        applied = []
        parts = re.split(r"(\"[^\"]*\"?)", text)
        out = []
        for part in parts:
            if part.startswith('"'):
                out.append(part)
                continue
            lead = part[: len(part) - len(part.lstrip())]
            trail = part[len(part.rstrip()):] if part.strip() else ""
            out.append(lead + self._expand_plain(part, applied) + trail)
        return "".join(out), applied

    def _expand_plain(self, text, applied):
        tokens = re.findall(r"\S+", text)
        folded = [fold(t) for t in tokens]

        def synonym_at(i):
            for words, group in self._by_first.get(folded[i], ()):
                n = len(words)
                if tuple(folded[i : i + n]) == words and all(re.fullmatch(r"\w+", t) for t in tokens[i : i + n]):
                    members = self.groups[group]
                    typed = " ".join(tokens[i : i + n])
                    # The words typed count fully; the others help without outweighing the rest of the query.
                    alternatives = [typed if n == 1 else f'"{typed}"'] + [
                        (m if len(_words(m)) == 1 else f'"{m}"') + f"^{SYNONYM_BOOST}"
                        for m in members if tuple(_words(m)) != words
                    ]
                    applied.append(members)
                    return n, "(" + " OR ".join(alternatives) + ")"
            return None

        return _rewrite(tokens, synonym_at)
