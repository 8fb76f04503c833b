"""Analysing a text once for all the fields that index it.

A release's title and body are each indexed by three fields: stemmed (``title``, a stemmed twin that writes
only its length without stop words: :mod:`search.store.twins`), folded with positions (``title_exact``)
and with accents kept (``title_accent``, only the words with accents and their plain twins). Through each
field's own analyzer that is three tokenizations, three lowercasings and two foldings of the same words.
Here a field's analyzer is recognised as one of the chains :mod:`search.analysis` composes — a regex
tokenizer, lowercase, then the accented words alone, or optionally the Spanish fold, then optionally stop
words and a stem function — so a text is tokenized once, each distinct word is lowercased, folded and
stemmed once (bounded memos shared by every writer of the process), and each field's terms are read off
that one stream.

The postings are the ones the field's own ``index()`` gives: the same terms, frequencies, weights and
position lists (``tests/test_writer.py`` compares them on the demo corpus). An analyzer of another
shape, a field type other than ``TEXT``, a format other than frequencies or positions, a value that is
not a string: :meth:`TextFields.chain` says None and the writer asks the field itself.
"""

from collections import Counter
from functools import partial
from hashlib import blake2b
from operator import is_not, itemgetter, sub
from pickle import dumps

import numpy as np
from whoosh import fields, formats
from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.system import pack_uint

from ..analysis import AccentedWordsFilter, SpanishFoldFilter, fold
from .twins import LENGTH_TERM, StemmedTwin

# A memo is emptied when it holds this many words: the vocabulary of a large archive fits, and a
# process never holds more than a few tens of megabytes of them.
MEMO_LIMIT = 300_000


class Chain:
    """A recognised analyzer: its tokenizer, whether it folds, and its stop words and stem function.

    ``level`` is 0 for lowercase only, 1 for folded, 2 for folded, stop words dropped and stemmed, 3
    for lowercase with only the accented words and their plain twins kept (:class:`AccentedWordsFilter`).
    """

    def __init__(self, expression, level, stop=None, stem=None):
        self.expression = expression
        self.level = level
        self.stop = stop
        self.stem = stem
        self.renumber = bool(stop and stop.renumber)
        # One memo per distinct stop list and stem function, whatever index the analyzer came from.
        self.stem_key = None if stop is None else (
            stop.stops, stop.min, stop.max, stem.ignore, stem.stemfn, stem.lang, stem.cachesize)
        # What the chain does, the same in every process that builds it from the same schema.
        self.signature = repr((expression.pattern, expression.flags, level) + (() if stop is None else (
            sorted(stop.stops), stop.min, stop.max, stop.renumber, sorted(stem.ignore),
            f"{stem.stemfn.__module__}.{stem.stemfn.__qualname__}", stem.lang)))

    @classmethod
    def of(cls, analyzer):
        """The chain ``analyzer`` is, or None when it is not one this module reproduces."""
        if type(analyzer) is not CompositeAnalyzer:
            return None
        items = list(analyzer.items)
        if len(items) < 2 or type(items[0]) is not RegexTokenizer or items[0].gaps:
            return None
        if type(items[1]) is not LowercaseFilter:
            return None
        expression = items[0].expression
        rest = items[2:]
        if not rest:
            return cls(expression, 0)
        if type(rest[0]) is AccentedWordsFilter and len(rest) == 1:
            return cls(expression, 3)
        if type(rest[0]) is not SpanishFoldFilter:
            return None
        rest = rest[1:]
        if not rest:
            return cls(expression, 1)
        if len(rest) == 2 and type(rest[0]) is StopFilter and type(rest[1]) is StemFilter:
            return cls(expression, 2, rest[0], rest[1])
        return None


def _digest(signature):
    """A short digest of a plan's signature: it travels with every analysed field from the workers (a stemmed
    field's names its whole stop list, 3,000 characters: a third of a release's analysis pickled)."""
    return blake2b(signature.encode("utf-8"), digest_size=12).hexdigest()


def _field_kind(field):
    """How a field encodes its postings: "frequency", "positions", "length" (a stemmed twin's one posting,
    see :mod:`search.store.twins`), or None (left to Whoosh)."""
    if type(field) is StemmedTwin and type(field.format) is formats.Frequency:
        return "length"
    if type(field) is not fields.TEXT or field.vector or field.separate_spelling():
        return None
    kind = {formats.Frequency: "frequency", formats.Positions: "positions"}.get(type(field.format))
    return kind


class Memo(dict):
    """``make(key)`` made once per key (the method of a subclass, or the function given), the memo
    emptied when it holds :attr:`limit` keys."""

    limit = MEMO_LIMIT

    def __init__(self, make=None):
        super().__init__()
        if make is not None:
            self.make = make

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.make(key)
        return value


class _Forms(Memo):
    """A token as it came → (lowercased bytes, folded text, folded bytes)."""

    def make(self, raw):
        low = raw.lower()
        folded = fold(low)
        return low.encode("utf-8"), folded, folded.encode("utf-8")


