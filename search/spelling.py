"""Spelling correction that never invents: Spanish words are kept, typos meet the index's words.

A typed word that no release has is corrected only when it is not a Spanish
word (the list of the ``wordfreq`` package: "navidad" stays "navidad" in an
index without it), and only into an index term within its edit budget, which
grows with length (none under five letters, one from five, two from nine, as
Meilisearch does). The confusions of Spanish spelling — s/c/z, b/v, y/ll,
a silent h, k/qu/c, g/j — cost a quarter of an edit, so "yaki" reaches
"yaqui" and "vacunasion" reaches "vacunación" but "yaki" never becomes
"yasí". Words are compared by their light stems, so a correction reaches
every inflected form ("vacunasion" finds "vacunaciones").

Candidates are the index terms that start like the typed word once the
confusions are evened out, at most :data:`MAX_SCANNED` of them, each compared
by a distance that gives up past the budget: a long word costs no more than a
short one.
"""

import re
import threading

from .analysis import fold, light_stem_spanish, stem_prefix
from .limits import check, remaining

# Least frequency (Zipf scale: 3 is once per million words) of a word taken as Spanish.
KNOWN_WORD_ZIPF = 2.5
# Typed words longer than this are not corrected: no Spanish typo is that long, and it bounds the work.
MAX_CORRECTED_CHARS = 25
# Index terms compared with one typed word, at most.
MAX_SCANNED = 4000
# What a Spanish confusion costs, against 1 for any other edit.
CONFUSION_COST = 0.25

# Spanish spellings of one sound, rewritten to one key: "vacunasion" and "vacunacion" meet.
_SOUNDS = (
    (re.compile(r"qu(?=[ei])"), "k"),
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"g(?=[ei])"), "j"),
    (re.compile(r"ch"), "\x00"),
    (re.compile(r"h"), ""),
    (re.compile(r"\x00"), "ch"),
    (re.compile(r"ll"), "y"),
    (re.compile(r"[cq]"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"v"), "b"),
    (re.compile(r"w"), "u"),
)


def sound_key(word):
    """``word`` with the Spanish spellings of one sound made one.

    >>> sound_key("vacunacion"), sound_key("bacunasion"), sound_key("yaqui"), sound_key("hospital")
    ('bakunasion', 'bakunasion', 'yaki', 'ospital')
    """
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word


def allowed_cost(word):
    """The edits a word of this length may need: a quarter-edit confusion under five letters,
    one edit from five, two from nine."""
    if len(word) >= 9:
        return 2.0
    if len(word) >= 5:
        return 1.0
    return 2 * CONFUSION_COST


def bounded_distance(a, b, limit):
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def spelling_cost(typed, candidate, limit):
    """What it costs to go from typed word ``typed`` to index term ``candidate`` (a light stem).

    Both are compared with their sounds keyed and their inflection undone, each edit costing 1;
    the Spanish confusions that keying evened out cost :data:`CONFUSION_COST` each.

    >>> spelling_cost("vacunasion", "vacunacion", 1), spelling_cost("yaki", "yaqui", 0.5)
    (0.25, 0.5)
    """
    target = sound_key(candidate)
    keyed = min(bounded_distance(key, target, int(limit)) for key in _typed_keys(typed))
    if keyed > limit:
        return keyed
    spelled = bounded_distance(light_stem_spanish(typed), candidate, int(limit) + 2)
    return keyed + CONFUSION_COST * min(max(spelled - keyed, 0), 2)


def _typed_keys(word):
    """The typed word's stem with its sounds keyed, and its keyed sounds stemmed
    ("huracanez": "urakanes", "urakan")."""
    return {sound_key(light_stem_spanish(word)), light_stem_spanish(sound_key(word))}


