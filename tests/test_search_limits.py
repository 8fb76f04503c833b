"""Every search is bounded whatever its switches, and bad dates or switches are never a 500.

Through the real demo index and the real app: wildcards, ranges, size and
page depth are refused with a Spanish 400 whether or not ``exact`` is on; a
search past its deadline is a Spanish 503; the statements honour ``exact``;
a date range that reaches the calendar's edge is read as open; and the
caches a searcher keeps stay within their bounds.
"""

import time

import pytest

from search import limits
from search.collection import RELEASES, STATEMENTS
from search.store import collect, docsets
from search.store.queries import to_whoosh
from search.engine import Engine
from search.params import SearchParams
from webui import create_app


@pytest.mark.parametrize("exact", ["", "1"])
@pytest.mark.parametrize("q", ["??*", "*", "titulo:??*", "texto:a*", "[a TO z]", "texto:{a TO}"])
def test_wildcards_and_ranges_are_bounded_with_or_without_exact(client, q, exact):
    for path in ("/api/v1/search", "/", "/api/v1/statements", "/declaraciones"):
        response = client.get(path, query_string={"q": q, "exact": exact})
        assert response.status_code == 400, (path, q, exact)
    message = client.get("/api/v1/search", query_string={"q": q, "exact": exact}).get_json()["error"]["message"]
    assert "comodín" in message or "palabras distintas" in message


def test_a_query_with_too_many_words_is_refused_in_spanish(client):
    q = " ".join(f"w{n}" for n in range(80))
    for exact in ("", "1"):
        response = client.get("/api/v1/search", query_string={"q": q, "exact": exact})
        assert response.status_code == 400
        assert "demasiadas palabras" in response.get_json()["error"]["message"]


def test_paging_deeper_than_the_bound_points_to_the_cursor(client):
    response = client.get("/api/v1/search", query_string={"page": 101, "per_page": 100})
    assert response.status_code == 400
    assert "«after»" in response.get_json()["error"]["message"]
    assert client.get("/api/v1/search", query_string={"page": 100, "per_page": 100}).status_code == 200


def test_too_many_filter_values_are_refused(client):
    response = client.get("/api/v1/search", query_string=[("topic", f"tema-{n}") for n in range(60)])
    assert response.status_code == 400
    assert "demasiados filtros" in response.get_json()["error"]["message"]


def test_a_search_past_its_deadline_is_a_spanish_503(demo_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "SEARCH_SECONDS": 1e-9})).test_client()
    response = client.get("/api/v1/search", query_string={"q": "vacunación", "exact": "1"})
    assert response.status_code == 503
    body = response.get_json()
    assert body["error"]["code"] == "unavailable" and "tardó demasiado" in body["error"]["message"]
    page = client.get("/", query_string={"q": "agua"})
    assert page.status_code == 503 and "tardó demasiado" in page.get_data(as_text=True)


def test_a_deadline_stops_the_statement_search_too(demo_index, closing):
    from search.statement_params import StatementParams

    engine = closing(Engine.statements(demo_index, search_seconds=1e-9))
    with pytest.raises(limits.SearchTimeout):
        engine.search(StatementParams(q="agua"))


def test_the_site_s_deadline_reaches_the_statements_pages(demo_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "SEARCH_SECONDS": 1e-9})).test_client()
    response = client.get("/api/v1/statements", query_string={"q": "agua"})
    assert response.status_code == 503 and "tardó demasiado" in response.get_json()["error"]["message"]
    page = client.get("/declaraciones", query_string={"q": "agua"})
    assert page.status_code == 503 and "tardó demasiado" in page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/statements", "/declaraciones"])
def test_statements_with_exact_spelling_match_accents_as_typed(client, path):
    assert client.get(path, query_string={"q": "agua", "exact": "1"}).status_code == 200
    if path.startswith("/api/"):
        with_accent = client.get(path, query_string={"q": "vacunación", "exact": "1", "per_page": 100}).get_json()
        folded = client.get(path, query_string={"q": "vacunación", "per_page": 100}).get_json()
        without = client.get(path, query_string={"q": "vacunacion", "exact": "1"}).get_json()
        assert 0 < with_accent["total"] < folded["total"]
        assert without["total"] == 0
        assert all("vacunación" in hit["text"].lower() for hit in with_accent["hits"])


