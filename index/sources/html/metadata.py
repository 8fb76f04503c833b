"""What the page states about itself: meta tags, JSON-LD and the canonical URL."""

from __future__ import annotations

import json
import re

from selectolax.lexbor import LexborHTMLParser

from .nodes import attr_of, norm_meta


PUBLISHED_META = ("article:published_time",)
DATE_META = (
    "date",
    "datepublished",
    "og:published_time",
    "article:published",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
)


def meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """First non-empty content of each meta key (property, name or itemprop), lower-cased.

    Meta tags inside the page body are microdata of whatever block holds them
    (often a related-news card), so they are left to the scoped date search.
    """
    metas: dict[str, str] = {}
    head = tree.head
    if head is None:
        return metas
    for meta in head.css("meta"):
        content = norm_meta(meta.attributes.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.attributes.get(attr) or "").strip().lower()
            if key:
                metas.setdefault(key, content)
    return metas


ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "report",
    "pressrelease",
}


def json_ld_objects(tree: LexborHTMLParser) -> list[dict]:
    """Every JSON-LD object on the page, flattening lists, @graph and nesting."""
    found: list[dict] = []

    def walk(value: object) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            found.append(value)
            for item in value.values():
                if isinstance(item, (list, dict)):
                    walk(item)

    for script in tree.css("script"):
        if "ld+json" not in attr_of(script, "type").lower():
            continue
        raw = (script.text() or "").strip()
        raw = re.sub(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", "", raw)
        try:
            walk(json.loads(raw, strict=False))
        except ValueError:
            continue  # Broken JSON-LD is common; the rest of the page is still usable.
    return found


def ld_types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def json_ld_date(objects: list[dict]) -> str | None:
    """datePublished, preferring the article's over a WebPage's or a nested item's."""
    ranked = sorted(objects, key=lambda o: 0 if ld_types(o) & ARTICLE_TYPES else 1)
    for obj in ranked:
        value = obj.get("datePublished")
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def json_ld_publisher(objects: list[dict]) -> str | None:
    """The publisher's name, following {"@id": ...} references inside an @graph."""
    # Only full nodes: bare {"@id": ...} references must not shadow what they point to.
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 1}
    ranked = sorted(objects, key=lambda o: 0 if ld_types(o) & ARTICLE_TYPES else 1)
    for obj in ranked:
        publisher = obj.get("publisher")
        if isinstance(publisher, list):
            publisher = publisher[0] if publisher else None
        if isinstance(publisher, str) and publisher.strip():
            return norm_meta(publisher)
        if isinstance(publisher, dict):
            if not publisher.get("name") and isinstance(publisher.get("@id"), str):
                publisher = by_id.get(publisher["@id"], publisher)
            name = publisher.get("name")
            if isinstance(name, str) and name.strip():
                return norm_meta(name)
    return None


def canonical_url(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    for link in tree.css("link"):
        rels = attr_of(link, "rel").lower().split()
        href = attr_of(link, "href").strip()
        if "canonical" in rels and href:
            return href
    return metas.get("og:url") or None
