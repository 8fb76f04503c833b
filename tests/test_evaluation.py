"""The judged queries and the search-quality measure built on them."""

import contextlib

import pytest

from search.engine import Engine
from search.evaluation import Fts5Peer, evaluate, load_judgments, ndcg, reciprocal_rank


def test_ndcg_and_reciprocal_rank_reward_relevant_results_first():
    assert ndcg(["a", "b", "c"], {"a", "b"}) == 1.0
    assert 0 < ndcg(["x", "a", "b"], {"a", "b"}) < 1
    assert ndcg(["x", "y"], {"a"}) == 0.0
    assert reciprocal_rank(["x", "a"], {"a"}) == 0.5


def test_judged_set_covers_every_group_with_at_least_fifty_queries():
    queries = load_judgments()
    assert len(queries) >= 50
    assert {q["group"] for q in queries} >= {
        "acentos", "flexion", "enie", "erratas", "siglas", "frases", "funcionarios", "fechas"}


@pytest.fixture(scope="module")
def results(demo_index):
    with contextlib.closing(Engine.open(demo_index)) as engine:
        return evaluate(engine, load_judgments())


def test_every_judged_release_exists_in_the_demo_index(demo_index, closing):
    engine = closing(Engine.open(demo_index))
    missing = {i for q in load_judgments() for i in q["relevant"] if engine.get(i) is None}
    assert not missing


def test_search_meets_the_quality_target_and_beats_fts5_on_every_group(results):
    assert results["groups"]["todas"]["hemeroteca"]["ndcg"] >= 0.90
    for group, systems in results["groups"].items():
        assert systems["hemeroteca"]["ndcg"] > systems["fts5"]["ndcg"], group


def test_fts5_peer_ands_words_and_keeps_phrases():
    assert Fts5Peer.match_expression('"árbol por árbol" tu ciudad') == '"árbol por árbol" AND "tu" AND "ciudad"'
