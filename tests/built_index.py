"""What a built index holds, read for comparison across builds, and a build killed in the middle."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from whoosh import index as whoosh_index

from search.schema import open_or_create
from search.statements import open_statements

ROOT = Path(__file__).resolve().parents[1]
# When a build wrote each release differs from one build to the next.
STAMPS = ("indexed_at", "first_indexed")


def stored(index_dir):
    """Every stored release and statement of an index, comparable across builds (stamps left out)."""
    found = []
    for ix in (open_or_create(index_dir), open_statements(index_dir)):
        with ix.searcher() as searcher:
            found.append(sorted(json.dumps({k: v for k, v in f.items() if k not in STAMPS}, sort_keys=True,
                                           default=str) for f in searcher.all_stored_fields()))
    return found


def corpus(path, count, said="Vamos a terminar el bacheo antes de las lluvias"):
    """``count`` releases in one JSON Lines file, each with a statement of an official."""
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            body = (f"El alcalde Luis Mendoza Ríos recorrió la colonia número {n}. "
                    f"«{said}, en la calle {n}», dijo Luis Mendoza Ríos ante los vecinos.")
            out.write(json.dumps({"id": f"c-{n}", "title": f"Bacheo en la colonia {n}", "date": "2026-03-01",
                                  "body": body}, ensure_ascii=False) + "\n")
    return path


def releases_and_statements(index_dir):
    """{release id: sorted statement texts} as both indexes hold them, and the statements of missing releases."""
    with open_or_create(index_dir).searcher() as s:
        said = {f["id"]: [] for f in s.all_stored_fields()}
    orphans = []
    with open_statements(index_dir).searcher() as s:
        for f in s.all_stored_fields():
            (said[f["release_id"]] if f["release_id"] in said else orphans).append(f["body"])
    return {i: sorted(v) for i, v in said.items()}, orphans


def committed_releases(index_dir):
    if not whoosh_index.exists_in(index_dir):
        return 0
    try:
        return whoosh_index.open_dir(index_dir).doc_count()
    except Exception:  # Caught between a segment's files and its table of contents: look again.
        return 0


def killed_after(command, index_dir, releases, wait=120):
    """Run ``command``, ``kill -9`` it once ``releases`` are committed to ``index_dir``; how many were kept."""
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + wait
        while committed_releases(index_dir) < releases and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.02)
        assert run.poll() is None, "the run ended before it could be killed"
        os.kill(run.pid, signal.SIGKILL)
    finally:
        run.wait()
    return committed_releases(index_dir)


def assert_resumes(command, index_dir, kept, source, clean_dir):
    """After ``command`` was killed with ``kept`` releases committed: the next writer leaves both indexes
    agreeing, each kept release with its statement, and running ``command`` again gives what a clean
    build of ``source`` in ``clean_dir`` gives."""
    from index.commits import BatchedIndex
    from index.writer import build_index

    BatchedIndex(index_dir).close()
    said, orphans = releases_and_statements(index_dir)
    assert len(said) == kept and not orphans
    assert all(len(texts) == 1 for texts in said.values())

    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    build_index(clean_dir, [source], workers=0)
    assert stored(index_dir) == stored(clean_dir)
