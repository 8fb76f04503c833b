"""The set of documents a query matches, as a sorted numpy array.

Whoosh walks postings one document at a time in Python; for counting facets
we need every match of a query, so terms are read a whole posting block at
a time and combined with numpy set operations, and phrases are planned from
their rarest word (:mod:`search.store.phrases`). Query types this module does
not know fall back to Whoosh, so the answer is always the same.
"""

import zlib
from collections import OrderedDict
from math import log
from pickle import loads
from struct import Struct

import numpy as np
from isal import isal_zlib
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3TermsReader
from whoosh.fields import DATETIME
from whoosh.matching import FilterMatcher

from ..limits import check, checked
from .phrases import phrase_docs
from .postings import term_blocks
from .stems import Lexicon

EMPTY = np.empty(0, dtype=np.int64)
EMPTY_WEIGHTS = np.empty(0, dtype=np.float64)
# Bytes of postings a searcher keeps (the oldest read goes first): a common word of a large
# index is megabytes, so a count of terms alone would not bound the memory.
POSTINGS_BYTES_KEPT = 16 * 1024 * 1024
# Phrases, wildcards and ranges (and queries walked by Whoosh) whose matches a searcher keeps, the least
# recently used going first: a search reads them to select, to rank and to count each facet without its filter.
WALKED_KEPT = 32
# ... and at most this many bytes of them: a phrase of common words matches most of a large index.
WALKED_BYTES_KEPT = 16 * 1024 * 1024


def _leaf_postings(matcher):
    """All ids and weights of one segment's posting list, block by block."""
    if isinstance(matcher, FilterMatcher):
        # Deleted documents are removed afterwards with the live mask.
        matcher = matcher.child
    if not hasattr(matcher, "_read_data"):
        pairs = list(_walk(matcher))
        return (np.array([i for i, _ in pairs], dtype=np.int64),
                np.array([w for _, w in pairs], dtype=np.float64))
    id_chunks, weight_chunks = [], []
    while matcher.is_active():
        # Decoded here with numpy: Whoosh undoes the delta coding one id at a time.
        if matcher._data is None:
            matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        ids = np.asarray(raw_ids, dtype=np.int64)
        id_chunks.append(ids if matcher._byteids else np.cumsum(ids))
        if raw_weights is None or isinstance(raw_weights, float):
            weight_chunks.append(np.full(len(ids), raw_weights or 1.0))
        else:
            weight_chunks.append(np.asarray(raw_weights, dtype=np.float64))
        matcher._next_block()
    if not id_chunks:
        return EMPTY, EMPTY_WEIGHTS
    return np.concatenate(id_chunks), np.concatenate(weight_chunks)


_DOUBLE = Struct(">d")
# The pickle opcodes of a block's data tuple (see _parsed_block).
_MARK = 0x28
_BININT1, _BININT2, _BININT, _BINFLOAT, _NONE = 0x4B, 0x4D, 0x4A, 0x47, 0x4E
_SHORT_BINBYTES, _BINBYTES = 0x43, 0x42
# A delta written as BININT1 (opcode, byte), a weight as BINFLOAT (opcode, big-endian double).
_SMALL_INTS = np.dtype([("op", "u1"), ("value", "u1")])
_FLOATS = np.dtype([("op", "u1"), ("value", ">f8")])


def _term_info(segment, fieldname, text):
    """``(postings file, term info bytes)`` of a term in a segment of Whoosh 3's codec; False when the
    segment lacks the term; None when Whoosh's matcher must read it (another codec, postings inlined)."""
    terms = getattr(segment, "_terms", None)
    if not isinstance(terms, W3TermsReader) or not isinstance(text, bytes) or segment.is_closed:
        return None
    if fieldname not in segment.schema:
        return False
    try:
        infobytes = terms._tindex[terms._keycoder(fieldname, text)]
    except KeyError:
        return False
    return None if infobytes[0] else (terms._postfile, infobytes)


def _segment_postings(segment, fieldname, text):
    """One segment's ids (in the segment) and weights of a term, or None when the segment lacks it.

    The term's blocks are read in one piece and decoded by :func:`_term_postings`; a term stored
    otherwise goes through Whoosh's matcher.
    """
    info = _term_info(segment, fieldname, text)
    if info is False:
        return None
    found = None if info is None else _term_postings(*info)
    if found is not None:
        return found
    if (fieldname, text) not in segment:
        return None
    return _leaf_postings(segment.postings(fieldname, text))


