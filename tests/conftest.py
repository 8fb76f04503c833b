"""Shared fixtures: one real index of the demo corpus, built once per test session."""

import json
from pathlib import Path

import pytest

from index.demo import DEMO_CORPUS
from index.writer import build_index
from webui import create_app

EXPECTED = Path(__file__).parent / "demo_expected.jsonl"


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo-index")
    report = build_index(path, [DEMO_CORPUS])
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="session")
def expected():
    """The answer key of the demo corpus: one dict a release."""
    return [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def app(demo_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(demo_index)})


@pytest.fixture
def client(app):
    return app.test_client()
