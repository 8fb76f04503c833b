"""An Atom feed of every search, so a citizen can subscribe to what a search will find next.

The feed runs the page's search sorted newest first; its entries link to the
releases' pages in Hemeroteca and carry the same highlighted snippet.
"""

import re
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, request, url_for

from search.params import LIST_FILTERS, params_from_args

from .base_url import external, feed_id
from .engine import get_engine
from .pages import link
from .transcript import clean_snippet

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
# Entries in a feed: feed readers keep what they saw before, so the newest suffice.
FEED_SIZE = 30
# Characters XML 1.0 cannot carry, which a release's text might still hold.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Parameters that change what a search finds; the others (page, sort) do not change the feed.
FEED_ARGS = ("q", *LIST_FILTERS, "from", "to", "exact")


def _text(value):
    return NOT_XML.sub("", value or "")


def _stamp(iso_date):
    """An ISO date as an Atom timestamp; an undated release counts as the epoch."""
    if not iso_date:
        return "1970-01-01T00:00:00Z"
    return f"{iso_date}T00:00:00Z"


def _add(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def feed_title(params):
    """"Hemeroteca: vacunación (Salud, 2025)" — what the subscriber will see in their reader."""
    parts = [v for name in LIST_FILTERS for v in getattr(params, name)]
    if params.date_from or params.date_to:
        parts.append(" – ".join(d.isoformat() for d in (params.date_from, params.date_to) if d))
    title = f"Hemeroteca: {params.q or 'comunicados recientes'}"
    return f"{title} ({', '.join(parts)})" if parts else title


def atom_feed(result, params, self_path, page_path):
    """The Atom document (bytes) for a search result sorted newest first.

    Links are on the canonical address when one is set, else relative to the feed's own.
    """
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "es-MX"})
    _add(feed, "id", feed_id(self_path))
    _add(feed, "title", feed_title(params))
    dates = [hit["date"] for hit in result["hits"] if hit["date"]]
    _add(feed, "updated", _stamp(max(dates)) if dates else datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    _add(feed, "link", rel="self", type="application/atom+xml", href=external(self_path))
    _add(feed, "link", rel="alternate", type="text/html", href=external(page_path))
    _add(_add(feed, "author"), "name", "Hemeroteca")
    for hit in result["hits"]:
        path = url_for("search.release", release_id=hit["id"])
        entry = _add(feed, "entry")
        _add(entry, "id", feed_id(path))
        _add(entry, "title", hit["title"])
        _add(entry, "updated", _stamp(hit["date"]))
        _add(entry, "link", rel="alternate", type="text/html", href=external(path))
        if hit.get("url"):
            _add(entry, "link", rel="related", type="text/html", href=hit["url"])
        _add(_add(entry, "author"), "name", hit.get("source") or "Hemeroteca")
        for topic in hit["topics"]:
            _add(entry, "category", term=topic["key"], label=topic["label"])
        _add(entry, "summary", clean_snippet(hit["snippet"]), type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@bp.route("/buscar.atom")
def search_feed():
    """The newest releases a search finds, as an Atom feed."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k in FEED_ARGS]
    params = params_from_args(request.args).with_(sort="recientes", page=1, per_page=FEED_SIZE)
    result = get_engine().search(params, facet_size=1)
    body = atom_feed(
        result, params,
        self_path=link("feeds.search_feed", args),
        page_path=link("search.search", args),
    )
    return Response(body, mimetype="application/atom+xml")
