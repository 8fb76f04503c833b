"""Text and element helpers every part of the reader shares."""

from __future__ import annotations

import html as htmllib
import re

from selectolax.lexbor import LexborNode


WS_RE = re.compile(r"\s+")
INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
ENTITY_RE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def norm(text: str | None) -> str:
    """Collapse whitespace (including no-break spaces) and drop invisible characters."""
    if not text:
        return ""
    return WS_RE.sub(" ", INVISIBLE_RE.sub("", text)).strip()


def norm_meta(text: str | None) -> str:
    """Like norm, but also undoes the double escaping some CMSs put in metadata."""
    text = norm(text)
    if ENTITY_RE.search(text):
        text = norm(htmllib.unescape(text))
    return text


def loose_key(text: str) -> str:
    """Loose comparison key, so "Título." and "título" count as the same."""
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def attr_of(node: LexborNode, name: str) -> str:
    return node.attributes.get(name) or ""


def class_id(node: LexborNode) -> str:
    return f"{attr_of(node, 'class')} {attr_of(node, 'id')}".lower()


def is_hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def contains(ancestor: LexborNode, node: LexborNode | None) -> bool:
    while node is not None:
        if node.mem_id == ancestor.mem_id:
            return True
        node = node.parent
    return False


def inside(node: LexborNode, tags: set[str], roles: set[str] = frozenset()) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags or attr_of(parent, "role").lower() in roles:
            return True
        parent = parent.parent
    return False


def p_text_len(node: LexborNode) -> int:
    return sum(len(norm(p.text())) for p in node.css("p"))


def text_len(node: LexborNode) -> int:
    return len(norm(node.text(separator=" ")))


def depth_of(node: LexborNode) -> int:
    depth = 0
    while node.parent is not None:
        node = node.parent
        depth += 1
    return depth
