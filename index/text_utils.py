"""Small text helpers the extractors share."""

import itertools
import re
from bisect import bisect_left
from functools import lru_cache

from unidecode import unidecode

from search.release import key_for


class _FoldTable(dict):
    """Each character's fold, computed the first time it is met: folding a long text is then one lookup a
    character instead of a call to unidecode a character."""

    def __missing__(self, code):
        char = chr(code)
        # ñ stays distinct, as :func:`search.analysis.fold` keeps it.
        folded = char if char == "ñ" else unidecode(char).lower()
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_text(text):
    """:func:`search.analysis.fold` of a whole text, the same result, several times faster on long texts."""
    text = text.lower()
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


_LAST_TEXT = [None, None, None]  # title, body, text


def release_text(title, body):
    """A release's text as its officials and statements read it: title, a blank line, body. The same
    string for the same title and body, so that a long release's text is held once."""
    last_title, last_body, text = _LAST_TEXT
    if title is last_title and body is last_body:
        return text
    text = f"{title}\n\n{body}"
    _LAST_TEXT[:] = [title, body, text]
    return text


@lru_cache(maxsize=65_536)
def fold(text):
    """:func:`search.analysis.fold`, remembered: extraction folds the same names, roles and words over and
    over (a transcript compares every name it finds with every official found before)."""
    return fold_text(text)


@lru_cache(maxsize=1)
def folded_words(text):
    """The folded words of a text, without commas and periods; computed once for a release's officials and
    its statements."""
    return frozenset(fold_text(text).replace(",", " ").replace(".", " ").split())


class LazyWords:
    """:func:`folded_words` of a text, computed on first comparison: most releases never need them."""

    def __init__(self, text):
        self.text = text

    def __ge__(self, other):
        return folded_words(self.text) >= other

# Characters that match a letter in a regex that ignores case without lowering to it ("İ" lowers to two).
_ODD_CASES = ("ı", "ſ", "İ")


def _odd_case(text):
    return "ı" in text or "ſ" in text or "İ" in text


# The last text given to :func:`lowered`, and what it gave: a release's text is read in lower case by its
# officials' roles, its places and its statements' speakers, one after the other.
_LAST_LOWERED = [None, None]
# A longer text's lower case and cue words are not kept between their readers: held while the rest of its
# extraction runs, they raised its peak memory (one release of 20 MB: 463 MB instead of 404).
MEMO_MAX_CHARS = 1_000_000


def lowered(text):
    """``text.lower()``, where each character is where it was and a case-blind regex sees the letters a
    case-sensitive one sees in it; None otherwise (a text with "İ", "ı" or "ſ")."""
    if text is _LAST_LOWERED[0]:
        return _LAST_LOWERED[1]
    low = text.lower()
    if len(low) != len(text) or _odd_case(text):
        low = None
    _LAST_LOWERED[:] = [text, low] if len(text) <= MEMO_MAX_CHARS else [None, None]
    return low


def word_openings(text, first_words, start=0, end=None, lowered=None):
    """Where one of ``first_words`` (a case-sensitive regex of lower-case words of letters, none the
    beginning of another) opens a word of ``text[start:end]`` read in lower case, in order; None when the
    text holds a character that lower case does not read as a case-blind regex does.

    A regex that ignores case cannot skip ahead to its first letters: it is tried at every position of a
    text. One that opens with literal letters can; run over a lower-cased copy, it finds every place where
    a case-blind rule opening with those words at a word's start may match, and each place is then checked
    by the rule itself. The words are looked for only at the start of the text and after a character of no
    word, where the regex engine skips to: lower case keeps each character in or out of words, so the word
    starts of the copy are the text's.
    """
    end = len(text) if end is None else end
    low = _lowered(text) if lowered is None else lowered
    if low is None or len(low) != len(text) or _odd_case(text):
        return None
    after = _AFTER_NO_WORD.get(first_words)
    if after is None:
        after = _AFTER_NO_WORD[first_words] = re.compile(rf"[^\w](?:{first_words.pattern})")
    places = [start] if ((not start or not _WORD_CHAR.match(text, start - 1))
                         and first_words.match(low, start, end)) else []
    places.extend(m.start() + 1 for m in after.finditer(low, start, end))
    return places


