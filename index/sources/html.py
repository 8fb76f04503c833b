"""Reader for saved HTML pages of press releases.

Government sites wrap each release in menus, breadcrumbs, share buttons,
related-news sidebars and footers. This reader keeps only what a person
would call "the release": its title, its publication date, its text, and
where it came from. Everything else would pollute search results.

Uses selectolax's lexbor backend: ``selectolax.parser`` (the old Modest
backend) raises ImportError since selectolax 1.0.
"""

from __future__ import annotations

import codecs
import html as htmllib
import json
import pathlib
import re
from collections.abc import Iterable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .records import read_bytes

# --- Decoding ---------------------------------------------------------------

_CHARSET_RE = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
# Per the WHATWG encoding standard browsers read these labels as windows-1252;
# Python's latin-1 would turn curly quotes and dashes into control characters.
_CP1252_ALIASES = {"latin_1", "iso8859_1", "ascii", "cp1252"}
# More unreadable characters than this means the bytes are not text at all.
_MAX_GARBAGE_RATIO = 0.01
_GARBAGE_RE = re.compile("[\ufffd\x01-\x08\x0b\x0e-\x1f]")


def _decode(raw: bytes, path: pathlib.Path) -> str:
    """Bytes to text: UTF-8, else the declared charset, else windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _check_text(raw.decode("utf-16"), path)
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: no se pudo decodificar el archivo UTF-16 (byte {exc.start}); "
                             "guárdelo en UTF-8") from exc
    try:
        return _check_text(raw.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    head = raw[:4096]
    match = _CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if match:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name.replace("-", "_")
        except LookupError:
            codec = None
        if codec and codec not in _CP1252_ALIASES and codec != "utf_8":
            try:
                return _check_text(raw.decode(codec), path)
            except UnicodeDecodeError:
                pass
    # cp1252 leaves five bytes undefined; a stray one should not lose the page.
    return _check_text(raw.decode("cp1252", errors="replace"), path)


def _check_text(text: str, path: pathlib.Path) -> str:
    """Reject binary files that happened to decode (PDFs or images saved as .html)."""
    if "\x00" in text:
        raise ValueError(f"{path}: no se pudo decodificar el archivo (parece binario, no HTML)")
    garbage = len(_GARBAGE_RE.findall(text))
    if text and garbage / len(text) > _MAX_GARBAGE_RATIO:
        raise ValueError(
            f"{path}: no se pudo decodificar el archivo (codificación desconocida o archivo binario)"
        )
    return text


# --- Text helpers -----------------------------------------------------------

_WS_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ENTITY_RE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def _norm(text: str | None) -> str:
    """Collapse whitespace (including no-break spaces) and drop invisible characters."""
    if not text:
        return ""
    return _WS_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip()


def _norm_meta(text: str | None) -> str:
    """Like _norm, but also undoes the double escaping some CMSs put in metadata."""
    text = _norm(text)
    if _ENTITY_RE.search(text):
        text = _norm(htmllib.unescape(text))
    return text


def _key(text: str) -> str:
    """Loose comparison key, so "Título." and "título" count as the same."""
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _attr(node: LexborNode, name: str) -> str:
    return node.attributes.get(name) or ""


# --- Metadata ---------------------------------------------------------------

_PUBLISHED_META = ("article:published_time",)
_DATE_META = (
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


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """First non-empty content of each meta key (property, name or itemprop), lower-cased.

    Meta tags inside the page body are microdata of whatever block holds them
    (often a related-news card), so they are left to the scoped date search.
    """
    metas: dict[str, str] = {}
    head = tree.head
    if head is None:
        return metas
    for meta in head.css("meta"):
        content = _norm_meta(meta.attributes.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.attributes.get(attr) or "").strip().lower()
            if key:
                metas.setdefault(key, content)
    return metas


_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "report",
    "pressrelease",
}


def _json_ld_objects(tree: LexborHTMLParser) -> list[dict]:
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
        if "ld+json" not in _attr(script, "type").lower():
            continue
        raw = (script.text() or "").strip()
        raw = re.sub(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", "", raw)
        try:
            walk(json.loads(raw, strict=False))
        except ValueError:
            continue  # Broken JSON-LD is common; the rest of the page is still usable.
    return found


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _json_ld_date(objects: list[dict]) -> str | None:
    """datePublished, preferring the article's over a WebPage's or a nested item's."""
    ranked = sorted(objects, key=lambda o: 0 if _types(o) & _ARTICLE_TYPES else 1)
    for obj in ranked:
        value = obj.get("datePublished")
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _json_ld_publisher(objects: list[dict]) -> str | None:
    """The publisher's name, following {"@id": ...} references inside an @graph."""
    # Only full nodes: bare {"@id": ...} references must not shadow what they point to.
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 1}
    ranked = sorted(objects, key=lambda o: 0 if _types(o) & _ARTICLE_TYPES else 1)
    for obj in ranked:
        publisher = obj.get("publisher")
        if isinstance(publisher, list):
            publisher = publisher[0] if publisher else None
        if isinstance(publisher, str) and publisher.strip():
            return _norm_meta(publisher)
        if isinstance(publisher, dict):
            if not publisher.get("name") and isinstance(publisher.get("@id"), str):
                publisher = by_id.get(publisher["@id"], publisher)
            name = publisher.get("name")
            if isinstance(name, str) and name.strip():
                return _norm_meta(name)
    return None


