"""Topics of a release, from a weighted taxonomy that the site's staff can replace.

Terms are analyzed like search text (folded, stemmed), so one entry covers
its inflections. A release gets the topics it is about: a topic needs a
score of its own and a fair share of the best topic's score, so a word seen
once in passing does not tag it.
"""

from collections import Counter
from dataclasses import dataclass

from search.analysis import SnowballSpanishAnalyzer

from .datafiles import TAXONOMY

# Occurrences in the title count this many times.
TITLE_WEIGHT = 3
# A topic needs at least this score...
MIN_SCORE = 6.0
# ...and this fraction of the best topic's score (0.6 beat 0.5 and 0.7 on both the demo key
# and the annotated set: a release's second topic is rarely under 60% of its first).
MIN_SHARE = 0.6
MAX_TOPICS = 3

_ANALYZER = SnowballSpanishAnalyzer()


def stems(text):
    return tuple(t.text for t in _ANALYZER(text))


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

    def scores(self, title, body):
        """Every topic's score for a release."""
        grams = Counter()
        for text, weight in ((title, TITLE_WEIGHT), (body, 1)):
            words = stems(text)
            for n in (1, 2, 3, 4):
                for i in range(len(words) - n + 1):
                    grams[words[i : i + n]] += weight
        return {t.label: sum(grams[s] * w for s, w in t.terms) for t in self.topics}

    def classify(self, title, body):
        """The labels of the topics a release is about, best first."""
        scores = self.scores(title, body)
        best = max(scores.values(), default=0)
        chosen = [
            label
            for label, score in sorted(scores.items(), key=lambda kv: -kv[1])
            if score >= MIN_SCORE and score >= MIN_SHARE * best
        ]
        return chosen[:MAX_TOPICS]