@pytest.mark.parametrize("query", [
    {"from": "2026-02-01", "to": "9999-12-31"},
    {"from": "9999", "to": "9999"},
    {"q": "desde:0001 hasta:9999"},
    {"q": "agua fecha:9999"},
    {"to": "9999-12"},
    {"from": "0001-01-01", "to": "0001-01-01"},
])
@pytest.mark.parametrize("path", ["/api/v1/search", "/", "/api/v1/statements", "/declaraciones", "/buscar.atom"])
def test_dates_at_the_edge_of_the_calendar_are_not_a_server_error(client, path, query):
    assert client.get(path, query_string=query).status_code == 200


def test_an_end_in_the_year_9999_means_no_end(client):
    everything = client.get("/api/v1/search").get_json()["total"]
    assert client.get("/api/v1/search", query_string={"to": "9999-12-31"}).get_json()["total"] == everything
    assert client.get("/api/v1/search", query_string={"q": "desde:0001 hasta:9999"}).get_json()["total"] == everything
    assert client.get("/api/v1/search", query_string={"from": "9999", "to": "9999"}).get_json()["total"] == 0


def test_postings_kept_by_a_searcher_stay_within_their_bytes(demo_index, monkeypatch, closing):
    monkeypatch.setattr(docsets, "POSTINGS_BYTES_KEPT", 4096)
    engine = closing(Engine.open(demo_index, cache_size=0))
    for word in ("agua", "vacunación", "escuelas", "seguridad", "simulacro", "bacheo", "salud", "programa"):
        engine.search(SearchParams(q=word))
    kept = engine.current().docsets._postings.values()
    assert sum(ids.nbytes + weights.nbytes for ids, weights in kept) <= 4096 or len(kept) == 1


def test_the_idf_a_searcher_remembers_is_bounded(demo_index, monkeypatch, closing):
    monkeypatch.setattr(collect, "IDF_KEPT", 5)
    engine = closing(Engine.open(demo_index, cache_size=0))
    for word in ("agua", "vacunación", "escuelas", "seguridad", "simulacro", "bacheo", "salud", "programa"):
        engine.search(SearchParams(q=f'"{word}" ciudad'))
    searcher = engine.current()._searcher
    assert len(searcher._idf_cache) <= 5


@pytest.mark.parametrize("q", ["vacun*", "es*", "es* vacunación", "titulo:[a TO c]", "escu* O agua"])
def test_wildcards_and_ranges_rank_as_whoosh_ranks_them(demo_index, stemmed_demo_index, q, closing):
    # Whoosh ranks over the same corpus with stemmed postings of its own (our stems are read off twins).
    engine = closing(Engine.open(demo_index, cache_size=0))
    searcher = closing(RELEASES.layout.open(stemmed_demo_index).searcher())
    chosen = engine.matching(SearchParams(q=q))
    ours = engine.current().ranker.top(to_whoosh(chosen.query), chosen.docnums, 10)
    whoosh = [(hit.docnum, hit.score) for hit in searcher.search(to_whoosh(chosen.query), limit=10)]
    assert ours is not None and [(d, round(s, 6)) for d, s in ours] == [(d, round(s, 6)) for d, s in whoosh]


@pytest.mark.parametrize("q", ["( ^3 )))) va* [", "(^3) agua", "agua^3"])
def test_a_caret_is_read_as_text_not_as_a_weight_with_no_field(client, q):
    for path in ("/", "/api/v1/search", "/api/v1/statements"):
        for exact in ("", "si"):
            response = client.get(path, query_string={"q": q, "exact": exact})
            assert response.status_code in (200, 400), (path, q, exact)


@pytest.mark.parametrize("start,end", [
    ("2026-01-15", None), (None, "2026-01-31"), ("2026-01-10", "2026-02-05"), ("0001-01-01", "9999-12-31"),
    ("2031-01-01", None),
])
def test_a_date_filter_selects_exactly_what_whoosh_selects(demo_index, start, end, closing):
    from datetime import date, datetime, time as clock

    from whoosh import query as wq

    engine = closing(Engine.open(demo_index, cache_size=0))
    searcher = engine.current()._searcher
    q = wq.DateRange("date", start and datetime.combine(date.fromisoformat(start), clock.min),
                     end and datetime.combine(date.fromisoformat(end), clock.max))
    ours = engine.current().docsets.docs(q).tolist()
    assert ours == sorted(searcher.docs_for_query(q))


