"""Extraction cost per release, by stage: what an indexing worker spends on each record.

Run on demand, never as a timed test:

    python benchmarks/bench_extract.py --docs 500 [--seed 7] [--runs 3] [--profile N]
    python benchmarks/bench_extract.py --archive FILE [--archive-limit 100] [--runs 3] [--profile N]
    python benchmarks/bench_extract.py --big-mb 50

``--big-mb N`` writes one plain-text release of N MB (synthetic paragraphs under a transcript's header)
and extracts it in a child process, printing its CPU seconds and peak resident memory: what one
indexing worker holds for a very long release.

Records are extracted in this process exactly as a worker extracts them
(``index.pipeline.extract``: the release, then its statements); the synthetic
ones are the corpus of ``bench_search.py``, read back through the JSON Lines
reader, and ``--archive`` takes ``--archive-limit`` documents spread evenly
over a real archive (JSON Lines, gzipped or not). Each stage is timed in CPU
time by wrapping the function the pipeline calls; a stage's figure holds what
it computes for the others when it is the first to need it (the officials'
one pass of their rules serves the statements too; the body's topic terms
serve its turns'). Each run extracts every record once; the
figures are the median of ``--runs`` runs, in milliseconds per release.
``--profile N`` adds cProfile's N costliest functions (cumulative) of one run.

Progress goes to stderr; figures go to stdout.
"""

import argparse
import cProfile
import gzip
import io
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Measure the code of this checkout, even if another copy is installed.
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import index.extract as extract_module  # noqa: E402
import index.pipeline as pipeline_module  # noqa: E402
import index.statements as statements_module  # noqa: E402
from bench_search import CorpusGenerator, write_corpus  # noqa: E402
from index.sources import reader_for  # noqa: E402
from index.topics import Taxonomy  # noqa: E402

# (stage, module, attribute): the functions timed, as the pipeline reaches them.
STAGES = [
    ("release", pipeline_module, "to_release"),
    ("  officials", extract_module, "extract_officials"),
    ("  places", extract_module, "extract_places"),
    ("  organizations", extract_module, "extract_organizations"),
    ("  doc type", extract_module, "doc_type_of"),
    ("statements", pipeline_module, "extract_statements"),
    ("  turns", statements_module, "split_turns"),
    ("  from turns", statements_module, "_from_turns"),
    ("  speech", statements_module, "_speech"),
    ("  from prose", statements_module, "_from_prose"),
]


class Timer:
    """CPU seconds spent inside each wrapped function, the outermost call of each only."""

    def __init__(self):
        self.spent = {}
        self._depth = {}

    def inside(self, stage):
        return self._depth.get(stage, 0) > 0

    def wrap(self, stage, function):
        self.spent.setdefault(stage, 0.0)
        self._depth.setdefault(stage, 0)

        def timed(*args, **kwargs):
            self._depth[stage] += 1
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth[stage] -= 1
                if not self._depth[stage]:
                    self.spent[stage] += time.process_time() - start

        return timed


def instrument(timer, taxonomy):
    """Wrap every stage's function; returns what undoes it."""
    undo = []
    for stage, module, attribute in STAGES:
        if not hasattr(module, attribute):
            continue
        original = getattr(module, attribute)
        undo.append((module, attribute, original))
        setattr(module, attribute, timer.wrap(stage, original))
    # The taxonomy is an instance: its methods are wrapped on the instance. Topics of a transcript's
    # turns (classified inside the statements) are shown apart from the release's.
    release_topics = timer.wrap("  topics", taxonomy.classify)
    turn_topics = timer.wrap("  topics of turns", taxonomy.classify)
    taxonomy.classify = lambda *a, **k: (turn_topics if timer.inside("statements") else release_topics)(*a, **k)
    undo.append((taxonomy, "classify", None))
    if hasattr(taxonomy, "classify_part"):
        taxonomy.classify_part = timer.wrap("  topics of turns", taxonomy.classify_part)
        undo.append((taxonomy, "classify_part", None))
    return undo


def restore(undo):
    for owner, attribute, original in undo:
        if original is None:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, original)


def synthetic_records(count, seed, workdir):
    generator = CorpusGenerator(seed)
    path = Path(workdir) / "bench-extract.jsonl"
    write_corpus(path, [generator.release(n) for n in range(count)])
    return [r for r in reader_for(path).read(path) if isinstance(r, dict)]


