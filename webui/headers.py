"""Security headers on every answer: the pages load only their own files and no other site may frame them.

Each answer also says, in ``Server-Timing: cpu;dur=…``, the milliseconds of processor time the worker spent
on it before sending it (an export's rows written while it streams are not counted): on a busy machine the
clock mostly measures the wait for a core, and this is what a request itself costs.

The policy forbids inline script and style, so every template keeps its script
in ``static/app.js`` and its looks in the style sheets; a ``style=`` attribute
or an inline ``<script>`` would be refused by the browser.
"""

import time

from flask import g

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    # Another site learns that a visitor came from Hemeroteca, never what they searched.
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _start_clock():
    g.cpu_started = time.thread_time()


def add_server_timing(response):
    started = g.get("cpu_started")
    if started is not None:
        response.headers.setdefault("Server-Timing", f"cpu;dur={(time.thread_time() - started) * 1000:.1f}")
    return response


def add_security_headers(response):
    """Set the headers, keeping any a view chose itself."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app):
    app.before_request(_start_clock)
    app.after_request(add_security_headers)
    app.after_request(add_server_timing)
