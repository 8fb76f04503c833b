"""Every route and parameter of a live ``hemeroteca serve``, fed seeded random and hostile input.

Run on demand, never as a timed test:

    python benchmarks/fuzz_server.py --docs 20000 --requests 100000 [--seed 11] [--concurrency 4]
                                     [--workers 2] [--workdir DIR] [--reuse] [--build-only]
                                     [--max-seconds S] [--rss-every N]

It builds an index of generated releases (the benchmark's synthetic corpus,
plus a few releases whose fields carry script payloads and ``javascript:``
links), serves it with gunicorn and its real workers on 127.0.0.1, and sends
requests drawn from one seed: the search page, releases, statements,
officials, feeds, the API with its exports, cursors, ``exact``, facets,
dates, pages, typed filters, wildcards, very long values, unicode, control
characters, malformed percent-encoding and XSS payloads.

Each response is checked: no 5xx, no transport error, JSON that parses
where the content type says JSON, and no injected markup in HTML or Atom
(a ``<script>`` that came from input, an ``on…=`` attribute, a link whose
scheme is not http or https). It prints status counts, the slowest
requests, median and p95 latency, and the workers' resident memory at
intervals. Exit status 1 when any check failed.

Traffic goes only to 127.0.0.1, to a server this script started; the run
stops after ``--requests`` requests or ``--max-seconds``, whichever comes
first.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

# Fuzz the code of this checkout, even if another copy is installed.
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_search import (  # noqa: E402
    GENERAL, OFFICIALS, RARE, SOURCES, THEMES, CorpusGenerator, percentile, strip_accents, write_corpus,
)
from index.writer import build_index  # noqa: E402
from search.release import key_for  # noqa: E402

HOST = "127.0.0.1"
# What the script writes into the work dir; only these are removed.
CORPUS_FILE = "fuzz-corpus.jsonl"
HOSTILE_FILE = "fuzz-hostile.jsonl"
INDEX_DIR = "fuzz-index"
BUILT_FILE = "fuzz-built.json"
SERVER_LOG = "fuzz-server.log"

# Generated releases indexed when --docs is not given.
DEFAULT_DOCS = 20_000
START_TIMEOUT = 120
# Seconds a request may take before it counts as failed; above gunicorn's own 30 s worker timeout.
REQUEST_TIMEOUT = 75
SLOWEST_SHOWN = 10
EXAMPLES_PER_FAILURE = 3

# ---------------------------------------------------------------------------
# Hostile input

# Markup that must never come back unescaped. Each alerts with a marker the checks look for.
XSS_PAYLOADS = (
    "<script>alert('hemxss')</script>",
    "\"><script>alert('hemxss')</script>",
    "'><img src=x onerror=alert('hemxss')>",
    "<svg onload=alert('hemxss')>",
    "\" onmouseover=\"alert('hemxss')\" x=\"",
    "' onfocus='alert(1)' autofocus='",
    "</title><script>alert('hemxss')</script>",
    "</textarea><script>alert('hemxss')</script>",
    "<a href=\"javascript:alert('hemxss')\">x</a>",
    "javascript:alert('hemxss')",
    "JaVaScRiPt:alert('hemxss')",
    " javascript:alert('hemxss')",
    "java\tscript:alert('hemxss')",
    "data:text/html,<script>alert('hemxss')</script>",
    "vbscript:msgbox('hemxss')",
    "<iframe src=javascript:alert('hemxss')>",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "]]><script>alert('hemxss')</script><![CDATA[",
    "<!--<script>alert('hemxss')</script>-->",
    "&lt;script&gt;alert('hemxss')&lt;/script&gt;",
)
# Links a stored release may carry; only http(s) may become an href.
HOSTILE_URLS = (
    "javascript:alert('hemxss')",
    "JaVaScRiPt:alert('hemxss')",
    " javascript:alert('hemxss')",
    "java\tscript:alert('hemxss')",
    "java\nscript:alert('hemxss')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "\x01javascript:alert('hemxss')",
    "https://example.org/\"><script>alert('hemxss')</script>",
    "https://example.org/ok?a=1&b=<b>",
)
UNICODE_VALUES = (
    "niño", "ñandú", "NIÑO", "vacunación", "VACUNACIÓN", "vacunacio\u0301n", "ﬁesta", "Ⅻ", "ß", "İstanbul",
    "😀", "👩‍👩‍👧", "\u202eevil", "\u200b", "\ufeffagua", "\ud7ff", "日本語", "العربية", "Ωμέγα", "\uffff",
    "a\u0300\u0301\u0302\u0303\u0304\u0305", "𝔞𝔤𝔲𝔞", "agua\u00a0potable",
)
CONTROL_VALUES = ("\x00", "a\x00b", "\x01\x02\x03", "\x1b[31m", "\r\nSet-Cookie: x=1", "\t", "\x7f", "a\x0cb")
# Raw query-string pieces, sent as they are: broken percent-encoding and odd separators.
RAW_PIECES = (
    "q=%", "q=%zz", "q=%c3", "q=%ff%fe", "q=%00", "q=%u0041", "q=%%", "q=%c3%28", "q=%ed%a0%80",
    "q=%e2%82", "page=%", "from=%ff", "official=%c0%af", "q=a&&&&q=b", "q==", "=", "&", "q",
    "q[]=agua", "q=agua;page=2", "q=+++", "q=%2B%2B%2B", "q=%22", "q=%5C", "after=%ff", "format=%00",
)
WILDCARDS = ("*", "?", "??*", "?*", "a*", "ab*", "va*", "*ción", "?a?", "**", "*?*", "a?*", "vac*na", "????????*")
BOOLEAN = ("AND", "OR", "NOT", "(", ")", "-", "+", "\"", "~", "~2", "^3", ":", "\\", "/", "[", "]", "{", "}",
           "TO", "agua OR", "NOT NOT", "((((", "))))", "[a TO z]", "{2019 TO 2026}")
TYPED_FIELDS = ("oficial", "funcionario", "funcionaria", "tema", "fuente", "lugar", "dependencia", "organizacion",
                "organización", "tipo", "fecha", "desde", "hasta", "OFICIAL", "Tema", "title", "body", "id")
DATE_VALUES = (
    "2026", "2019", "2026-02", "2026-02-01", "2024-02-29", "2023-02-29", "2026-13", "2026-00", "2026-02-30",
    "9999", "9999-12", "9999-12-31", "0001", "0000", "0001-01-01", "10000", "-1", "1e3", "2026/02/01",
    "01-02-2026", "hoy", "", " ", "2026-1-1", "２０２６", "2026-02-01T00:00", "99999999999999999999",
)
INT_VALUES = ("1", "2", "3", "10", "50", "100", "101", "999", "1000", "1001", "0", "-1", "1.5", "1e3", "abc", "",
              " 2 ", "99999999999999999999999", "0x10", "２", "NaN", "1,000")
SORT_VALUES = ("relevancia", "recientes", "antiguos", "relevance", "newest", "oldest", "RECIENTES", "", "fecha",
               "random", "-date")
TRUE_VALUES = ("1", "true", "on", "si", "sí", "0", "false", "", "yes", "SÍ", "TRUE")
FORMAT_VALUES = ("json", "csv", "jsonl", "JSON", "CSV", "xml", "html", "", "json ", "ndjson")
STATEMENT_KINDS = ("cita", "directa", "indirecta", "turno", "direct", "indirect", "xyz")
SPEAKER_TYPES = ("funcionario", "funcionaria", "official", "reportero", "otro", "xyz")
FACET_NAMES = ("official", "topic", "source", "place", "organization", "type", "year", "month", "xyz", "")
LIST_FILTERS = ("official", "topic", "source", "place", "organization", "type")
PLACES = ("Benito Juárez", "Coyoacán", "Mérida", "Zapopan", "Jalisco", "Yucatán", "Ciudad de México", "Narvarte")
ORGANIZATIONS = ("INEGI", "IMSS", "CFE", "SEP", "Protección Civil", "Cruz Roja")
DOC_TYPES = ("aviso", "comunicado", "boletin", "boletín", "discurso", "transcripcion", "xyz")
STATIC_PATHS = ("/static/style.css", "/static/app.js", "/static/statements.css", "/static/../webui/api.py",
                "/static/%2e%2e/%2e%2e/etc/passwd", "/favicon.ico", "/robots.txt", "/api/v2/search",
                "/comunicados/", "/api/v1/", "/api/v1/releases/", "/oficiales/", "/api/v1/officials/")


def hostile_releases():
    """Releases whose title, body, source and link carry payloads: what a hostile site could publish."""
    releases = []
    for n, url in enumerate(HOSTILE_URLS, 1):
        payload = XSS_PAYLOADS[n % len(XSS_PAYLOADS)]
        releases.append({
            "id": f"fuzz-xss-{n:02d}",
            "title": f"Entrega de apoyos {payload}",
            "date": f"2026-03-{n:02d}",
            "body": (f"El alcalde Luis Mendoza Ríos informó que {payload} se entregaron apoyos a familias.\n\n"
                     f"La directora Patricia Salas Ortiz explicó que {XSS_PAYLOADS[(n + 3) % len(XSS_PAYLOADS)]}."),
            "source": f"Alcaldía {payload}" if n % 3 == 0 else "Alcaldía Benito Juárez",
            "url": url,
        })
    return releases


# ---------------------------------------------------------------------------
# Building and serving


def build(workdir, docs, seed, reuse, log=print):
    """The index of ``docs`` generated releases plus the hostile ones; reused if a kept run built the same."""
    index_dir = workdir / INDEX_DIR
    built = workdir / BUILT_FILE
    wanted = {"docs": docs, "seed": seed, "hostile": len(HOSTILE_URLS)}
    if reuse and index_dir.exists() and built.exists():
        found = json.loads(built.read_text())
        if found != wanted:
            # Rebuilding would replace an index that may have taken an hour to build.
            raise SystemExit(f"{index_dir} was built with {found}, not {wanted}: give its --docs and --seed, "
                             "or leave out --reuse to build another")
        log(f"Reusing the index in {index_dir}")
        return index_dir
    shutil.rmtree(index_dir, ignore_errors=True)
    built.unlink(missing_ok=True)
    generator = CorpusGenerator(seed)
    write_corpus(workdir / CORPUS_FILE, (generator.release(n) for n in range(1, docs + 1)))
    with open(workdir / HOSTILE_FILE, "w", encoding="utf-8") as out:
        for r in hostile_releases():
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    log(f"Indexing {docs} generated releases and {len(HOSTILE_URLS)} hostile ones…")
    started = time.monotonic()
    report = build_index(index_dir, [workdir / CORPUS_FILE, workdir / HOSTILE_FILE], fresh=True)
    log(f"Indexed {report.indexed} in {time.monotonic() - started:.0f} s; {len(report.failures)} failures "
        f"{report.failures[:3]}")
    built.write_text(json.dumps(wanted))
    return index_dir


def free_port():
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """``hemeroteca serve`` with its gunicorn workers on 127.0.0.1, its output kept in a log file."""

    def __init__(self, index_dir, log_path, workers=2, extra_env=None):
        self.port = free_port()
        self.log_path = Path(log_path)
        self._log = open(self.log_path, "w", encoding="utf-8")
        env = {**os.environ, **(extra_env or {})}
        env.pop("HEMEROTECA_RATE_LIMIT", None)  # the fuzz run measures the server, not its limiter
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hemeroteca", "serve", "--index", str(index_dir), "--host", HOST,
             "--port", str(self.port), "--workers", str(workers)],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=REPO_ROOT, env=env,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                status, _, _, _ = fetch(self.port, "/api/v1/stats", timeout=10)
                if status == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start: {self.log_path.read_text()[-2000:]}")
            time.sleep(0.3)

    def workers(self):
        """The gunicorn workers' pids: the children of the master process."""
        master = self.gunicorn_master()
        if master is None:
            return []
        return children(master)

    def gunicorn_master(self):
        # `hemeroteca serve` runs gunicorn's arbiter in its own process.
        return self.proc.pid if self.proc.poll() is None else None

    def rss(self):
        """``{pid: resident MB}`` of each worker now."""
        return {pid: mb for pid in self.workers() if (mb := rss_mb(pid)) is not None}

    def log_text(self):
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def children(pid):
    """Direct children of ``pid``, read from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ")".
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry))
    return sorted(found)


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


SERVER_CPU = re.compile(r"\bcpu;dur=([\d.]+)")


def server_cpu_ms(headers):
    """The processor milliseconds the server says it spent (its ``Server-Timing``), or None."""
    found = SERVER_CPU.search(headers.get("Server-Timing", "")) if headers else None
    return float(found.group(1)) if found else None


def fetch(port, target, timeout=REQUEST_TIMEOUT):
    """GET ``target`` (path and query, sent as is) from 127.0.0.1; returns status, content type, body, headers."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        return response.status, response.getheader("Content-Type") or "", body, dict(response.getheaders())
    finally:
        conn.close()


