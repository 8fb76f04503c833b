"""Security headers on every answer: the pages load only their own files and no other site may frame them.

The policy forbids inline script and style, so every template keeps its script
in ``static/app.js`` and its looks in the style sheets; a ``style=`` attribute
or an inline ``<script>`` would be refused by the browser.
"""

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


def add_security_headers(response):
    """Set the headers, keeping any a view chose itself."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app):
    app.after_request(add_security_headers)
