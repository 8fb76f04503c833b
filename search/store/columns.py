"""Every document's facet labels, read once per index generation from the facet columns."""

from functools import cached_property, lru_cache

import numpy as np

from ..analysis import fold
from ..schema import LABEL_SEPARATOR
from .segments import per_segment


@lru_cache(maxsize=None)
def _labels_of(column):
    """What one segment holds of ``column``: ``(labels, docs, entries)``, entry ``i`` saying that document
    ``docs[i]`` has label ``labels[entries[i]]``; one function per column, so segments cache by it."""
    def build(leaf):
        values = leaf.column_reader(column) if leaf.has_column(column) else []
        numbers, docs, entries = {}, [], []
        # Many documents carry the same value (one source, one type): each distinct value is split once.
        split = {}
        for docnum, value in enumerate(values):
            if value:
                found = split.get(value)
                if found is None:
                    found = split[value] = [numbers.setdefault(label, len(numbers))
                                            for label in value.decode("utf-8").split(LABEL_SEPARATOR)]
                docs.extend([docnum] * len(found))
                entries.extend(found)
        return list(numbers), np.array(docs, dtype=np.int32), np.array(entries, dtype=np.int32)

    return build


class ColumnCache:
    """Every document's facet labels, per column, as arrays for one searcher.

    A column becomes a flat list of (document, label number) entries, so
    counting the labels of any set of documents is one mask and one
    ``bincount`` instead of a loop over the documents.
    """

    def __init__(self, reader, facets):
        """:param facets: the facets whose columns to load (the statements index has its own)."""
        self.doc_count = reader.doc_count_all()
        self._columns = {}
        for column in {facet.column for facet in facets}:
            # Each segment's labels are read once (a segment never changes) and numbered here for the index.
            numbers, docs, entries = {}, [], []
            for (labels, segment_docs, segment_entries), offset in per_segment(reader, _labels_of(column)):
                renumbered = np.array([numbers.setdefault(label, len(numbers)) for label in labels], dtype=np.int32)
                docs.append(segment_docs + offset)
                entries.append(renumbered[segment_entries] if len(labels) else segment_entries)
            self._columns[column] = (
                list(numbers),
                np.concatenate(docs) if docs else np.empty(0, dtype=np.int32),
                np.concatenate(entries) if entries else np.empty(0, dtype=np.int32),
            )
        self._totals = {}

    def counts(self, column, mask):
        """``{label: count}`` over the documents where ``mask`` is True.

        When most documents are, the others are counted and taken from the whole column's counts:
        a common word's matches are most of a large index, and their entries the most to pick out.
        """
        labels, docs, entries = self._columns[column]
        if not labels:
            return {}
        if np.count_nonzero(mask) * 2 > len(mask):
            totals = self._totals.get(column)
            if totals is None:
                totals = self._totals[column] = np.bincount(entries, minlength=len(labels))
            totals = totals - np.bincount(entries[~mask[docs]], minlength=len(labels))
        else:
            totals = np.bincount(entries[mask[docs]], minlength=len(labels))
        return {labels[i]: int(totals[i]) for i in np.flatnonzero(totals)}

    def mask(self, docnums):
        """A boolean array over all documents, True for ``docnums``."""
        mask = np.zeros(self.doc_count, dtype=bool)
        mask[np.asarray(docnums, dtype=np.int64)] = True
        return mask

    @cached_property
    def official_names(self):
        """Every official's name in the index, folded, as a tuple of words."""
        labels = self._columns["official_facet"][0]
        return frozenset(tuple(fold(label).split()) for label in labels)
