"""The field type of a stemmed field whose terms are its folded twin's (read by :mod:`search.store.stems`).

A ranked field (``title``, ``body``) is searched by stems, but its postings would be the same words as
its folded twin's (``title_exact``, ``body_exact``) under another name. A :class:`StemmedTwin` writes
none of them: Whoosh counts a field's length from its postings, so each document holds one posting of
the empty term (:data:`LENGTH_TERM`, which no analyzer makes), whose frequency is the number of words
the stemmed field would have held (those that are not stop words), for BM25's lengths.

The class is pickled into every index made with it: this module's name and the class's are part of
the on-disk format. Indexes made before it keep stemmed postings of their own and are read as they were.
"""

from whoosh import fields
from whoosh.system import pack_uint

# The term whose frequency is a document's length in a stemmed twin.
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
            raise ValueError(f"{value!r} is not a text")
        count = sum(1 for _ in self.analyzer(value, mode="index", **kwargs))
        if not count:
            return []
        return [(LENGTH_TERM, count, float(count) * self.format.field_boost, pack_uint(count))]


def twin_of(schema, fieldname):
    """The folded field a stemmed field is read off, or None when it keeps its own postings."""
    field = schema[fieldname] if fieldname in schema else None
    return field.twin if isinstance(field, StemmedTwin) else None
