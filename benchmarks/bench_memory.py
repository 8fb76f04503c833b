"""Memory of a serving process under varied requests: does it level off after warm-up?

Run on demand, never as a timed test:

    python benchmarks/bench_memory.py --docs 5000 [--requests 3000] [--every 250] [--seed 7]
                                      [--index DIR] [--workdir DIR] [--keep]

The app is the real one over a real index of generated releases (the corpus
of ``bench_search.py``), driven through Flask's test client in this process,
so the figures are this process's resident memory as a worker's would be.
Requests mix searches (one and two words, accents, ``exact``, wildcards,
typed filters, pages, sorts, facets), statements, release pages and the
JSON API, all drawn from a fixed seed. RSS is printed every ``--every``
requests; the last line compares the second half of the run with the first.

Progress goes to stderr; figures go to stdout.
"""

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

# Measure the code of this checkout, even if another copy is installed.
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import CorpusGenerator, make_queries, write_corpus  # noqa: E402
from index.writer import build_index  # noqa: E402
from webui import create_app  # noqa: E402

SORTS = ("relevancia", "recientes", "antiguos")


def rss_mb():
    """This process's resident memory now (Linux), else its peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def requests(count, releases, rng):
    """``count`` varied request paths, from the fixed seed."""
    queries = make_queries(min(count, 2000), random.Random(rng.random()))
    ids = [r["id"] for r in releases]
    years = sorted({str(r["date"])[:4] for r in releases})
    for n in range(count):
        q = rng.choice(queries)
        kind = rng.random()
        args = {"q": q}
        if kind < 0.10:
            args["q"] = q.split()[0][:3] + "*"
        elif kind < 0.20:
            args["exact"] = "1"
        elif kind < 0.30:
            args["q"] = f"{q} fecha:{rng.choice(years)}"
        elif kind < 0.35:
            args = {"from": rng.choice(years), "to": rng.choice(years)} if rng.random() < 0.5 else {}
        if rng.random() < 0.3:
            args["page"] = rng.randint(1, 20)
        if rng.random() < 0.3:
            args["sort"] = rng.choice(SORTS)
        route = rng.random()
        if route < 0.45:
            yield "/api/v1/search?" + urlencode(args)
        elif route < 0.75:
            if rng.random() < 0.2:
                args["mas"] = "official"
            yield "/?" + urlencode(args)
        elif route < 0.90:
            args.pop("from", None), args.pop("to", None)
            yield ("/api/v1/statements?" if rng.random() < 0.5 else "/declaraciones?") + urlencode(args)
        else:
            yield f"/comunicados/{rng.choice(ids)}?" + urlencode({"q": q})


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000, help="synthetic releases to generate")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--every", type=int, default=250, help="print RSS every this many requests")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--index", type=Path, help="an index already built from this corpus (same --docs, --seed)")
    parser.add_argument("--workdir", type=Path, help="where to write the corpus and index (a temp dir by default)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and index afterwards")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    generator = CorpusGenerator(args.seed)
    releases = [generator.release(n) for n in range(1, args.docs + 1)]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hemeroteca-mem-"))
    index_dir = args.index
    try:
        if index_dir is None:
            index_dir = workdir / "mem-index"
            corpus = workdir / "mem-corpus.jsonl"
            write_corpus(corpus, releases)
            print(f"Indexing {args.docs} releases…", file=sys.stderr)
            report = build_index(index_dir, [corpus])
            if not report.ok:
                raise SystemExit(f"indexing failed: {report.failures[:3]}")
        client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
        print(f"start: {rss_mb():.1f} MB")
        marks, statuses, slowest = [], {}, (0.0, "")
        for n, path in enumerate(requests(args.requests, releases, random.Random(args.seed)), 1):
            started = time.perf_counter()
            response = client.get(path)
            took = time.perf_counter() - started
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            slowest = max(slowest, (took, path))
            response.close()
            if n % args.every == 0:
                marks.append(rss_mb())
                print(f"{n:6d} requests: {marks[-1]:7.1f} MB")
        print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
        print(f"slowest: {slowest[0] * 1000:.0f} ms {slowest[1]}")
        if len(marks) >= 4:
            half = len(marks) // 2
            print(f"growth, first half: {marks[half - 1] - marks[0]:+.1f} MB; "
                  f"second half: {marks[-1] - marks[half]:+.1f} MB")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
