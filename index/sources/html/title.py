"""The release's title and the site's name: og:title, the right h1, or <title> without its suffix."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .boilerplate import BOILERPLATE_ROLES
from .nodes import attr_of, class_id, inside, is_hidden, loose_key, norm


def choose_title_h1(tree: LexborHTMLParser, og_title: str, site_name: str) -> LexborNode | None:
    """The h1 that titles the release, not the logo or a sidebar widget heading."""
    candidates = [
        h1
        for h1 in tree.css("h1")
        if norm(h1.text())
        and not inside(h1, {"nav", "footer", "aside"}, BOILERPLATE_ROLES - {"banner"})
        and not is_hidden(h1)
        and not is_logo(h1)
    ]
    if not candidates:
        return None
    if og_title:
        wanted = loose_key(og_title)
        for h1 in candidates:
            have = loose_key(norm(h1.text()))
            if have and (have == wanted or have.startswith(wanted) or wanted.startswith(have)):
                return h1
    in_content = [h1 for h1 in candidates if inside(h1, {"article", "main"}, {"main"})]
    if in_content:
        return in_content[0]
    site = loose_key(site_name) if site_name else None
    # Logos are usually an h1 wrapping a home link or the site name.
    plain = [
        h1
        for h1 in candidates
        if not (h1.css_first("a") and norm(h1.css_first("a").text()) == norm(h1.text()))
        and loose_key(norm(h1.text())) != site
    ]
    return (plain or candidates)[0]


LOGO_RE = re.compile(r"logo|brand|marca|site-?title|site-?name|site-?branding|escudo")


def is_logo(h1: LexborNode) -> bool:
    """An h1 holding the site's name or logo rather than a release title."""
    node: LexborNode | None = h1
    for _ in range(3):
        if node is None:
            break
        if LOGO_RE.search(class_id(node)):
            return True
        node = node.parent
    return any(attr_of(a, "href").strip() in ("/", "./", "index.html", "#") for a in h1.css("a"))


TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " « ", " » ")


def strip_site_suffix(title: str, site_name: str, *, always: bool) -> str:
    """Remove " | Site name" from a title; with always=False only when it names the site."""
    site = loose_key(site_name) if site_name else ""
    for sep in TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if site and (loose_key(tail) == site or site in loose_key(tail) or loose_key(tail) in site):
            return head.strip()
        front, _, rest = title.partition(sep)
        if site and loose_key(front) == site:
            return rest.strip()
        if always and head.strip():
            return head.strip()
    return title


def page_title(
    tree: LexborHTMLParser, metas: dict[str, str], site_name: str, h1: LexborNode | None
) -> str:
    og = metas.get("og:title", "")
    heading = norm(h1.text()) if h1 is not None else ""
    if og and loose_key(og) != loose_key(site_name or "\0"):
        title = strip_site_suffix(og, site_name, always=False)
        # og:title = "Title | Site" with no og:site_name: the heading shows where the title ends.
        if heading and loose_key(title) != loose_key(heading) and title_and_site(title, heading):
            return heading
        return title
    if heading:
        return heading
    tag = tree.css_first("title")
    if tag is not None:
        return strip_site_suffix(norm(tag.text()), site_name, always=True)
    return ""


def title_and_site(text: str, title: str) -> str | None:
    """The site name in "Title | Site" (or "Site | Title"), when the rest is exactly the title."""
    wanted = loose_key(title)
    for sep in TITLE_SEPARATORS:
        parts = [part.strip() for part in text.split(sep)]
        if len(parts) < 2:
            continue
        if loose_key(parts[0]) == wanted and parts[-1]:
            return parts[-1]
        if loose_key(parts[-1]) == wanted and parts[0]:
            return parts[0]
    return None


def source_from_title_tag(tree: LexborHTMLParser, title: str) -> str | None:
    """The issuing body named after the release title in <title>, as most CMSs write it."""
    tag = tree.css_first("title")
    if tag is None or not title:
        return None
    return title_and_site(norm(tag.text()), title)