def _canonical_url(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    for link in tree.css("link"):
        rels = _attr(link, "rel").lower().split()
        href = _attr(link, "href").strip()
        if "canonical" in rels and href:
            return href
    return metas.get("og:url") or None


# --- Boilerplate ------------------------------------------------------------

# Never content, wherever they appear.
_JUNK_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed",
    "svg", "canvas", "button", "select", "input", "textarea", "dialog",
)
_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_NOISE_RE = re.compile(
    r"share|sharing|social|compartir|related|relacionad|breadcrumb|migas|menu|sidebar"
    r"|comment|comentario|tags|etiquetas|newsletter|suscrib|subscribe|cookie"
    r"|skip|imprimir|print|pagination|paginacion|pager"
    r"|sr-only|visually-?hidden|screen-reader|element-invisible"
    r"|(?:otras|ultimas|últimas|mas|más)[-_ ]?noticias"
)


def _class_id(node: LexborNode) -> str:
    return f"{_attr(node, 'class')} {_attr(node, 'id')}".lower()


def _is_noise_named(node: LexborNode) -> bool:
    return bool(_NOISE_RE.search(_class_id(node)))


def _is_hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _contains(ancestor: LexborNode, node: LexborNode | None) -> bool:
    while node is not None:
        if node.mem_id == ancestor.mem_id:
            return True
        node = node.parent
    return False


def _inside(node: LexborNode, tags: set[str], roles: set[str] = frozenset()) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags or _attr(parent, "role").lower() in roles:
            return True
        parent = parent.parent
    return False


def _p_text_len(node: LexborNode) -> int:
    return sum(len(_norm(p.text())) for p in node.css("p"))


class _Pruner:
    """Removes boilerplate, but never a container that holds the release itself.

    Class names are a hint, not proof: a wrapper like ``layout-with-sidebar``
    or an ASP.NET page-wide ``<form>`` may hold the whole release.
    """

    def __init__(self, body: LexborNode, title_h1: LexborNode | None):
        self.title_h1 = title_h1
        self.total_p_text = _p_text_len(body)
        self.landmark = _release_landmark(body, title_h1)

    def holds_landmark(self, node: LexborNode) -> bool:
        """Whether the node wraps the release's title or its marked-up container."""
        if self.title_h1 is not None and _contains(node, self.title_h1):
            return True
        return self.landmark is not None and _contains(node, self.landmark)

    def holds_release(self, node: LexborNode) -> bool:
        if self.holds_landmark(node):
            return True
        return self.total_p_text > 0 and _p_text_len(node) >= 0.6 * self.total_p_text

    def is_boilerplate(self, node: LexborNode) -> bool:
        tag = node.tag
        if tag in ("html", "body"):
            return False
        if _is_hidden(node):
            return True
        role = _attr(node, "role").lower()
        if tag == "header":
            # A header inside the article holds its title and date; the page header is a banner.
            if _inside(node, {"article", "main"}, {"main"}):
                return False
            if self.title_h1 is not None and _contains(node, self.title_h1) and node.css_first("nav") is None:
                return False
            return not (self.landmark is not None and _contains(node, self.landmark))
        if tag in ("nav", "footer", "aside", "menu") or role in _BOILERPLATE_ROLES:
            # An <aside> full of <article> cards is still an aside.
            return not self.holds_landmark(node)
        if tag == "form" or _is_noise_named(node):
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


