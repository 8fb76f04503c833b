"""HTTP caching of API answers, keyed on the index generation.

An answer changes only when the index does (or Hemeroteca is upgraded), so
its ETag joins the index generation, the time it was written, the version
and the request's own URL. A client that sends the ETag back in
``If-None-Match`` gets a 304 before any search is run.
"""

import zlib
from importlib.metadata import PackageNotFoundError, version

from search.catalog import index_state

try:
    VERSION = version("hemeroteca")
except PackageNotFoundError:  # Run from a checkout that was never installed.
    VERSION = "0"


def index_etag(engine, url):
    """The weak ETag of the answer to ``url`` from the index as the engine reads it now."""
    generation, written = index_state(engine)
    stamp = int(written.timestamp() * 1000) if written else 0
    return f"{VERSION}-{generation}-{stamp:x}-{zlib.crc32(url.encode('utf-8')):08x}"


def cache_control(max_age):
    """The Cache-Control of a successful API answer."""
    return f"public, max-age={int(max_age)}"
