"""The documents a phrase matches, planned rarest word first and checked with numpy.

Whoosh matches a phrase by walking the intersection of its words' postings one document at a
time in Python and decoding every candidate's positions; in a long OR, or over a large index,
that walk is most of a search. Here the documents of the phrase's words are intersected first
(from the rarest, with the posting arrays :class:`~search.store.docsets.DocSets` keeps), and
positions are decoded only for the documents still possible, word by word, rarest first for
an exact phrase. The match is Whoosh's ``SpanNear2(ordered=True, mindist=1, slop=slop)``: each
word 1 to ``slop`` positions after the previous one.
"""

from itertools import chain
from pickle import loads

import numpy as np
from whoosh import formats
from whoosh.matching import FilterMatcher

from ..limits import check

EMPTY = np.empty(0, dtype=np.int64)
# Positions are kept as one number per (document, position): document × STRIDE + position.
STRIDE = 1 << 32
# A larger slop could reach into the previous document's numbers; no field is that long.
MAX_SLOP = 1 << 30
# Bytes Whoosh's Positions format puts before the pickled position deltas (their count).
_COUNT_SIZE = 4


def phrase_docs(docsets, fieldname, words, slop):
    """Sorted docnums of the live documents where ``words`` (bytes) occur in order, each 1 to ``slop``
    positions after the one before."""
    if slop < 1:
        return EMPTY
    slop = min(slop, MAX_SLOP)
    # From the term dictionary: a word the field lacks ends the search before any posting is read.
    frequency = {word: docsets.frequency(fieldname, word) for word in words}
    by_rarity = sorted(frequency, key=frequency.get)
    if not frequency[by_rarity[0]]:
        return EMPTY
    candidates = docsets.term(fieldname, by_rarity[0])
    for word in by_rarity[1:]:
        if not len(candidates):
            return EMPTY
        candidates = np.intersect1d(candidates, docsets.term(fieldname, word), assume_unique=True)
    if not len(candidates):
        return EMPTY
    reader = _PositionReader(docsets, fieldname)
    if slop == 1:
        return _exact(reader, words, frequency, candidates)
    return _sloppy(reader, words, slop, candidates)


def _documents(keys):
    """The sorted distinct documents of sorted keys."""
    docs = keys // STRIDE
    return docs[np.concatenate(([True], docs[1:] != docs[:-1]))] if len(docs) else EMPTY


def _exact(reader, words, frequency, candidates):
    """Word ``i`` at the phrase's start + ``i``: the starts every word allows are intersected, rarest word first."""
    order = sorted(range(len(words)), key=lambda i: frequency[words[i]])
    shift = len(words)
    starts = None
    for i in order:
        check()
        # Shifted so that a start before the field's first position stays within its document.
        found = reader.keys(words[i], candidates) - i + shift
        starts = found if starts is None else np.intersect1d(starts, found, assume_unique=True)
        if not len(starts):
            return EMPTY
        candidates = _documents(starts)
    return candidates


def _sloppy(reader, words, slop, candidates):
    """In the phrase's order: where each word can end a chain of the words before it."""
    ends = None
    for word in words:
        check()
        found = reader.keys(word, candidates)
        if ends is not None:
            # The first end at or after ``found - slop`` must come before ``found``.
            at = np.searchsorted(ends, found - slop)
            reached = at < len(ends)
            reached[reached] = ends[at[reached]] < found[reached]
            found = found[reached]
        ends = found
        if not len(ends):
            return EMPTY
        candidates = _documents(ends)
    return candidates


class _PositionReader:
    """Positions of one field's words, read only for the documents asked about."""

    def __init__(self, docsets, fieldname):
        self.docsets = docsets
        self.fieldname = fieldname
        field = docsets.searcher.schema[fieldname]
        # Whoosh's own Positions values are decoded here in bulk; other formats by the format.
        self._format = None if type(field.format) is formats.Positions else field.format
        self._read = {}

    def keys(self, word, docs):
        """Sorted ``doc × STRIDE + position`` of ``word`` in the sorted docnums ``docs``.

        A word read before for more documents (a word twice in the phrase) is not read again.
        """
        known = self._read.get(word)
        if known is not None and np.isin(docs, known[0], assume_unique=True).all():
            keys = known[1]
            return keys[np.isin(keys // STRIDE, docs)]
        parts = []
        for segment, offset in self.docsets._segments:
            lo, hi = np.searchsorted(docs, (offset, offset + segment.doc_count_all()))
            if lo == hi or (self.fieldname, word) not in segment:
                continue
            matcher = segment.postings(self.fieldname, word)
            if isinstance(matcher, FilterMatcher):
                # Only live documents are asked about.
                matcher = matcher.child
            parts.append(self._segment_keys(matcher, docs[lo:hi] - offset) + offset * STRIDE)
        keys = np.concatenate(parts) if parts else EMPTY
        self._read[word] = (docs, keys)
        return keys

    def _segment_keys(self, matcher, wanted):
        # Whoosh 3's blocks keep variable-length values (positions) as a tuple of bytes.
        fixedsize = getattr(matcher, "_fixedsize", 0)
        if not hasattr(matcher, "_read_data") or not (fixedsize is None or fixedsize < 0):
            return self._walked_keys(matcher, wanted)
        docnums, values = [], []
        k = 0
        while matcher.is_active() and k < len(wanted):
            # Blocks holding none of the documents wanted are skipped unread.
            if matcher.block_max_id() < wanted[k]:
                matcher._next_block()
                continue
            if matcher._data is None:
                matcher._read_data()
            check()
            raw_ids, block_values = matcher._data[0], matcher._data[2]
            ids = np.asarray(raw_ids, dtype=np.int64)
            if not matcher._byteids:
                ids = np.cumsum(ids)
            upto = k + int(np.searchsorted(wanted[k:], matcher.block_max_id(), side="right"))
            asked = wanted[k:upto]
            at = np.searchsorted(ids, asked)
            inside = at < len(ids)
            at, asked = at[inside], asked[inside]
            hit = ids[at] == asked
            for j in at[hit].tolist():
                values.append(block_values[j])
            docnums.append(asked[hit])
            k = upto
            matcher._next_block()
        return self._keys_of(np.concatenate(docnums) if docnums else EMPTY, values)

    def _walked_keys(self, matcher, wanted):
        """The same keys through the matcher's own calls, for postings not in Whoosh 3's block format."""
        docnums, values = [], []
        for docnum in wanted.tolist():
            if not matcher.is_active():
                break
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                docnums.append(docnum)
                values.append(matcher.value())
        return self._keys_of(np.asarray(docnums, dtype=np.int64), values)

    def _keys_of(self, docnums, values):
        if not values:
            return EMPTY
        if self._format is not None:
            lists = [self._format.decode_positions(v) for v in values]
            counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
            positions = np.fromiter((p for ps in lists for p in ps), dtype=np.int64, count=int(counts.sum()))
        else:
            # formats.Positions.decode_positions, for all the values at once: a count, then the pickled deltas.
            lists = [loads(v[_COUNT_SIZE:] if v[-1:] == b"." else v[_COUNT_SIZE:] + b".") for v in values]
            counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
            positions = np.cumsum(np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum())))
            # Each document's deltas start again from 0.
            starts = np.cumsum(counts) - counts
            before = np.concatenate(([0], positions))[starts]
            positions -= np.repeat(before, counts)
        return np.repeat(docnums, counts) * STRIDE + positions
