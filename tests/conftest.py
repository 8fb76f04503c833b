"""Shared fixtures, each built once per test session (once per worker when the suite runs in parallel).

- ``demo_index``: the demo corpus indexed once (releases and their statements). It is shared read-only:
  a test that writes to it fails at teardown; a test that writes asks for ``demo_copy`` (a copy of the
  folder, far cheaper than indexing again).
- ``stemmed_demo_index``: the same corpus in an index whose ranked fields keep stemmed postings of their
  own, as indexes made before :mod:`search.store.twins` do: Whoosh's own searcher over it is what the
  store's ranking over ``demo_index`` is held to.
- ``app``/``client``: the site over the shared demo index, its engines closed after each test.
- ``server``, ``browser``, ``axe_source``: the demo index under `hemeroteca serve`, one chromium and the
  accessibility checker, for every browser test file.
"""

import json
from pathlib import Path

import pytest
from servers import served
from shared_index import SharedIndex, close_engines, opened_app, with_own_stems, writable_copy
from whoosh import index as whoosh_index

from index.demo import DEMO_CORPUS
from index.writer import build_index
from search.store.schema import press_release_schema, statements_dir, statements_schema

EXPECTED = Path(__file__).parent / "demo_expected.jsonl"


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo-index")
    report = build_index(path, [DEMO_CORPUS])
    assert report.ok, report.failures
    return SharedIndex.freeze(path)


@pytest.fixture(scope="session")
def stemmed_demo_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("stemmed-demo-index")
    whoosh_index.create_in(path, with_own_stems(press_release_schema()))
    statements_dir(path).mkdir()
    whoosh_index.create_in(statements_dir(path), with_own_stems(statements_schema()))
    report = build_index(path, [DEMO_CORPUS])
    assert report.ok, report.failures
    return SharedIndex.freeze(path)


@pytest.fixture(autouse=True)
def _shared_indexes_stay_unchanged(request):
    """After each test that used the shared demo index, fail it loudly if the index changed."""
    yield
    if "demo_index" in request.fixturenames:
        request.getfixturevalue("demo_index").check_unchanged(request.node.nodeid)


@pytest.fixture
def demo_copy(demo_index, tmp_path):
    """A private, writable copy of the demo index."""
    return writable_copy(demo_index, tmp_path / "demo-index")


@pytest.fixture(scope="session")
def expected():
    """The answer key of the demo corpus: one dict a release."""
    return [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def app(demo_index):
    with opened_app({"TESTING": True, "INDEX_DIR": str(demo_index)}) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def closing():
    """``closing(x)`` hands back ``x`` (an app or an engine) and closes its index files after the test."""
    opened = []

    def keep(thing):
        opened.append(thing)
        return thing

    yield keep
    for thing in reversed(opened):
        close_engines(thing)


# Browser tests (tests/test_browser.py and the files that import its helpers).

@pytest.fixture(scope="session")
def server(demo_index):
    """The demo index served by `hemeroteca serve` on 127.0.0.1, once for every browser test."""
    with served(demo_index) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from test_browser import CHROMIUM, FLAGS, _missing, sync_playwright

    if sync_playwright is None:
        _missing("playwright")
    if not CHROMIUM.exists():
        _missing("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source():
    from test_browser import AXE, _missing

    if not AXE.exists():
        _missing("axe-core")
    return AXE.read_text(encoding="utf-8")