# ---------------------------------------------------------------------------
# Cases


def enc(value):
    """Percent-encode a value the way a browser would (UTF-8, everything unsafe escaped)."""
    return quote(value, safe="")


class CaseMaker:
    """Seeded request targets over every route; cursors seen in answers are fed back into later cases."""

    def __init__(self, seed, release_ids, official_keys):
        self.rng = random.Random(seed)
        self.release_ids = release_ids
        self.official_keys = official_keys
        self.cursors = []
        self._lock = threading.Lock()
        self.words = GENERAL + RARE + [w for words in THEMES.values() for w in words]
        self.routes = (
            (14, self.search_page), (4, self.release_page), (8, self.statements_page), (3, self.official_page),
            (5, self.feed), (1, self.api_page), (16, self.api_search), (4, self.api_export), (6, self.api_cursor),
            (3, self.api_release), (3, self.api_officials), (2, self.api_official), (2, self.api_catalog),
            (7, self.api_statements), (2, self.odd_path),
        )
        self._route_weights = [w for w, _ in self.routes]

    def add_cursor(self, cursor):
        with self._lock:
            if len(self.cursors) < 5000:
                self.cursors.append(cursor)

    def case(self):
        """One request target: path and query string, ready to send."""
        route = self.rng.choices(self.routes, weights=self._route_weights)[0][1]
        return route()

    # Values --------------------------------------------------------------

    def hostile(self):
        r = self.rng.random()
        if r < 0.35:
            return self.rng.choice(XSS_PAYLOADS)
        if r < 0.55:
            return self.rng.choice(UNICODE_VALUES)
        if r < 0.7:
            return self.rng.choice(CONTROL_VALUES) + self.rng.choice(self.words)
        if r < 0.85:
            return self.long_value()
        return self.rng.choice(BOOLEAN + WILDCARDS)

    def long_value(self):
        rng = self.rng
        kind = rng.randrange(5)
        if kind == 0:
            return " ".join(rng.choices(self.words, k=rng.choice((60, 120, 400))))
        if kind == 1:
            return "a" * rng.choice((499, 500, 501, 2000, 5000))
        if kind == 2:
            return "ñ" * rng.choice((250, 600, 1500))
        if kind == 3:
            return " OR ".join(rng.choices(self.words, k=rng.choice((30, 100))))
        return " ".join(f"{w[:2]}*" for w in rng.choices(self.words, k=rng.choice((10, 40))))

    def word(self):
        w = self.rng.choice(self.words)
        return strip_accents(w) if self.rng.random() < 0.2 else w

    def query(self):
        """Text for the search box: plain words mostly, then syntax, typed filters and hostile text."""
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            return " ".join(self.word() for _ in range(rng.choice((1, 1, 2, 3))))
        if r < 0.45:
            return self.typed_filter() + " " + (self.word() if rng.random() < 0.6 else "")
        if r < 0.55:
            w = self.word()
            return rng.choice((f"{w[:rng.randint(0, 3)]}{rng.choice(WILDCARDS)}", rng.choice(WILDCARDS),
                               f"{w}~", f"{w}~{rng.randint(0, 5)}", f"\"{w} {self.word()}\"", f"-{w}",
                               f"{w} {rng.choice(BOOLEAN)} {self.word()}", f"title:{w}", f"{w}^{rng.randint(1, 9)}"))
        if r < 0.62:
            return " ".join(rng.choice(BOOLEAN + WILDCARDS) for _ in range(rng.randint(1, 5)))
        if r < 0.68:
            return rng.choice(OFFICIALS)[0] if rng.random() < 0.5 else key_for(rng.choice(OFFICIALS)[0])
        if r < 0.72:
            return ""
        return self.hostile()

    def typed_filter(self):
        rng = self.rng
        field = rng.choice(TYPED_FIELDS)
        value = rng.choice((
            rng.choice(OFFICIALS)[0], rng.choice(list(THEMES)), rng.choice(SOURCES)[1], rng.choice(PLACES),
            rng.choice(DATE_VALUES), rng.choice(DOC_TYPES), self.word(), "", self.hostile(),
        ))
        if " " in value or not value or rng.random() < 0.3:
            value = f"\"{value}\""
        parts = [f"{field}:{value}"]
        if rng.random() < 0.3:
            parts.append(f"desde:{rng.choice(DATE_VALUES)} hasta:{rng.choice(DATE_VALUES)}")
        return " ".join(parts)

    def filter_value(self, name):
        rng = self.rng
        if rng.random() < 0.2:
            return self.hostile()
        if name == "official":
            name_ = rng.choice(OFFICIALS)[0]
            return rng.choice((name_, key_for(name_), strip_accents(name_).upper(), "Luis Mendoza", "nadie"))
        if name == "topic":
            topic = rng.choice(list(THEMES))
            return rng.choice((topic, key_for(topic), topic.upper(), "Sin tema"))
        if name == "source":
            return rng.choice(SOURCES)[1] if rng.random() < 0.8 else key_for(rng.choice(SOURCES)[1])
        if name == "place":
            return rng.choice(PLACES)
        if name == "organization":
            return rng.choice(ORGANIZATIONS)
        return rng.choice(DOC_TYPES)

    def int_value(self):
        rng = self.rng
        return str(rng.randint(1, 12)) if rng.random() < 0.6 else rng.choice(INT_VALUES)

    def date_value(self):
        rng = self.rng
        if rng.random() < 0.5:
            return rng.choice(("2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026")) + rng.choice(
                ("", f"-{rng.randint(1, 12):02d}", f"-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
        return rng.choice(DATE_VALUES)

    def search_params(self, statements=False):
        """(name, value) pairs for a search of releases, or of statements."""
        rng = self.rng
        pairs = []
        if rng.random() < 0.85:
            pairs.append(("q", self.query()))
        filters = ("official", "topic") if statements else LIST_FILTERS
        for name in filters:
            if rng.random() < 0.15:
                for _ in range(rng.choice((1, 1, 2, 3))):
                    pairs.append((name, self.filter_value(name)))
        if statements:
            if rng.random() < 0.2:
                pairs.append(("kind", rng.choice(STATEMENT_KINDS)))
            if rng.random() < 0.2:
                pairs.append(("speaker_type", rng.choice(SPEAKER_TYPES)))
            if rng.random() < 0.1:
                pairs.append(("release", rng.choice(self.release_ids)))
            if rng.random() < 0.05:
                pairs.append(("source", self.filter_value("source")))  # releases only: a clear 400
        for name in ("from", "to"):
            if rng.random() < 0.2:
                pairs.append((name, self.date_value()))
        if rng.random() < 0.25:
            pairs.append(("exact", rng.choice(TRUE_VALUES)))
        if rng.random() < 0.2:
            pairs.append(("sort", rng.choice(SORT_VALUES)))
        if rng.random() < 0.2:
            pairs.append(("page", self.int_value()))
        if rng.random() < 0.15:
            pairs.append(("per_page", self.int_value() if rng.random() < 0.5 else rng.choice(("20", "50", "100"))))
        if rng.random() < 0.05:
            pairs.append((self.hostile()[:40], self.hostile()))  # an unknown parameter
        return pairs

    def target(self, path, pairs):
        rng = self.rng
        rng.shuffle(pairs) if rng.random() < 0.1 else None
        query = "&".join(f"{enc(k)}={enc(v)}" for k, v in pairs)
        if rng.random() < 0.05:
            query = "&".join(filter(None, (query, rng.choice(RAW_PIECES))))
        return f"{path}?{query}" if query else path

    # Routes ---------------------------------------------------------------

    def search_page(self):
        pairs = self.search_params()
        rng = self.rng
        if rng.random() < 0.15:
            pairs.append(("mas", rng.choice(FACET_NAMES)))
            if rng.random() < 0.6:
                pairs.append(("filtro", self.word()[:rng.randint(1, 5)] if rng.random() < 0.7 else self.hostile()))
        return self.target("/", pairs)

    def some_release_id(self):
        rng = self.rng
        r = rng.random()
        if r < 0.7:
            return rng.choice(self.release_ids)
        if r < 0.85:
            return f"fuzz-xss-{rng.randint(1, len(HOSTILE_URLS)):02d}"
        return rng.choice(("no-existe", "bench-999999", "../../etc/passwd", "%2e%2e%2f", "a/b/c", self.hostile()[:80]))

    def release_page(self):
        rid = self.some_release_id()
        pairs = [("q", self.query())] if self.rng.random() < 0.5 else []
        if self.rng.random() < 0.3:
            pairs += self.search_params()
        return self.target(f"/comunicados/{enc(rid)}", pairs)

    def statements_page(self):
        return self.target("/declaraciones", self.search_params(statements=True))

    def some_official_key(self):
        rng = self.rng
        if rng.random() < 0.8:
            return rng.choice(self.official_keys)
        return rng.choice(("nadie", "", self.hostile()[:80], "luis mendoza", "LUIS-MENDOZA-RIOS"))

    def official_page(self):
        key = self.some_official_key() or "x"
        pairs = self.search_params(statements=True) if self.rng.random() < 0.3 else []
        return self.target(f"/oficiales/{enc(key)}", pairs)

    def feed(self):
        return self.target("/buscar.atom", self.search_params())

    def api_page(self):
        return self.rng.choice(("/api", "/api/v1/openapi.json", "/api?x=" + enc(self.hostile())))

    def api_search(self):
        pairs = self.search_params()
        if self.rng.random() < 0.1:
            pairs.append(("format", self.rng.choice(FORMAT_VALUES)))
        return self.target("/api/v1/search", pairs)

    def api_export(self):
        pairs = self.search_params()
        pairs.append(("format", self.rng.choice(("csv", "jsonl", "csv", "jsonl", "CSV", "xml"))))
        if self.rng.random() < 0.05:
            pairs.append(("after", ""))
        return self.target("/api/v1/search", pairs)

    def api_cursor(self):
        rng = self.rng
        pairs = [p for p in self.search_params() if p[0] not in ("page", "sort")]
        pairs.append(("sort", rng.choice(("antiguos", "recientes", "antiguos", "recientes", "relevancia", ""))))
        with self._lock:
            cursor = rng.choice(self.cursors) if self.cursors and rng.random() < 0.5 else None
        if cursor is None:
            cursor = rng.choice(("", "", "x", "AAAA", "eyJkIjoiMjAyNi0wMS0wMSJ9", "2026-01-01|bench-000001",
                                 self.hostile()[:200], "%ff", "=" * 10, "a" * 3000))
        elif rng.random() < 0.3:
            cursor = cursor[:-2] + rng.choice(("AA", "==", "!!", "zz"))  # tampered
        pairs.append(("after", cursor))
        if rng.random() < 0.05:
            pairs.append(("page", "2"))
        return self.target("/api/v1/search", pairs)

    def api_release(self):
        return f"/api/v1/releases/{enc(self.some_release_id())}"

    def api_officials(self):
        rng = self.rng
        pairs = []
        if rng.random() < 0.7:
            pairs.append(("q", self.word()[:rng.randint(1, 6)] if rng.random() < 0.6 else self.hostile()))
        if rng.random() < 0.3:
            pairs.append(("source", self.filter_value("source")))
        return self.target("/api/v1/officials", pairs)

    def api_official(self):
        return f"/api/v1/officials/{enc(self.some_official_key() or 'x')}"

    def api_catalog(self):
        path = self.rng.choice(("/api/v1/topics", "/api/v1/sources", "/api/v1/stats", "/api/v1/openapi.json"))
        if self.rng.random() < 0.3:
            path += "?q=" + enc(self.hostile())
        return path

    def api_statements(self):
        return self.target("/api/v1/statements", self.search_params(statements=True))

    def odd_path(self):
        rng = self.rng
        if rng.random() < 0.6:
            return rng.choice(STATIC_PATHS)
        return "/" + enc(self.hostile())[:300]


# ---------------------------------------------------------------------------
# Checks


class MarkupCheck(HTMLParser):
    """Injected markup in a page: script that came from input, event handlers, links that are not http(s)."""

    LINK_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name in self.LINK_ATTRS and not safe_link(value):
                self.problems.append(f"<{tag} {name}={value[:60]!r}> is not an http(s) link")
        if tag in ("script", "iframe", "object", "embed", "svg") and any("hemxss" in (v or "") for _, v in attrs):
            self.problems.append(f"<{tag}> with injected attributes")
        self._in_script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and ("hemxss" in data or "alert(" in data):
            self.problems.append("<script> holding injected text")


# A scheme at the start of a link, as a browser reads it: tabs and newlines removed, leading control chars trimmed.
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def safe_link(value):
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21))))
    found = SCHEME.match(cleaned)
    return found is None or found.group(1).lower() in ("http", "https", "mailto")