def _release_landmark(body: LexborNode, title_h1: LexborNode | None) -> LexborNode | None:
    """The element the page marks up as its main content, if it says so unambiguously."""

    def outside_chrome(node: LexborNode) -> bool:
        return not _inside(node, {"aside", "nav", "footer"}, {"complementary", "navigation"})

    articles = [a for a in body.css("article") if outside_chrome(a) and not _inside(a, {"article"})]
    if title_h1 is not None:
        for article in articles:
            if _contains(article, title_h1):
                return article
    for selector in ("[itemprop=articleBody]", "main, [role=main]"):
        found = [n for n in body.css(selector) if outside_chrome(n)]
        if len(found) == 1:
            return found[0]
    return articles[0] if len(articles) == 1 else None


def _prune_link_lists(main: LexborNode, title_h1: LexborNode | None) -> None:
    """Drop unlabelled lists of headlines (a related-news block without a telltale class)."""
    doomed: list[LexborNode] = []
    doomed_ids: set[int] = set()
    for node in main.css("ul, ol, div, section, table"):
        if _has_ancestor_in(node, doomed_ids):
            continue
        if title_h1 is not None and _contains(node, title_h1):
            continue
        links = node.css("a")
        if len(links) < 3 or _unlinked_p_text(node) > 80:
            continue
        text = len(_norm(node.text()))
        link_text = sum(len(_norm(a.text())) for a in links)
        if text and link_text / text >= 0.7:
            doomed.append(node)
            doomed_ids.add(node.mem_id)
    for node in doomed:
        node.decompose()


def _has_ancestor_in(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _unlinked_p_text(node: LexborNode) -> int:
    total = 0
    for p in node.css("p"):
        text = len(_norm(p.text()))
        total += text - sum(len(_norm(a.text())) for a in p.css("a"))
    return total


# --- Title ------------------------------------------------------------------


def _choose_title_h1(tree: LexborHTMLParser, og_title: str, site_name: str) -> LexborNode | None:
    """The h1 that titles the release, not the logo or a sidebar widget heading."""
    candidates = [
        h1
        for h1 in tree.css("h1")
        if _norm(h1.text())
        and not _inside(h1, {"nav", "footer", "aside"}, _BOILERPLATE_ROLES - {"banner"})
        and not _is_hidden(h1)
        and not _is_logo(h1)
    ]
    if not candidates:
        return None
    if og_title:
        wanted = _key(og_title)
        for h1 in candidates:
            have = _key(_norm(h1.text()))
            if have and (have == wanted or have.startswith(wanted) or wanted.startswith(have)):
                return h1
    in_content = [h1 for h1 in candidates if _inside(h1, {"article", "main"}, {"main"})]
    if in_content:
        return in_content[0]
    site = _key(site_name) if site_name else None
    # Logos are usually an h1 wrapping a home link or the site name.
    plain = [
        h1
        for h1 in candidates
        if not (h1.css_first("a") and _norm(h1.css_first("a").text()) == _norm(h1.text()))
        and _key(_norm(h1.text())) != site
    ]
    return (plain or candidates)[0]


_LOGO_RE = re.compile(r"logo|brand|marca|site-?title|site-?name|site-?branding|escudo")


def _is_logo(h1: LexborNode) -> bool:
    """An h1 holding the site's name or logo rather than a release title."""
    node: LexborNode | None = h1
    for _ in range(3):
        if node is None:
            break
        if _LOGO_RE.search(_class_id(node)):
            return True
        node = node.parent
    return any(_attr(a, "href").strip() in ("/", "./", "index.html", "#") for a in h1.css("a"))


_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " « ", " » ")


def _strip_site_suffix(title: str, site_name: str, *, always: bool) -> str:
    """Remove " | Site name" from a title; with always=False only when it names the site."""
    site = _key(site_name) if site_name else ""
    for sep in _TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if site and (_key(tail) == site or site in _key(tail) or _key(tail) in site):
            return head.strip()
        front, _, rest = title.partition(sep)
        if site and _key(front) == site:
            return rest.strip()
        if always and head.strip():
            return head.strip()
    return title