# Each regex of first words, after a character of no word.
_AFTER_NO_WORD = {}
# :func:`lowered`, which a parameter of :func:`word_openings` hides.
_lowered = lowered


class Cues:
    """Words that open a word of every match of case-blind rules, by rule, found in one pass over a text.

    A case-blind regex is tried at every place of a text; a text without a rule's words needs no reading
    by it, and a rule whose matches open with one of its words needs trying only where one opens. The
    words, of letters only, are looked for in the text in lower case, each found with the letters after
    it, so that one found never hides another opening a word.
    """

    def __init__(self, words):
        """:param words: ``{rule: words}``, each word in lower case and of letters only."""
        self.words = {rule: tuple(found) for rule, found in words.items()}
        every = {w for found in self.words.values() for w in found}
        if not all(_LETTERS.fullmatch(w) for w in every):
            raise ValueError("cue words are letters only")
        every = sorted(w for w in every if not any(v != w and w.startswith(v) for v in every))
        words = f"(?P<word>(?:{alternation(every, literal=every)})[{_LETTER_CHARS}]*)"
        # A word that opens the text, and one after a character of no word: the regex engine skips to
        # those characters, and tries the words only after them.
        self._opening = re.compile(words)
        self._after = re.compile(rf"[^\w]{words}")
        # The rules of each word found (its letters from where a cue word opens it).
        self._rules_of = {}

    def places(self, text, low, start=0):
        """``(place, rules)`` where a word of ``rules`` opens a word of ``text[start:]``, in order.

        :param low: :func:`lowered` of ``text`` (not None).
        """
        found = []
        first = self._opening.match(low, start) if not start or not _WORD_CHAR.match(text, start - 1) else None
        # Lower case keeps each character in or out of words, so the word starts of ``low`` are those of ``text``.
        for match in itertools.chain((first,) if first else (), self._after.finditer(low, start)):
            at = match.start("word")
            word = match.group("word")
            rules = self._rules_of.get(word)
            if rules is None:
                if len(self._rules_of) > _MAX_CUE_WORDS:
                    self._rules_of.clear()
                rules = self._rules_of[word] = tuple(r for r, words in self.words.items() if word.startswith(words))
            found.append((at, rules))
        return found

    def by_rule(self, places, shift=0):
        """``{rule: places}`` of :meth:`places` (or of :data:`RELEASE_CUES`, whose other rules are left out),
        each place less ``shift``."""
        found = {rule: [] for rule in self.words}
        for at, rules in places:
            for rule in rules:
                if rule in found:
                    found[rule].append(at - shift)
        return found

    def find(self, text, low):
        """``{rule: places}``: where a word of each rule opens a word of ``text``, in order.

        :param low: :func:`lowered` of ``text`` (not None).
        """
        return self.by_rule(self.places(text, low))


# Distinct words whose rules :class:`Cues` remembers.
_MAX_CUE_WORDS = 50_000


class ReleaseCues:
    """The cue words of every module's rules, found in one pass over a release's text for all of them.

    A pass stops at every character of no word, whatever it looks for: the roles of the officials, the
    words that introduce places and the speakers' words, each looked for in a pass of its own, cost
    twice as much. Each module adds its words when it is loaded; the last text read is remembered (up to
    :data:`MEMO_MAX_CHARS`).
    """

    def __init__(self):
        self.words = {}
        self._cues = None
        self._last = (None, None, None)

    def add(self, words):
        """Look for ``words`` too (``{rule: words}`` as :class:`Cues` takes them)."""
        self.words.update({rule: tuple(found) for rule, found in words.items()})
        self._cues, self._last = None, (None, None, None)

    def covers(self, cues):
        """Whether every rule of the :class:`Cues` ``cues`` is one of these, with the same words."""
        return all(self.words.get(rule) == found for rule, found in cues.words.items())

    def places(self, text, low):
        """``(places, their starts)``: :meth:`Cues.places` of ``text`` for every rule added.

        :param low: :func:`lowered` of ``text`` (not None).
        """
        if self._last[0] is text:
            return self._last[1], self._last[2]
        if self._cues is None:
            self._cues = Cues(self.words)
        found = self._cues.places(text, low)
        starts = [at for at, _ in found]
        self._last = (text, found, starts) if len(text) <= MEMO_MAX_CHARS else (None, None, None)
        return found, starts

    def of_rule(self, rule, text, low):
        """Where a word of ``rule`` opens a word of ``text``, in order."""
        return [at for at, rules in self.places(text, low)[0] if rule in rules]