# Payload markup as it was sent: finding it verbatim means the page did not escape it.
RAW_PAYLOAD = re.compile(r"<script>alert\(|<svg onload=|<img src=x onerror=|<iframe src=javascript:", re.IGNORECASE)


def check_response(target, status, ctype, body):
    """Problems with one response, as short strings (empty when it is fine)."""
    problems = []
    if status >= 500:
        problems.append(f"status {status}")
    mime = ctype.split(";")[0].strip().lower()
    text = body.decode("utf-8", errors="replace")
    if mime == "application/json" or mime.endswith("+json"):
        try:
            json.loads(text)
        except ValueError as exc:
            problems.append(f"JSON does not parse: {exc}")
    elif mime == "application/x-ndjson":
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    json.loads(line)
                except ValueError as exc:
                    problems.append(f"JSON line {n} does not parse: {exc}")
                    break
    elif mime in ("text/html", "application/atom+xml", "application/xml", "text/xml", "application/xhtml+xml"):
        if RAW_PAYLOAD.search(text):
            problems.append("unescaped payload: " + RAW_PAYLOAD.search(text).group(0))
        checker = MarkupCheck()
        try:
            checker.feed(text)
            checker.close()
        except Exception as exc:  # noqa: BLE001 - a page the parser cannot read is itself a finding
            problems.append(f"markup unreadable: {exc}")
        problems.extend(dict.fromkeys(checker.problems))
    path = urlsplit(target).path
    if path.startswith("/api/v1/") and status >= 400 and mime != "application/json":
        problems.append(f"API error {status} as {mime or 'no content type'}, not JSON")
    return problems


