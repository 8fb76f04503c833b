"""The benchmark script still runs end to end; its timings are machine facts, never asserted."""

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_runs_both_engines_on_a_tiny_corpus(tmp_path):
    # -W error: the script should be as warning-free as the code under pytest's filterwarnings.
    run = subprocess.run(
        [sys.executable, "-W", "error", "benchmarks/bench_search.py",
         "--docs", "60", "--queries", "10", "--workdir", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert any(line.startswith("hemeroteca ") for line in lines), run.stdout
    assert any(line.startswith("fts5 ") for line in lines), run.stdout
