"""Indexing in batches: a killed run keeps whole batches with their statements, an unchanged folder is not read
again, and ``reindex`` extracts stored releases again without their files."""

import os
import subprocess
import sys
import time


from built_index import ROOT, assert_resumes, corpus, killed_after, releases_and_statements, stored

from search.schema import open_or_create
from search.statements import open_statements

from index import commits
from index.commits import BatchedIndex
from index.progress import Progress, estimate_records
from index.reindex import reindex
from index.topics import Taxonomy
from index.writer import build_index


def test_a_run_killed_mid_way_keeps_whole_batches_with_their_statements_and_the_next_run_completes(tmp_path):
    source = corpus(tmp_path / "lote.jsonl", 400)
    index_dir = tmp_path / "indice"
    command = [sys.executable, "-m", "hemeroteca", "index", "--index", str(index_dir), "--commit-every", "10",
               str(source)]
    kept = killed_after(command, index_dir, 30)
    assert 30 <= kept < 400 and kept % 10 == 0

    # The next writer repairs whatever the kill cut between the two commits: both indexes agree.
    assert_resumes(command, index_dir, kept, source, tmp_path / "limpio")


def test_a_crash_between_the_releases_and_the_statements_commit_is_repaired_on_the_next_open(tmp_path):
    first = corpus(tmp_path / "antes.jsonl", 5, said="Vamos a terminar el bacheo")
    build_index(tmp_path / "indice", [first])
    edited = corpus(tmp_path / "despues.jsonl", 5, said="Ya no habrá cortes de agua este mes")
    index = BatchedIndex(tmp_path / "indice", commit_releases=100)
    report = build_index(tmp_path / "otro", [edited])  # Only to get the edited releases extracted.
    assert report.ok
    with open_or_create(tmp_path / "otro").searcher() as s:
        from search.release import from_stored

        releases = [from_stored(f) for f in s.all_stored_fields()]
    for release in releases:
        index.write(release)
    # The process dies here: the releases are committed, the statements are not.
    index.journal.begin([r.id for r in releases])
    index.releases.commit()
    index.cancel()
    said, _ = releases_and_statements(tmp_path / "indice")
    assert all("bacheo" in texts[0] for texts in said.values())

    BatchedIndex(tmp_path / "indice").close()
    said, orphans = releases_and_statements(tmp_path / "indice")
    assert not orphans and len(said) == 5
    assert all(len(texts) == 1 and "cortes de agua" in texts[0] for texts in said.values())


def test_commits_come_every_batch_so_memory_and_losses_stay_bounded(tmp_path, monkeypatch):
    source = corpus(tmp_path / "lote.jsonl", 25)
    generations = []
    original = commits.BatchedIndex.commit

    def counting(self):
        original(self)
        generations.append(self.generation())

    monkeypatch.setattr(commits.BatchedIndex, "commit", counting)
    report = build_index(tmp_path / "indice", [source], commit_every=10)
    assert report.indexed == 25
    # Two full batches, then the rest at the end, each a new generation on disk.
    assert len(set(generations)) == 3


def test_indexing_an_unchanged_folder_again_reads_nothing_and_a_changed_file_is_read(tmp_path):
    folder = tmp_path / "comunicados"
    folder.mkdir()
    corpus(folder / "uno.jsonl", 3)
    corpus(folder / "dos.jsonl", 2, said="Habrá agua en toda la colonia")
    first = build_index(tmp_path / "indice", [folder])
    assert (first.indexed, first.unchanged) == (5, 0)
    before = stored(tmp_path / "indice")

    again = build_index(tmp_path / "indice", [folder])
    assert (again.indexed, again.files, again.unchanged) == (0, 0, 2)
    assert stored(tmp_path / "indice") == before

    # Touched with the same bytes: still known by its hash.
    os.utime(folder / "uno.jsonl", (time.time() + 5, time.time() + 5))
    assert build_index(tmp_path / "indice", [folder]).unchanged == 2

    corpus(folder / "dos.jsonl", 2, said="Habrá luz en toda la colonia")
    changed = build_index(tmp_path / "indice", [folder])
    assert (changed.indexed, changed.unchanged) == (2, 1)
    said, _ = releases_and_statements(tmp_path / "indice")
    assert any("luz" in t for texts in said.values() for t in texts)
    assert not any("agua" in t for texts in said.values() for t in texts)


