"""Reader for saved HTML pages of press releases.

Government sites wrap each release in menus, breadcrumbs, share buttons,
related-news sidebars and footers. This reader keeps only what a person
would call "the release": its title, its publication date, its text, and
where it came from. Everything else would pollute search results.

Uses selectolax's lexbor backend: ``selectolax.parser`` (the old Modest
backend) raises ImportError since selectolax 1.0.

The parts, by concern: :mod:`.metadata`, :mod:`.title`, :mod:`.boilerplate`,
:mod:`.content`, :mod:`.dates`, :mod:`.body`, over the helpers in :mod:`.nodes`;
bytes become text in :mod:`index.encoding`, as for pages fetched from sites.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ...encoding import decode_file
from ..records import read_bytes
from .body import body_paragraphs
from .boilerplate import JUNK_TAGS, Pruner, prune_link_lists
from .content import find_main
from .dates import date_line_of, date_scopes, machine_date, visible_date
from .metadata import (
    DATE_META, PUBLISHED_META, canonical_url, json_ld_date, json_ld_objects, json_ld_publisher, meta_tags,
)
from .nodes import contains
from .title import choose_title_h1, page_title, source_from_title_tag


def read(path: pathlib.Path) -> Iterator[dict]:
    """Yield the release held in one saved HTML page.

    Raises ValueError (naming the file) when the page cannot be decoded or
    holds neither a title nor any text, so the indexer can report it and go on.
    """
    path = pathlib.Path(path)
    yield parse(decode_file(read_bytes(path), path), path)


def parse(text: str, path: pathlib.Path | str) -> dict:
    """The release in one page's decoded HTML; ``path`` (a file or a URL) names it in errors.

    Shared by saved files and pages fetched from sites, so both are extracted alike.
    """
    # scripting=True keeps <noscript> content inert, as in a browser, so a
    # tracking pixel in <head> does not push the metadata into <body>.
    tree = LexborHTMLParser(text, scripting=True)

    metas = meta_tags(tree)
    ld_objects = json_ld_objects(tree)
    url = canonical_url(tree, metas)
    source = metas.get("og:site_name") or json_ld_publisher(ld_objects) or None

    date = next((metas[k] for k in PUBLISHED_META + DATE_META if metas.get(k)), None)
    if date is None:
        date = json_ld_date(ld_objects)

    tree.strip_tags(list(JUNK_TAGS), recursive=True)
    body = tree.body
    title_h1 = choose_title_h1(tree, metas.get("og:title", ""), source or "") if body else None
    title = page_title(tree, metas, source or "", title_h1)
    if source is None and (metas.get("og:title") or title_h1 is not None):
        # Only when the title came from elsewhere: then <title> = title + site is a real match.
        source = source_from_title_tag(tree, title)

    paragraphs: list[str] = []
    date_text: str | None = None
    if body is not None:
        Pruner(body, title_h1).prune(body)
        main = find_main(body, title_h1)
        prune_link_lists(main, title_h1)
        scopes = date_scopes(main, title_h1)

        skip: list[LexborNode | None] = []
        if title_h1 is not None:
            skip.append(title_h1)
        if date is None:
            date, date_node = machine_date(scopes)
        else:
            _, date_node = machine_date([main])
        if date is None:
            date_text, date_node = visible_date(scopes)
        else:
            # A visible date line duplicates the date; keep it out of the text.
            _, text_node = visible_date([main])
            if text_node is not None:
                skip.append(date_line_of(text_node, main))
        if date_node is not None and contains(main, date_node):
            skip.append(date_line_of(date_node, main))
        paragraphs = body_paragraphs(main, skip, title)

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
