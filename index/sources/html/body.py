"""The release's text as paragraphs: one per block element, list item or heading."""

from __future__ import annotations

from collections.abc import Iterable

from selectolax.lexbor import LexborNode

from .nodes import loose_key, norm


BLOCK_TAGS = {
    "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
    "tr", "ul",
}
CELL_TAGS = {"td", "th"}


class TextCollector:
    """Turns a subtree into paragraphs: one per block element, list item or heading."""

    def __init__(self, skip: set[int]):
        self.skip = skip
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.pending_breaks = 0

    def flush(self) -> None:
        text = norm("".join(self.buffer))
        if text:
            self.paragraphs.append(text)
        self.buffer = []
        self.pending_breaks = 0

    def walk(self, root: LexborNode) -> None:
        # An explicit stack: tag soup with thousands of unclosed <font> would
        # exceed Python's recursion limit.
        stack: list[LexborNode | str] = list(reversed(list(root.iter(include_text=True))))
        while stack:
            item = stack.pop()
            if item == "flush":
                self.flush()
                continue
            if item == "space":
                self.buffer.append(" ")
                continue
            child = item
            if child.is_text_node:
                text = child.text_content or ""
                if text.strip():
                    self.pending_breaks = 0
                self.buffer.append(text)
                continue
            tag = child.tag
            if not tag or tag.startswith("-") or tag == "img" or child.mem_id in self.skip:
                continue
            if tag == "br":
                # One <br> is a line wrap; two in a row separate paragraphs on old pages.
                self.pending_breaks += 1
                if self.pending_breaks >= 2:
                    self.flush()
                else:
                    self.buffer.append(" ")
                continue
            children: list[LexborNode | str] = list(child.iter(include_text=True))
            if tag in BLOCK_TAGS:
                self.flush()
                children.append("flush")
            elif tag in CELL_TAGS:
                children = ["space", *children, "space"]
            stack.extend(reversed(children))


def body_paragraphs(main: LexborNode, skip: Iterable[LexborNode | None], title: str) -> list[str]:
    collector = TextCollector({n.mem_id for n in skip if n is not None})
    collector.walk(main)
    collector.flush()
    paragraphs = collector.paragraphs
    title_key = loose_key(title) if title else None
    # The title often reappears as the first line of the content (a second h1 or a bold line).
    while paragraphs and title_key and loose_key(paragraphs[0]) == title_key:
        paragraphs.pop(0)
    return paragraphs
