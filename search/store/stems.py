"""Stemmed fields read off their folded twins, so a release's words are written once, not twice.

A ranked field (``title``, ``body``) is searched by stems, but its postings would be the same words
as its folded twin's (``title_exact``, ``body_exact``) under another name: the stemmed field held the
stem of every folded word that is not a stop word. A :class:`StemmedTwin` field writes none of them.
At query time a stem stands for the twin's words that have it ("vacuno" → "vacuna", "vacunas",
"vacuno"), found under the prefix every such word shares (:func:`search.analysis.light_stem_prefix`), and
its postings are theirs joined, each document's frequency summed. The statistics BM25 reads are
the stemmed field's own: the documents having any of the words (deleted ones included, as Whoosh
counts them), their total frequency, and each document's length without stop words.

Whoosh counts a field's length from its postings, so each document holds one posting of the empty
term (:data:`LENGTH_TERM`, which no analyzer makes), whose frequency is that length. Whoosh's own
searcher reads such an index; it finds the words in the twins.

The class is pickled into every index made with it: its module and name are part of the on-disk
format. Indexes made before it keep their stemmed postings and are read as they were.
"""

from whoosh import fields
from whoosh import query as wq
from whoosh.system import pack_uint

from ..analysis import light_stem_prefix, light_stem_spanish, stem_prefix

# The term whose frequency is a document's length in a stemmed twin (see the module's docstring).
LENGTH_TERM = b""


class StemmedTwin(fields.TEXT):
    """A stemmed, unpositioned text field whose terms are read off the folded field ``twin``."""

    def __init__(self, analyzer, twin, stored=False, field_boost=1.0):
        super().__init__(analyzer=analyzer, phrase=False, stored=stored, field_boost=field_boost)
        self.twin = twin

    def index(self, value, **kwargs):
        """The one posting of a value: :data:`LENGTH_TERM`, as often as the value has words that are
        not stop words (what Whoosh's writer counts as the field's length)."""
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not unicode or sequence")
        count = sum(1 for _ in self.analyzer(value, mode="index", **kwargs))
        if not count:
            return []
        return [(LENGTH_TERM, count, float(count) * self.format.field_boost, pack_uint(count))]


def twin_of(schema, fieldname):
    """The folded field a stemmed field is read off, or None when it keeps its own postings."""
    field = schema[fieldname] if fieldname in schema else None
    return field.twin if isinstance(field, StemmedTwin) else None


def _stem_and_stops(field):
    """The stem function and the stop filter of a stemmed field's analyzer."""
    stem = stops = None
    for item in getattr(field.analyzer, "items", ()):
        if hasattr(item, "stemfn"):
            stem = item
        elif hasattr(item, "stops"):
            stops = item
    return stem, stops


# Stems a view keeps the words of (a query's words, their families and corrections).
WORDS_KEPT = 20_000


class Lexicon:
    """An index reader's terms, with each stemmed twin's stems read off its twin's words.

    Stands for the reader wherever terms are listed or counted (Whoosh's wildcards and ranges take it
    as their reader, so does its key-term expander); everything else is the reader's own.
    """

    def __init__(self, reader):
        self._reader = reader
        self.schema = reader.schema
        self._twins = {name: twin_of(self.schema, name) for name in self.schema.names()}
        self._stemmers = {}
        self._words = {}
        self._all = {}

    def __getattr__(self, name):
        return getattr(self._reader, name)

    def twin(self, fieldname):
        """The twin ``fieldname`` is read off, or None."""
        return self._twins.get(fieldname)

    def _stemmer(self, fieldname):
        found = self._stemmers.get(fieldname)
        if found is None:
            stemmer, stops = _stem_and_stops(self.schema[fieldname])
            stemfn = stemmer._stem if stemmer is not None else None
            ignored = stemmer.ignore if stemmer is not None else frozenset()
            words = stops.stops if stops is not None else frozenset()
            shortest = stops.min if stops is not None else 0
            longest = stops.max if stops is not None else None

            def stem(word):
                if word in words or len(word) < shortest or (longest is not None and len(word) > longest):
                    return None
                return word if stemfn is None or word in ignored else stemfn(word)

            # Where a stem's words start: light stemming's own rule, or any stemmer's looser one.
            found = self._stemmers[fieldname] = (
                stem, light_stem_prefix if stemfn is light_stem_spanish else stem_prefix)
        return found

    def words(self, fieldname, stem):
        """The twin's words (bytes) that a stemmed field's ``stem`` stands for, in order; () if none."""
        text = stem.decode("utf-8") if isinstance(stem, bytes) else stem
        key = (fieldname, text)
        found = self._words.get(key)
        if found is None:
            twin, (stemmer, prefix) = self._twins[fieldname], self._stemmer(fieldname)
            found = tuple(word for word in self._reader.expand_prefix(twin, prefix(text))
                          if stemmer(word.decode("utf-8")) == text)
            if len(self._words) >= WORDS_KEPT:
                self._words.clear()
            self._words[key] = found
        return found

    def _stems_under(self, fieldname, prefix):
        """The sorted stems (bytes) of a stemmed field that start with ``prefix``."""
        if prefix in self._all.get(fieldname, {}):
            return self._all[fieldname][prefix]
        twin, (stemmer, _) = self._twins[fieldname], self._stemmer(fieldname)
        stems = set()
        # A stem starting with ``prefix`` comes from a word starting with all of it but the two letters
        # a stemmer may have added (see search.analysis.stem_prefix).
        for word in self._reader.expand_prefix(twin, stem_prefix(prefix) if prefix else ""):
            stem = stemmer(word.decode("utf-8"))
            if stem is not None and stem.startswith(prefix):
                stems.add(stem.encode("utf-8"))
        found = sorted(stems)
        kept = self._all.setdefault(fieldname, {})
        if len(kept) >= 64:
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
        twin = self._twins.get(fieldname)
        if twin is None:
            return self._reader.doc_frequency(fieldname, text)
        return sum(self._reader.doc_frequency(twin, word) for word in self.words(fieldname, text))

    def frequency(self, fieldname, text):
        """The term's total frequency in the index; for a stem, its words' summed (exactly the stem's)."""
        twin = self._twins.get(fieldname)
        if twin is None:
            return self._reader.frequency(fieldname, text)
        return sum(self._reader.frequency(twin, word) for word in self.words(fieldname, text))

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