def route_of(target):
    """The route a target hits, for grouping: "/comunicados/<id>", "/api/v1/search?format=csv"…"""
    parts = urlsplit(target)
    path = parts.path
    for prefix in ("/comunicados/", "/oficiales/", "/api/v1/releases/", "/api/v1/officials/", "/static/"):
        if path.startswith(prefix) and len(path) > len(prefix):
            return prefix + "<…>"
    if path == "/api/v1/search":
        if "after=" in parts.query:
            return "/api/v1/search?after"
        fmt = re.search(r"(?:^|&)format=([^&]*)", parts.query)
        if fmt and fmt.group(1).lower() in ("csv", "jsonl"):
            return f"/api/v1/search?format={fmt.group(1).lower()}"
    known = ("/", "/declaraciones", "/buscar.atom", "/api", "/api/v1/search", "/api/v1/officials",
             "/api/v1/topics", "/api/v1/sources", "/api/v1/stats", "/api/v1/openapi.json", "/api/v1/statements")
    return path if path in known else "(other path)"


# ---------------------------------------------------------------------------
# Running


class Results:
    """What the run saw, shared by the request threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.by_route = defaultdict(Counter)
        self.times = []
        self.slowest = []  # (seconds, status, target, server CPU ms or None)
        self.dearest = []  # (server CPU ms, seconds, status, target)
        self.failures = defaultdict(list)  # (route, problem) → targets
        self.done = 0

    def record(self, target, status, seconds, problems, cpu_ms=None):
        route = route_of(target)
        with self.lock:
            self.done += 1
            self.statuses[status] += 1
            self.by_route[route][status] += 1
            self.times.append(seconds)
            self.slowest.append((seconds, status, target, cpu_ms))
            if len(self.slowest) > 200:
                self.slowest = sorted(self.slowest, key=lambda s: s[0], reverse=True)[:SLOWEST_SHOWN]
            if cpu_ms is not None:
                self.dearest.append((cpu_ms, seconds, status, target))
                if len(self.dearest) > 200:
                    self.dearest = sorted(self.dearest, key=lambda s: s[0], reverse=True)[:SLOWEST_SHOWN]
            for problem in problems:
                self.failures[(route, problem)].append(target)

    def failure_count(self):
        return sum(len(v) for v in self.failures.values())


def release_ids_of(docs, sample=2000):
    step = max(1, docs // sample)
    return [f"bench-{n:06d}" for n in range(1, docs + 1, step)]


def run_requests(port, maker, results, total, concurrency, max_seconds, on_tick=None, tick_every=1000):
    """Send ``total`` requests from ``concurrency`` threads, stopping early at ``max_seconds``."""
    deadline = time.monotonic() + max_seconds
    counter = iter(range(total))
    counter_lock = threading.Lock()
    tick_lock = threading.Lock()
    next_tick = [tick_every]

    def worker():
        while time.monotonic() < deadline:
            with counter_lock:
                if next(counter, None) is None:
                    return
                target = maker.case()
            started = time.monotonic()
            try:
                status, ctype, body, headers = fetch(port, target)
                problems = check_response(target, status, ctype, body)
            except (OSError, http.client.HTTPException) as exc:
                status, ctype, body, problems = 0, "", b"", [f"no response: {type(exc).__name__}: {exc}"]
                headers = None
            seconds = time.monotonic() - started
            if status == 200 and "after=" in target and ctype.startswith("application/json"):
                try:
                    cursor = json.loads(body).get("next")
                except (ValueError, AttributeError):
                    cursor = None
                if cursor:
                    maker.add_cursor(cursor)
            results.record(target, status, seconds, problems, server_cpu_ms(headers))
            if on_tick is not None and results.done >= next_tick[0]:
                with tick_lock:
                    if results.done >= next_tick[0]:
                        next_tick[0] += tick_every
                        on_tick()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)


# Last line of a Python traceback in the server log: the exception and its message.
EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)): ?(.*)$")


# Gunicorn's access log line: the request and its status.
ACCESS_LINE = re.compile(r'"[A-Z]+ (\S+) HTTP/[\d.]+" (\d{3}) ')


def server_log_findings(text):
    """Exceptions (with the path of the 5xx that followed) and worker deaths named in the server's log."""
    found = Counter()
    pending = None
    for line in text.splitlines():
        exc = EXCEPTION_LINE.match(line.strip())
        if exc:
            pending = f"{exc.group(1)}: {exc.group(2)[:120]}"
            continue
        access = ACCESS_LINE.search(line)
        if access and pending and access.group(2).startswith("5"):
            found[f"{pending}  (then {access.group(2)} on {urlsplit(access.group(1)).path[:60]})"] += 1
            pending = None
            continue
        for marker in ("WORKER TIMEOUT", "Worker was sent SIGKILL", "Booting worker", "Worker exiting"):
            if marker in line:
                found[marker] += 1
    if pending:
        found[pending] += 1
    return found


