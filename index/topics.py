"""Topics of a release, from a weighted taxonomy that the site's staff can replace.

Terms are analyzed like search text (folded, stemmed), so one entry covers
its inflections. A release gets the topics it is about: a topic needs a
score of its own and a fair share of the best topic's score, so a word seen
once in passing does not tag it.
"""

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress, count
from operator import is_, is_not

from search.analysis import (
    FOLDED_SPANISH_STOPWORDS,
    TOKEN_PATTERN,
    SnowballSpanishAnalyzer,
    fold,
    stem_spanish,
)

from .datafiles import TAXONOMY

# Occurrences in the title count this many times.
TITLE_WEIGHT = 3
# A topic needs at least this score...
MIN_SCORE = 6.0
# ...and this fraction of the best topic's score (0.6 beat 0.5 and 0.7 on both the demo key
# and the annotated set: a release's second topic is rarely under 60% of its first).
MIN_SHARE = 0.6
MAX_TOPICS = 3
# Terms of more words than this never count (the longest taxonomy terms have two).
MAX_TERM_WORDS = 4
# A text this long is most likely a transcript, whose turns are counted apart: where its stems end is read
# in the pass that finds them, at less cost than in a pass of its own.
LONG_TEXT = 20_000

# What :func:`_analysed` does to one token.
_ANALYZER = SnowballSpanishAnalyzer()
# The analyzer's tokenizer: the analyzer works on each token alone, so a token's stem is the same
# wherever the token is.
_TOKEN = re.compile(TOKEN_PATTERN)
_STEMMED = partial(is_not, False)
# Characters a token is made of: a position between two of them may cut one.
_TOKEN_CHAR = re.compile(r"[\w.,]")


# Distinct tokens whose stems are kept: a worker's vocabulary over a whole archive fits.
STEM_MEMO_LIMIT = 262_144
# Token → its stem, or False for a stop word. A plain dict of strings, which the garbage collector does not
# walk: an ``lru_cache`` of the vocabulary is walked, entry by entry, at each of its full collections.
_STEMS = {}
# Folded word → its stem.
_FOLDED_STEMS = {}
_IS_NONE = partial(is_, None)


def _analysed(token):
    """What the analyzer makes of one token, False for a stop word, by the analyzer's steps called
    directly (lowercase, fold, stop words, stem: ``tests/test_extraction_shortcuts.py`` checks it against
    the analyzer itself)."""
    word = fold(token.lower())
    if not word or word in FOLDED_SPANISH_STOPWORDS:
        return False
    # A word's spellings ("Salud", "SALUD", "salud") are stemmed once, remembered in a plain dict too (the
    # stemmer's own lru_cache would be walked by the garbage collector).
    stem = _FOLDED_STEMS.get(word)
    if stem is None:
        if len(_FOLDED_STEMS) >= STEM_MEMO_LIMIT:
            _FOLDED_STEMS.clear()
        stem = _FOLDED_STEMS[word] = stem_spanish.__wrapped__(word)
    return stem


def _stems_of(tokens):
    """The stem of each token, False for a stop word: looked up in C, a text at a time. Words repeat,
    so each distinct token is analysed once."""
    found = list(map(_STEMS.get, tokens))
    if None in found:
        missing = set(compress(tokens, map(_IS_NONE, found)))
        if len(_STEMS) + len(missing) > STEM_MEMO_LIMIT:
            _STEMS.clear()
            missing = set(tokens)
        for token in missing:
            _STEMS[token] = _analysed(token)
        found = list(map(_STEMS.get, tokens))
    return found


# A text's chunk between spaces → the stems of its tokens (as :func:`_stems_of` gives them). No token holds
# a space, so a text's tokens are its chunks' one after the other; and chunks ("obras", "obras,") repeat as
# words do: a text is split in C and looked up a chunk at a time, and only a chunk not seen before is read
# by the tokenizer. Short texts only, a few thousand chunks each: this many keep a worker's memo under 10 MB.
CHUNK_MEMO_LIMIT = 65_536
_CHUNK_STEMS = {}


