"""A polite HTTP client for press offices' sites.

It names itself, obeys robots.txt, waits between requests to the same host,
gives up on slow answers, retries 429 and 5xx with growing waits, asks with
``ETag`` and ``Last-Modified`` so an unchanged page is not downloaded again,
follows redirects only within the same site, and stops at a cap of pages per
run. Public sites are shared infrastructure: a crawler that hammers them gets
blocked, and deserves to.
"""

import time
import urllib.robotparser
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from importlib.metadata import version
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

# The name robots.txt rules are matched against.
ROBOTS_NAME = "Hemeroteca"
USER_AGENT = f"{ROBOTS_NAME}/{version('hemeroteca')} (buscador de comunicados de prensa de gobiernos)"
# Statuses that mean "try again later" rather than "no".
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
# A site asking for a longer pause than this (Retry-After) is left for the next run.
MAX_RETRY_AFTER = 120.0
# A robots.txt Crawl-delay above this is read as this.
MAX_CRAWL_DELAY = 30.0
# Press releases are small; anything bigger is not one.
MAX_BYTES = 20 * 1024 * 1024


# Exceptions


class FetchError(Exception):
    """A page that could not be had; ``reason`` is in Spanish for the report, ``status`` the HTTP status if any."""

    def __init__(self, url, reason, status=None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status

    @property
    def gone(self):
        """The site says the page is not there (404) or was removed (410)."""
        return self.status in (404, 410)


class Blocked(FetchError):
    """robots.txt does not let us fetch this page."""


class PageCapReached(Exception):
    """The run has fetched as many pages as it may."""


@dataclass
class Response:
    """A page as fetched: its final URL (after redirects), status, bytes and validators."""

    url: str
    status: int
    content: bytes
    headers: httpx.Headers

    @property
    def not_modified(self):
        return self.status == 304

    @property
    def etag(self):
        return self.headers.get("etag")

    @property
    def last_modified(self):
        return self.headers.get("last-modified")

    @property
    def content_type(self):
        return self.headers.get("content-type", "")


def site_of(url):
    """What makes two URLs the same site: the host without ``www.`` and any non-default port.

    http and https count as the same site, since sites move from one to the other.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = parts.port if parts.port not in (None, default) else None
    return f"{host}:{port}" if port else host


def _origin(url):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def _retry_after(value):
    """Seconds asked for by a Retry-After header (a number or an HTTP date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Fetcher:
    """Fetches pages politely; one per run, since it counts pages and remembers robots.txt and hosts.

    :param delay: seconds between two requests to the same host (robots.txt may ask for more).
    :param timeout: seconds to wait for a connection or for data before giving up.
    :param retries: further tries after a 429, a 5xx or a network failure.
    :param backoff: seconds before the first retry; each later one waits twice as long.
    :param max_pages: pages this run may fetch (robots.txt files are not counted); None for no cap.
    :param trust_env: use the proxy settings of the environment.
    """

    def __init__(self, delay=1.0, timeout=20.0, retries=2, backoff=1.0, max_pages=None, trust_env=True):
        self.delay = delay
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_pages = max_pages
        self.pages = 0
        self._last_request = {}
        self._robots = {}
        self._robots_errors = {}
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Language": "es"},
            timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=trust_env,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._client.close()

    @property
    def capped(self):
        return self.max_pages is not None and self.pages >= self.max_pages

    def get(self, url, etag=None, last_modified=None):
        """Fetch ``url`` as a page of this run, conditionally when validators are given.

        Returns a :class:`Response` (status 200 or 304); raises :class:`FetchError`
        (or :class:`Blocked`) when the page cannot be had, :class:`PageCapReached`
        when the run has fetched its share.
        """
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "solo se leen direcciones http:// y https://")
        if not self.allowed(url):
            raise Blocked(url, "robots.txt del sitio no permite leer esta página")
        if self.capped:
            raise PageCapReached()
        self.pages += 1
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(url, headers, check_robots=True)

    def allowed(self, url):
        """Whether robots.txt lets Hemeroteca fetch ``url``.

        Raises FetchError when the site's robots.txt could not be had: nothing of
        the site is read this run, and its pages count as failures to retry.
        """
        rules = self._robots_for(url)
        unreadable = self._robots_errors.get(_origin(url))
        if unreadable:
            raise FetchError(url, f"no se pudo leer robots.txt del sitio ({unreadable}); se reintentará")
        return rules.can_fetch(ROBOTS_NAME, url)

    def _follow(self, url, headers, check_robots):
        """Request ``url``, following redirects that stay within its site."""
        seen = {url}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if check_robots and not self.allowed(current):
                raise Blocked(current, "robots.txt del sitio no permite leer esta página")
            response = self._request(current, headers)
            if response.status not in REDIRECT_STATUSES:
                return response
            target = response.headers.get("location")
            if not target:
                raise FetchError(current, f"redirección {response.status} sin destino", response.status)
            target = urljoin(current, target).split("#", 1)[0]
            if site_of(target) != site_of(url):
                raise FetchError(url, f"redirige fuera del sitio, a {urlsplit(target).hostname}", response.status)
            if target in seen:
                raise FetchError(url, "las redirecciones forman un bucle", response.status)
            seen.add(target)
            current = target
        raise FetchError(url, f"más de {MAX_REDIRECTS} redirecciones", response.status)

    def _request(self, url, headers):
        """One GET with retries; redirects are returned, not followed."""
        for attempt in range(self.retries + 1):
            last_try = attempt == self.retries
            self._wait_turn(url)
            try:
                response = self._get_once(url, headers)
            except FetchError:
                if last_try:
                    raise
                time.sleep(self.backoff * 2 ** attempt)
                continue
            if response.status in RETRY_STATUSES:
                asked = _retry_after(response.headers.get("retry-after"))
                if asked is not None and asked > MAX_RETRY_AFTER:
                    raise FetchError(url, f"el sitio pidió esperar {asked:.0f} s (código {response.status})",
                                     response.status)
                if last_try:
                    tries = f" en {attempt + 1} intentos" if attempt else ""
                    raise FetchError(url, f"el sitio respondió {response.status}{tries}", response.status)
                time.sleep(max(asked or 0.0, self.backoff * 2 ** attempt))
                continue
            if response.status in REDIRECT_STATUSES or response.status in (200, 304):
                return response
            if 200 < response.status < 300:
                return response
            raise FetchError(url, f"el sitio respondió {response.status}", response.status)
        raise AssertionError("unreachable")

    def _get_once(self, url, headers):
        """Stream one answer, bounded in size and in total time."""
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as answer:
                chunks, size = [], 0
                for chunk in answer.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise FetchError(url, f"la página pesa más de {MAX_BYTES // 2**20} MB")
                    if time.monotonic() - started > 3 * self.timeout:
                        raise FetchError(url, f"la página tardó más de {3 * self.timeout:g} s en llegar")
                    chunks.append(chunk)
                return Response(str(answer.url), answer.status_code, b"".join(chunks), answer.headers)
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"el sitio no respondió en {self.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"no se pudo conectar ({type(exc).__name__}: {exc})") from exc

    def _wait_turn(self, url):
        """Sleep until this host's delay (ours, or robots.txt's Crawl-delay) has passed."""
        host = urlsplit(url).netloc
        delay = self.delay
        robots = self._robots.get(_origin(url))
        if robots is not None and robots.crawl_delay(ROBOTS_NAME):
            delay = max(delay, min(float(robots.crawl_delay(ROBOTS_NAME)), MAX_CRAWL_DELAY))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + delay - time.monotonic()
            if remaining > 0:
                time.sleep(remaining)
        self._last_request[host] = time.monotonic()

    def _robots_for(self, url):
        """The site's robots.txt rules, fetched once a run.

        As the robots.txt standard says: a missing file (4xx) allows everything;
        a file that cannot be had (5xx, no answer) forbids everything this run.
        """
        origin = _origin(url)
        if origin in self._robots:
            return self._robots[origin]
        rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            response = self._follow(origin + "/robots.txt", {}, check_robots=False)
            rules.parse(response.content.decode("utf-8", errors="replace").splitlines())
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                rules.allow_all = True
            else:
                rules.disallow_all = True
                self._robots_errors[origin] = exc.reason
        self._robots[origin] = rules
        return rules
