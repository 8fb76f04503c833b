"""Which releases a site has: from its feed, sitemap, WordPress API or listing pages.

Given a URL, :func:`discover` finds out what it is (unless told), walks it
(following sitemap indexes, API pages and listing pages) and lists the
release pages with what the listing already says of each.
"""

import json
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from .encoding import decode
from .fetch import FetchError
from .sources import feed, listing, sitemap, wordpress

KINDS = ("auto", "feed", "sitemap", "wordpress", "listing", "page")
# Bounds on walking a source, so a huge or looping site cannot hold a run forever.
MAX_SITEMAPS = 50
MAX_LISTING_PAGES = 20
MAX_API_PAGES = 200


@dataclass
class Listed:
    """A release page a source lists.

    ``lastmod`` is the site's own stamp of its last change (compared between
    runs to skip unchanged pages without asking), ``hints`` what the listing
    says of it (title, date, labels, source), and ``payload`` the release
    itself when the listing carries it whole (a WordPress post as JSON).
    """

    url: str
    lastmod: str | None = None
    hints: dict = field(default_factory=dict)
    payload: bytes | None = None


@dataclass
class Discovery:
    """What a source listed; ``complete`` when it lists every release the site has (sitemap, API)."""

    kind: str
    listed: list[Listed] = field(default_factory=list)
    complete: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)


def detect(response):
    """The kind of source a fetched document is: feed, sitemap, wordpress, listing or page."""
    raw, ctype = response.content, response.content_type.lower()
    if "json" in ctype and wordpress.api_root_of(response.url):
        return "wordpress"
    if sitemap.looks_like_sitemap(raw):
        return "sitemap"
    if feed.looks_like_feed(raw):
        return "feed"
    text = decode(raw, ctype)
    tree = LexborHTMLParser(text)
    og_type = tree.css_first('meta[property="og:type"]')
    if og_type is not None and (og_type.attributes.get("content") or "").lower() == "article":
        return "page"
    if wordpress.api_root_in(text, response.url):
        return "wordpress"
    return "listing"


def discover(fetcher, url, kind="auto"):
    """Fetch and walk a source; FetchError or ValueError when its first document cannot be had or read."""
    if kind == "page":
        return Discovery("page", [Listed(url)])
    response = fetcher.get(url)
    if kind == "auto":
        kind = detect(response)
    walk = {"feed": _feed, "sitemap": _sitemap, "wordpress": _wordpress, "listing": _listing, "page": None}[kind]
    if walk is None:
        return Discovery("page", [Listed(url)])
    found = Discovery(kind)
    walk(fetcher, response, found)
    return found


def _feed(fetcher, response, found):
    title, entries = feed.parse(response.content, response.content_type, response.url)
    for entry in entries:
        hints = {k: entry[k] for k in ("title", "date", "labels") if entry.get(k)}
        if title:
            hints["source"] = title
        found.listed.append(Listed(entry["url"], entry.get("modified"), hints))


def _sitemap(fetcher, response, found):
    """Pages of a sitemap, or of every sitemap a sitemap index names."""
    pending, seen = [response], {response.url}
    found.complete = True
    while pending:
        current = pending.pop(0)
        parsed = sitemap.parse(current.content, current.url)
        found.listed.extend(Listed(loc, lastmod) for loc, lastmod in parsed.pages)
        for child in parsed.sitemaps:
            if child in seen:
                continue
            seen.add(child)
            if len(seen) > MAX_SITEMAPS:
                found.failures.append((child, f"se leen como mucho {MAX_SITEMAPS} sitemaps"))
                found.complete = False
                continue
            try:
                pending.append(fetcher.get(child))
            except FetchError as exc:
                found.failures.append((child, exc.reason))
                found.complete = False


def _listing(fetcher, response, found):
    """Release links of a listing page and of the pages after it."""
    current, seen = response, {response.url}
    while True:
        links, next_url = listing.parse(decode(current.content, current.content_type), current.url)
        known = {item.url for item in found.listed} | seen
        found.listed.extend(Listed(link) for link in links if link not in known)
        if not next_url or next_url in seen or len(seen) >= MAX_LISTING_PAGES:
            break
        seen.add(next_url)
        try:
            current = fetcher.get(next_url)
        except FetchError as exc:
            found.failures.append((next_url, exc.reason))
            break
    if not found.listed:
        # No links to releases: the page is a release itself.
        found.kind = "page"
        found.listed.append(Listed(response.url))


def _wordpress(fetcher, response, found):
    """Every post, page by page, with its text: nothing else needs fetching."""
    root = wordpress.api_root_of(response.url)
    if root is None:
        root = wordpress.api_root_in(decode(response.content, response.content_type), response.url)
    site_name = None
    try:
        info = wordpress.parse_json(fetcher.get(root).content, root)
        site_name = info.get("name") if isinstance(info, dict) else None
    except (FetchError, ValueError) as exc:
        found.failures.append((root, exc.reason if isinstance(exc, FetchError) else str(exc)))
    found.complete = True
    for page in range(1, MAX_API_PAGES + 1):
        url = wordpress.posts_url(root, page)
        try:
            answer = fetcher.get(url)
        except FetchError as exc:
            # WordPress answers 400 for a page past the last one.
            if exc.status == 400 and page > 1:
                break
            found.failures.append((url, exc.reason))
            found.complete = False
            break
        posts = wordpress.parse_posts(answer.content, url)
        for post in posts:
            found.listed.append(Listed(
                post["link"], post.get("modified_gmt") or post.get("modified"),
                hints={"source": site_name} if site_name else {},
                payload=json.dumps(post, ensure_ascii=False).encode("utf-8"),
            ))
        total = answer.headers.get("x-wp-totalpages")
        if not posts or (total and total.isdigit() and page >= int(total)):
            break
    else:
        found.complete = False