RELEASE_CUES = ReleaseCues()
_LETTER_CHARS = "a-záéíóúñü"
_LETTERS = re.compile(f"[{_LETTER_CHARS}]+")
_HEAD = re.compile(r"[a-záéíóúñü ]*")


def literal_head(form):
    """The letters every match of a regex ``form`` opens with, in lower case ("vecin[oa]s?" → "vecin",
    "madres? de familia" → "madre", "productor(?:a|es|as)?" → "productor")."""
    head = _HEAD.match(form.lower()).group()
    if form[len(head):len(head) + 1] in ("?", "*", "{"):
        head = head[:-1]  # The last letter is optional.
    if not head.strip():
        raise ValueError(f"{form!r} opens with no letters")
    return head


_WORD_CHAR = re.compile(r"\w")


class AfterOthers:
    """``finditer`` of the regex ``(?<![chars])(?:rule)``, found faster.

    A regex that opens with a lookbehind is tried at every place of a text. This one is tried where the
    search goes on (the text's start, the end of the match before) and, by a regex that opens with any
    character but ``chars``, after each of those, which the engine skips to. (A rule that matches an empty
    string would be read on one character further than ``finditer`` goes.)
    """

    def __init__(self, chars, rule, flags=0, opens=None):
        """:param chars: the inside of a regex character class (``\\w.``).
        :param opens: the characters every match opens with (:func:`opening_characters`), if known: a place
            after which another stands is left at once.
        """
        self.pattern = re.compile(rf"(?<![{chars}])(?:{rule})", flags)
        guard = f"(?=[{opens}])" if opens else ""
        self._after = re.compile(rf"[^{chars}]{guard}(?P<found>{rule})", flags)

    def spans(self, text):
        """``(start, end)`` of each match in ``text``, in order."""
        found, at = [], 0
        while True:
            match = self.pattern.match(text, at)
            if match is not None:
                start, end = match.span()
            else:
                match = self._after.search(text, at)
                if match is None:
                    return found
                start, end = match.span("found")
            found.append((start, end))
            at = end if end > start else end + 1


def tried_at(pattern, text, places, end=None):
    """``pattern.finditer(text, ·, end)`` when every match opens at one of ``places`` (in order): each place
    is tried, past the end of the last match, as ``finditer`` would."""
    end = len(text) if end is None else end
    found = []
    reached = 0
    for at in places:
        if at >= reached:
            match = pattern.match(text, at, end)
            if match:
                found.append(match)
                reached = match.end()
    return found


def search_at(pattern, text, places, start, end):
    """``pattern.search(text, start, end)`` when every match opens at one of ``places`` (in order): the first
    place from ``start`` where it matches."""
    for at in places[bisect_left(places, start):]:
        if at >= end:
            break
        match = pattern.match(text, at, end)
        if match:
            return match
    return None


_ACCENTS = {"a": "aá", "e": "eé", "i": "ií", "o": "oó", "u": "uúü", "á": "aá", "é": "eé", "í": "ií", "ó": "oó",
            "ú": "uú"}