def _title(
    tree: LexborHTMLParser, metas: dict[str, str], site_name: str, h1: LexborNode | None
) -> str:
    og = metas.get("og:title", "")
    heading = _norm(h1.text()) if h1 is not None else ""
    if og and _key(og) != _key(site_name or "\0"):
        title = _strip_site_suffix(og, site_name, always=False)
        # og:title = "Title | Site" with no og:site_name: the heading shows where the title ends.
        if heading and _key(title) != _key(heading) and _title_and_site(title, heading):
            return heading
        return title
    if heading:
        return heading
    tag = tree.css_first("title")
    if tag is not None:
        return _strip_site_suffix(_norm(tag.text()), site_name, always=True)
    return ""


def _title_and_site(text: str, title: str) -> str | None:
    """The site name in "Title | Site" (or "Site | Title"), when the rest is exactly the title."""
    wanted = _key(title)
    for sep in _TITLE_SEPARATORS:
        parts = [part.strip() for part in text.split(sep)]
        if len(parts) < 2:
            continue
        if _key(parts[0]) == wanted and parts[-1]:
            return parts[-1]
        if _key(parts[-1]) == wanted and parts[0]:
            return parts[0]
    return None


def _source_from_title_tag(tree: LexborHTMLParser, title: str) -> str | None:
    """The issuing body named after the release title in <title>, as most CMSs write it."""
    tag = tree.css_first("title")
    if tag is None or not title:
        return None
    return _title_and_site(_norm(tag.text()), title)


# --- Main content -----------------------------------------------------------

_CONTENT_NAME_RE = re.compile(
    r"content|entry|post|nota|comunicado|cuerpo|texto|noticia|article|articulo|story|body|detalle"
)
_MIN_ACCEPTED_TEXT = 300


def _text_len(node: LexborNode) -> int:
    return len(_norm(node.text(separator=" ")))


def _best(nodes: list[LexborNode], title_h1: LexborNode | None) -> LexborNode | None:
    """Among rival containers, the one with the title, else the one with most text."""
    if not nodes:
        return None
    if title_h1 is not None:
        holding = [n for n in nodes if _contains(n, title_h1)]
        if holding:
            # The innermost container that still has the title.
            return max(holding, key=lambda n: _depth(n))
    return max(nodes, key=_text_len)


def _depth(node: LexborNode) -> int:
    depth = 0
    while node.parent is not None:
        node = node.parent
        depth += 1
    return depth


