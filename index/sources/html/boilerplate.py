"""Menus, banners, share buttons and related-news blocks, and how they are removed.

Class names are a hint, not proof: nothing that holds the release itself is removed.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from .nodes import attr_of, class_id, contains, inside, is_hidden, norm, p_text_len


# Never content, wherever they appear.
JUNK_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed",
    "svg", "canvas", "button", "select", "input", "textarea", "dialog",
)
BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
NOISE_RE = re.compile(
    r"share|sharing|social|compartir|related|relacionad|breadcrumb|migas|menu|sidebar"
    r"|comment|comentario|tags|etiquetas|newsletter|suscrib|subscribe|cookie"
    r"|skip|imprimir|print|pagination|paginacion|pager"
    r"|sr-only|visually-?hidden|screen-reader|element-invisible"
    r"|(?:otras|ultimas|últimas|mas|más)[-_ ]?noticias"
)


def is_noise_named(node: LexborNode) -> bool:
    return bool(NOISE_RE.search(class_id(node)))


class Pruner:
    """Removes boilerplate, but never a container that holds the release itself.

    Class names are a hint, not proof: a wrapper like ``layout-with-sidebar``
    or an ASP.NET page-wide ``<form>`` may hold the whole release.
    """

    def __init__(self, body: LexborNode, title_h1: LexborNode | None):
        self.title_h1 = title_h1
        self.total_p_text = p_text_len(body)
        self.landmark = release_landmark(body, title_h1)

    def holds_landmark(self, node: LexborNode) -> bool:
        """Whether the node wraps the release's title or its marked-up container."""
        if self.title_h1 is not None and contains(node, self.title_h1):
            return True
        return self.landmark is not None and contains(node, self.landmark)

    def holds_release(self, node: LexborNode) -> bool:
        if self.holds_landmark(node):
            return True
        return self.total_p_text > 0 and p_text_len(node) >= 0.6 * self.total_p_text

    def is_boilerplate(self, node: LexborNode) -> bool:
        tag = node.tag
        if tag in ("html", "body"):
            return False
        if is_hidden(node):
            return True
        role = attr_of(node, "role").lower()
        if tag == "header":
            # A header inside the article holds its title and date; the page header is a banner.
            if inside(node, {"article", "main"}, {"main"}):
                return False
            if self.title_h1 is not None and contains(node, self.title_h1) and node.css_first("nav") is None:
                return False
            return not (self.landmark is not None and contains(node, self.landmark))
        if tag in ("nav", "footer", "aside", "menu") or role in BOILERPLATE_ROLES:
            # An <aside> full of <article> cards is still an aside.
            return not self.holds_landmark(node)
        if tag == "form" or is_noise_named(node):
            return not self.holds_release(node)
        return False

    def prune(self, root: LexborNode) -> None:
        doomed: list[LexborNode] = []
        stack = list(root.iter())
        stack.reverse()
        while stack:
            node = stack.pop()
            if self.is_boilerplate(node):
                doomed.append(node)
                continue  # Its descendants go with it.
            children = list(node.iter())
            children.reverse()
            stack.extend(children)
        for node in doomed:
            node.decompose()


def release_landmark(body: LexborNode, title_h1: LexborNode | None) -> LexborNode | None:
    """The element the page marks up as its main content, if it says so unambiguously."""

    def outside_chrome(node: LexborNode) -> bool:
        return not inside(node, {"aside", "nav", "footer"}, {"complementary", "navigation"})

    articles = [a for a in body.css("article") if outside_chrome(a) and not inside(a, {"article"})]
    if title_h1 is not None:
        for article in articles:
            if contains(article, title_h1):
                return article
    for selector in ("[itemprop=articleBody]", "main, [role=main]"):
        found = [n for n in body.css(selector) if outside_chrome(n)]
        if len(found) == 1:
            return found[0]
    return articles[0] if len(articles) == 1 else None


def prune_link_lists(main: LexborNode, title_h1: LexborNode | None) -> None:
    """Drop unlabelled lists of headlines (a related-news block without a telltale class)."""
    doomed: list[LexborNode] = []
    doomed_ids: set[int] = set()
    for node in main.css("ul, ol, div, section, table"):
        if has_ancestor_in(node, doomed_ids):
            continue
        if title_h1 is not None and contains(node, title_h1):
            continue
        links = node.css("a")
        if len(links) < 3 or unlinked_p_text(node) > 80:
            continue
        text = len(norm(node.text()))
        link_text = sum(len(norm(a.text())) for a in links)
        if text and link_text / text >= 0.7:
            doomed.append(node)
            doomed_ids.add(node.mem_id)
    for node in doomed:
        node.decompose()


def has_ancestor_in(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def unlinked_p_text(node: LexborNode) -> int:
    total = 0
    for p in node.css("p"):
        text = len(norm(p.text()))
        total += text - sum(len(norm(a.text())) for a in p.css("a"))
    return total