def _term_postings(postfile, infobytes):
    """A term's ids and weights from its blocks, read in one piece where ``W3LeafMatcher`` seeks and
    reads several times a block; None when they do not start as Whoosh 3's do.

    Each block's data tuple is a pickle of ``(id deltas, weights, values)``. Where every block is
    written the common way (a first id, then deltas below 256, the weights as floats, or one for the
    block) the pickles are read with numpy in one piece (:func:`_parsed_block`), and of a compressed block
    only the start that holds the ids and weights is decompressed (the values, a word's positions, are
    most of it); otherwise each is unpickled, as Whoosh does.
    """
    blocks = term_blocks(postfile, infobytes)
    if blocks is None:
        return None
    heads = _parsed_heads(blocks)
    if heads is not None:
        found = _joined_blocks(*heads)
        if found is not None:
            return found
    return _whole_blocks(blocks)


def _whole_blocks(blocks):
    """The ids and weights of a term's blocks decompressed whole: parsed with numpy where they are laid out
    the common way, else unpickled."""
    counts = [count for _, _, count in blocks]
    raws = [isal_zlib.decompress(packed) if compressed else packed for packed, compressed, _ in blocks]
    parsed = [_parsed_block(raw, count) for raw, count in zip(raws, counts)]
    if all(p is not None for p in parsed):
        found = _joined_blocks(parsed, counts)
        if found is not None:
            return found
    return _unpickled_blocks(raws, counts)


def _parsed_heads(blocks):
    """``(parsed blocks, counts)`` of a term's blocks (:func:`~search.store.postings.term_blocks`), each
    decompressed only as far as its ids and weights; None when one is not laid out the common way."""
    parsed, counts = [], []
    for packed, compressed, count in blocks:
        if compressed:
            size = _head_size(count)
            head = zlib.decompressobj().decompress(packed, size)
            found = _parsed_block(head, count, whole=len(head) < size)
        else:
            found = _parsed_block(packed, count)
        if found is None:
            return None
        parsed.append(found)
        counts.append(count)
    return parsed, counts


def _head_size(count):
    """Bytes of a block's data tuple that hold its ids and weights when they are laid out the common way
    (two bytes a delta, nine a weight, fourteen of opcodes around them at most) and the values' first
    opcode, with a margin."""
    return 32 + 11 * count


def _parsed_block(raw, count, whole=True):
    """``(first id, deltas' bytes, weight or None, weights' bytes)`` of a block's pickled data tuple,
    or None when it is not laid out as ``((first, delta, ...), weights, values)`` with more than three
    ids, each delta one BININT1, and the weights one BINFLOAT each, one BINFLOAT or None (the values,
    positions included, are skipped).

    The opcodes between are checked here and in :func:`_joined_blocks`, so a block that parses reads as
    its unpickling does. ``whole`` False says ``raw`` is only the start of the pickle: its values are
    then checked to start as they do, not to end the tuple.
    """
    if count < 4 or raw[2] != _MARK or raw[:2] not in (b"\x80\x02", b"\x80\x03"):
        return None
    op = raw[3]
    if op == _BININT1:
        first, rest = raw[4], 5
    elif op == _BININT2:
        first, rest = raw[4] | raw[5] << 8, 6
    elif op == _BININT:
        first, rest = int.from_bytes(raw[4:8], "little", signed=True), 8
    else:
        return None
    end = rest + 2 * (count - 1)
    if raw[end:end + 2] != b"tq":
        return None
    at = end + 3
    op = raw[at] if at < len(raw) else None
    if op == _MARK:
        weights_end = at + 1 + 9 * count
        if raw[weights_end:weights_end + 2] != b"tq":
            return None
        weight, weights, at = None, raw[at + 1:weights_end], weights_end + 3
    elif op == _NONE:
        weight, weights, at = 1.0, b"", at + 1
    elif op == _BINFLOAT and at + 9 <= len(raw):
        weight, = _DOUBLE.unpack_from(raw, at + 1)
        weights, at = b"", at + 9
    else:
        return None
    # The values (unread): None, or bytes and their memo, or a tuple of each posting's (positions).
    op = raw[at] if at < len(raw) else None
    if not whole:
        return (first, raw[rest:end], weight, weights) if op in (_NONE, _MARK, _SHORT_BINBYTES, _BINBYTES) else None
    if op == _NONE:
        at += 1
    elif op == _MARK:
        # Not walked: the ids and weights before it are read, and the pickle must end as the data tuple does.
        if raw[-4:-2] == b"\x87q" and raw[-1:] == b"." or raw[-7:-5] == b"\x87r" and raw[-1:] == b".":
            return first, raw[rest:end], weight, weights
        return None
    elif op in (_SHORT_BINBYTES, _BINBYTES):
        size = raw[at + 1] if op == _SHORT_BINBYTES else int.from_bytes(raw[at + 1:at + 5], "little")
        at += (2 if op == _SHORT_BINBYTES else 5) + size
        if raw[at:at + 1] != b"q":
            return None
        at += 2
    else:
        return None
    if raw[at:at + 2] != b"\x87q" or raw[at + 3:] != b".":
        return None
    return first, raw[rest:end], weight, weights


