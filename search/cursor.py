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
import json
import time
from datetime import date

from .params import QueryError
from .records import hit_record
from .store.order import UNDATED

BAD_CURSOR = "El cursor «after» no es válido: use el valor de «next» de la respuesta anterior, o «after=» vacío para empezar."


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


def walk(engine, params, token, descending=False):
    """One batch of a cursor walk: the releases after ``token`` (empty: from the start).

    Returns the batch as JSON-native data, with ``next`` the token to pass as
    ``after`` for the following batch, or None after the last one.
    """
    started = time.perf_counter()
    after = decode(token) if token else None
    chosen = engine.matching(params)
    view = chosen.view
    batch = [docnum for docnum, _ in engine.ordered(chosen, params.per_page + 1, after, descending)]
    more = len(batch) > params.per_page
    batch = batch[: params.per_page]
    terms = engine.matched_terms(chosen)
    hits = [hit_record(release, None, terms) for release in engine.fetch(view, batch)]
    return {
        "query": params.q,
        "total": len(chosen.docnums),
        "per_page": params.per_page,
        "sort": "recientes" if descending else "antiguos",
        "after": token or None,
        "next": encode(*view.order_key(batch[-1])) if more else None,
        "hits": hits,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
    }
