"""The search page against the API for the same warm query: CPU milliseconds per request, and their ratio.

Run on demand, never as a timed test:

    python benchmarks/bench_page.py [--index DIR | --corpus FILE [--limit N]] [--query TEXT]...
        [--requests 50] [--repeats 7] [--profile]

Both answers come from one app through Flask's test client, so the figures
are the site's own work (routing, search, links, templates, JSON) without
the network or the server in front. Each query is asked of both once to warm
the engine's cache and the templates, then ``--requests`` times per repeat;
the median over ``--repeats`` of the CPU time per request is printed. Without
``--index`` the demo corpus, or ``--corpus`` (anything ``hemeroteca index`` reads;
of a JSON Lines file, optionally gzipped, only its first ``--limit`` records), is
indexed into a temporary folder.

``--profile`` prints the page's top functions by cumulative time, to see where
its CPU goes.
"""

import argparse
import cProfile
import gzip
import itertools
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

# Benchmark the code of this checkout, even if another copy is installed.
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from index.demo import DEMO_CORPUS  # noqa: E402
from index.writer import build_index  # noqa: E402
from webui import create_app  # noqa: E402

DEFAULT_QUERIES = ("agua", "vacunación", "seguridad")


def cpu_ms_per_request(client, url, requests):
    """CPU milliseconds of this process per request of ``url`` (each must answer 200)."""
    started = time.process_time()
    for _ in range(requests):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.close()
    return (time.process_time() - started) * 1000 / requests


def measure(client, query, requests, repeats):
    """Median CPU ms per request of the page and of the API for ``query``, warm."""
    page, api = f"/?{urlencode({'q': query})}", f"/api/v1/search?{urlencode({'q': query})}"
    for url in (page, api):
        cpu_ms_per_request(client, url, 2)
    pages, apis = [], []
    for _ in range(repeats):
        pages.append(cpu_ms_per_request(client, page, requests))
        apis.append(cpu_ms_per_request(client, api, requests))
    return statistics.median(pages), statistics.median(apis)


def profile(client, query, requests):
    url = f"/?{urlencode({'q': query})}"
    cpu_ms_per_request(client, url, 2)
    profiler = cProfile.Profile()
    profiler.enable()
    cpu_ms_per_request(client, url, requests)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)


def corpus_source(path, limit, scratch):
    """``path``, or a file of its first ``limit`` JSON lines when a limit is given."""
    if limit is None:
        return path
    opener = gzip.open if path.name.endswith(".gz") else open
    first = Path(scratch) / "corpus.jsonl"
    with opener(path, "rt", encoding="utf-8") as lines, open(first, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(lines, limit))
    return first


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index folder (default: the demo corpus, indexed now)")
    parser.add_argument("--corpus", type=Path, help="index this file or folder now instead of the demo corpus")
    parser.add_argument("--limit", type=int, help="with a JSON Lines --corpus, index only its first N records")
    parser.add_argument("--query", action="append", help="a query to measure (repeatable)")
    parser.add_argument("--requests", type=int, default=50, help="requests per repeat")
    parser.add_argument("--repeats", type=int, default=7, help="repeats; the median is printed")
    parser.add_argument("--profile", action="store_true", help="profile the page for the first query")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        index_dir = args.index
        if index_dir is None:
            index_dir = Path(scratch) / "index"
            source = corpus_source(args.corpus, args.limit, scratch) if args.corpus else DEMO_CORPUS
            report = build_index(index_dir, [source])
            assert report.ok, report.failures
        client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
        queries = args.query or DEFAULT_QUERIES
        named = index_dir if args.index else (f"{args.corpus.name}" + (f", first {args.limit}" if args.limit else "")
                                              if args.corpus else "demo corpus")
        print(f"index: {named}; {args.requests} requests x "
              f"{args.repeats} repeats, median CPU ms per request")
        print(f"{'query':<24} {'page ms':>8} {'api ms':>8} {'ratio':>6}")
        ratios = []
        for query in queries:
            page, api = measure(client, query, args.requests, args.repeats)
            ratios.append(page / api)
            print(f"{query:<24} {page:8.2f} {api:8.2f} {page / api:6.2f}")
        print(f"{'median ratio':<24} {'':>8} {'':>8} {statistics.median(ratios):6.2f}")
        if args.profile:
            profile(client, queries[0], args.requests)


if __name__ == "__main__":
    main()