def archive_records(path, limit, workdir):
    """``limit`` documents spread evenly over the archive (every one when ``limit`` is 0)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as source:
        lines = [line for line in source if line.strip()]
    if limit and limit < len(lines):
        step = len(lines) / limit
        lines = [lines[int(i * step)] for i in range(limit)]
    sample = Path(workdir) / "bench-extract-archive.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    del lines
    return [r for r in reader_for(sample).read(sample) if isinstance(r, dict)]


def run(records, taxonomy):
    """CPU seconds of each stage and of the whole extraction, over one pass of every record."""
    timer = Timer()
    undo = instrument(timer, taxonomy)
    try:
        start = time.process_time()
        for record in records:
            done = pipeline_module.extract(record, taxonomy)
            done.release()
            done.statements()
        total = time.process_time() - start
    finally:
        restore(undo)
    return total, timer.spent


def report(name, records, taxonomy, runs, profile):
    progress(f"{name}: {len(records)} records, {runs} runs…")
    pipeline_module.extract(records[0], taxonomy)  # Loads the registry, gazetteer and directory outside the figures.
    totals, spent = [], {}
    for n in range(runs):
        total, stages = run(records, taxonomy)
        totals.append(total)
        for stage, seconds in stages.items():
            spent.setdefault(stage, []).append(seconds)
        progress(f"  run {n + 1}: {1000 * total / len(records):.2f} ms per release")
    per = 1000 / len(records)
    chars = sum(len(r.get("body") or "") + len(r.get("title") or "") for r in records) / len(records)
    print(f"\n## {name}: {len(records)} releases, {chars / 1000:.1f} k characters each on average")
    print(f"CPU ms per release, median of {runs} runs (each run: min–max)")
    print(f"{'extract (all)':<20} {per * statistics.median(totals):9.2f}   ({per * min(totals):.2f}–{per * max(totals):.2f})")
    order = ["release", "  officials", "  places", "  organizations", "  doc type", "  topics",
             "statements", "  turns", "  from turns", "  speech", "  from prose", "  topics of turns"]
    for stage in order:
        if stage in spent:
            values = spent[stage]
            print(f"{stage:<20} {per * statistics.median(values):9.2f}")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for record in records:
            pipeline_module.extract(record, taxonomy)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(profile)
        print(f"\ncProfile, one pass (times inflated by the profiler), {profile} costliest by cumulative time:")
        print(out.getvalue())


def write_big_release(path, megabytes, seed):
    """One plain-text release of about ``megabytes`` MB: a transcript's header, then synthetic paragraphs."""
    generator = CorpusGenerator(seed)
    size, n = 0, 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("Mensaje sobre las obras del año\nPresidencia de la República\n12 de marzo de 2026\n---\n\n")
        while size < megabytes * 1_000_000:
            body = generator.release(n)["body"] + "\n\n"
            out.write(body)
            size += len(body.encode("utf-8"))
            n += 1


def extract_one(path):
    """The child's part of ``--big-mb``: extract the file's one release, print CPU seconds and peak RSS."""
    taxonomy = Taxonomy.load()
    record = next(r for r in reader_for(path).read(path) if isinstance(r, dict))
    start = time.process_time()
    done = pipeline_module.extract(record, taxonomy)
    done.release()
    count = len(done.statements())
    seconds = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"one release of {len(record['body']) / 1e6:.1f} M characters: {seconds:.1f} CPU s, "
          f"{count} statements, peak RSS {peak:.0f} MB")


def progress(message):
    print(message, file=sys.stderr, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, help="synthetic releases to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--archive", type=Path, metavar="FILE", help="a real archive (JSON Lines, gzipped or not)")
    parser.add_argument("--archive-limit", type=int, default=100, metavar="N",
                        help="with --archive: N documents spread over it (0: all)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print cProfile's N costliest functions of one pass")
    parser.add_argument("--big-mb", type=float, metavar="N", help="extract one plain-text release of N MB")
    parser.add_argument("--extract-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.extract_one:
        extract_one(args.extract_one)
        return
    if args.docs is None and args.archive is None and args.big_mb is None:
        parser.error("give --docs, --archive, --big-mb or some of them")
    if args.archive is not None and not args.archive.is_file():
        parser.error(f"{args.archive}: no such file")
    taxonomy = Taxonomy.load()
    with tempfile.TemporaryDirectory() as workdir:
        if args.docs:
            report(f"synthetic corpus (seed {args.seed})", synthetic_records(args.docs, args.seed, workdir),
                   taxonomy, args.runs, args.profile)
        if args.archive:
            report(f"archive {args.archive.name}", archive_records(args.archive, args.archive_limit, workdir),
                   taxonomy, args.runs, args.profile)
        if args.big_mb:
            path = Path(workdir) / "bench-extract-big.txt"
            progress(f"Writing a release of {args.big_mb} MB…")
            write_big_release(path, args.big_mb, args.seed)
            print(f"\n## one plain-text release of {path.stat().st_size / 1e6:.1f} MB, in a child process")
            sys.stdout.flush()
            subprocess.run([sys.executable, __file__, "--extract-one", str(path)], check=True)


if __name__ == "__main__":
    main()