class _Stems(Memo):
    """A folded word → its stem's bytes, or None for a stop word, under one chain's filters."""

    def __init__(self, chain):
        super().__init__()
        stop, stem = chain.stop, chain.stem
        self._stops, self._min, self._max = stop.stops, stop.min, stop.max
        # The stem function itself, not its lru_cache when it has one (what it gives is the same): this memo
        # remembers each word, and a second memo of the same words is only more for the garbage collector to
        # walk at each of its full collections.
        self._ignore, self._stem = stem.ignore, getattr(stem._stem, "__wrapped__", stem._stem)

    def make(self, word):
        if len(word) < self._min or (self._max is not None and len(word) > self._max) or word in self._stops:
            return None
        return (word if word in self._ignore else self._stem(word)).encode("utf-8")


_FORMS = _Forms()
_STEMS = {}
# A form of each token, picked in C (a whole text at a time): lowercased bytes, folded text, folded bytes.
_LOWERED, _FOLDED_TEXT, _FOLDED = itemgetter(0), itemgetter(1), itemgetter(2)
_KEPT = partial(is_not, None)
_WEIGHT, _VALUE = itemgetter(0), itemgetter(1)


def _stems_for(chain):
    memo = _STEMS.get(chain.stem_key)
    if memo is None:
        memo = _STEMS[chain.stem_key] = _Stems(chain)
    return memo


def stem_memo(analyzer):
    """A folded word → its stem's bytes (None for a stop word) under a stemming ``analyzer`` this module
    reproduces, remembered (the memo the writers use); None for another analyzer."""
    chain = Chain.of(analyzer)
    return _stems_for(chain) if chain is not None and chain.level == 2 else None


def _tokens(expression, value):
    if expression.groups:
        return [m.group(0) for m in expression.finditer(value)]
    return expression.findall(value)


class _Single(Memo):
    """A position → the encoded position list of a word seen only there."""

    def make(self, position):
        return _encode_positions([position])


# Positions below this have their one-position list memoised (a text's first 65,536 words).
SINGLE_POSITIONS = 65_536
_SINGLE = _Single()


class _Values(Memo):
    """Short encoded position lists seen in postings made in another process, each kept once."""

    def make(self, value):
        return value


_VALUES = _Values()
# Longer position lists are seldom the same twice.
SHARED_VALUE_BYTES = 16


def _shared(postings):
    """``postings`` with their short values replaced by one object each (as :data:`_SINGLE` gives them
    here): unpickled, each posting would hold its own copy in the writer's buffer."""
    values = _VALUES
    return [(term, weight, values[value] if len(value) <= SHARED_VALUE_BYTES else value)
            for term, weight, value in postings]


def _encode_positions(poslist):
    # formats.Positions.encode, without the per-call attribute lookups.
    return pack_uint(len(poslist)) + dumps([poslist[0], *map(sub, poslist[1:], poslist)], 2)


# A text of at least this many terms has its position lists made in numpy (below it, numpy's cost per
# call is more than what it saves).
BULK_TERMS = 200


def _positions_in_bulk(terms, weights):
    """The positions postings of ``terms`` (every word at its index), as the loop of
    :meth:`TextFields._postings` makes them: the terms in the order first seen, each list of
    positions ordered and encoded as :func:`_encode_positions` does. Here each token costs a dict
    lookup and numpy's sort; only the words seen more than once take a Python step each."""
    n = len(terms)
    # Each token → the position where its word was first seen: a stable sort of those groups the
    # positions of each word, in the order the words were first seen.
    opening = {}
    firsts = np.fromiter(map(opening.setdefault, terms, range(n)), np.intp, n)
    order = firsts.argsort(kind="stable")
    grouped = firsts[order]
    starts = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1])))
    sizes = np.diff(starts, append=n)
    values = list(map(_SINGLE.__getitem__, opening.values()))
    repeated = np.flatnonzero(sizes > 1)
    if len(repeated):
        # A list is encoded as its first position and the gaps after it.
        gaps = order.copy()
        gaps[1:] -= order[:-1]
        gaps[starts] = order[starts]
        gaps, bounds, counts = gaps.tolist(), starts.tolist(), sizes.tolist()
        for k in repeated.tolist():
            start, count = bounds[k], counts[k]
            values[k] = pack_uint(count) + dumps(gaps[start:start + count], 2)
    else:
        counts = sizes.tolist()
    return list(zip(opening, map(weights.__getitem__, counts), values))


# The key of a document's fields under which a writer finds what :meth:`TextFields.ahead` made of
# them (Whoosh's own writer leaves keys that start with "_" alone).
AHEAD = "_analysed"


