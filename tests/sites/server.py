"""A fixture web site served on 127.0.0.1 for the crawler's tests.

It serves a folder of files (copied to a temporary folder, so a test may edit
or delete pages between runs) with ``ETag`` and ``Last-Modified`` and answers
conditional requests with 304. ``{base}`` inside XML and JSON files becomes
the server's own address. On top of the files it can answer a path with 503
a number of times, answer slowly, redirect, and serve a WordPress-like API
from ``posts.json`` a few posts a page. Every request is logged.
"""

import email.utils
import gzip
import hashlib
import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITES = Path(__file__).parent

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".gz": "application/x-gzip",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json; charset=UTF-8",
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        site = self.server.site
        path = urlsplit(self.path).path
        site.log.append({"path": self.path, "headers": dict(self.headers), "at": time.monotonic()})
        try:
            if path in site.redirects:
                return self._send(302, b"", {"Location": site.redirects[path].format(base=site.base,
                                                                                      port=site.port)})
            if site.failures.get(path, 0) > 0:
                site.failures[path] -= 1
                return self._send(503, b"Servicio no disponible", {"Retry-After": site.retry_after})
            if path in site.slow:
                time.sleep(site.slow[path])
            if path.startswith("/wp-json"):
                return self._wordpress(path)
            self._file(path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # The crawler gave up waiting, as it should.

    def _send(self, status, body, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _file(self, path):
        site = self.server.site
        target = site.root / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.resolve().is_relative_to(site.root.resolve()) or not target.is_file():
            return self._send(404, "No encontrado".encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})
        body = site.render(target)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(target.stat().st_mtime, usegmt=True)
        headers = {"Content-Type": CONTENT_TYPES.get(target.suffix, "application/octet-stream"),
                   "ETag": etag, "Last-Modified": modified}
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", {"ETag": etag})
        self._send(200, body, headers)

    def _wordpress(self, path):
        site = self.server.site
        if path.rstrip("/") == "/wp-json":
            info = {"name": site.wp_name, "url": site.base, "namespaces": ["wp/v2"]}
            return self._json(200, info)
        if path.rstrip("/") != "/wp-json/wp/v2/posts":
            return self._json(404, {"code": "rest_no_route", "message": "No route was found"})
        query = parse_qs(urlsplit(self.path).query)
        posts = json.loads(site.render(site.root / "posts.json"))
        per_page = min(int(query.get("per_page", ["10"])[0]), site.wp_per_page)
        page = int(query.get("page", ["1"])[0])
        pages = max(1, -(-len(posts) // per_page))
        if page > pages:
            return self._json(400, {"code": "rest_post_invalid_page_number", "message": "Page number too large"})
        if "_embed" not in query:
            posts = [{k: v for k, v in p.items() if k != "_embedded"} for p in posts]
        chunk = posts[(page - 1) * per_page:page * per_page]
        self._json(200, chunk, {"X-WP-Total": str(len(posts)), "X-WP-TotalPages": str(pages)})

    def _json(self, status, data, headers=None):
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, {"Content-Type": "application/json; charset=UTF-8", **(headers or {})})


class FixtureSite:
    """One running fixture site; ``base`` is its address, ``log`` the requests it got."""

    def __init__(self, name, workdir, wp_per_page=2, wp_name="Alcaldía de Santa Lucía"):
        self.root = Path(workdir) / name
        shutil.copytree(SITES / name, self.root)
        self.log = []
        self.failures = {}
        self.slow = {}
        self.redirects = {}
        self.retry_after = "0"
        self.wp_per_page = wp_per_page
        self.wp_name = wp_name
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.site = self
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def url(self, path):
        return self.base + path

    def render(self, target):
        """A file's bytes, with ``{base}`` replaced in XML and JSON (gzipped or not)."""
        raw = target.read_bytes()
        if target.suffix == ".gz":
            return gzip.compress(gzip.decompress(raw).replace(b"{base}", self.base.encode()), mtime=0)
        if target.suffix in (".xml", ".json"):
            return raw.replace(b"{base}", self.base.encode())
        return raw

    def requested(self, path_prefix):
        """The logged requests whose path starts with ``path_prefix``."""
        return [r for r in self.log if r["path"].startswith(path_prefix)]

    def write(self, path, text):
        """Replace a page of the site (a later run sees it changed)."""
        target = self.root / path.lstrip("/")
        target.write_text(text, encoding="utf-8")

    def delete(self, path):
        (self.root / path.lstrip("/")).unlink()