def stage_runs_out(engine, step):
    with limits.time_limit(1e-9):
        with pytest.raises(limits.SearchTimeout):
            step()


def test_every_stage_of_a_search_stops_at_the_deadline(demo_index, closing):
    from whoosh import query as wq

    from search.facets import count_facets

    engine = closing(Engine.open(demo_index, cache_size=0))
    view = engine.current()
    chosen = engine.matching(SearchParams(q="agua programa", date_from=None))
    docsets_ = view.docsets
    stage_runs_out(engine, lambda: docsets_.docs(wq.DateRange("date", None, None)))
    stage_runs_out(engine, lambda: engine.ranked(chosen.query, chosen.docnums, 10))
    stage_runs_out(engine, lambda: engine._page(view, None, chosen.docnums, SearchParams(), 0))
    stage_runs_out(engine, lambda: count_facets(view.columns, chosen.docnums))


def test_a_slow_export_is_a_503_before_any_row_is_sent(demo_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "SEARCH_SECONDS": 1e-9})).test_client()
    for fmt in ("csv", "jsonl"):
        response = client.get("/api/v1/search", query_string={"q": "programa", "format": fmt})
        assert response.status_code == 503 and "tardó demasiado" in response.get_json()["error"]["message"]


def test_a_page_with_nothing_found_retries_its_filters_within_its_deadline(demo_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "SEARCH_SECONDS": 1e-9})).test_client()
    page = client.get("/", query_string={"q": "zzzzqx", "topic": "salud", "source": "nadie"})
    assert page.status_code == 503 and "tardó demasiado" in page.get_data(as_text=True)


@pytest.mark.parametrize("sort", ["recientes", "antiguos"])
def test_pages_by_date_follow_the_one_date_order(demo_index, sort, closing):
    from search.store.order import UNDATED

    engine = closing(Engine.open(demo_index, cache_size=0))
    view = engine.current()
    searcher = view._searcher
    params = SearchParams(sort=sort, per_page=100)
    chosen = engine.matching(params)
    ours = [r.id for r, _ in engine._page(view, None, chosen.docnums, params, 0)]
    stored = [searcher.stored_fields(int(n)) for n in chosen.docnums]
    keys = sorted(((s["date"].toordinal() if s.get("date") else UNDATED, s["id"]) for s in stored),
                  reverse=sort != "antiguos")
    assert ours == [release_id for _, release_id in keys][:100]


@pytest.mark.parametrize("q", ["agua", "programa social", "vacun* escu*", "salud O escuelas O agua"])
def test_statements_rank_every_match_by_its_full_score(demo_index, stemmed_demo_index, q, closing):
    from search.interpret import select
    from search.statement_params import StatementParams

    engine = closing(Engine.statements(demo_index, search_seconds=None))
    hits = engine.search(StatementParams(q=q, per_page=10))["hits"]
    view = engine.current()
    # Whoosh scores over the same statements with stemmed postings of their own.
    searcher = closing(STATEMENTS.layout.open(stemmed_demo_index).searcher())
    _, _, text_q, docnums, _ = select(StatementParams(q=q), view, view.official_names,
                                      lambda query, chosen: engine._matching(view, query, chosen))
    scored = searcher.search(to_whoosh(text_q), limit=None, filter=set(docnums.tolist()))
    best = sorted(((-round(hit.score, 4), hit.docnum) for hit in scored))[:10]
    assert hits and [(h["id"], h["score"]) for h in hits] == [
        (searcher.stored_fields(docnum)["id"], -score) for score, docnum in best]


def test_a_search_waiting_for_a_busy_machine_is_not_stopped_but_one_working_past_its_budget_is():
    # Waiting (here a sleep, on a loaded server a queue for the CPU) costs the search none of its budget.
    with limits.time_limit(0.05):
        time.sleep(0.1)
        limits.check()
    with limits.time_limit(0.05):
        with pytest.raises(limits.SearchTimeout):
            spent = time.thread_time()
            while time.thread_time() - spent < 0.1:
                sum(range(1000))
            limits.check()


def test_a_stalled_search_still_stops_on_the_clock():
    with limits.time_limit(0.01):
        time.sleep(0.01 * limits.WALL_FACTOR + 0.02)
        with pytest.raises(limits.SearchTimeout):
            limits.check()
