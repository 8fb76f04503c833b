"""Which addresses may become links: only http(s), read the way a browser reads them.

A release's ``url`` comes from sites we do not control. A browser drops tabs and
newlines anywhere in an address, trims spaces and control characters around it,
and ignores the case of its scheme, so ``" JaVa\\tScRiPt:…"`` runs as script; the
same reading here tells such an address apart before it reaches an ``href``.
"""

import re
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
# Removed anywhere, as browsers do; then C0 controls and spaces are trimmed at both ends.
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_EDGES = "".join(map(chr, range(0x21)))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_url(value):
    """``value`` as an http(s) address fit for a link, or None when it is anything else."""
    if not isinstance(value, str):
        return None
    text = _TAB_OR_NEWLINE.sub("", value).strip(_EDGES)
    if _CONTROL.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # An unbalanced "[" in the host.
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.netloc or not text[len(parts.scheme):].startswith("://"):
        return None
    return parts.scheme.lower() + text[len(parts.scheme):]


def check_base_url(value):
    """The site's public address without its trailing slash, or None when empty.

    Raises ValueError when ``value`` is not an http(s) site address (no query, no fragment).
    """
    if not value:
        return None
    url = safe_url(str(value))
    parts = urlsplit(url) if url else None
    if not parts or parts.query or parts.fragment:
        raise ValueError(f"La dirección base «{value}» no es válida: escriba la dirección pública del sitio, "
                         "con http:// o https://, p. ej. «https://hemeroteca.example.org».")
    return url.rstrip("/")
