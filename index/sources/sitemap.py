"""Sitemaps (``urlset``) and sitemap indexes (``sitemapindex``): the pages a site says it has.

A sitemap lists page addresses with their last change (``lastmod``), which
lets an update skip pages that have not changed without asking for them.
Gzipped sitemaps (``.xml.gz``) are read too.
"""

import gzip
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field


@dataclass
class Sitemap:
    """What one sitemap file lists: pages with their lastmod, and further sitemaps."""

    pages: list[tuple[str, str | None]] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def looks_like_sitemap(raw):
    """Whether fetched bytes are a sitemap or a sitemap index."""
    head = _unzip(raw)[:2048]
    return b"<urlset" in head or b"<sitemapindex" in head


def _unzip(raw):
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"el sitemap comprimido está dañado ({exc})") from exc
    return raw


def parse(raw, where=""):
    """Read a sitemap or sitemap index; raises ValueError with the reason in Spanish."""
    try:
        root = ET.fromstring(_unzip(raw))
    except ET.ParseError as exc:
        raise ValueError(f"{where}: el sitemap no es XML válido ({exc})") from exc
    found = Sitemap()
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError(f"{where}: no es un sitemap (la raíz es <{kind}>)")
    for entry in root:
        values = {_local(child.tag): (child.text or "").strip() for child in entry}
        loc = values.get("loc")
        if not loc:
            continue
        if kind == "sitemapindex":
            found.sitemaps.append(loc)
        else:
            found.pages.append((loc, values.get("lastmod") or None))
    return found
