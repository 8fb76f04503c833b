"""BM25F top hits computed with numpy, for queries made of plain terms and phrases.

Whoosh scores matches one at a time in Python; with tens of thousands of
matches that dominates a search. A query whose scoring parts are all terms
(words, their ñ variants and corrections, in title and body) or phrases is
scored here with the same formula and statistics as Whoosh's BM25F — the same
idf, the same average and byte-rounded field lengths, term boosts multiplied in
and summed over the terms a document matches — so the ranking is Whoosh's. A
phrase scores as Whoosh's phrase matcher does: the sum of its words' scores
(each word's whole frequency in the document), times its boost, in the
documents the phrase matches. Wildcards and ranges are scored as Whoosh scores
them; a boosted group holding one is left to Whoosh (:meth:`top` returns None).
"""

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length

from ..limits import check

# Whoosh's BM25F defaults, used by the searcher this module stands in for.
B = 0.75
K1 = 1.2


def _scoring_terms(q, boost=1.0):
    """The (field, text, boost, phrase) of every term that adds to the score, or None if some part is not a
    term or a phrase; ``phrase`` is the phrase a word adds to the score in (only where it matches), else None.

    A group's weight multiplies its parts' scores, as Whoosh's wrapping matcher does.
    """
    if isinstance(q, wq.Term):
        return [(q.fieldname, q.text, boost * q.boost, None)]
    if isinstance(q, wq.Phrase):
        # Whoosh's phrase matcher scores its words' intersection, boosted by the phrase's weight.
        return [(q.fieldname, word, boost * q.boost, q) for word in q.words]
    if isinstance(q, wq.MultiTerm) and q.constantscore and boost == 1:
        # Scored as Whoosh does: see Ranker._multi_term.
        return [(q.field(), q, q.boost, None)]
    if isinstance(q, wq.Not):
        # Whoosh's inverse matcher scores 1 in each document it matches, whatever the Not's own weight.
        return [(None, q, boost, None)]
    # Whoosh's two-part queries make their matcher without their own weight.
    if isinstance(q, wq.AndNot):
        # Excluded terms decide which documents match, not how they rank.
        return _scoring_terms(q.a, boost)
    if isinstance(q, wq.AndMaybe):
        # The optional part adds its score where it matches too; only the required part's documents are ranked.
        required, optional = _scoring_terms(q.a, boost), _scoring_terms(q.b, boost)
        return None if required is None or optional is None else required + optional
    if isinstance(q, (wq.And, wq.Or)):
        terms = []
        for sub in q.subqueries:
            found = _scoring_terms(sub, boost * q.boost)
            if found is None:
                return None
            terms += found
        return terms
    return None


# Whoosh's byte-rounded lengths (``whoosh.util.numeric.byte_to_length``), by their byte.
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_BYTE_LENGTHS[0] = 1  # no length: doc_field_length gives None, scored as 1


def _length_column(segment, fieldname):
    """One segment's lengths of ``fieldname`` read from its length column in one piece, instead of
    Whoosh's one read per document; None when the segment keeps them otherwise."""
    perdoc = getattr(segment, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return None
    count = segment.doc_count_all()
    reader = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if reader is None:
        return np.ones(count, dtype=np.float64)
    stored = min(reader._count, count)
    raw = np.zeros(count, dtype=np.uint8)
    raw[:stored] = np.frombuffer(bytes(reader._dbfile.get(reader._basepos, stored)), dtype=np.uint8)
    return _BYTE_LENGTHS[raw]


class Ranker:
    """Scores for one searcher; field lengths are read once and kept."""

    def __init__(self, searcher, docsets, expanded=None):
        self.searcher = searcher
        self.docsets = docsets
        self._expanded = expanded or (lambda q: list(q.expanded_terms(searcher.reader())))
        self._lengths = {}

    def _field_lengths(self, fieldname):
        """Every document's length of ``fieldname`` as Whoosh scores it (``doc_field_length``, 1 when none)."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            parts = []
            for segment, _ in self.docsets._segments:
                part = _length_column(segment, fieldname)
                if part is None:
                    part = np.fromiter((segment.doc_field_length(n, fieldname, 1) or 1
                                        for n in range(segment.doc_count_all())),
                                       dtype=np.float64, count=segment.doc_count_all())
                parts.append(part)
            lengths = np.concatenate(parts) if parts else np.empty(0, dtype=np.float64)
            self._lengths[fieldname] = lengths
        return lengths

    def _multi_term(self, fieldname, text, boost, phrase):
        """A wildcard or range as Whoosh scores it: the one term it stands for, ranked as that term;
        two, each ranked with the wildcard's boost; or, standing for more, 1 for every document
        that has any of them."""
        if not isinstance(text, wq.MultiTerm):
            return [(fieldname, text, boost, phrase)]
        words = [word for _, word in self._expanded(text) if word]
        if len(words) == 1:
            return [(fieldname, words[0], 1.0, None)]
        if len(words) == 2:
            # Whoosh joins two words with its binary union, which ranks each word, boosted.
            return [(fieldname, word, boost, None) for word in words]
        return [(fieldname, text, 1.0, None)] if words else []

    def top(self, q, docnums, limit):
        """The best ``limit`` of ``docnums`` for ``q`` as ``[(docnum, score)]``, or None to let Whoosh do it.

        Ties go to the lower document number, as in Whoosh.
        """
        terms = _scoring_terms(q)
        if terms is not None and any(p is not None and self.docsets.phrase_words(p) is None for *_, p in terms):
            # A phrase in a field without positions: Whoosh says why it cannot be searched.
            terms = None
        if not terms or not len(docnums):
            return None if not terms else []
        terms = [expanded for term in terms for expanded in self._multi_term(*term)]
        scores = np.zeros(self.docsets.doc_count, dtype=np.float64)
        for fieldname, text, boost, phrase in terms:
            check()
            if isinstance(text, wq.Query):
                scores[self.docsets.docs(text)] += boost
                continue
            matched = self.docsets.docs(phrase) if phrase is not None else None
            if matched is not None and not len(matched):
                continue
            field = self.searcher.schema[fieldname]
            btext = text if isinstance(text, bytes) else field.to_bytes(text)
            ids, weights = self.docsets.postings(fieldname, btext)
            if matched is not None:
                inside = np.zeros(self.docsets.doc_count, dtype=bool)
                inside[matched] = True
                inside = inside[ids]
                ids, weights = ids[inside], weights[inside]
            if not len(ids):
                continue
            idf = self.docsets.idf(fieldname, btext)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            lengths = self._field_lengths(fieldname)[ids]
            scores[ids] += boost * idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avgfl))
        candidates = np.asarray(docnums, dtype=np.int64)
        chosen = scores[candidates]
        if len(candidates) > limit:
            keep = np.argpartition(-chosen, limit - 1)[:limit]
            # Everything tied with the last kept score must compete for the tie-break too.
            threshold = chosen[keep].min()
            keep = np.flatnonzero(chosen >= threshold)
            candidates, chosen = candidates[keep], chosen[keep]
        order = np.lexsort((candidates, -chosen))[:limit]
        return [(int(candidates[i]), float(chosen[i])) for i in order]
