"""The release's own date inside the page, and the short line it sits in (kept out of the text)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from .body import BLOCK_TAGS
from .nodes import attr_of, class_id, contains, norm


# "post-date", "fecha_noticia", "newsDate", but not "updated" or "candidate".
DATE_CLASS_RE = re.compile(r"(?:^|[^a-z])(?:date|fecha)|pubdate|published")
DATE_CAMEL_RE = re.compile(r"[a-z](?:Date|Fecha)")
DATE_LINE_RE = re.compile(r"^\s*(publicado|fecha\s*:|fecha de publicaci)", re.IGNORECASE)
# "Publicado el decreto 12" is a sentence; "Publicado el 3 de marzo" is a date line.
HAS_DATE_RE = re.compile(
    r"\d{1,2}\s+de\s+\w{3,}"  # 3 de marzo
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"  # 03/03/2024
    r"|\d{4}-\d{2}-\d{2}"  # 2024-03-03
    r"|\b[a-z]{3,}\.?\s+\d{1,2},?\s+\d{4}"  # marzo 3, 2024
    r"|\d{1,2}\s+[a-z]{3,}\.?\s+\d{4}",  # 3 mar. 2024
    re.IGNORECASE,
)
MAX_DATE_LINE = 100


def date_scopes(main: LexborNode, title_h1: LexborNode | None) -> list[LexborNode]:
    """Where the release's own date can be: its content, then the block around its title."""
    scopes = [main]
    node = title_h1
    for _ in range(2):
        if node is None or node.parent is None:
            break
        node = node.parent
        if node.tag in ("body", "html") or contains(node, main):
            break
        scopes.append(node)
    return scopes


def machine_date(scopes: list[LexborNode]) -> tuple[str | None, LexborNode | None]:
    for scope in scopes:
        for node in scope.css("[itemprop=datePublished]"):
            value = attr_of(node, "datetime").strip() or attr_of(node, "content").strip()
            if value:
                return value, node
        times = [t for t in scope.css("time") if attr_of(t, "datetime").strip()]
        # An "updated" stamp is not the publication date.
        times.sort(key=lambda t: 1 if re.search(r"updat|modif|actualiz", class_id(t)) else 0)
        if times:
            return attr_of(times[0], "datetime").strip(), times[0]
    return None, None


DATE_LINE_TAGS = {"p", "div", "span", "small", "em", "strong", "li", "dd", "h4", "h5", "h6"}


def visible_date(scopes: list[LexborNode]) -> tuple[str | None, LexborNode | None]:
    """The first visible date-looking element, in reading order (the release's own comes first)."""
    for scope in scopes:
        for node in scope.css("*"):
            tag = node.tag
            names = f"{attr_of(node, 'class')} {attr_of(node, 'id')} {attr_of(node, 'itemprop')}"
            is_time = tag == "time"
            is_dated = bool(DATE_CLASS_RE.search(names.lower()) or DATE_CAMEL_RE.search(names))
            if not (is_time or is_dated or tag in DATE_LINE_TAGS):
                continue
            text = norm(node.text())
            if not text or len(text) > MAX_DATE_LINE:
                continue
            if is_time or (is_dated and re.search(r"\d", text)):
                return text, node
            if DATE_LINE_RE.match(text) and HAS_DATE_RE.search(text):
                return text, node
    return None, None


def date_line_of(node: LexborNode, main: LexborNode) -> LexborNode | None:
    """The short block a date sits in ("Publicado el <time>..."), so it can leave the body.

    None when the date is part of a sentence: the paragraph must stay whole.
    """
    line = node
    while line.tag not in BLOCK_TAGS:
        parent = line.parent
        if parent is None or parent.mem_id == main.mem_id or parent.tag in ("body", "html"):
            break
        line = parent
    if len(norm(line.text())) > MAX_DATE_LINE or line.mem_id == main.mem_id:
        return None
    while line.parent is not None and line.parent.mem_id != main.mem_id:
        parent = line.parent
        if parent.tag in ("body", "html") or len(norm(parent.text())) > MAX_DATE_LINE:
            break
        line = parent
    return line
