"""The secrets in the links of alert emails: random, never derived from anything a stranger knows."""

import re
import secrets

# 32 random bytes, written in 43 URL-safe characters.
TOKEN_BYTES = 32
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(text):
    """Whether ``text`` could be one of our tokens; anything else is refused without a lookup."""
    return bool(_SHAPE.match(text or ""))
