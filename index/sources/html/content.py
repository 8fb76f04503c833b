"""Which element holds the release: marked-up containers first, then names, then text density."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from .boilerplate import is_noise_named
from .nodes import class_id, contains, depth_of, inside, norm, p_text_len, text_len


CONTENT_NAME_RE = re.compile(
    r"content|entry|post|nota|comunicado|cuerpo|texto|noticia|article|articulo|story|body|detalle"
)
MIN_ACCEPTED_TEXT = 300


def best_container(nodes: list[LexborNode], title_h1: LexborNode | None) -> LexborNode | None:
    """Among rival containers, the one with the title, else the one with most text."""
    if not nodes:
        return None
    if title_h1 is not None:
        holding = [n for n in nodes if contains(n, title_h1)]
        if holding:
            # The innermost container that still has the title.
            return max(holding, key=lambda n: depth_of(n))
    return max(nodes, key=text_len)


def by_density(body: LexborNode) -> LexborNode | None:
    """The block whose paragraphs carry the most text, readability style."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    blocks = body.css("p, pre, blockquote")
    if not blocks:
        # Old pages: text in divs or table cells separated by <br>.
        blocks = [n for n in body.css("div, td") if direct_text_len(n) >= 80]
        weights = [(n, direct_text_len(n)) for n in blocks]
        for node, weight in weights:
            scores[node.mem_id] = scores.get(node.mem_id, 0) + weight
            nodes[node.mem_id] = node
    else:
        for block in blocks:
            length = len(norm(block.text()))
            if length < 25:
                continue
            links = sum(len(norm(a.text())) for a in block.css("a"))
            weight = length * (1 - links / length)
            parent = block.parent
            for share in (1.0, 0.5):
                if parent is None or parent.tag in ("html", "-document"):
                    break
                scores[parent.mem_id] = scores.get(parent.mem_id, 0) + weight * share
                nodes[parent.mem_id] = parent
                parent = parent.parent
    if not scores:
        return None
    return nodes[max(scores, key=lambda k: scores[k])]


def direct_text_len(node: LexborNode) -> int:
    return sum(
        len(norm(child.text_content)) for child in node.iter(include_text=True) if child.is_text_node
    )


def find_main(body: LexborNode, title_h1: LexborNode | None) -> LexborNode:
    total = p_text_len(body) or text_len(body)

    def accepted(node: LexborNode | None) -> bool:
        if node is None:
            return False
        size = p_text_len(node) or text_len(node)
        return size >= MIN_ACCEPTED_TEXT or size >= 0.5 * total

    articles = [a for a in body.css("article") if not inside(a, {"article"})]
    main = best_container(articles, title_h1)
    if accepted(main):
        return main
    main = best_container(body.css("main, [role=main]"), title_h1)
    if accepted(main):
        return main
    main = best_container(body.css("[itemprop=articleBody]"), title_h1)
    if accepted(main):
        return main
    named = [
        n
        for n in body.css("div, section, td, article, main")
        if CONTENT_NAME_RE.search(class_id(n)) and not is_noise_named(n)
    ]
    if named:
        sizes = {n.mem_id: p_text_len(n) or text_len(n) for n in named}
        top = max(sizes.values())
        if top:
            # The innermost candidate that still holds nearly all the text.
            good = [n for n in named if sizes[n.mem_id] >= 0.85 * top]
            main = max(good, key=depth_of)
            if accepted(main):
                return main
    return by_density(body) or body