def replay_alone(port, targets):
    """Each target again with nothing else in flight: its own time, without queueing behind others."""
    timed = []
    for target in targets:
        started = time.monotonic()
        try:
            status, _, _, headers = fetch(port, target)
        except (OSError, http.client.HTTPException):
            status, headers = 0, None
        timed.append((time.monotonic() - started, status, target, server_cpu_ms(headers)))
    return timed


def _cpu(ms):
    return f"{ms:7.0f}" if ms is not None else "      ?"


def print_report(results, rss_log, server, elapsed, replayed=(), out=sys.stdout):
    def say(line=""):
        print(line, file=out, flush=True)

    times = results.times
    say()
    say(f"{results.done} requests in {elapsed:.0f} s ({results.done / max(elapsed, 1e-9):.1f}/s)")
    say("status counts: " + ", ".join(f"{k}: {v}" for k, v in sorted(results.statuses.items())))
    if times:
        ms = [t * 1000 for t in times]
        say(f"latency ms: median {percentile(ms, 0.5):.1f}, p95 {percentile(ms, 0.95):.1f}, "
            f"p99 {percentile(ms, 0.99):.1f}, max {max(ms):.1f}")
    say()
    say("by route (status: count):")
    for route, counts in sorted(results.by_route.items()):
        say(f"  {route:<32} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    say()
    say(f"slowest {SLOWEST_SHOWN} (clock ms, server CPU ms):")
    for seconds, status, target, cpu_ms in sorted(results.slowest, key=lambda s: s[0], reverse=True)[:SLOWEST_SHOWN]:
        say(f"  {seconds * 1000:9.0f} {_cpu(cpu_ms)}  {status}  {target[:300]}")
    if replayed:
        say()
        say("the same, replayed one at a time (no queueing):")
        for seconds, status, target, cpu_ms in replayed:
            say(f"  {seconds * 1000:9.0f} {_cpu(cpu_ms)}  {status}  {target[:300]}")
    if results.dearest:
        say()
        say(f"dearest {SLOWEST_SHOWN} in server CPU (clock ms, server CPU ms):")
        for cpu_ms, seconds, status, target in sorted(results.dearest, key=lambda s: s[0], reverse=True)[:SLOWEST_SHOWN]:
            say(f"  {seconds * 1000:9.0f} {_cpu(cpu_ms)}  {status}  {target[:300]}")
    say()
    say("worker RSS (MB) over the run:")
    for done, snapshot in rss_log:
        say(f"  after {done:>7} requests: " + ", ".join(f"pid {pid} {mb:.0f}" for pid, mb in sorted(snapshot.items())))
    say()
    failures = results.failures
    say(f"failed checks: {results.failure_count()} in {len(failures)} kinds")
    for (route, problem), targets in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        say(f"  [{len(targets)}] {route}: {problem}")
        for target in targets[:EXAMPLES_PER_FAILURE]:
            say(f"      {target[:300]}")
    findings = server_log_findings(server.log_text())
    if findings:
        say()
        say("in the server log:")
        for line, count in findings.most_common(40):
            say(f"  [{count}] {line}")


def run(args, workdir, out=sys.stdout):
    """Build or reuse, serve, fuzz, report; returns the :class:`Results`."""
    index_dir = build(workdir, args.docs, args.seed, args.reuse, log=progress)
    if args.build_only:
        return None
    server = Server(index_dir, workdir / SERVER_LOG, workers=args.workers)
    try:
        _, _, body, _ = fetch(server.port, "/api/v1/officials")
        official_keys = [o["key"] for o in json.loads(body).get("officials", [])] or ["x"]
        maker = CaseMaker(args.seed, release_ids_of(args.docs), official_keys)
        results = Results()
        rss_log = [(0, server.rss())]

        def tick():
            rss_log.append((results.done, server.rss()))
            progress(f"{results.done} requests, {results.failure_count()} failed checks, "
                     f"RSS {', '.join(f'{mb:.0f}' for mb in rss_log[-1][1].values())} MB")

        progress(f"Fuzzing http://{HOST}:{server.port}/ with {args.requests} requests, "
                 f"{args.concurrency} at a time, {args.workers} workers (seed {args.seed})…")
        started = time.monotonic()
        run_requests(server.port, maker, results, args.requests, args.concurrency, args.max_seconds,
                     on_tick=tick, tick_every=args.rss_every)
        elapsed = time.monotonic() - started
        rss_log.append((results.done, server.rss()))
        progress("Replaying the slowest requests one at a time…")
        slowest = [target for _, _, target, _ in sorted(results.slowest, key=lambda s: s[0], reverse=True)[:SLOWEST_SHOWN]]
        replayed = replay_alone(server.port, slowest)
        print(f"Fuzz of {args.docs} releases (+{len(HOSTILE_URLS)} hostile), seed {args.seed}, "
              f"{args.workers} workers, concurrency {args.concurrency}", file=out)
        print_report(results, rss_log, server, elapsed, replayed, out=out)
        return results
    finally:
        server.stop()


def progress(message):
    print(message, file=sys.stderr, flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, help="generated releases to index (20,000; with --reuse, as built)")
    parser.add_argument("--requests", type=int, default=100_000, help="requests to send")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of the server")
    parser.add_argument("--max-seconds", type=float, default=4 * 3600, help="stop sending after this long")
    parser.add_argument("--rss-every", type=int, default=5000, metavar="N", help="read worker RSS every N requests")
    parser.add_argument("--workdir", type=Path, help="where to write the corpus, index and server log")
    parser.add_argument("--reuse", action="store_true", help="with --workdir: serve the index a run left there")
    parser.add_argument("--build-only", action="store_true", help="build the index into --workdir and stop")
    args = parser.parse_args(argv)
    if args.docs is None:
        kept = args.workdir / BUILT_FILE if args.reuse and args.workdir else None
        args.docs = json.loads(kept.read_text())["docs"] if kept and kept.exists() else DEFAULT_DOCS
    if args.docs < 1 or args.requests < 1 or args.concurrency < 1 or args.workers < 1:
        parser.error("--docs, --requests, --concurrency and --workers must be at least 1")
    if (args.reuse or args.build_only) and args.workdir is None:
        parser.error("--reuse and --build-only need --workdir")
    return args


def main(argv=None):
    args = parse_args(argv)
    own_dir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="hemeroteca-fuzz-")) if own_dir else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = run(args, workdir)
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if results is not None and results.failure_count() else 0


if __name__ == "__main__":
    sys.exit(main())
