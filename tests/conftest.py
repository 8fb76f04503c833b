"""Shared fixtures: one real index of the demo corpus, built once per test session."""

import json
from pathlib import Path

import pytest
from whoosh.filedb.structfile import StructFile

from index.demo import DEMO_CORPUS
from index.writer import build_index
from webui import create_app

EXPECTED = Path(__file__).parent / "demo_expected.jsonl"


def _close_when_collected(self):
    # Segments are written as separate files (search.store.writer.COMPOUND): a searcher a test leaves open
    # leaves real file handles to the garbage collector, which warns (an error under filterwarnings).
    # A compound segment's memory map was dropped silently; its files are closed as quietly.
    inner = self.__dict__.get("file")
    if self.__dict__.get("is_real") and inner is not None and not inner.closed:
        inner.close()


StructFile.__del__ = _close_when_collected


def pytest_configure(config):
    # In a reference cycle the collector may finalise the file before its StructFile: only Whoosh's own
    # segment files (MAIN_<segment>.<part>) are let through, any other unclosed file still fails a test.
    config.addinivalue_line(
        "filterwarnings",
        r"ignore:Exception ignored in. <_io.FileIO name='[^']*MAIN_[\w.]+':pytest.PytestUnraisableExceptionWarning")


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
