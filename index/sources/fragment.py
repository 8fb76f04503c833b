"""A release whose text comes as an HTML fragment (a WordPress post's content, a feed entry's).

The fragment is wrapped as a page and read by the HTML reader, so its
paragraphs come out exactly as a saved page's would.
"""

from html import escape

from . import html


def record_from_fragment(title, content, where):
    """The HTML reader's record for a title and an HTML fragment of body; ValueError if it holds no text."""
    page = (
        f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}</title></head>"
        f"<body><article><h1>{escape(title)}</h1>{content}</article></body></html>"
    )
    return html.parse(page, where)
