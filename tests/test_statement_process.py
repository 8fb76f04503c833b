"""Statements written in a process of their own: the same indexes, the same crash safety, and what
goes wrong there reaches the run's report."""

import dataclasses
import os
import signal
import sys
import time
from multiprocessing import active_children
from pathlib import Path

import pytest
from built_index import assert_resumes, corpus, killed_after, releases_and_statements, stored

from index.commits import BatchedIndex
from index.extract import to_release
from index.statement_process import NAME
from index.statements import extract_statements
from index.topics import Taxonomy
from index.writer import IndexWriteError, build_index

# A build with extraction workers, so its statements are written apart, committing every ten releases.
BUILD = ("import sys; from index.writer import build_index; "
         "build_index(sys.argv[1], [sys.argv[2]], workers=2, commit_every=10)")


def processes_of(index_dir, wait=10):
    """The pids of the processes whose command line names ``index_dir`` (a run and what it started),
    once those on their way out (killed a moment ago) had ``wait`` seconds to end."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and str(index_dir).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:  # Ended while we looked.
                pass
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads the process list from /proc")
def test_a_killed_run_leaves_no_process_behind_and_both_indexes_agree(tmp_path):
    source = corpus(tmp_path / "lote.jsonl", 400)
    index_dir = tmp_path / "indice"
    command = [sys.executable, "-c", BUILD, str(index_dir), str(source)]
    kept = killed_after(command, index_dir, 30)
    assert 30 <= kept < 400 and kept % 10 == 0

    # The statements process and the extraction workers died with the run: none holds the folder.
    assert processes_of(index_dir) == []
    assert_resumes(command, index_dir, kept, source, tmp_path / "limpio")


def test_the_statements_process_killed_stops_the_run_saying_what_was_saved(tmp_path):
    source = corpus(tmp_path / "lote.jsonl", 60)
    index_dir = tmp_path / "indice"
    killed = []

    def kill_the_statements_writer(done, total, path):
        if done == 25 and not killed:
            writer = [p for p in active_children() if p.name == NAME]
            os.kill(writer[0].pid, signal.SIGKILL)
            killed.append(writer[0].pid)

    with pytest.raises(IndexWriteError) as error:
        build_index(index_dir, [source], workers=2, commit_every=10, progress=kill_the_statements_writer)
    assert killed
    message = str(error.value)
    assert "el proceso que escribe las declaraciones terminó de forma inesperada" in message
    assert "se guardaron 20 comunicados antes del error" in message
    assert not [p for p in active_children() if p.name == NAME]

    # The batch in progress may have reached the releases index before the statements process was
    # found dead: the next writer derives its statements, as after a kill between the two commits.
    BatchedIndex(index_dir).close()
    said, orphans = releases_and_statements(index_dir)
    assert len(said) in (20, 30) and not orphans and all(len(texts) == 1 for texts in said.values())
    assert build_index(index_dir, [source], workers=2).ok
    build_index(tmp_path / "limpio", [source], workers=0)
    assert stored(index_dir) == stored(tmp_path / "limpio")


def releases_with_statements(count):
    taxonomy = Taxonomy.load()
    for n in range(count):
        release = to_release({"id": f"r-{n}", "title": f"Bacheo {n}", "date": "2026-03-01",
                              "body": "«Vamos a terminar el bacheo», dijo el alcalde Luis Mendoza Ríos."}, taxonomy)
        yield release, extract_statements(release, taxonomy=taxonomy)


@pytest.mark.parametrize("apart", [False, True], ids=["here", "apart"])
def test_a_statement_the_index_cannot_take_is_reported_with_its_release_and_the_rest_is_written(tmp_path, apart):
    index = BatchedIndex(tmp_path / "indice", apart=apart)
    failed = []
    for release, statements in releases_with_statements(3):
        assert len(statements) == 1
        if release.id == "r-1":
            statements = [dataclasses.replace(statements[0], kind="rumor")]
        try:
            index.write(release, statements)
        except Exception as exc:  # Written here, the writer raises at once.
            failed.append((release.id, str(exc)))
    index.close()
    failed += index.failures
    assert [release_id for release_id, _ in failed] == ["r-1"] and "rumor" in failed[0][1]
    said, orphans = releases_and_statements(tmp_path / "indice")
    assert {i: len(texts) for i, texts in said.items()} == {"r-0": 1, "r-1": 0, "r-2": 1} and not orphans
