"""Values read once per index segment and kept, because a segment never changes once written.

An update adds segments (and merges some), so after it only the new
segments are read again; documents deleted since are simply never asked for.
"""

import threading
import weakref
from collections import OrderedDict

# Segments whose values are kept; the least recently used go past this.
MAX_CACHED_SEGMENTS = 512

_by_segment = OrderedDict()
_by_reader = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def per_document(reader, build):
    """``build(segment_reader)`` for every segment of ``reader``, joined into one list by document number.

    ``build`` returns one value per document of its segment (deleted ones
    included); the result is cached per segment and per reader.
    """
    kept = _by_reader.setdefault(reader, {})
    if build in kept:
        return kept[build]
    values = []
    for leaf, offset in reader.leaf_readers():
        # An empty index reads through a reader with no segment and no documents.
        if leaf.segment() is not None:
            values[offset:] = _segment_values(leaf, build)
    kept[build] = values
    return values


def per_segment(reader, build):
    """``[(build(segment_reader), offset)]`` for every segment of ``reader``, each value cached per segment.

    For what is not one value per document (a facet column's labels and entries).
    """
    return [(_segment_values(leaf, build), offset) for leaf, offset in reader.leaf_readers()
            if leaf.segment() is not None]


def _segment_values(leaf, build):
    segment = leaf.segment()
    key = (build, segment.indexname, segment.segment_id())
    with _lock:
        if key in _by_segment:
            _by_segment.move_to_end(key)
            return _by_segment[key]
    values = build(leaf)
    with _lock:
        _by_segment[key] = values
        if len(_by_segment) > MAX_CACHED_SEGMENTS:
            _by_segment.popitem(last=False)
    return values
