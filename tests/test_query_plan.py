"""Hostile queries are cheap by plan, on the real demo index on disk (never timed).

What a fuzz run found slow — many short wildcards, long ORs cut short, twenty plain words — is
either refused at once with a Spanish 400 or searched with a bounded amount of reading: each
wildcard's terms are read once, a long query looks up few word families, and an operator left
dangling at the end is no word to require. The query tree the store is handed translates to
Whoosh and back without loss.
"""

import pytest
from whoosh import query as wq
from whoosh.reading import MultiReader, SegmentReader

from search import querytree as qt
from search.engine import Engine
from search.expand import MAX_CORRECTED_WORDS, MAX_FAMILY_WORDS
from search.params import SearchParams
from search.query import MAX_WILDCARDS, parse
from search.store.queries import from_whoosh, to_whoosh

TWENTY_WORDS = ("agua programa escuelas vacunación seguridad salud bacheo simulacro ciudad calles "
                "obras alumbrado parques mercados drenaje hospital jornada colonia vecinos servicio")


@pytest.fixture
def engine(demo_index):
    opened = Engine.open(demo_index, cache_size=0, search_seconds=None)
    yield opened
    opened.close()


def counting(monkeypatch, cls, name):
    """Count the calls of one of Whoosh's methods (the library's, not ours)."""
    calls = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


def test_many_short_wildcards_are_refused_at_once_in_spanish(client):
    q = " ".join(f"{w}*" for w in ("ag", "es", "pr", "va", "se", "sa", "ba", "ci", "ca", "co"))
    response = client.get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "10 comodines" in message and f"admite {MAX_WILDCARDS}" in message
    page = client.get("/", query_string={"q": q})
    assert page.status_code == 400 and "comodines" in page.get_data(as_text=True)


def test_each_wildcard_is_read_from_the_lexicon_once_per_field(engine, monkeypatch):
    calls = counting(monkeypatch, wq.Prefix, "expanded_terms")
    # Checked, selected, ranked and highlighted, then searched again on the same generation.
    engine.search(SearchParams(q="vacun* escu*"))
    engine.search(SearchParams(q="vacun* escu*", page=2))
    assert len(calls) == 4  # two patterns in title and body


def test_twenty_plain_words_look_up_few_word_families(engine, monkeypatch):
    calls = counting(monkeypatch, MultiReader, "expand_prefix")
    segment_calls = counting(monkeypatch, SegmentReader, "expand_prefix")
    result = engine.search(SearchParams(q=TWENTY_WORDS))
    assert result["total"] > 0
    lookups = len(calls) + len(segment_calls)
    # Families of at most MAX_FAMILY_WORDS stems in two fields, and the few corrections' scans —
    # read once, not again by the any-word fallback.
    assert lookups <= 2 * MAX_FAMILY_WORDS + 6 * MAX_CORRECTED_WORDS


def test_an_operator_left_dangling_is_no_word_to_require(engine):
    whole = engine.search(SearchParams(q="agua OR escuelas"))
    cut = engine.search(SearchParams(q="agua OR escuelas OR"))
    assert cut["mode"] == whole["mode"] == "all"
    assert cut["total"] == whole["total"] > 0


@pytest.mark.parametrize("typed", [
    "López-Gatell vacuna -Pfizer", '"árbol por árbol" agua', "agua O luz", "titulo:agua texto:luz",
    "vacun* escu?las", "[a TO c]", "+agua luz", "agua NO luz", "NOT agua", "agua^3",
])
def test_the_tree_the_store_gets_says_what_the_parser_read(typed, engine):
    q = parse(typed, engine.current().schema)
    assert all(isinstance(leaf, qt.LEAVES) for leaf in qt.leaves(q))
    assert from_whoosh(to_whoosh(q)) == from_whoosh(to_whoosh(from_whoosh(to_whoosh(q))))
    assert not isinstance(to_whoosh(q), type(wq.NullQuery))
