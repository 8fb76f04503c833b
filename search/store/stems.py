"""Stemmed twins read at query time: a stem stands for its folded twin's words that have it.

A :class:`~search.store.twins.StemmedTwin` field (``title``, ``body``) writes no stems. Here a stem
stands for the twin's words that have it ("vacuno" → "vacuna", "vacunas", "vacuno"), found under the
prefix every such word shares (:func:`search.analysis.light_stem_prefix`), and its postings are theirs
joined, each document's frequencies summed (:meth:`search.store.docsets.DocSets.postings`). The
statistics BM25 reads are the stemmed field's own: the documents having any of the words (deleted
ones included, as Whoosh counts them), their total frequency, and each document's length without
stop words (written by the field type). Whoosh's own searcher reads such an index; it finds the words
in the twins.
"""

import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from itertools import accumulate

from whoosh import query as wq

from ..analysis import light_stem_prefix, light_stem_spanish, stem_prefix
from .textfields import stem_memo
from .twins import twin_of

# Stems a view keeps the words of (a query's words, their families and corrections).
WORDS_KEPT = 20_000
# Prefixes of a stemmed field whose stems a view keeps (wildcards, families, corrections' scans).
PREFIXES_KEPT = 64
# Bytes of segments' twin words a process keeps, the least recently used segment going first: a segment's
# terms never change, so a new generation reads only its new segments' words, and a prefix is then found by
# bisection (Whoosh's on-disk search for one, a fifth of a millisecond per segment, was most of a cold
# query's lookups). An archive's release and statement indexes take a few megabytes.
WORDS_BYTES_KEPT = 64 * 1024 * 1024
_SEGMENT_WORDS = OrderedDict()
_SEGMENT_WORDS_LOCK = threading.Lock()
_segment_words_bytes = 0


class _Words:
    """A segment's sorted words in one bytes object, bisected without a Python object per word (an
    archive's body has a hundred thousand distinct words, in each segment of each web worker)."""

    __slots__ = ("_joined", "_starts")

    def __init__(self, words):
        self._joined = b"".join(words)
        self._starts = array("q", [0])
        self._starts.extend(accumulate(map(len, words)))

    def __len__(self):
        return len(self._starts) - 1

    @property
    def nbytes(self):
        return len(self._joined) + self._starts.itemsize * len(self._starts)

    def __getitem__(self, i):
        return self._joined[self._starts[i]:self._starts[i + 1]]

    def under(self, prefix):
        """The words that start with ``prefix`` (bytes), in order."""
        found = []
        for i in range(bisect_left(self, prefix), len(self)):
            word = self[i]
            if not word.startswith(prefix):
                break
            found.append(word)
        return found


def _segment_words(segment, twin):
    """The sorted words of ``twin`` in one segment, read once per process."""
    # A segment's id is random and its terms never change: a copy of the index folder shares them too.
    key = (getattr(segment, "_segid", None) or id(segment), twin)
    with _SEGMENT_WORDS_LOCK:
        found = _SEGMENT_WORDS.get(key)
        if found is not None:
            _SEGMENT_WORDS.move_to_end(key)
            return found
    global _segment_words_bytes
    found = _Words(list(segment.lexicon(twin)) if twin in segment.schema else [])
    with _SEGMENT_WORDS_LOCK:
        if key not in _SEGMENT_WORDS:
            _SEGMENT_WORDS[key] = found
            _segment_words_bytes += found.nbytes
        while _segment_words_bytes > WORDS_BYTES_KEPT and len(_SEGMENT_WORDS) > 1:
            _segment_words_bytes -= _SEGMENT_WORDS.popitem(last=False)[1].nbytes
    return found


