"""Extraction in worker processes builds the same index, and reports the same failures, as one process."""

import json
import os
import shutil
import signal
from multiprocessing import active_children
from pathlib import Path

from built_index import stored


from index.statement_process import NAME
from index.writer import build_index

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "index" / "demo_corpus"


def corpus(tmp_path):
    """The demo corpus, plus a file with a record of a wrong type and a line that is no JSON."""
    folder = tmp_path / "corpus"
    shutil.copytree(DEMO_CORPUS, folder)
    good = {"title": "Jornada de bacheo", "body": "El alcalde Luis Mendoza Ríos informó que inicia el bacheo."}
    lines = [json.dumps(good, ensure_ascii=False), json.dumps({**good, "topics": 5}), "{no es json",
             json.dumps({**good, "id": "otro", "title": "Otra jornada"}, ensure_ascii=False)]
    (folder / "lote.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder




def test_two_workers_build_the_index_one_process_builds(tmp_path):
    folder = corpus(tmp_path)
    alone = build_index(tmp_path / "uno", [folder], workers=0)
    pooled = build_index(tmp_path / "dos", [folder], workers=2)
    assert (pooled.indexed, pooled.files, pooled.failures, pooled.undated) == (
        alone.indexed, alone.files, alone.failures, alone.undated)
    failed = {where.rsplit("/", 1)[-1]: reason for where, reason in pooled.failures}
    assert failed["lote.jsonl:2"].startswith("el campo «topics» debe ser una lista")
    assert "JSON" in failed["lote.jsonl:3"]
    assert stored(tmp_path / "dos") == stored(tmp_path / "uno")
    assert len(stored(tmp_path / "dos")[1]) > 0


def test_a_worker_killed_mid_run_loses_nothing_and_does_not_hang(tmp_path):
    folder = corpus(tmp_path)
    alone = build_index(tmp_path / "uno", [folder], workers=0)
    killed = []

    def kill_a_worker(done, total, path):
        workers = [p for p in active_children() if p.pid and p.name != NAME]  # Not the statements writer.
        if not killed and workers:
            os.kill(workers[0].pid, signal.SIGKILL)
            killed.append(workers[0].pid)

    pooled = build_index(tmp_path / "dos", [folder], workers=2, progress=kill_a_worker)
    assert killed
    assert (pooled.indexed, pooled.failures) == (alone.indexed, alone.failures)
    assert stored(tmp_path / "dos") == stored(tmp_path / "uno")