def _by_density(body: LexborNode) -> LexborNode | None:
    """The block whose paragraphs carry the most text, readability style."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    blocks = body.css("p, pre, blockquote")
    if not blocks:
        # Old pages: text in divs or table cells separated by <br>.
        blocks = [n for n in body.css("div, td") if _direct_text_len(n) >= 80]
        weights = [(n, _direct_text_len(n)) for n in blocks]
        for node, weight in weights:
            scores[node.mem_id] = scores.get(node.mem_id, 0) + weight
            nodes[node.mem_id] = node
    else:
        for block in blocks:
            length = len(_norm(block.text()))
            if length < 25:
                continue
            links = sum(len(_norm(a.text())) for a in block.css("a"))
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


def _direct_text_len(node: LexborNode) -> int:
    return sum(
        len(_norm(child.text_content)) for child in node.iter(include_text=True) if child.is_text_node
    )


def _find_main(body: LexborNode, title_h1: LexborNode | None) -> LexborNode:
    total = _p_text_len(body) or _text_len(body)

    def accepted(node: LexborNode | None) -> bool:
        if node is None:
            return False
        size = _p_text_len(node) or _text_len(node)
        return size >= _MIN_ACCEPTED_TEXT or size >= 0.5 * total

    articles = [a for a in body.css("article") if not _inside(a, {"article"})]
    main = _best(articles, title_h1)
    if accepted(main):
        return main
    main = _best(body.css("main, [role=main]"), title_h1)
    if accepted(main):
        return main
    main = _best(body.css("[itemprop=articleBody]"), title_h1)
    if accepted(main):
        return main
    named = [
        n
        for n in body.css("div, section, td, article, main")
        if _CONTENT_NAME_RE.search(_class_id(n)) and not _is_noise_named(n)
    ]
    if named:
        sizes = {n.mem_id: _p_text_len(n) or _text_len(n) for n in named}
        top = max(sizes.values())
        if top:
            # The innermost candidate that still holds nearly all the text.
            good = [n for n in named if sizes[n.mem_id] >= 0.85 * top]
            main = max(good, key=_depth)
            if accepted(main):
                return main
    return _by_density(body) or body


# --- Dates ------------------------------------------------------------------

# "post-date", "fecha_noticia", "newsDate", but not "updated" or "candidate".
_DATE_CLASS_RE = re.compile(r"(?:^|[^a-z])(?:date|fecha)|pubdate|published")
_DATE_CAMEL_RE = re.compile(r"[a-z](?:Date|Fecha)")
_DATE_LINE_RE = re.compile(r"^\s*(publicado|fecha\s*:|fecha de publicaci)", re.IGNORECASE)
# "Publicado el decreto 12" is a sentence; "Publicado el 3 de marzo" is a date line.
_HAS_DATE_RE = re.compile(
    r"\d{1,2}\s+de\s+\w{3,}"  # 3 de marzo
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"  # 03/03/2024
    r"|\d{4}-\d{2}-\d{2}"  # 2024-03-03
    r"|\b[a-z]{3,}\.?\s+\d{1,2},?\s+\d{4}"  # marzo 3, 2024
    r"|\d{1,2}\s+[a-z]{3,}\.?\s+\d{4}",  # 3 mar. 2024
    re.IGNORECASE,
)
_MAX_DATE_LINE = 100


def _date_scopes(main: LexborNode, title_h1: LexborNode | None) -> list[LexborNode]:
    """Where the release's own date can be: its content, then the block around its title."""
    scopes = [main]
    node = title_h1
    for _ in range(2):
        if node is None or node.parent is None:
            break
        node = node.parent
        if node.tag in ("body", "html") or _contains(node, main):
            break
        scopes.append(node)
    return scopes


def _machine_date(scopes: list[LexborNode]) -> tuple[str | None, LexborNode | None]:
    for scope in scopes:
        for node in scope.css("[itemprop=datePublished]"):
            value = _attr(node, "datetime").strip() or _attr(node, "content").strip()
            if value:
                return value, node
        times = [t for t in scope.css("time") if _attr(t, "datetime").strip()]
        # An "updated" stamp is not the publication date.
        times.sort(key=lambda t: 1 if re.search(r"updat|modif|actualiz", _class_id(t)) else 0)
        if times:
            return _attr(times[0], "datetime").strip(), times[0]
    return None, None


_DATE_LINE_TAGS = {"p", "div", "span", "small", "em", "strong", "li", "dd", "h4", "h5", "h6"}


def _date_text(scopes: list[LexborNode]) -> tuple[str | None, LexborNode | None]:
    """The first visible date-looking element, in reading order (the release's own comes first)."""
    for scope in scopes:
        for node in scope.css("*"):
            tag = node.tag
            names = f"{_attr(node, 'class')} {_attr(node, 'id')} {_attr(node, 'itemprop')}"
            is_time = tag == "time"
            is_dated = bool(_DATE_CLASS_RE.search(names.lower()) or _DATE_CAMEL_RE.search(names))
            if not (is_time or is_dated or tag in _DATE_LINE_TAGS):
                continue
            text = _norm(node.text())
            if not text or len(text) > _MAX_DATE_LINE:
                continue
            if is_time or (is_dated and re.search(r"\d", text)):
                return text, node
            if _DATE_LINE_RE.match(text) and _HAS_DATE_RE.search(text):
                return text, node
    return None, None


def _date_line(node: LexborNode, main: LexborNode) -> LexborNode | None:
    """The short block a date sits in ("Publicado el <time>..."), so it can leave the body.

    None when the date is part of a sentence: the paragraph must stay whole.
    """
    line = node
    while line.tag not in _BLOCK_TAGS:
        parent = line.parent
        if parent is None or parent.mem_id == main.mem_id or parent.tag in ("body", "html"):
            break
        line = parent
    if len(_norm(line.text())) > _MAX_DATE_LINE or line.mem_id == main.mem_id:
        return None
    while line.parent is not None and line.parent.mem_id != main.mem_id:
        parent = line.parent
        if parent.tag in ("body", "html") or len(_norm(parent.text())) > _MAX_DATE_LINE:
            break
        line = parent
    return line