class TextFields:
    """The shared analysis of one writer: which of its schema's fields it does itself, and how."""

    def __init__(self):
        # Field object → (chain, kind, field boost), or None when Whoosh analyses the field.
        self._plans = {}
        # Field boost → {frequency: (weight, encoded value)}: the few distinct ones, made once.
        self._frequencies = {}
        # Field boost → {occurrences: weight of a positions posting}.
        self._weights = {}

    def plan(self, field):
        """``(chain, kind, field boost, signature)`` for a field analysed here, else None."""
        key = id(field)
        entry = self._plans.get(key)
        if entry is None or entry[0] is not field:
            kind = _field_kind(field)
            chain = Chain.of(field.analyzer) if kind else None
            boost = field.format.field_boost if chain else None
            plan = None if chain is None else (chain, kind, boost, _digest(repr((chain.signature, kind, boost))))
            entry = self._plans[key] = (field, plan)
        return entry[1]

    def ahead(self, schema, document):
        """What :meth:`analyse` gives for ``document``'s text fields, made before the writer needs it (in
        an extraction worker), each field's postings with its plan's signature:
        ``{fieldname: (signature, postings, length)}``."""
        names = [name for name, value in document.items() if value is not None and name in schema]
        done = self.analyse(schema, document, names)
        return {name: (self.plan(schema[name])[3], *result) for name, result in done.items()}

    def analyse(self, schema, fieldvalues, fieldnames, ahead=None):
        """``{fieldname: (postings, length)}`` for the text fields done here, each text tokenized once.

        A posting is ``(term bytes, weight, encoded value)``; the length is what Whoosh counts for a
        scorable field (the number of terms).

        :param ahead: what :meth:`ahead` made of these values, if anything: a field whose plan has the
            same signature here (the same analyzer, format and boost) is taken from it as it is.
        """
        out = {}
        streams = {}
        for name in fieldnames:
            value = fieldvalues[name]
            if type(value) is not str:
                continue
            plan = self.plan(schema[name])
            if plan is None:
                continue
            chain, kind, boost, signature = plan
            if ahead is not None:
                done = ahead.get(name)
                if done is not None and done[0] == signature:
                    out[name] = (_shared(done[1]) if kind == "positions" else done[1]), done[2]
                    continue
            key = (chain.expression, value)
            forms = streams.get(key)
            if forms is None:
                forms = streams[key] = list(map(_FORMS.__getitem__, _tokens(chain.expression, value)))
            out[name] = self._postings(forms, chain, kind, boost)
        return out

    def _frequency(self, boost):
        """A frequency → its posting's (weight, encoded value) in a field of ``boost``."""
        encoded = self._frequencies.get(boost)
        if encoded is None:
            encoded = self._frequencies[boost] = Memo(lambda count: (float(count) * boost, pack_uint(count)))
        return encoded

    def _postings(self, forms, chain, kind, boost):
        # Each step maps a whole text through a memo or a builtin in C: per token, the Python bytecode of a
        # loop would cost more than the step itself.
        level = chain.level
        positions = None
        if kind == "length":
            # The words the stemmed field would hold: those that are not stop words.
            count = len(forms) if level != 2 else sum(map(_KEPT, map(_stems_for(chain).__getitem__,
                                                                      map(_FOLDED_TEXT, forms))))
            return ([(LENGTH_TERM, *self._frequency(boost)[count])] if count else []), count
        if level == 0:
            terms = list(map(_LOWERED, forms))
        elif level == 1:
            terms = list(map(_FOLDED, forms))
        elif level == 3:
            # AccentedWordsFilter: the words whose folded form differs, and their plain twins.
            accented = {f[2] for f in forms if f[0] != f[2]}
            terms = [f[0] for f in forms if f[0] != f[2] or f[0] in accented]
        else:
            stems = list(map(_stems_for(chain).__getitem__, map(_FOLDED_TEXT, forms)))
            terms = list(filter(_KEPT, stems))
            if kind == "positions" and terms and len(terms) != len(stems):
                # Whoosh's StopFilter keeps the first kept word's position and, renumbering, counts on
                # from it.
                positions = [i for i, s in enumerate(stems) if s is not None]
                if chain.renumber:
                    positions = range(positions[0], positions[0] + len(terms))
        if kind == "frequency":
            encoded = self._frequency(boost)
            counts = Counter(terms)
            encoded = list(map(encoded.__getitem__, counts.values()))
            return list(zip(counts, map(_WEIGHT, encoded), map(_VALUE, encoded))), len(terms)
        weights = self._weights.get(boost)
        if weights is None:
            weights = self._weights[boost] = Memo(lambda count: float(count) * boost)
        if positions is None and BULK_TERMS <= len(terms) <= SINGLE_POSITIONS:
            return _positions_in_bulk(terms, weights), len(terms)
        where = {}
        for i, term in enumerate(terms) if positions is None else zip(positions, terms):
            poslist = where.get(term)
            if poslist is None:
                where[term] = [i]
            else:
                poslist.append(i)
        # Most words of a text occur once: their weight and encoded position come from the memos, so a
        # buffer holds one object of each for all the postings that share it.
        single = _SINGLE
        values = [single[poslist[0]] if len(poslist) == 1 and poslist[0] < SINGLE_POSITIONS
                  else _encode_positions(poslist) for poslist in where.values()]
        return list(zip(where, map(weights.__getitem__, map(len, where.values())), values)), len(terms)
