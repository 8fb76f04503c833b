"""Listing pages ("Sala de prensa", "Comunicados"): the links to releases, and the next page.

Links inside menus, headers, footers and sidebars are left out, as are
links to other sites and to sections, tags, authors, search and files; what
remains in the page's content, pointing deeper into the same site, is taken
for a release.
"""

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from search.analysis import fold

from ..fetch import site_of

# Parts of a page that hold navigation rather than the list itself.
_CHROME = "nav, header, footer, aside, form, [role=navigation], [role=banner], [role=contentinfo], [role=search]"
# Paths that are sections, archives or files, not releases.
_NOT_RELEASE = re.compile(
    r"/(?:categor(?:y|ia|ias)|tag|etiquetas?|author|autor|page|pagina|wp-content|wp-admin|wp-json|feed|"
    r"buscar|search|busqueda|login|contacto|transparencia)(?:/|$)"
    r"|\.(?:pdf|jpe?g|png|gif|svg|docx?|xlsx?|zip|mp[34])$",
    re.IGNORECASE,
)
# Texts of the link to the next (older) page of a listing, folded.
_NEXT_TEXTS = {"siguiente", "siguientes", "pagina siguiente", "mas antiguos", "mas antiguas", "anteriores",
               "entradas anteriores", "noticias anteriores", "next", "»", "›", ">"}


def _clean(url):
    return url.split("#", 1)[0]


def _looks_like_release(url, listing_url):
    """Same site, deeper than the listing's own folder, and neither a section nor a file."""
    if site_of(url) != site_of(listing_url):
        return False
    path = urlsplit(url).path.rstrip("/")
    listing_path = urlsplit(listing_url).path.rstrip("/")
    if not path or listing_path.startswith(path) or _NOT_RELEASE.search(urlsplit(url).path):
        return False
    # A release's own name: words joined by hyphens, or a numbered page.
    last = path.rsplit("/", 1)[-1]
    return last.count("-") >= 2 or bool(re.search(r"\d", path)) or bool(urlsplit(url).query)


def parse(text, url):
    """The release links of a listing page, in page order, and the URL of its next page (or None)."""
    tree = LexborHTMLParser(text)
    next_url = None
    for link in tree.css("link[rel=next], a[rel=next]"):
        if link.attributes.get("href"):
            next_url = urljoin(url, link.attributes["href"])
            break
    body = tree.body
    if body is None:
        return [], next_url
    if next_url is None:
        for anchor in body.css("a[href]"):
            text = fold(" ".join((anchor.text() or "").split()))
            if text in _NEXT_TEXTS or text.strip(" .»›>") in _NEXT_TEXTS:
                next_url = urljoin(url, anchor.attributes["href"])
                break
    for node in body.css(_CHROME):
        node.decompose()
    links = []
    for anchor in body.css("a[href]"):
        target = _clean(urljoin(url, anchor.attributes.get("href") or ""))
        if urlsplit(target).scheme in ("http", "https") and target not in links and _looks_like_release(target, url):
            links.append(target)
    if next_url and _clean(next_url) == _clean(url):
        next_url = None
    # The next page is more of the listing, not a release.
    return [link for link in links if link != next_url], next_url
