"""Releases and statements as the page, the API, the exports and the alerts hand them on: JSON-native data."""

from markupsafe import Markup

from .highlight import snippet
from .passages import best_passage, passage_anchor
from .release import key_for
from .statements import KIND_LABELS, SPEAKER_LABELS
from .urls import safe_url


def release_fields(release):
    """A release's metadata as JSON-native data: ISO date, keyed officials and topics."""
    return {
        "id": release.id,
        "title": release.title,
        "date": release.date.isoformat() if release.date else None,
        # Only an http(s) address is handed on, so no page, feed, export or program makes a script link of it.
        "url": safe_url(release.url),
        "source": release.source,
        "officials": [{"key": o.key, "name": o.name, "role": o.role} for o in release.officials],
        "topics": [{"key": key_for(t), "label": t} for t in release.topics],
        "places": [{"key": key_for(p), "label": p} for p in release.places],
        "organizations": [{"key": key_for(o), "label": o} for o in release.organizations],
        "type": release.doc_type,
    }


def _iso(value):
    return value.isoformat() if value else None


def history_fields(release):
    """When the release was first and last seen on its site, its last update, withdrawal and earlier versions."""
    return {
        "first_seen": _iso(release.first_seen),
        "last_seen": _iso(release.last_seen),
        "updated": _iso(release.updated),
        "withdrawn": release.withdrawn,
        "versions": release.versions,
        "labels": release.labels,
    }


def hit_record(release, score, highlight_terms):
    """A hit: the release's metadata, an HTML snippet and the score (None when sorted by date)."""
    stems, phrases = highlight_terms
    return {
        **release_fields(release),
        "snippet": str(snippet(release.body, stems, phrases)),
        "score": round(score, 4) if score is not None else None,
    }


def _passage_snippet(statement, stems, phrases):
    """The snippet and the passage of a statement: of the passage the query matched best, in a long one."""
    found = best_passage(statement.text, stems, phrases)
    if found is None:
        return snippet(statement.text, stems, phrases), None
    number, start, end = found
    html = snippet(statement.text[start:end], stems, phrases)
    # A passage further in reads as what it is: the middle of what was said.
    if start and not html.startswith("…"):
        html = Markup("…") + html
    if statement.text[end:].strip() and not html.endswith("…"):
        html = html + Markup("…")
    return html, {"anchor": passage_anchor(statement.anchor, number), "offset": start}


def hit_anchor(hit):
    """The anchor a statement's hit links to on its release's page: its passage's, else the statement's."""
    return (hit.get("passage") or hit)["anchor"]


def statement_record(statement, score=None, highlight_terms=(set(), set())):
    """A statement as JSON-native data: what was said, by whom, when, and where in which release.

    ``passage`` (with words in the query, for a long statement) is where in it the words match best:
    its anchor on the release page and its offset in ``text``; the snippet comes from it.
    """
    s = statement
    stems, phrases = highlight_terms
    html, passage = _passage_snippet(s, stems, phrases)
    return {
        "id": s.id,
        "text": s.text,
        "snippet": str(html),
        "kind": s.kind,
        "kind_label": KIND_LABELS[s.kind],
        "speaker": {
            "name": s.speaker or None,
            "key": s.official_key or None,
            "type": s.speaker_type,
            "type_label": SPEAKER_LABELS[s.speaker_type],
            "role": s.role or None,
            "institution": s.institution or None,
        },
        "date": s.date.isoformat() if s.date else None,
        "topics": [{"key": key_for(t), "label": t} for t in s.topics],
        "release": {"id": s.release_id, "title": s.release_title, "source": s.source},
        "position": s.position,
        "anchor": s.anchor,
        "span": [s.start, s.end],
        "passage": passage,
        "score": round(score, 4) if score is not None else None,
    }