def test_a_file_with_a_bad_record_is_read_again_next_time_so_its_failure_is_reported_again(tmp_path):
    source = corpus(tmp_path / "lote.jsonl", 2)
    with open(source, "a", encoding="utf-8") as out:
        out.write("{no es json\n")
    assert len(build_index(tmp_path / "indice", [source]).failures) == 1
    again = build_index(tmp_path / "indice", [source])
    assert len(again.failures) == 1 and again.unchanged == 0


def test_reindex_follows_an_edited_taxonomy_without_the_original_files(tmp_path):
    source = corpus(tmp_path / "lote.jsonl", 3)
    build_index(tmp_path / "indice", [source])
    source.unlink()
    with open_or_create(tmp_path / "indice").searcher() as s:
        before = {f["id"]: f for f in s.all_stored_fields()}
    assert not any("Obras viales" in f["topics"] for f in before.values())

    edited = tmp_path / "temas.toml"
    edited.write_text('[obras]\nlabel = "Obras viales"\nterms = { "bacheo" = 4, "calle" = 2 }\n', encoding="utf-8")
    report = reindex(tmp_path / "indice", Taxonomy.load(edited))
    assert report.ok and report.releases == 3
    with open_or_create(tmp_path / "indice").searcher() as s:
        after = {f["id"]: f for f in s.all_stored_fields()}
    assert set(after) == set(before)
    for key, f in after.items():
        assert f["topics"] == ["Obras viales"]
        assert (f["title"], f["body"], f["date"]) == (before[key]["title"], before[key]["body"], before[key]["date"])
        # The text did not change, so neither did when it last changed.
        assert f["indexed_at"] == before[key]["indexed_at"]
    with open_statements(tmp_path / "indice").searcher() as s:
        assert {tuple(f["topics"]) for f in s.all_stored_fields()} == {("Obras viales",)}
    said, orphans = releases_and_statements(tmp_path / "indice")
    assert not orphans and set(said) == set(before)


def test_progress_counts_the_lines_inside_one_big_file_and_says_rate_and_time_left(tmp_path):
    source = corpus(tmp_path / "lote.jsonl", 40)
    assert estimate_records([source, tmp_path / "suelto.txt"]) == 41
    clock = iter([0.0, 10.0])
    line = Progress(41, clock=lambda: next(clock)).line(20)
    assert line == "Indexando: 20 de 41 comunicados (48 %) · 2,0 por segundo · quedan 10 s"
    seen = []
    build_index(tmp_path / "indice", [source], progress=lambda done, total, where: seen.append((done, total)))
    assert seen[0] == (1, 40) and seen[-1] == (40, 40) and len(seen) == 40


def test_reindex_command_says_what_it_did_in_spanish(tmp_path):
    source = corpus(tmp_path / "lote.jsonl", 2)
    build_index(tmp_path / "indice", [source])
    done = subprocess.run([sys.executable, "-m", "hemeroteca", "reindex", "--index", str(tmp_path / "indice")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Extraídos de nuevo: 2 comunicados." in done.stdout
    missing = subprocess.run([sys.executable, "-m", "hemeroteca", "reindex", "--index", str(tmp_path / "nada")],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 1 and "No hay un índice" in missing.stderr


def test_the_command_says_which_files_it_did_not_read_again(tmp_path):
    from click.testing import CliRunner

    from hemeroteca.cli import main

    source = corpus(tmp_path / "lote.jsonl", 2)
    args = ["index", "--index", str(tmp_path / "indice"), str(source)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and "Indexados: 2 comunicados de 1 archivos." in first.output
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0
    assert "Sin cambios desde la última vez: 1 archivo (no se leyó de nuevo)." in again.output
