"""The set of documents a query matches, as a sorted numpy array.

Whoosh walks postings one document at a time in Python; for counting facets
we need every match of a query, so terms are read a whole posting block at
a time and combined with numpy set operations. Query types this module does
not know fall back to Whoosh, so the answer is always the same.
"""

import numpy as np
from whoosh import query as wq
from whoosh.matching import FilterMatcher

EMPTY = np.empty(0, dtype=np.int64)


def _leaf_ids(matcher):
    """All ids of one segment's posting list, block by block."""
    if isinstance(matcher, FilterMatcher):
        # Deleted documents are removed afterwards with the live mask.
        matcher = matcher.child
    if not hasattr(matcher, "_read_ids"):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    chunks = []
    while matcher.is_active():
        matcher._read_ids()
        chunks.append(np.asarray(matcher._ids, dtype=np.int64))
        matcher._next_block()
    return np.concatenate(chunks) if chunks else EMPTY


class DocSets:
    """Computes match sets for one searcher."""

    def __init__(self, searcher):
        self.searcher = searcher
        reader = searcher.reader()
        self._segments = list(reader.leaf_readers())
        self.doc_count = reader.doc_count_all()
        self.live = np.zeros(self.doc_count, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self._all = np.flatnonzero(self.live)

    def term(self, fieldname, text):
        """Sorted docnums of the live documents containing a term."""
        parts = []
        for segment, offset in self._segments:
            if (fieldname, text) in segment:
                parts.append(_leaf_ids(segment.postings(fieldname, text)) + offset)
        if not parts:
            return EMPTY
        ids = np.concatenate(parts) if len(parts) > 1 else parts[0]
        return ids[self.live[ids]]

    def docs(self, q):
        """Sorted docnums of the live documents matching ``q``."""
        if isinstance(q, wq.Term):
            text = q.text if isinstance(q.text, bytes) else self.searcher.schema[q.fieldname].to_bytes(q.text)
            return self.term(q.fieldname, text)
        if isinstance(q, wq.Every):
            return self._all
        if isinstance(q, wq.Or):
            parts = [self.docs(sub) for sub in q.subqueries]
            return np.unique(np.concatenate(parts)) if parts else EMPTY
        if isinstance(q, wq.And):
            result = None
            for sub in q.subqueries:
                ids = self.docs(sub) if not isinstance(sub, wq.Not) else None
                if ids is None:
                    result = np.setdiff1d(result if result is not None else self._all,
                                          self.docs(sub.query), assume_unique=True)
                else:
                    result = ids if result is None else np.intersect1d(result, ids, assume_unique=True)
                if not len(result):
                    break
            return result if result is not None else EMPTY
        if isinstance(q, wq.AndNot):
            return np.setdiff1d(self.docs(q.a), self.docs(q.b), assume_unique=True)
        if isinstance(q, wq.Not):
            return np.setdiff1d(self._all, self.docs(q.query), assume_unique=True)
        return np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)
