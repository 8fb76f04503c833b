"""Workers that write their own segments build the very index one process builds, commit by commit."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from whoosh import index as whoosh_index

from search.engine import Engine
from search.schema import open_or_create
from search.statements import open_statements

from index.commits import BatchedIndex
from index.writer import build_index

ROOT = Path(__file__).resolve().parents[1]
DEMO_CORPUS = ROOT / "index" / "demo_corpus"
STAMPS = ("indexed_at", "first_indexed")


def corpus(tmp_path):
    """The demo corpus, a bad record, and one id written twice in the run (the second text must win)."""
    folder = tmp_path / "corpus"
    shutil.copytree(DEMO_CORPUS, folder)
    good = {"title": "Jornada de bacheo", "body": "El alcalde Luis Mendoza Ríos informó que inicia el bacheo. "
            "«Vamos a terminar antes de las lluvias», dijo Luis Mendoza Ríos."}
    lines = [json.dumps({**good, "id": "doble"}, ensure_ascii=False), json.dumps({**good, "topics": 5}),
             *(json.dumps({**good, "id": f"relleno-{n}", "title": f"Jornada {n}"}, ensure_ascii=False)
               for n in range(7)),
             json.dumps({"id": "doble", "title": "Jornada de vacunación",
                         "body": "La secretaria informó que inicia la vacunación. «Habrá vacunas para todos», "
                                 "dijo la secretaria."}, ensure_ascii=False)]
    (folder / "lote.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def stored(index_dir):
    found = []
    for ix in (open_or_create(index_dir), open_statements(index_dir)):
        with ix.searcher() as searcher:
            found.append(sorted(json.dumps({k: v for k, v in f.items() if k not in STAMPS}, sort_keys=True,
                                           default=str) for f in searcher.all_stored_fields()))
    return found


def terms(index_dir):
    """Every indexed term of both indexes with the live documents that hold it (deleted ones left out)."""
    found = []
    for ix in (open_or_create(index_dir), open_statements(index_dir)):
        with ix.searcher() as searcher:
            reader = searcher.reader()
            ids = {n: f.get("id") for n, f in reader.iter_docs()}
            found.append({(name, text): sorted(ids[d] for d in reader.postings(name, text).all_ids())
                          for name, text in reader.all_terms()
                          if name not in STAMPS and reader.postings(name, text).is_active()})
    return found


def facets(index_dir):
    found = []
    for engine in (Engine.open(index_dir, cache_size=0), Engine.statements(index_dir)):
        try:
            found.append(engine.search()["facets"])
        finally:
            engine.close()
    return tuple(found)


def test_writing_workers_build_the_index_one_process_builds_across_many_commits(tmp_path):
    folder = corpus(tmp_path)
    alone = build_index(tmp_path / "uno", [folder], workers=0, commit_every=3)
    pooled = build_index(tmp_path / "dos", [folder], workers=2, commit_every=3)
    assert (pooled.indexed, pooled.files, pooled.failures, pooled.undated) == (
        alone.indexed, alone.files, alone.failures, alone.undated)
    assert stored(tmp_path / "dos") == stored(tmp_path / "uno")
    assert terms(tmp_path / "dos") == terms(tmp_path / "uno")
    assert facets(tmp_path / "dos") == facets(tmp_path / "uno")
    # The id written twice is there once, with its second text, and only the second text's statements.
    with open_or_create(tmp_path / "dos").searcher() as s:
        doubles = [f for f in s.all_stored_fields() if f["id"] == "doble"]
    assert [d["title"] for d in doubles] == ["Jornada de vacunación"]
    with open_statements(tmp_path / "dos").searcher() as s:
        said = [f["body"] for f in s.all_stored_fields() if f["release_id"] == "doble"]
    assert any("vacunas" in t for t in said) and not any("lluvias" in t for t in said)
    # Nothing of the workers is left beside the index.
    assert not (tmp_path / "dos" / ".parts").exists()


def test_indexing_again_with_workers_replaces_each_release_and_keeps_when_it_first_entered(tmp_path):
    folder = corpus(tmp_path)
    build_index(tmp_path / "indice", [folder], workers=2, commit_every=4)
    with open_or_create(tmp_path / "indice").searcher() as s:
        before = {f["id"]: f for f in s.all_stored_fields()}
    (folder / "lote.jsonl").write_text((folder / "lote.jsonl").read_text(encoding="utf-8").replace(
        "Jornada 3", "Jornada tres"), encoding="utf-8")
    build_index(tmp_path / "indice", [folder], workers=2, commit_every=4)
    with open_or_create(tmp_path / "indice").searcher() as s:
        after = [f for f in s.all_stored_fields()]
    assert sorted(f["id"] for f in after) == sorted(before)
    after = {f["id"]: f for f in after}
    for key, fields in after.items():
        assert fields["first_indexed"] == before[key]["first_indexed"]
    assert after["relleno-3"]["title"] == "Jornada tres"
    assert after["relleno-3"]["indexed_at"] > before["relleno-3"]["indexed_at"]
    assert after["relleno-4"]["indexed_at"] == before["relleno-4"]["indexed_at"]


def releases_and_statements(index_dir):
    with open_or_create(index_dir).searcher() as s:
        said = {f["id"]: [] for f in s.all_stored_fields()}
    orphans = []
    with open_statements(index_dir).searcher() as s:
        for f in s.all_stored_fields():
            (said[f["release_id"]] if f["release_id"] in said else orphans).append(f["body"])
    return said, orphans


def committed_releases(index_dir):
    if not whoosh_index.exists_in(index_dir):
        return 0
    try:
        return whoosh_index.open_dir(index_dir).doc_count()
    except Exception:  # Caught between a segment's files and its table of contents: look again.
        return 0


def test_a_run_with_writing_workers_killed_mid_way_keeps_whole_batches_and_the_next_run_completes(tmp_path):
    # Over the size below which one process does everything, so the workers write.
    source = tmp_path / "lote.jsonl"
    filler = " ".join(f"La cuadrilla {k} rehabilitó la banqueta de la calle {k}." for k in range(60))
    with open(source, "w", encoding="utf-8") as out:
        for n in range(400):
            body = (f"El alcalde Luis Mendoza Ríos recorrió la colonia número {n}. {filler} "
                    f"«Vamos a terminar el bacheo, en la calle {n}», dijo Luis Mendoza Ríos ante los vecinos.")
            out.write(json.dumps({"id": f"c-{n}", "title": f"Bacheo en la colonia {n}", "date": "2026-03-01",
                                  "body": body}, ensure_ascii=False) + "\n")
    assert source.stat().st_size > 1_000_000
    index_dir = tmp_path / "indice"
    command = [sys.executable, "-m", "hemeroteca", "index", "--index", str(index_dir), "--commit-every", "20",
               str(source)]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while committed_releases(index_dir) < 60 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.02)
        assert run.poll() is None, "the run ended before it could be killed"
        os.kill(run.pid, signal.SIGKILL)
    finally:
        run.wait()
    kept = committed_releases(index_dir)
    assert 60 <= kept < 400 and kept % 20 == 0

    BatchedIndex(index_dir).close()
    said, orphans = releases_and_statements(index_dir)
    assert len(said) == kept and not orphans
    assert all(len(texts) == 1 for texts in said.values())
    assert not (index_dir / ".parts").exists()

    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    said, orphans = releases_and_statements(index_dir)
    assert len(said) == 400 and not orphans and all(len(texts) == 1 for texts in said.values())
