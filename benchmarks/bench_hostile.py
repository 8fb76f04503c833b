"""The queries a fuzz run found slow: many short wildcards, long ORs, twenty plain words, phrases.

Run on demand, never as a timed test:

    python benchmarks/bench_hostile.py --docs 3000 [--seed 7] [--workdir DIR] [--keep]
    python benchmarks/bench_hostile.py --index DIR [--kind "field phrase"]

Builds an index of generated releases (benchmarks/bench_search.py's generator, same seed, same
text), or opens the one in ``--index`` (only read: e.g. ``benchmarks/fuzz_server.py --build-only``'s
``fuzz-index``), then runs each kind of hostile query the way the fuzzer typed it (``ru* es* gr* …``,
``a OR b OR …``, twenty words ANDed, a long OR naming a word whose synonym is a phrase, quoted and
field phrases) and a few ordinary ones, through ``Engine.search`` with the result cache off and no
deadline, and prints the median and worst milliseconds (wall and CPU) per kind, and how each search
ended (200, a Spanish 400, or a partial result with its notice).
"""

import argparse
import contextlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_search import GENERAL, RARE, THEMES, CorpusGenerator, write_corpus  # noqa: E402
from index.writer import build_index  # noqa: E402
from search.engine import Engine  # noqa: E402
from search.params import QueryError, SearchParams  # noqa: E402

WORDS = GENERAL + RARE + [w for words in THEMES.values() for w in words]
PER_KIND = 15
# Words of the shipped synonym table whose synonyms are phrases ("CDMX" also searches "Ciudad de México").
PHRASE_SYNONYMS = ("mipymes", "CDMX", "BJ", "SSC", "PC", "INEGI", "Segob", "SEP")
# Phrases the generator writes, so that some quoted phrases match.
KNOWN_PHRASES = ("programa de salud", "ciudad de méxico", "atención a la ciudadanía", "de enero de",
                 "servicios públicos", "jornada de vacunación")


def kinds(rng):
    """Queries of each kind, as the fuzzer makes them (its values are cut at 200 characters)."""
    pick = lambda k: rng.choices(WORDS, k=k)  # noqa: E731
    return {
        "10 two-letter wildcards": [" ".join(f"{w[:2]}*" for w in pick(10)) for _ in range(PER_KIND)],
        "25 two-letter wildcards": [" ".join(f"{w[:2]}*" for w in pick(25))[:200] for _ in range(PER_KIND)],
        "20 words joined by OR": [" OR ".join(pick(30))[:200] for _ in range(PER_KIND)],
        "20 plain words": [" ".join(pick(20)) for _ in range(PER_KIND)],
        "one or two words": [" ".join(pick(rng.choice((1, 2)))) for _ in range(PER_KIND)],
        "30-word OR with a synonym phrase": [" OR ".join(_with_synonym(rng, pick(29))) for _ in range(PER_KIND)],
        "field phrase": [f'{rng.choice(("titulo", "texto"))}:"{_phrase(rng, pick)}"' for _ in range(PER_KIND)],
        "quoted phrase": [f'"{_phrase(rng, pick)}"' for _ in range(PER_KIND)],
        "phrase with slop": [f'"{" ".join(pick(2))}"~3 {pick(1)[0]}' for _ in range(PER_KIND)],
    }


def _with_synonym(rng, words):
    words.insert(rng.randrange(len(words) + 1), rng.choice(PHRASE_SYNONYMS))
    return words


def _phrase(rng, pick):
    """A phrase the corpus has, or two or three words joined by "de" (which may not be there)."""
    if rng.random() < 0.5:
        return rng.choice(KNOWN_PHRASES)
    return " de ".join(pick(rng.choice((2, 3))))


def run_one(engine, q):
    started, cpu = time.perf_counter(), time.process_time()
    try:
        result = engine.search(SearchParams(q=q))
        outcome = "partial" if result.get("notice") else "200"
    except QueryError:
        outcome = "400"
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, outcome


def measure(index_dir, seed, only=None):
    """Run every kind (or those in ``only``) on the index in ``index_dir`` and print the figures."""
    with contextlib.closing(Engine.open(index_dir, cache_size=0, search_seconds=600)) as engine:
        engine.search(SearchParams(q="agua"))
        print(f"{'kind':<34} {'median ms':>10} {'max ms':>8} {'median CPU ms':>14}  outcomes")
        for kind, queries in kinds(random.Random(seed)).items():
            if only and kind not in only:
                continue
            runs = [run_one(engine, q) for q in queries]
            walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
            outcomes = {o: sum(1 for r in runs if r[2] == o) for o in ("200", "partial", "400")}
            said = ", ".join(f"{n} × {o}" for o, n in outcomes.items() if n)
            print(f"{kind:<34} {statistics.median(walls):>10.0f} {max(walls):>8.0f} "
                  f"{statistics.median(cpus):>14.0f}  {said}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the index in --workdir")
    parser.add_argument("--index", type=Path, help="run on this existing index (only read) instead of building one")
    parser.add_argument("--kind", action="append", help="run only this kind (repeatable)")
    args = parser.parse_args(argv)
    if args.index is not None:
        if not args.index.is_dir():
            raise SystemExit(f"no index in {args.index}")
        measure(args.index, args.seed, args.kind)
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    index_dir = workdir / f"index-{args.docs}-{args.seed}"
    try:
        if not index_dir.exists():
            print(f"Indexing {args.docs} generated releases…", file=sys.stderr)
            generator = CorpusGenerator(args.seed)
            corpus = workdir / "corpus.jsonl"
            write_corpus(corpus, [generator.release(n) for n in range(1, args.docs + 1)])
            report = build_index(index_dir, [corpus])
            if not report.ok:
                raise SystemExit(f"indexing failed: {report.failures[:3]}")
        measure(index_dir, args.seed, args.kind)
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
