"""WordPress sites through their REST API (``/wp-json/wp/v2/posts``), the cleanest source there is.

The API gives every post with its full text, publication and modification
dates, link, and its categories and tags (asked for in the same request with
``_embed=wp:term``), which are kept as the site's own labels.
"""

import html as htmllib
import json
from urllib.parse import urlencode, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .fragment import record_from_fragment

# The link relation a WordPress page uses to announce its API.
API_REL = "https://api.w.org/"
# The API's own maximum page size.
PER_PAGE = 100


def api_root_in(text, base_url):
    """The API root a WordPress page announces, or None for a page that is not WordPress."""
    for link in LexborHTMLParser(text).css("link[rel]"):
        if (link.attributes.get("rel") or "").strip() == API_REL and link.attributes.get("href"):
            return urljoin(base_url, link.attributes["href"])
    return None


def api_root_of(url):
    """The API root inside an API address (``…/wp-json/wp/v2/posts`` → ``…/wp-json/``), or None."""
    if "/wp-json" in urlsplit(url).path:
        return url.split("/wp-json", 1)[0] + "/wp-json/"
    return None


def posts_url(root, page, per_page=PER_PAGE):
    """One page of posts, newest first, with their categories and tags embedded."""
    query = {"per_page": per_page, "page": page, "_embed": "wp:term", "orderby": "date", "order": "desc"}
    if "rest_route=" in root:
        # Sites without pretty links answer at ?rest_route=/wp/v2/posts.
        return root.split("rest_route=", 1)[0] + urlencode({"rest_route": "/wp/v2/posts", **query})
    return urljoin(root, "wp/v2/posts") + "?" + urlencode(query)


def parse_json(raw, where):
    """JSON from the API; ValueError with the reason in Spanish."""
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"{where}: la API de WordPress no devolvió JSON válido ({exc})") from exc


def parse_posts(raw, where):
    """The posts of one API page."""
    posts = parse_json(raw, where)
    if not isinstance(posts, list):
        raise ValueError(f"{where}: la API de WordPress no devolvió una lista de entradas")
    return [p for p in posts if isinstance(p, dict) and p.get("link")]


def _rendered(value):
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def labels_of(post):
    """The post's category and tag names, as the site wrote them."""
    labels = []
    for group in (post.get("_embedded") or {}).get("wp:term") or []:
        for term in group if isinstance(group, list) else []:
            name = htmllib.unescape(str(term.get("name") or "")).strip()
            if name and term.get("taxonomy") in ("category", "post_tag") and name not in labels:
                labels.append(name)
    return labels


def record(post, site_name=None):
    """A reader's record for one post; ValueError when it has no title or no text."""
    title = htmllib.unescape(_rendered(post.get("title"))).strip()
    where = post["link"]
    found = record_from_fragment(title, _rendered(post.get("content")), where)
    found.update(
        url=post["link"],
        date=post.get("date") or post.get("date_gmt"),
        modified=post.get("modified") or post.get("modified_gmt"),
        source=site_name or found.get("source"),
        labels=labels_of(post),
        path=where,
    )
    return found