class SpanishWords:
    """The folded Spanish words of the ``wordfreq`` list, loaded once in the background.

    Loading takes about a second: it starts when searching starts (see
    search.interpret), and a search that comes before it is done waits for
    at most half of what is left of its time, then corrects nothing rather
    than guess without the list.
    """

    def __init__(self):
        self._words = None
        self._loading = None
        self._lock = threading.Lock()

    def _load(self, get_frequency_list):
        if get_frequency_list is None:  # Without the package nothing counts as Spanish, and nothing is corrected.
            self._words = frozenset()
            return
        # Its buckets go down by one centibel: bucket n holds the words of frequency 10 ** (-n / 100).
        last = int(round((9 - KNOWN_WORD_ZIPF) * 100))
        buckets = get_frequency_list("es", "large")[: last + 1]
        self._words = frozenset(fold(w) for bucket in buckets for w in bucket if w.isalpha())

    def start(self):
        """Begin loading, if not begun."""
        with self._lock:
            if self._loading is None:
                # The package is imported here, not by the loading thread: importing ftfy (which it
                # imports) in two threads at once, the HTML reader's import beside it, could leave one
                # of them a half-made module and fail a command at its start.
                try:
                    from wordfreq import get_frequency_list
                except ImportError:
                    get_frequency_list = None
                self._loading = threading.Thread(target=self._load, args=(get_frequency_list,),
                                                 name="spanish-words", daemon=True)
                self._loading.start()

    def wait(self):
        """The words, once loaded (for callers without a deadline)."""
        self.start()
        self._loading.join()
        return self._words

    def words(self):
        """The words, or None when they are not loaded within half the search's remaining time."""
        self.start()
        if self._words is None:
            left = remaining()
            self._loading.join(timeout=None if left is None else max(left, 0) / 2)
        return self._words


SPANISH = SpanishWords()


# How the first sound of a word may be spelled by someone who hears it.
_FIRST_SOUNDS = {
    "b": ("v",), "v": ("b",), "s": ("c", "z"), "c": ("s", "z", "k", "qu"), "z": ("s", "c"),
    "k": ("c", "qu"), "qu": ("k", "c"), "y": ("ll", "i"), "ll": ("y",), "g": ("j",), "j": ("g",),
    "i": ("hi", "y"), "a": ("ha",), "e": ("he",), "o": ("ho",), "u": ("hu",),
}


def _prefixes(stem):
    """The starts an index term may have to be a correction of ``stem``: its first sound spelled
    every way, then its next letter ("yaki" → "ya", "lla", "ia"; "ospital" → "os", "hos")."""
    first = stem[:2] if stem.startswith(("ll", "qu", "ch")) else stem[:1]
    rest = stem[len(first):]
    found = {head + rest[:1] for head in (first, *_FIRST_SOUNDS.get(first, ()))}
    if first == "h":
        found.add(rest[:2])
    return sorted(p for p in found if len(p) >= 2)


def _candidates(stem, terms, fieldname, limit):
    """Index terms of about the stem's length under each of its starts, at most :data:`MAX_SCANNED`."""
    scanned = 0
    for prefix in _prefixes(stem):
        for term in terms.terms(fieldname, prefix):
            if abs(len(term) - len(stem)) <= limit + 1:
                yield term
            scanned += 1
            if scanned == MAX_SCANNED:
                return


def correction(word, terms, fieldname, display_field):
    """The folded index word to search for typed ``word`` (folded), or None.

    :param terms: the store's view of the index (:meth:`search.store.reader.View.terms`, ``frequency``).

    None for a Spanish word, a short or long word, a number, or when no
    index term is within the budget. The word returned is the one of the
    chosen stem in ``display_field`` closest to what was typed.
    """
    if word.isdigit() or len(word) > MAX_CORRECTED_CHARS:
        return None
    known = SPANISH.words()
    if known is None or word in known:
        return None
    stem = light_stem_spanish(word)
    limit = allowed_cost(word)
    best = None
    for n, term in enumerate(_candidates(stem, terms, fieldname, limit)):
        if n % 256 == 0:
            check()
        cost = spelling_cost(word, term, limit)
        if cost > limit or term == stem:
            continue
        rank = (cost, -terms.frequency(fieldname, term))
        if best is None or rank < best[0]:
            best = (rank, term)
    if best is None:
        return None
    return _closest_word(word, best[1], terms, display_field)


def _closest_word(typed, stem, terms, fieldname):
    """The folded word of ``fieldname`` with light stem ``stem`` closest to ``typed``, the commonest
    among equals ("huracanez" → "huracanes", not "huracán"); the stem itself if none."""
    best, best_rank = stem, None
    for term in terms.terms(fieldname, stem_prefix(stem)):
        if light_stem_spanish(term) == stem:
            rank = (bounded_distance(typed, term, len(typed)), -terms.frequency(fieldname, term))
            if best_rank is None or rank < best_rank:
                best, best_rank = term, rank
    return best