def _joined_blocks(parsed, counts):
    """The ids and weights of parsed blocks, with numpy over all of them; None if an opcode is not the
    one a block's layout needs."""
    deltas = np.frombuffer(b"".join(p[1] for p in parsed), dtype=_SMALL_INTS)
    weights = np.frombuffer(b"".join(p[3] for p in parsed), dtype=_FLOATS)
    if not (deltas["op"] == _BININT1).all() or not (weights["op"] == _BINFLOAT).all():
        return None
    counts = np.array(counts, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    steps = np.empty(int(counts.sum()), dtype=np.int64)
    inside = np.ones(len(steps), dtype=bool)
    inside[starts] = False
    steps[inside] = deltas["value"]
    steps[starts] = [p[0] for p in parsed]
    # Each block's deltas start again from its first id.
    running = np.cumsum(steps)
    before = np.zeros(len(counts), dtype=np.int64)
    before[1:] = running[starts[1:] - 1]
    ids = running - np.repeat(before, counts)
    each = np.array([np.nan if p[2] is None else p[2] for p in parsed], dtype=np.float64)
    found = np.repeat(each, counts)
    if len(weights):
        found[np.repeat(np.isnan(each), counts)] = weights["value"]
    return ids, found


def _unpickled_blocks(raws, counts):
    """The ids and weights of blocks unpickled one by one, as Whoosh reads them."""
    ids, weights = [], []
    for raw, count in zip(raws, counts):
        miniids, miniweights, _ = loads(raw)
        block = np.cumsum(np.asarray(miniids, dtype=np.int64))
        ids.append(block)
        if miniweights is None or isinstance(miniweights, float):
            weights.append(np.full(len(block), 1.0 if miniweights is None else miniweights))
        else:
            weights.append(np.asarray(miniweights, dtype=np.float64))
    return np.concatenate(ids), np.concatenate(weights)


def _live_mask(reader, doc_count):
    """Which documents are not deleted, from each segment's deletions: Whoosh's ``all_doc_ids`` asks
    every document in Python (half a second for the statements of 100,000 releases, in each new view)."""
    live = np.zeros(doc_count, dtype=bool)
    for segment, offset in reader.leaf_readers():
        size = segment.doc_count_all()
        if not segment.has_deletions():
            live[offset:offset + size] = True
        elif isinstance(getattr(segment, "deleted_docs_set", None), frozenset):
            # The set Whoosh's segment reader filters its postings with, read once per segment.
            live[offset:offset + size] = True
            deleted = np.fromiter(segment.deleted_docs_set, dtype=np.int64)
            live[offset + deleted[deleted < size]] = False
        else:
            live[offset + np.fromiter(segment.all_doc_ids(), dtype=np.int64)] = True
    return live


def _walk(matcher):
    while matcher.is_active():
        yield matcher.id(), matcher.weight()
        matcher.next()


class DocSets:
    """Computes match sets for one searcher."""

    def __init__(self, searcher, expanded=None, lexicon=None):
        """:param expanded: ``expanded(multi_term_query)`` the ``[(field, term)]`` it stands for (the
            view keeps them per generation); by default read from the index each time.
        :param lexicon: the searcher's :class:`~search.store.stems.Lexicon` (the view's, shared)."""
        self.searcher = searcher
        reader = searcher.reader()
        self.lexicon = lexicon = lexicon or Lexicon(reader)
        self._expanded = expanded or (lambda q: list(q.expanded_terms(lexicon)))
        # A stemmed twin's stem → how many documents have it, deleted ones included (see doc_frequency).
        self._stem_frequencies = {}
        self._segments = list(reader.leaf_readers())
        self.doc_count = reader.doc_count_all()
        self.live = _live_mask(reader, self.doc_count)
        self._all = np.flatnonzero(self.live)
        self._postings = {}
        self._postings_bytes = 0
        self._columns = {}
        self._walked = OrderedDict()
        self._walked_bytes = 0

    def postings(self, fieldname, text):
        """Sorted docnums of the live documents containing a term, and the term's weight in each.

        Kept while they fit in :data:`POSTINGS_BYTES_KEPT`: a search reads each term for its
        matches and again to rank.
        """
        key = (fieldname, text)
        found = self._postings.get(key)
        if found is None:
            check()
            found = self._postings[key] = self._read_postings(fieldname, text)
            self._postings_bytes += found[0].nbytes + found[1].nbytes
            while self._postings_bytes > POSTINGS_BYTES_KEPT and len(self._postings) > 1:
                ids, weights = self._postings.pop(next(iter(self._postings)))
                self._postings_bytes -= ids.nbytes + weights.nbytes
        return found

    def _read_postings(self, fieldname, text):
        twin = self.lexicon.twin(fieldname)
        if twin is None:
            ids, weights = self._all_postings(fieldname, text)
        else:
            ids, weights = self._stem_postings(fieldname, twin, text)
        return self._live(ids, weights)

    def _all_postings(self, fieldname, text):
        """A term's ids and weights in every segment, deleted documents included."""
        id_parts, weight_parts = [], []
        for segment, offset in self._segments:
            found = _segment_postings(segment, fieldname, text)
            if found is not None:
                id_parts.append(found[0] + offset)
                weight_parts.append(found[1])
        if not id_parts:
            return EMPTY, EMPTY_WEIGHTS
        if len(id_parts) == 1:
            return id_parts[0], weight_parts[0]
        return np.concatenate(id_parts), np.concatenate(weight_parts)

    def _stem_postings(self, fieldname, twin, stem):
        """A stem's postings in a stemmed twin: its words' in the twin, each document's weights summed
        (a weight is a frequency: the stemmed field's own), deleted documents included. The blocks of
        all its words in every segment are decoded together, in one pass of numpy."""
        parsed, counts, parts, pending = [], [], [], []
        for (segment, offset), words in zip(self._segments, self.lexicon.words_by_segment(fieldname, stem)[1]):
            for word in words:
                info = _term_info(segment, twin, word)
                if info is False:
                    continue
                blocks = None if info is None else term_blocks(*info)
                heads = None if blocks is None else _parsed_heads(blocks)
                if heads is None:
                    found = _segment_postings(segment, twin, word) if blocks is None else _whole_blocks(blocks)
                    if found is not None and len(found[0]):
                        parts.append((found[0] + offset, found[1]))
                    continue
                # A block's first id is the segment's: in the whole index it is that plus the offset.
                parsed += [(first + offset, *rest) for first, *rest in heads[0]]
                counts += heads[1]
                pending.append((blocks, offset))
        # One word's postings are sorted and unique; several words' must be joined by document.
        lists = len(parts) + len(pending)
        joined = _joined_blocks(parsed, counts) if parsed else None
        if joined is not None:
            parts.append(joined)
        else:
            # Some block is not laid out as its start said: those words are decompressed whole.
            for blocks, offset in pending:
                found = _whole_blocks(blocks)
                parts.append((found[0] + offset, found[1]))
        if not parts:
            ids, weights = EMPTY, EMPTY_WEIGHTS
        elif lists == 1:
            ids, weights = parts[0]
        else:
            every = np.concatenate([part[0] for part in parts])
            marked = np.zeros(self.doc_count, dtype=bool)
            marked[every] = True
            ids = np.flatnonzero(marked)
            summed = np.bincount(every, weights=np.concatenate([part[1] for part in parts]),
                                 minlength=self.doc_count)
            weights = summed[ids]
        self._stem_frequencies[(fieldname, stem)] = len(ids)
        return ids, weights

    def _live(self, ids, weights):
        if len(self._all) == self.doc_count:
            # Nothing deleted: every posting is a live document's.
            return ids, weights
        live = self.live[ids]
        return ids[live], weights[live]

    def column(self, fieldname):
        """A date column's values over all documents, and which documents have one; None without a column."""
        if fieldname not in self._columns:
            found = None
            field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
            if isinstance(field, DATETIME) and field.column_type is not None:
                missing = field.column_type.default_value()
                values = np.full(self.doc_count, missing, dtype=np.uint64)
                for segment, offset in self._segments:
                    if segment.has_column(fieldname):
                        column = segment.column_reader(fieldname, translate=False)
                        part = np.fromiter(column, dtype=np.uint64, count=segment.doc_count_all())
                        values[offset:offset + len(part)] = part
                found = values, self.live & (values != np.uint64(missing))
            self._columns[fieldname] = found
        return self._columns[fieldname]

    def _in_range(self, q):
        """A date range read from its column in one comparison, instead of
        Whoosh's walk over the range's many trie terms; None if the field has no column."""
        found = self.column(q.fieldname)
        if found is None:
            return None
        values, mask = found
        mask = mask.copy()
        if q.start is not None:
            start = np.uint64(max(int(q.start), 0))
            mask &= values > start if q.startexcl else values >= start
        if q.end is not None:
            if int(q.end) < 0:
                return EMPTY
            end = np.uint64(int(q.end))
            mask &= values < end if q.endexcl else values <= end
        return np.flatnonzero(mask)

    def term(self, fieldname, text):
        """Sorted docnums of the live documents containing a term."""
        return self.postings(fieldname, text)[0]

    def frequency(self, fieldname, text):
        """How many documents contain a term, deleted ones included, from the term dictionary alone (for a
        stem, its words' summed: at least as many)."""
        try:
            return self.lexicon.doc_frequency(fieldname, text)
        except (KeyError, ValueError):
            return 0

    def doc_frequency(self, fieldname, text):
        """How many documents contain a term, deleted ones included, exactly (a stem's are read)."""
        if self.lexicon.twin(fieldname) is None:
            return self.frequency(fieldname, text)
        key = (fieldname, text)
        if key not in self._stem_frequencies:
            self.postings(fieldname, text)
        return self._stem_frequencies[key]

    def idf(self, fieldname, text):
        """A term's idf as Whoosh's BM25F weighs it, a stem's from the documents having any of its words."""
        if self.lexicon.twin(fieldname) is None:
            return self.searcher.idf(fieldname, text)
        return log(self.doc_count / (self.doc_frequency(fieldname, text) + 1)) + 1

    def _cost(self, q):
        """About how many postings reading ``q`` takes, from the term dictionary alone (exclusions last)."""
        if isinstance(q, wq.Term):
            return self.frequency(q.fieldname, q.text)
        if isinstance(q, wq.Or):
            return sum(self._cost(sub) for sub in q.subqueries)
        if isinstance(q, wq.And):
            return min((self._cost(sub) for sub in q.subqueries), default=0)
        if isinstance(q, (wq.AndNot, wq.AndMaybe)):
            return self._cost(q.a)
        if isinstance(q, wq.Not):
            return float("inf")
        if isinstance(q, wq.Phrase):
            # No more than its rarest word's documents, read from them.
            return min((self.frequency(q.fieldname, word) for word in q.words), default=0)
        # Wildcards and ranges: dearer than any one word.
        return self.doc_count

    def docs(self, q):
        """Sorted docnums of the live documents matching ``q``."""
        check()
        if isinstance(q, wq.Term):
            text = q.text if isinstance(q.text, bytes) else self.searcher.schema[q.fieldname].to_bytes(q.text)
            return self.term(q.fieldname, text)
        if isinstance(q, wq.Every):
            return self._all
        if isinstance(q, wq.DateRange):
            found = self._in_range(q)
            if found is not None:
                return found
        if isinstance(q, wq.MultiTerm):
            # Wildcards and ranges: the union of the terms they stand for (checked to be few), kept as one
            # set, not as hundreds of posting lists read again to rank and for each facet.
            return self._kept(q, lambda: self._union(q))
        if isinstance(q, wq.Or):
            # A union by marking: linear in the documents, no sort.
            marked = np.zeros(self.doc_count, dtype=bool)
            for sub in q.subqueries:
                marked[self.docs(sub)] = True
            return np.flatnonzero(marked)
        if isinstance(q, wq.And):
            # Cheapest first: once the rarest parts leave nothing, the common ones are never read.
            result = None
            for sub in sorted(q.subqueries, key=self._cost):
                ids = self.docs(sub) if not isinstance(sub, wq.Not) else None
                if ids is None:
                    result = self._without(result if result is not None else self._all, self.docs(sub.query))
                else:
                    result = ids if result is None else self._both(result, ids)
                if not len(result):
                    break
            return result if result is not None else EMPTY
        if isinstance(q, wq.AndNot):
            return self._without(self.docs(q.a), self.docs(q.b))
        if isinstance(q, wq.AndMaybe):
            # The optional part only ranks.
            return self.docs(q.a)
        if isinstance(q, wq.Not):
            return self._without(self._all, self.docs(q.query))
        # Phrases, and what Whoosh walks (slowly): each is read once per searcher, not again
        # to rank or for every facet counted without its filter.
        return self._kept(q, lambda: self._walk(q))

    def _marked(self, docnums):
        marked = np.zeros(self.doc_count, dtype=bool)
        marked[docnums] = True
        return marked

    def _both(self, a, b):
        """The sorted docnums in both ``a`` and ``b`` (each sorted, no repeats), by marking one set: numpy's
        ``intersect1d`` sorts the two together (4 ms for two common words at 100,000 releases)."""
        small, big = (a, b) if len(a) <= len(b) else (b, a)
        return big[self._marked(small)[big]]

    def _without(self, a, b):
        """The sorted docnums of ``a`` not in ``b`` (each sorted, no repeats), by marking ``b``."""
        return a[~self._marked(b)[a]] if len(b) else a

    def _walk(self, q):
        found = self._phrase(q) if isinstance(q, wq.Phrase) else None
        if found is None:
            found = np.fromiter(checked(self.searcher.docs_for_query(q)), dtype=np.int64)
        return found

    def _union(self, q):
        """The documents of every term a multi-term query stands for. Terms not already kept are read
        without being kept: hundreds of rare words would push out the postings of the words searched most."""
        marked = np.zeros(self.doc_count, dtype=bool)
        for fieldname, text in self._expanded(q):
            check()
            found = self._postings.get((fieldname, text))
            marked[found[0] if found is not None else self._read_postings(fieldname, text)[0]] = True
        return np.flatnonzero(marked)

    def _kept(self, q, compute):
        """``compute()``, the matches of ``q``, kept among the last :data:`WALKED_KEPT` such sets."""
        key = q.with_boost(1.0) if q.boost != 1.0 else q
        found = self._walked.get(key)
        if found is None:
            found = compute()
            # Shared by every later search of this generation: no caller may change it.
            found.flags.writeable = False
            self._walked[key] = found
            self._walked_bytes += found.nbytes
            while (len(self._walked) > WALKED_KEPT or self._walked_bytes > WALKED_BYTES_KEPT) and len(self._walked) > 1:
                self._walked_bytes -= self._walked.popitem(last=False)[1].nbytes
        else:
            self._walked.move_to_end(key)
        return found

    def phrase_words(self, q):
        """A phrase's words as index bytes, in order; () when it can match nothing, None when Whoosh must
        read it (a field without positions, which Whoosh refuses)."""
        field = self.searcher.schema[q.fieldname] if q.fieldname in self.searcher.schema else None
        if field is None:
            return ()
        if not field.format or not field.format.supports("positions"):
            return None
        try:
            return tuple(w if isinstance(w, bytes) else field.to_bytes(w) for w in q.words)
        except ValueError:
            return ()

    def _phrase(self, q):
        words = self.phrase_words(q)
        if words is None:
            return None
        if not words:
            return EMPTY
        return phrase_docs(self, q.fieldname, words, q.slop)
