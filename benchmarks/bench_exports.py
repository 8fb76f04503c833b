"""How long an export and an ``id:`` lookup take over an existing index, through the API.

Run on demand, never as a timed test:

    python benchmarks/bench_exports.py --index DIR [--repeat 5] [--lookups 30]

The index is only read. Each export is fetched whole: its first response, then every ``Link: rel="next"``
that stays an export of the same format, as a program harvesting a search would. It prints, per export,
the rows received, the responses it took, the median wall milliseconds of the whole export and of its
slowest response, and the median CPU milliseconds of the whole export. Then the median and worst
milliseconds of ``q=id:VALUE`` for ids that exist, ids that do not, and the names the fuzz run typed
after ``id:``, and how many hits each found; last, an ``id:`` lookup as a new process's first search.
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from search.engine import Engine  # noqa: E402
from search.params import SearchParams  # noqa: E402
from webui import create_app  # noqa: E402

# (name, query parameters) of the exports fetched.
EXPORTS = (
    ("everything", {}),
    ("from=2023", {"from": "2023"}),
    ("topic=salud", {"topic": "salud"}),
    ("q=agua", {"q": "agua"}),
)
FORMATS = ("jsonl", "csv")
# Values the fuzz run typed after ``id:``: names and sources, words that fell back to any-word searches.
TYPED_VALUES = ("Secretaría de Salud de Jalisco", "Luis Mendoza Ríos", "Protección civil", "Gobierno del Estado de Yucatán",
                "Alcaldía Coyoacán", "salud", "2026", "Coyoacán")


def rows_of(fmt, text):
    """Release rows in one export response (the CSV header and any ``#`` or partial marker left out)."""
    if fmt == "csv":
        lines = text.lstrip("\ufeff").splitlines()[1:]
        return [line for line in lines if line and not line.startswith("#")]
    return [line for line in text.splitlines() if line and "parcial" not in json.loads(line)]


def next_export(response, fmt):
    """The ``rel="next"`` address of a response when it is another export in ``fmt``, else None."""
    link = response.headers.get("Link", "")
    if 'rel="next"' not in link:
        return None
    target = link[link.index("<") + 1:link.index(">")]
    return target if parse_qs(urlsplit(target).query).get("format") == [fmt] else None


def whole_export(client, fmt, params):
    """``(rows, responses, wall ms, slowest response ms, CPU ms)`` of one export fetched to its end."""
    started, cpu = time.perf_counter(), time.process_time()
    rows, slowest, responses = 0, 0.0, 0
    target = None
    while True:
        one = time.perf_counter()
        if target is None:
            response = client.get("/api/v1/search", query_string={**params, "format": fmt})
        else:
            response = client.get(target)
        text = response.get_data(as_text=True)
        slowest = max(slowest, (time.perf_counter() - one) * 1000)
        responses += 1
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code} for {target or params}: {text[:300]}")
        rows += len(rows_of(fmt, text))
        target = next_export(response, fmt)
        if target is None:
            break
    return rows, responses, (time.perf_counter() - started) * 1000, slowest, (time.process_time() - cpu) * 1000


def lookup(client, value):
    """``(hits, wall ms, CPU ms)`` of ``q=id:VALUE``."""
    started, cpu = time.perf_counter(), time.process_time()
    typed = f'id:"{value}"' if " " in value else f"id:{value}"
    result = client.get("/api/v1/search", query_string={"q": typed}).get_json()
    return result["total"], (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def cold_lookup(index, value):
    """``(hits, wall ms, CPU ms)`` of ``id:VALUE`` as the first search of a new process (a new worker's)."""
    script = ("import json, sys, time; sys.path.insert(0, sys.argv[1]); from search.engine import Engine; "
              "from search.params import SearchParams; e = Engine.open(sys.argv[2], cache_size=0); "
              "t, c = time.perf_counter(), time.process_time(); r = e.search(SearchParams(q='id:' + sys.argv[3])); "
              "print(json.dumps([r['total'], (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000])); "
              "e.close()")
    out = subprocess.run([sys.executable, "-c", script, str(REPO_ROOT), str(index), value],
                         capture_output=True, text=True, check=True).stdout
    return tuple(json.loads(out.splitlines()[-1]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an existing index folder (only read)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lookups", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--lookups-only", action="store_true", help="skip the exports")
    args = parser.parse_args(argv)
    with closing(Engine.open(args.index, cache_size=0)) as engine:
        chosen = engine.matching(SearchParams())
        ids = sorted(stored["id"] for stored in chosen.view.fetch(list(chosen.docnums)))
    app = create_app({"TESTING": True, "INDEX_DIR": str(args.index), "RATE_LIMIT": None})
    client = app.test_client()
    client.get("/api/v1/search", query_string={"q": "agua"})
    print(f"{len(ids):,} releases")
    print(f"{'export':<14} {'fmt':<5} {'rows':>6} {'responses':>9} {'median ms':>10} {'slowest response':>16} "
          f"{'median CPU ms':>13}")
    for name, params in () if args.lookups_only else EXPORTS:
        for fmt in FORMATS:
            runs = [whole_export(client, fmt, params) for _ in range(args.repeat)]
            rows, responses = runs[0][0], runs[0][1]
            print(f"{name:<14} {fmt:<5} {rows:>6} {responses:>9} {statistics.median(r[2] for r in runs):>10.0f} "
                  f"{statistics.median(r[3] for r in runs):>16.0f} {statistics.median(r[4] for r in runs):>13.0f}")
    rng = random.Random(args.seed)
    present = rng.sample(ids, min(args.lookups, len(ids)))
    absent = [f"no-existe-{n:06d}" for n in range(args.lookups)]
    print(f"{'id: lookup':<14} {'n':>5} {'hits':>12} {'median ms':>10} {'max ms':>8} {'median CPU ms':>13}")
    for name, values in (("present", present), ("absent", absent), ("fuzz values", TYPED_VALUES)):
        runs = [lookup(client, v) for v in values]
        hits = sorted({r[0] for r in runs})
        print(f"{name:<14} {len(runs):>5} {str(hits):>12} {statistics.median(r[1] for r in runs):>10.1f} "
              f"{max(r[1] for r in runs):>8.1f} {statistics.median(r[2] for r in runs):>13.1f}")
    # Each in a process of its own, so it pays what a new worker's first search pays.
    runs = [cold_lookup(args.index, v) for v in present[:3]]
    print(f"{'first, fresh':<14} {len(runs):>5} {str(sorted({r[0] for r in runs})):>12} "
          f"{statistics.median(r[1] for r in runs):>10.1f} {max(r[1] for r in runs):>8.1f} "
          f"{statistics.median(r[2] for r in runs):>13.1f}")


if __name__ == "__main__":
    main()