class Lexicon:
    """An index reader's terms, with each stemmed twin's stems read off its twin's words.

    Stands for the reader wherever terms are listed or counted (Whoosh's wildcards and ranges take it
    as their reader, so does its key-term expander); everything else is the reader's own.
    """

    def __init__(self, reader):
        self._reader = reader
        self.schema = reader.schema
        self._twins = {name: twin_of(self.schema, name) for name in self.schema.names()}
        self._segments = [segment for segment, _ in reader.leaf_readers()]
        self._stemmers = {}
        self._words = {}
        self._all = {}

    def __getattr__(self, name):
        return getattr(self._reader, name)

    def twin(self, fieldname):
        """The twin ``fieldname`` is read off, or None."""
        return self._twins.get(fieldname)

    def _stemmer(self, fieldname):
        """``(stem, prefix)``: a folded word's stem (bytes) as the field's analyzer gives it (None for a stop word),
        and where the words of a stem start (light stemming's own rule, or any stemmer's looser one)."""
        found = self._stemmers.get(fieldname)
        if found is None:
            analyzer = self.schema[fieldname].analyzer
            memo = stem_memo(analyzer)
            if memo is not None:
                stem = memo.__getitem__
            else:
                def stem(word):
                    tokens = [t.text for t in analyzer(word, mode="index")]
                    return tokens[0].encode("utf-8") if len(tokens) == 1 else None
            stemfns = [getattr(item, "stemfn", None) for item in getattr(analyzer, "items", ())]
            found = self._stemmers[fieldname] = (
                stem, light_stem_prefix if light_stem_spanish in stemfns else stem_prefix)
        return found

    def words(self, fieldname, stem):
        """The twin's words (bytes) that a stemmed field's ``stem`` stands for, in order; () if none."""
        return self.words_by_segment(fieldname, stem)[0]

    def words_by_segment(self, fieldname, stem):
        """``(words, per segment)``: :meth:`words`, and those of each of the reader's segments, in order."""
        text = stem.decode("utf-8") if isinstance(stem, bytes) else stem
        key = (fieldname, text)
        found = self._words.get(key)
        if found is None:
            twin, (stemmer, prefix) = self._twins[fieldname], self._stemmer(fieldname)
            wanted, start = text.encode("utf-8"), prefix(text).encode("utf-8")
            per_segment = tuple(tuple(word for word in _segment_words(segment, twin).under(start)
                                      if stemmer(word.decode("utf-8")) == wanted) for segment in self._segments)
            found = (tuple(sorted(set().union(*per_segment))), per_segment)
            if len(self._words) >= WORDS_KEPT:
                self._words.clear()
            self._words[key] = found
        return found

    def _stems_under(self, fieldname, prefix):
        """The sorted stems (bytes) of a stemmed field that start with ``prefix``."""
        if prefix in self._all.get(fieldname, {}):
            return self._all[fieldname][prefix]
        twin, (stemmer, _) = self._twins[fieldname], self._stemmer(fieldname)
        start = prefix.encode("utf-8")
        # A stem starting with ``prefix`` comes from a word starting with all of it but the two letters
        # a stemmer may have added (see search.analysis.stem_prefix).
        shared = (stem_prefix(prefix) if prefix else "").encode("utf-8")
        stems = set()
        for segment in self._segments:
            for word in _segment_words(segment, twin).under(shared):
                stem = stemmer(word.decode("utf-8"))
                if stem is not None and stem.startswith(start):
                    stems.add(stem)
        found = sorted(stems)
        kept = self._all.setdefault(fieldname, {})
        if len(kept) >= PREFIXES_KEPT:
            kept.clear()
        kept[prefix] = found
        return found

    # The reader's term protocol, for stemmed twins.

    def __contains__(self, term):
        fieldname, text = term
        if self._twins.get(fieldname) is None:
            return term in self._reader
        return bool(self.words(fieldname, text))

    def expand_prefix(self, fieldname, prefix):
        if self._twins.get(fieldname) is None:
            return self._reader.expand_prefix(fieldname, prefix)
        prefix = prefix.decode("utf-8") if isinstance(prefix, bytes) else prefix
        return iter(self._stems_under(fieldname, prefix))

    def lexicon(self, fieldname):
        if self._twins.get(fieldname) is None:
            return self._reader.lexicon(fieldname)
        return iter(self._stems_under(fieldname, ""))

    def terms_from(self, fieldname, prefix):
        if self._twins.get(fieldname) is None:
            return self._reader.terms_from(fieldname, prefix)
        start = prefix if isinstance(prefix, bytes) else prefix.encode("utf-8")
        return ((fieldname, stem) for stem in self._stems_under(fieldname, "") if stem >= start)

    def doc_frequency(self, fieldname, text):
        """Documents having the term; for a stem, the sum over its words (an upper bound, for planning:
        :meth:`search.store.docsets.DocSets.doc_frequency` counts exactly)."""
        return self._summed(self._reader.doc_frequency, fieldname, text)

    def frequency(self, fieldname, text):
        """The term's total frequency in the index; for a stem, its words' summed (exactly the stem's)."""
        return self._summed(self._reader.frequency, fieldname, text)

    def _summed(self, count, fieldname, text):
        """``count(fieldname, text)`` of the reader, or for a stem the sum of ``count`` over its twin's words."""
        twin = self._twins.get(fieldname)
        if twin is None:
            return count(fieldname, text)
        return sum(count(twin, word) for word in self.words(fieldname, text))

    def through_twins(self, q):
        """``q`` with each term, wildcard and range of a stemmed twin spelt as its twin's words, for
        Whoosh's own matchers (which find nothing in a stemmed twin)."""
        if isinstance(q, (wq.Term, wq.MultiTerm)) and self._twins.get(q.fieldname) is not None:
            twin = self._twins[q.fieldname]
            stems = [q.text] if isinstance(q, wq.Term) else [t for _, t in q.expanded_terms(self)]
            words = [word for stem in stems for word in self.words(q.fieldname, stem)]
            if not words:
                return wq.NullQuery
            return wq.Or([wq.Term(twin, word) for word in words], boost=q.boost)
        if q.is_leaf():
            return q
        return q.apply(self.through_twins)

