"""Hostile queries are cheap by plan, on the real demo index on disk (never timed).

What a fuzz run found slow — many short wildcards, long ORs cut short, twenty plain words, phrases —
is either refused at once with a Spanish 400 or searched with a bounded amount of reading: each
wildcard's terms are read once, a long query looks up few word families, an operator left dangling
at the end is no word to require, and no phrase is walked by Whoosh's matcher, yet matches and ranks
as Whoosh's own phrase query does. The query tree the store is handed translates to Whoosh and back
without loss.
"""

import contextlib

import pytest
from whoosh import query as wq
from whoosh.reading import MultiReader, SegmentReader

from search import querytree as qt
from search.collection import RELEASES
from search.engine import Engine
from search.expand import MAX_CORRECTED_WORDS, MAX_FAMILY_WORDS
from search.params import SearchParams
from search.query import MAX_WILDCARDS, parse
from search.store.queries import from_whoosh, to_whoosh
from search.store.stems import Lexicon

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
    # A stem's words in a stemmed twin are a prefix scan of their own: counted apart, each read once.
    inside, read = [], []
    original = Lexicon.words

    def words(self, fieldname, stem):
        text = stem.decode("utf-8") if isinstance(stem, bytes) else stem
        if (fieldname, text) not in self._words:
            read.append((fieldname, text))
        before = len(calls) + len(segment_calls)
        found = original(self, fieldname, stem)
        inside.append(len(calls) + len(segment_calls) - before)
        return found

    monkeypatch.setattr(Lexicon, "words", words)
    result = engine.search(SearchParams(q=TWENTY_WORDS))
    assert result["total"] > 0
    lookups = len(calls) + len(segment_calls) - sum(inside)
    # Families of at most MAX_FAMILY_WORDS stems in two fields, and the few corrections' scans —
    # read once, not again by the any-word fallback.
    assert lookups <= 2 * MAX_FAMILY_WORDS + 6 * MAX_CORRECTED_WORDS
    assert read and len(read) == len(set(read))


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


# Phrases as a citizen types them: quoted, in one field, with slop, in long ORs, as the synonym of a word
# ("BJ", "mipymes"), as an official's name (quoted and weighed down), required, excluded, weighted.
PHRASE_QUERIES = [
    '"benito juárez"', 'titulo:"benito juárez"', 'texto:"ciudad de méxico"', '"temporada de lluvias"',
    '"benito juárez"~3', '"juárez benito"~3', '"ciudad méxico"~2', '"de la"', '"de la de"', '"la de"~4',
    "agua OR \"benito juárez\" OR luz", "BJ", "BJ OR agua OR vacunación", "mipymes",
    " OR ".join(["mipymes", "crédito", "bazar", "navideño", "lluvias", "agua", "luz", "vacunación", "escuelas",
                 "bacheo", "simulacro", "mercados", "drenaje", "parques", "obras", "jornada", "salud", "colonia",
                 "vecinos", "servicio", "programa", "ciudad", "calles", "alumbrado", "hospital", "seguridad",
                 "policía", "empleo", "cultura", "deporte"]),
    '"benito juárez" -agua', '+"benito juárez" vacunación', '"benito juárez"^2 agua', "Teresa Jiménez agua",
    'NOT "benito juárez"', '"benito juárez" OR NOT agua', 'titulo:"benito juárez" texto:"ciudad de méxico"',
]


@pytest.fixture
def whoosh_searcher(stemmed_demo_index):
    """Whoosh's own searcher over the demo corpus indexed with stemmed postings of its own, the reference the
    store's phrases (and its stems read off their twins) are held to."""
    with contextlib.closing(RELEASES.layout.open(stemmed_demo_index).searcher()) as searcher:
        yield searcher


@pytest.mark.parametrize("typed", PHRASE_QUERIES)
def test_phrases_match_and_rank_as_whoosh_own_phrase_query(typed, engine, whoosh_searcher):
    view = engine.current()
    q = engine.matching(SearchParams(q=typed)).query
    assert any(isinstance(leaf, qt.Phrase) for leaf in qt.leaves(q))
    theirs = to_whoosh(q)
    matched = view.select(q)
    assert matched.tolist() == sorted(whoosh_searcher.docs_for_query(theirs))
    ranked = view.order(matched, "relevancia", q, limit=10, filtered=False)
    expected = [(hit.docnum, hit.score) for hit in whoosh_searcher.search(theirs, limit=10)]
    assert [d for d, _ in ranked] == [d for d, _ in expected]
    assert [s for _, s in ranked] == pytest.approx([s for _, s in expected], rel=1e-9)
    # Among the matches a filter leaves (every other one).
    allowed = matched[::2]
    ranked = view.order(allowed, "relevancia", q, limit=10)
    expected = [(hit.docnum, hit.score) for hit in whoosh_searcher.search(theirs, limit=10, filter=set(allowed.tolist()))]
    assert [d for d, _ in ranked] == [d for d, _ in expected]
    assert [s for _, s in ranked] == pytest.approx([s for _, s in expected], rel=1e-9)


def test_no_phrase_is_walked_by_whoosh_matcher(engine, monkeypatch):
    """A phrase walked by Whoosh made a 30-word OR naming "mipymes" take 3.4 s on 100,000 releases."""
    calls = counting(monkeypatch, wq.Phrase, "matcher")
    found = {typed: engine.search(SearchParams(q=typed))["total"] for typed in PHRASE_QUERIES}
    engine.search(SearchParams(q=PHRASE_QUERIES[0], source=("Alcaldía Benito Juárez",)))
    assert calls == []
    assert found['"benito juárez"'] > 0 and found["BJ OR agua OR vacunación"] > found["BJ"] > 0
    assert found['titulo:"benito juárez"'] > 0 and found["Teresa Jiménez agua"] > 0
