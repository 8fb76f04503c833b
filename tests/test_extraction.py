"""Extraction measured against answer keys: our annotated set and the demo corpus's key."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hemeroteca.cli import main
from index.demo import DEMO_CORPUS
from index.evaluation import extract_key, load_key, score
from index.registry import Registry
from index.topics import Taxonomy

SET = Path(__file__).parent / "extraction"
DEMO_KEY = Path(__file__).parent / "demo_expected.jsonl"


@pytest.fixture(scope="module")
def annotated():
    rows = load_key(SET / "expected.jsonl")
    return rows, score(extract_key(SET / "releases", rows, Taxonomy.load(), Registry.load(SET / "officials.toml")))


def test_the_annotated_set_has_at_least_40_releases_with_its_traps(annotated):
    rows, _ = annotated
    assert len(rows) >= 40
    assert sum(r["date"] is None for r in rows) >= 3
    assert {Path(r["file"]).suffix for r in rows} == {".txt", ".jsonl", ".html"}
    # Two officials sharing a surname in one release.
    assert any(len({o["name"].split()[1] for o in r["officials"]}) < len(r["officials"]) for r in rows)


def test_publication_dates_are_all_right_including_the_undated_ones(annotated):
    _, scores = annotated
    assert scores["date"].accuracy == 1.0, scores["date"].misses


def test_officials_meet_the_precision_and_recall_targets(annotated):
    _, scores = annotated
    officials = scores["officials"]
    assert officials.precision >= 0.95, officials.misses
    assert officials.recall >= 0.90, officials.misses
    assert scores["officials.role"].accuracy >= 0.95


def test_topics_meet_the_f1_target(annotated):
    _, scores = annotated
    assert scores["topics"].f1 >= 0.85, scores["topics"].misses


def test_places_organizations_types_and_boilerplate_are_mostly_right(annotated):
    _, scores = annotated
    assert scores["places"].precision >= 0.9 and scores["places"].recall >= 0.8
    assert scores["organizations"].precision >= 0.9 and scores["organizations"].recall >= 0.8
    assert scores["type"].accuracy >= 0.9
    assert scores["boilerplate"].accuracy >= 0.9, scores["boilerplate"].misses


def test_the_demo_key_stays_exact_for_dates_sources_and_officials():
    rows = load_key(DEMO_KEY)
    scores = score(extract_key(DEMO_CORPUS, rows, Taxonomy.load(), Registry.load()))
    assert scores["date"].accuracy == scores["source"].accuracy == 1.0
    assert scores["officials"].precision == scores["officials"].recall == 1.0
    assert scores["topics"].f1 >= 0.95


def test_eval_extraction_prints_precision_and_recall_per_field():
    result = CliRunner().invoke(main, ["eval-extraction", str(SET / "releases"), "--errors"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[2:] if line.strip()}
    assert float(lines["officials"][0]) >= 0.95 and float(lines["officials"][1]) >= 0.90
    assert lines["date"][1] == "1.000"


def test_eval_extraction_runs_on_the_demo_key_and_reports_a_bad_key(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["eval-extraction", str(DEMO_CORPUS), "--key", str(DEMO_KEY)])
    assert result.exit_code == 0 and "66 comunicados" in result.output
    bad = tmp_path / "expected.jsonl"
    bad.write_text(json.dumps({"file": "a.txt"}) + "\n{roto\n", encoding="utf-8")
    result = runner.invoke(main, ["eval-extraction", str(tmp_path)])
    assert result.exit_code == 1 and "línea 2" not in result.output and ":2:" in result.output
