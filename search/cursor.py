"""Cursor pagination: walking a whole result set in date order while the index changes.

Page numbers shift when releases are added during a walk (page 3 then holds
what page 2 held), so a program harvesting a search would miss or repeat
releases. A cursor instead names the last release seen by its position in a
total order, date then id, and the next batch is whatever comes after it in
the index as it is now. Releases added behind the cursor are not seen (they
were not in the result set when the walk passed that point); nothing is seen
twice, and nothing that was there is skipped.
"""

import base64
import binascii
import heapq
import json
import time
from datetime import date

from .engine import hit_record
from .params import QueryError
from .query import query_terms
from .release import from_stored
from .segments import per_document

# Releases without a date sort after every dated one, as the date column's missing value does.
UNDATED = date.max.toordinal() + 1

BAD_CURSOR = "El cursor «after» no es válido: use el valor de «next» de la respuesta anterior, o «after=» vacío para empezar."

# Whoosh stores a date as microseconds since 1 January of year 1 (ordinal day 1).
USECS_PER_DAY = 86_400_000_000


def encode(day, release_id):
    """The opaque token for the position of one release: its date (ordinal) and id."""
    iso = date.fromordinal(day).isoformat() if day != UNDATED else None
    raw = json.dumps([iso, release_id], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(token):
    """The ``(day, id)`` a token names; raises QueryError for anything we did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        iso, release_id = json.loads(raw.decode("utf-8"))
        day = date.fromisoformat(iso).toordinal() if iso is not None else UNDATED
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise QueryError(BAD_CURSOR) from None
    if not isinstance(release_id, str):
        raise QueryError(BAD_CURSOR)
    return day, release_id


def _segment_keys(leaf):
    """``(day, id)`` of each document of one segment, by its number within the segment."""
    size = leaf.doc_count_all()
    days = [UNDATED] * size
    if leaf.has_column("date"):
        missing = leaf.schema["date"].column_type.default_value()
        for docnum, value in enumerate(leaf.column_reader("date", translate=False)):
            if value != missing:
                days[docnum] = value // USECS_PER_DAY + 1
    ids = [""] * size
    for term in leaf.lexicon("id"):
        for docnum in leaf.postings("id", term).all_ids():
            ids[docnum] = term.decode("utf-8")
    return list(zip(days, ids))


def order_keys(reader):
    """Each document's ``(day, id)`` sort key, indexed by document number.

    Dates come from the date column and ids from the id terms, so no stored
    document is loaded; after an update only new segments are read.
    """
    return per_document(reader, _segment_keys)


def in_date_order(reader, docnums, after=None, descending=False, limit=None):
    """``docnums`` in (date, id) order, only those past the ``after`` key, at most ``limit``.

    Ascending unless ``descending``; in both, ``after`` is the last key already seen.
    """
    keys = order_keys(reader)
    if after is not None:
        if descending:
            docnums = [n for n in docnums if keys[n] < after]
        else:
            docnums = [n for n in docnums if keys[n] > after]
    if limit is None:
        return sorted(docnums, key=keys.__getitem__, reverse=descending)
    pick = heapq.nlargest if descending else heapq.nsmallest
    return pick(limit, docnums, key=keys.__getitem__)


def result_set(engine, params):
    """The searcher, text query and matching document numbers of a search, as the page selects them."""
    chosen = engine.matching(params)
    searcher, text_q, docnums = chosen.searcher, chosen.query, chosen.docnums
    return searcher, text_q, docnums.tolist() if hasattr(docnums, "tolist") else list(docnums)


def walk(engine, params, token, descending=False):
    """One batch of a cursor walk: the releases after ``token`` (empty: from the start).

    Returns the batch as JSON-native data, with ``next`` the token to pass as
    ``after`` for the following batch, or None after the last one.
    """
    started = time.perf_counter()
    after = decode(token) if token else None
    searcher, text_q, docnums = result_set(engine, params)
    reader = searcher.reader()
    batch = in_date_order(reader, docnums, after, descending, limit=params.per_page + 1)
    more = len(batch) > params.per_page
    batch = batch[: params.per_page]
    terms = query_terms(text_q, reader) if text_q is not None else (set(), set())
    hits = [hit_record(from_stored(searcher.stored_fields(n)), None, terms) for n in batch]
    keys = order_keys(reader)
    return {
        "query": params.q,
        "total": len(docnums),
        "per_page": params.per_page,
        "sort": "recientes" if descending else "antiguos",
        "after": token or None,
        "next": encode(*keys[batch[-1]]) if more else None,
        "hits": hits,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
    }