def _text_stems(text):
    """``_stems_of(_TOKEN.findall(text))``, read chunk by chunk."""
    chunks = text.split()
    found = list(map(_CHUNK_STEMS.get, chunks))
    if None in found:
        if len(_CHUNK_STEMS) >= CHUNK_MEMO_LIMIT:
            _CHUNK_STEMS.clear()
        for i in compress(count(), map(_IS_NONE, found)):
            chunk = chunks[i]
            chunk_stems = _CHUNK_STEMS.get(chunk)
            if chunk_stems is None:
                chunk_stems = _CHUNK_STEMS[chunk] = tuple(_stems_of(_TOKEN.findall(chunk)))
            found[i] = chunk_stems
    return list(chain.from_iterable(found))


def stems(text):
    """The analyzer's stems of ``text``, in order."""
    return tuple(filter(_STEMMED, _stems_of(_TOKEN.findall(text))))


def _cuts_a_token(text, at):
    """Whether ``at`` may fall inside a token of ``text`` (the stems of a part are then its own)."""
    return 0 < at < len(text) and bool(_TOKEN_CHAR.match(text, at - 1)) and bool(_TOKEN_CHAR.match(text, at))


class _Occurrences:
    """Where each term of a taxonomy appears in a text: ``(first, last, term)``, the places of its first and
    last stems among the text's stems, in the order of their ends. Where each stem ends in the text is read
    only when a part of the text is counted (a transcript's turn); with a long text, in the same pass."""

    def __init__(self, text, by_last):
        self.text = text
        self._ends = None
        if len(text) >= LONG_TEXT:
            stems, ends = [], []
            known = _STEMS.get
            for match in _TOKEN.finditer(text):
                token = match.group()
                stem = known(token)
                if stem is None:
                    stem = _stems_of((token,))[0]
                if stem is not False:
                    stems.append(stem)
                    ends.append(match.end())
            self._ends = ends
            all_stems = None
        else:
            all_stems = _text_stems(text)
            # The text's stems, stop words left out: a term is a run of them.
            stems = list(filter(_STEMMED, all_stems))
        found = []
        for last in compress(count(), map(by_last.__contains__, stems)):
            for term, n, head in by_last[stems[last]]:
                if n == 1 or n <= last + 1 and stems[last - n + 1:last] == head:
                    found.append((last - n + 1, last, term))
        self.found = found
        self._all_stems = all_stems
        self._lasts = [last for _, last, _ in found]

    def _stem_ends(self):
        """Where each stem's token ends in the text."""
        if self._ends is None:
            self._ends = [end for end, stem in zip((m.end() for m in _TOKEN.finditer(self.text)), self._all_stems)
                          if stem is not False]
            self._all_stems = None
        return self._ends

    def counts(self, start=0, end=None):
        """How many times each term appears wholly inside ``text[start:end]``, which cuts no token."""
        end = len(self.text) if end is None else end
        if start <= 0 and end >= len(self.text):
            return Counter(term for _, _, term in self.found)
        ends = self._stem_ends()
        # No token is cut: one ending after ``start`` starts at or after it.
        first, after = bisect_right(ends, start), bisect_right(ends, end)
        counts = Counter()
        for i in range(bisect_left(self._lasts, first), bisect_left(self._lasts, after)):
            term_first, _, term = self.found[i]
            if term_first >= first:
                counts[term] += 1
        return counts


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    # Each term as a tuple of stems, with its weight.
    terms: tuple