# --- Body text --------------------------------------------------------------

_BLOCK_TAGS = {
    "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
    "tr", "ul",
}
_CELL_TAGS = {"td", "th"}


class _TextCollector:
    """Turns a subtree into paragraphs: one per block element, list item or heading."""

    def __init__(self, skip: set[int]):
        self.skip = skip
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.pending_breaks = 0

    def flush(self) -> None:
        text = _norm("".join(self.buffer))
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
            if tag in _BLOCK_TAGS:
                self.flush()
                children.append("flush")
            elif tag in _CELL_TAGS:
                children = ["space", *children, "space"]
            stack.extend(reversed(children))


def _body_paragraphs(main: LexborNode, skip: Iterable[LexborNode | None], title: str) -> list[str]:
    collector = _TextCollector({n.mem_id for n in skip if n is not None})
    collector.walk(main)
    collector.flush()
    paragraphs = collector.paragraphs
    title_key = _key(title) if title else None
    # The title often reappears as the first line of the content (a second h1 or a bold line).
    while paragraphs and title_key and _key(paragraphs[0]) == title_key:
        paragraphs.pop(0)
    return paragraphs


# --- Entry point ------------------------------------------------------------


def read(path: pathlib.Path) -> Iterator[dict]:
    """Yield the release held in one saved HTML page.

    Raises ValueError (naming the file) when the page cannot be decoded or
    holds neither a title nor any text, so the indexer can report it and go on.
    """
    path = pathlib.Path(path)
    yield parse(_decode(read_bytes(path), path), path)


def parse(text: str, path: pathlib.Path | str) -> dict:
    """The release in one page's decoded HTML; ``path`` (a file or a URL) names it in errors.

    Shared by saved files and pages fetched from sites, so both are extracted alike.
    """
    # scripting=True keeps <noscript> content inert, as in a browser, so a
    # tracking pixel in <head> does not push the metadata into <body>.
    tree = LexborHTMLParser(text, scripting=True)

    metas = _meta_tags(tree)
    ld_objects = _json_ld_objects(tree)
    url = _canonical_url(tree, metas)
    source = metas.get("og:site_name") or _json_ld_publisher(ld_objects) or None

    date = next((metas[k] for k in _PUBLISHED_META + _DATE_META if metas.get(k)), None)
    if date is None:
        date = _json_ld_date(ld_objects)

    tree.strip_tags(list(_JUNK_TAGS), recursive=True)
    body = tree.body
    title_h1 = _choose_title_h1(tree, metas.get("og:title", ""), source or "") if body else None
    title = _title(tree, metas, source or "", title_h1)
    if source is None and (metas.get("og:title") or title_h1 is not None):
        # Only when the title came from elsewhere: then <title> = title + site is a real match.
        source = _source_from_title_tag(tree, title)

    paragraphs: list[str] = []
    date_text: str | None = None
    if body is not None:
        _Pruner(body, title_h1).prune(body)
        main = _find_main(body, title_h1)
        _prune_link_lists(main, title_h1)
        scopes = _date_scopes(main, title_h1)

        skip: list[LexborNode | None] = []
        if title_h1 is not None:
            skip.append(title_h1)
        if date is None:
            date, date_node = _machine_date(scopes)
        else:
            _, date_node = _machine_date([main])
        if date is None:
            date_text, date_node = _date_text(scopes)
        else:
            # A visible date line duplicates the date; keep it out of the text.
            _, text_node = _date_text([main])
            if text_node is not None:
                skip.append(_date_line(text_node, main))
        if date_node is not None and _contains(main, date_node):
            skip.append(_date_line(date_node, main))
        paragraphs = _body_paragraphs(main, skip, title)

    body_text = "\n\n".join(paragraphs)
    # Like the other readers: a release needs both, or there is nothing to search.
    if not title or not body_text:
        missing = " ni ".join(w for w, v in (("título", title), ("texto", body_text)) if not v)
        raise ValueError(f"{path}: la página no tiene {missing}")
    return {
        "title": title,
        "date": date,
        "modified": metas.get("article:modified_time") or metas.get("og:updated_time"),
        "date_text": date_text,
        "body": body_text,
        "url": url,
        "source": source,
        "path": str(path),
    }
