"""Every document's facet labels, read once per index generation from the facet columns."""

from functools import cached_property

import numpy as np

from ..analysis import fold
from ..schema import LABEL_SEPARATOR


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
            values = reader.column_reader(column) if reader.has_column(column) else []
            numbers, docs, entries = {}, [], []
            for docnum, value in enumerate(values):
                if value:
                    for label in value.decode("utf-8").split(LABEL_SEPARATOR):
                        docs.append(docnum)
                        entries.append(numbers.setdefault(label, len(numbers)))
            self._columns[column] = (
                list(numbers), np.array(docs, dtype=np.int32), np.array(entries, dtype=np.int32)
            )

    def counts(self, column, mask):
        """``{label: count}`` over the documents where ``mask`` is True."""
        labels, docs, entries = self._columns[column]
        if not labels:
            return {}
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