class Taxonomy:
    """The topics and their weighted terms, loaded from a TOML file."""

    def __init__(self, topics):
        self.topics = topics
        self._by_key = {t.key: t for t in topics}
        self._by_label = {t.label.lower(): t for t in topics}
        # Each distinct term that can count, under its last stem, as ``(term, its length, its other stems)``
        # (a list, compared at once with the stems of a text before the last).
        by_last = {}
        for topic in topics:
            for term, _ in topic.terms:
                if 0 < len(term) <= MAX_TERM_WORDS and term not in by_last.get(term[-1], ()):
                    by_last.setdefault(term[-1], []).append(term)
        self._by_last = {last: [(term, len(term), list(term[:-1])) for term in terms] for last, terms in by_last.items()}
        # The topics (by index) that hold each term: a text's scores are summed only for the topics
        # whose terms it holds, the others' being 0. With two topics of one label, every topic is summed.
        topics_of = {}
        for i, topic in enumerate(topics):
            for term, _ in topic.terms:
                topics_of.setdefault(term, set()).add(i)
        self._topics_of = topics_of if len({t.label for t in topics}) == len(topics) else None
        # The terms of the last text read: a release's body is read once for its topics and its turns'.
        self._last = None

    @classmethod
    def load(cls, path=None):
        """Load ``path``, else ``HEMEROTECA_TAXONOMY``, else the shipped taxonomy.

        Raises ValueError naming the file and the topic when it is malformed.
        """
        path, data = TAXONOMY.read(path)
        topics = []
        for key, entry in data.items():
            if not isinstance(entry, dict) or "label" not in entry or not entry.get("terms"):
                raise ValueError(f"{path}: el tema «{key}» necesita «label» y «terms»")
            terms = tuple((stems(term), float(weight)) for term, weight in entry["terms"].items())
            topics.append(Topic(key, entry["label"], tuple((s, w) for s, w in terms if s)))
        return cls(topics)

    def label_for(self, value):
        """The taxonomy's label for a key or label given by a source, or the value as given."""
        topic = self._by_key.get(value) or self._by_label.get(value.lower())
        return topic.label if topic else value

    def __getstate__(self):
        # Workers get the taxonomy, not the last text it read.
        return {**self.__dict__, "_last": None}

    def _occurrences(self, text):
        if self._last is None or self._last.text != text:
            self._last = _Occurrences(text, self._by_last)
        return self._last

    def _scores(self, counts):
        return {t.label: sum(counts[s] * w for s, w in t.terms) for t in self.topics}

    def _counts(self, title, body):
        counts = _Occurrences(title, self._by_last).counts()
        for term in counts:
            counts[term] *= TITLE_WEIGHT
        counts.update(self._occurrences(body).counts())
        return counts

    def scores(self, title, body):
        """Every topic's score for a release."""
        return self._scores(self._counts(title, body))

    def _scores_held(self, counts):
        """The scores of the topics holding a term of ``counts``, in the taxonomy's order, each summed in
        the order of its terms as :meth:`_scores` sums it (a term counted 0 adds 0.0, which changes no
        sum); and the score of the others, 0, when there are others."""
        if self._topics_of is None:
            return self._scores(counts), ()
        held = sorted({i for term in counts for i in self._topics_of.get(term, ())})
        scores = {}
        for i in held:
            topic = self.topics[i]
            scores[topic.label] = sum(counts[s] * w for s, w in topic.terms if s in counts)
        return scores, ((0,) if len(held) < len(self.topics) else ())

    def _chosen(self, scores, others=()):
        best = max([*scores.values(), *others], default=0)
        chosen = [
            label
            for label, score in sorted(scores.items(), key=lambda kv: -kv[1])
            if score >= MIN_SCORE and score >= MIN_SHARE * best
        ]
        return chosen[:MAX_TOPICS]

    def classify(self, title, body):
        """The labels of the topics a release is about, best first."""
        return self._chosen(*self._scores_held(self._counts(title, body)))

    def classify_part(self, body, start, end):
        """:meth:`classify` of ``body[start:end]`` alone, without a title (a transcript's turn): read from
        the terms found in the whole body, which its release's topics have usually found already."""
        if _cuts_a_token(body, start) or _cuts_a_token(body, end):
            return self.classify("", body[start:end])
        return self._chosen(*self._scores_held(self._occurrences(body).counts(start, end)))