def _units(text, accents=True):
    """``text`` as regex pieces, one a character: ``(piece, characters it matches)``; with ``accents``, a
    vowel matches with or without its accent and a space any run of spaces."""
    units = []
    for ch in text:
        low = ch.lower()
        if accents and low in _ACCENTS:
            chars = _ACCENTS[low]
            units.append((f"[{chars}{chars.upper()}]", frozenset(chars + chars.upper())))
        elif accents and ch == " ":
            units.append((r"\s+", _SPACE))
        else:
            units.append((re.escape(ch), frozenset({ch})))
    return units


def letter_units(text):
    """:func:`_units` of ``text``, accents optional: ``(regex piece, characters it matches)`` a character."""
    return _units(text)


# What a "\s+" piece stands for in the overlap test below: any whitespace.
_SPACE = frozenset({r"\s"})


def accent_insensitive(text):
    """A regex for ``text`` that matches it with or without accents ("Yucatán", "Yucatan")."""
    return "".join(piece for piece, _ in _units(text))


def _matched(chars, ignore_case):
    if chars is _SPACE:
        return chars
    if not ignore_case:
        return chars
    return frozenset(c for ch in chars for c in (ch, ch.lower(), ch.upper(), ch.casefold()))


def _overlap(a, b):
    if a is _SPACE or b is _SPACE:
        other = b if a is _SPACE else a
        return other is _SPACE or any(c.isspace() for c in other)
    return bool(a & b)


def _factored(alternatives, ignore_case):
    """One regex for lists of units tried in order, with shared beginnings written once.

    The regex engine tries an alternation's branches one after the other at every position of a text;
    a long list of names made places and officials the slowest part of extraction. Branches are grouped
    by their first piece; one moves ahead of another only when no character matches both first pieces,
    so the first branch that matches is the one the plain alternation would take.
    """
    groups = []  # [piece, matched characters, [rests]]
    for units in alternatives:
        if not units:
            groups.append([None, frozenset(), [units]])
            continue
        piece, chars = units[0]
        chars = _matched(chars, ignore_case)
        for group in reversed(groups):
            if group[0] == piece:
                group[2].append(units[1:])
                break
            if group[0] is None or _overlap(group[1], chars):
                groups.append([piece, chars, [units[1:]]])
                break
        else:
            groups.append([piece, chars, [units[1:]]])
    branches = []
    for piece, _, rests in groups:
        if piece is None:
            branches.append("")
        elif len(rests) == 1:
            branches.append(piece + "".join(p for p, _ in rests[0]))
        else:
            branches.append(piece + _factored(rests, ignore_case))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def alternation(forms, ignore_case=False, literal=()):
    """A regex matching any of ``forms``, tried in the order given, each with or without accents as
    :func:`accent_insensitive` writes it (the forms in ``literal`` exactly as written); the same matches
    as their plain alternation, found several times faster.

    :param ignore_case: whether the regex is compiled with ``re.IGNORECASE``.
    """
    literal = frozenset(literal)
    alternatives = [_units(f, accents=f not in literal) for f in forms]
    return _factored(alternatives, ignore_case) if alternatives else "(?!)"

def opening_characters(forms, literal=()):
    """The characters a match of ``alternation(forms, literal=literal)`` opens with, as the inside of a
    regex character class (case-sensitive); None when a form opens with a space."""
    literal = frozenset(literal)
    chars = set()
    for form in forms:
        units = _units(form, accents=form not in literal)
        if not units or units[0][1] is _SPACE:
            return None
        chars |= units[0][1]
    return "".join(re.escape(c) for c in sorted(chars))


def dedupe_longest(names):
    """Names in order, each once; a name that begins a longer one found too gives way to it
    ("El Colli" and "El Colli Urbano" are one place)."""
    unique = {}
    for name in names:
        key = key_for(name)
        if key and key not in unique:
            unique[key] = name
    kept = {}
    for key, name in unique.items():
        longer = [k for k in unique if k != key and k.startswith(key + "-")]
        if longer:
            key = max(longer, key=len)
        kept.setdefault(key, unique[key])
    return list(kept.values())
