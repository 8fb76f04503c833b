"""Walking a whole result set with the cursor ``after``: no gaps, no repeats, even while the index changes.

Both walks: batches of JSON hits, and exports (csv, jsonl) followed page by page through ``Link: rel="next"``.
"""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from shared_index import SharedIndex, opened_app, writable_copy

from search.release import Release, to_document
from search.schema import create_empty, open_existing
from webui import create_app

# Dates repeat (25 releases a day), so the order must break ties by id.
DAYS = 40
START = date(2026, 1, 1)


def walk(client, per_page=37, between=None, **params):
    """Every hit of a cursor walk, batch by batch, calling ``between(batch)`` after each one."""
    seen, token = [], ""
    for _ in range(500):
        response = client.get("/api/v1/search", query_string={**params, "after": token, "per_page": per_page})
        assert response.status_code == 200, response.get_json()
        batch = response.get_json()
        seen += batch["hits"]
        token = batch["next"]
        if token is None:
            return seen
        if between:
            between(batch)
    pytest.fail("the walk never ended")


def release(n, day, title="Avance de la obra pública"):
    return Release(id=f"obra-{n:05d}", title=f"{title} {n}", date=day, source="Gobierno de Prueba",
                   body="La dependencia informó del avance de la obra pública en la colonia.")


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    """An index of 1,000 releases about public works, written once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("thousand")
    ix = create_empty(path)
    with ix.writer() as w:
        for n in range(1000):
            w.add_document(**to_document(release(n, START + timedelta(days=n % DAYS))))
    return SharedIndex.freeze(path)


@pytest.fixture
def growing(thousand, tmp_path):
    """A copy of the 1,000 releases that the test may add to, and a client over it."""
    path = writable_copy(thousand, tmp_path / "ix")
    with opened_app({"TESTING": True, "INDEX_DIR": str(path)}) as app:
        yield open_existing(path), app.test_client()
    thousand.check_unchanged("a cursor test")


def order_key(hit):
    return hit["date"], hit["id"]


@pytest.mark.parametrize("sort", ["antiguos", "recientes"])
def test_walk_while_releases_are_added_loses_and_repeats_nothing(growing, sort):
    ix, client = growing
    added = iter(range(1000, 100_000))

    def add_releases(batch):
        # New releases behind, at and ahead of the cursor, and some old ones indexed again.
        at = date.fromisoformat(batch["hits"][-1]["date"])
        with ix.writer() as w:
            for offset in (-3, -1, 0, 0, 1, 2, 5):
                w.add_document(**to_document(release(next(added), at + timedelta(days=offset))))
            for n in (3, 500, 999):
                w.update_document(**to_document(release(n, START + timedelta(days=n % DAYS))))

    hits = walk(client, between=add_releases, q="obra", sort=sort)
    ids = [h["id"] for h in hits]
    assert len(ids) == len(set(ids)), "a release was returned twice"
    assert {f"obra-{n:05d}" for n in range(1000)} <= set(ids), "a release that was there was skipped"
    keys = [order_key(h) for h in hits]
    assert keys == sorted(keys, reverse=sort == "recientes")
    assert len(ids) > 1000, "releases added ahead of the cursor are part of the walk"


def test_page_numbers_would_repeat_releases_when_the_index_grows(growing):
    # Why the cursor exists: the same additions shift page-numbered results.
    ix, client = growing
    seen = []
    for page in (1, 2):
        result = client.get("/api/v1/search", query_string={"sort": "antiguos", "per_page": 50, "page": page})
        seen += [h["id"] for h in result.get_json()["hits"]]
        with ix.writer() as w:
            for n in range(5):
                w.add_document(**to_document(release(2000 + n, START - timedelta(days=1))))
    assert len(seen) != len(set(seen))


@pytest.mark.parametrize("sort", ["antiguos", "recientes"])
def test_walk_returns_the_whole_search_in_date_then_id_order(client, sort):
    total = client.get("/api/v1/search", query_string={"q": "programa"}).get_json()["total"]
    hits = walk(client, per_page=4, q="programa", sort=sort)
    assert len(hits) == len({h["id"] for h in hits}) == total
    keys = [order_key(h) for h in hits]
    assert keys == sorted(keys, reverse=sort == "recientes")


def test_walk_holds_the_same_releases_as_the_search_with_filters(client):
    params = {"official": "luis-mendoza", "from": "2025-06"}
    searched = client.get("/api/v1/search", query_string={**params, "per_page": 100}).get_json()["hits"]
    assert {h["id"] for h in walk(client, per_page=5, **params)} == {h["id"] for h in searched}


def test_walk_defaults_to_oldest_first_and_links_the_next_batch(client):
    response = client.get("/api/v1/search", query_string={"after": "", "per_page": 5})
    batch = response.get_json()
    assert batch["sort"] == "antiguos" and batch["after"] is None
    link = response.headers["Link"]
    assert link.endswith('rel="next"') and f"after={batch['next']}" in link
    following = client.get(link[1:link.index(">")]).get_json()
    assert following["after"] == batch["next"]
    assert following["hits"][0]["date"] >= batch["hits"][-1]["date"]


def test_last_batch_has_no_next_and_no_link(client):
    response = client.get("/api/v1/search", query_string={"q": "simulacro", "after": "", "per_page": 100})
    assert response.get_json()["next"] is None
    assert "Link" not in response.headers


@pytest.mark.parametrize(
    "params, word",
    [
        ({"after": "no-es-un-cursor"}, "cursor"),
        ({"after": "WyJ4Il0"}, "cursor"),  # valid base64 of a list that is not a position
        ({"after": "", "sort": "relevancia"}, "fecha"),
        ({"after": "", "page": "2"}, "page"),
        ({"after": "no-es-un-cursor", "format": "csv"}, "cursor"),
        ({"after": "WyJ4Il0", "format": "jsonl"}, "cursor"),
        ({"after": "%%%", "format": "jsonl"}, "cursor"),
        ({"after": "", "format": "csv", "sort": "relevancia"}, "fecha"),
        ({"after": "", "format": "jsonl", "page": "2"}, "page"),
    ],
)
def test_bad_cursor_requests_get_a_400_that_says_why(client, params, word):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 400
    assert word in response.get_json()["error"]["message"]


def test_totals_stay_true_while_releases_are_added_and_replaced(growing):
    # A refreshed searcher once kept replaced releases and merged-away segments: totals grew twice as fast.
    ix, client = growing
    for step in range(12):
        with ix.writer() as w:
            w.add_document(**to_document(release(5000 + step, START)))
            w.update_document(**to_document(release(step, START + timedelta(days=step % DAYS))))
        result = client.get("/api/v1/search", query_string={"q": "obra"}).get_json()
        assert result["total"] == 1000 + step + 1


@pytest.mark.parametrize("sort", ["antiguos", "recientes"])
def test_pages_cursor_and_export_list_ties_in_the_same_order(tmp_path, sort, closing):
    # Indexed in the reverse of id order, so an order that broke ties by position in the index would differ.
    ix = create_empty(tmp_path)
    with ix.writer() as w:
        for n in reversed(range(60)):
            w.add_document(**to_document(release(n, START + timedelta(days=n % 3))))
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})).test_client()
    paged = [h["id"] for p in (1, 2, 3)
             for h in client.get("/api/v1/search", query_string={"sort": sort, "per_page": 20, "page": p}
                                 ).get_json()["hits"]]
    walked = [h["id"] for h in walk(client, per_page=7, sort=sort)]
    exported = client.get("/api/v1/search", query_string={"sort": sort, "format": "jsonl"}).get_data(as_text=True)
    assert paged == walked == [json.loads(line)["id"] for line in exported.splitlines()]
    assert paged == sorted(paged, key=lambda i: (int(i[-5:]) % 3, i), reverse=sort == "recientes")


# Exports, page by page


def export_rows(fmt, response):
    """``(date, id)`` of each release row of one export page."""
    text = response.get_data(as_text=True)
    if fmt == "csv":
        assert text.startswith("\ufeff")
        return [(row["fecha"], row["id"]) for row in csv.DictReader(io.StringIO(text[1:]))]
    return [(record["date"], record["id"]) for record in map(json.loads, text.splitlines())]


def follow_export(client, fmt, between=None, **params):
    """Every row of an export, following its ``rel="next"`` links, and the number of rows of each page."""
    rows, sizes = [], []
    response = client.get("/api/v1/search", query_string={**params, "format": fmt})
    for _ in range(500):
        assert response.status_code == 200, response.get_data(as_text=True)
        page = export_rows(fmt, response)
        rows += page
        sizes.append(len(page))
        assert response.headers["X-Export-Count"] == str(len(page))
        link = response.headers.get("Link")
        assert response.headers["X-Export-Truncated"] == ("true" if link else "false")
        if link is None:
            return rows, sizes
        assert link.startswith("<") and link.endswith('>; rel="next"')
        if between:
            between(page)
        response = client.get(link[1:link.index(">")])
    pytest.fail("the export never ended")


@pytest.fixture
def paged_exports(thousand, tmp_path):
    """A copy of the 1,000 releases the test may add to; a client exporting 150 rows a page, and one exporting all."""
    path = writable_copy(thousand, tmp_path / "ix")
    with opened_app({"TESTING": True, "INDEX_DIR": str(path), "EXPORT_LIMIT": 150}) as paged, \
            opened_app({"TESTING": True, "INDEX_DIR": str(path), "EXPORT_LIMIT": 5000}) as whole:
        yield open_existing(path), paged.test_client(), whole.test_client()
    thousand.check_unchanged("an export test")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("sort", ["recientes", "antiguos"])
def test_following_an_exports_next_links_yields_the_one_big_listing(paged_exports, fmt, sort):
    _, paged, whole = paged_exports
    rows, sizes = follow_export(paged, fmt, q="obra", sort=sort)
    listing, one = follow_export(whole, fmt, q="obra", sort=sort)
    assert one == [1000] and sizes == [150] * 6 + [100]
    assert rows == listing
    assert rows == sorted(rows, reverse=sort == "recientes")


@pytest.mark.parametrize("sort", ["recientes", "antiguos"])
def test_releases_added_between_export_pages_cause_no_repeat_and_no_gap(paged_exports, sort):
    ix, paged, _ = paged_exports
    added = iter(range(1000, 100_000))

    def add_releases(page):
        # New releases behind, at and ahead of the last row, and some old ones indexed again.
        at = date.fromisoformat(page[-1][0])
        with ix.writer() as w:
            for offset in (-3, -1, 0, 0, 1, 2, 5):
                w.add_document(**to_document(release(next(added), at + timedelta(days=offset))))
            for n in (3, 500, 999):
                w.update_document(**to_document(release(n, START + timedelta(days=n % DAYS))))

    rows, sizes = follow_export(paged, "csv", between=add_releases, q="obra", sort=sort)
    ids = [i for _, i in rows]
    assert len(ids) == len(set(ids)), "a release was exported twice"
    assert {f"obra-{n:05d}" for n in range(1000)} <= set(ids), "a release that was there was skipped"
    assert rows == sorted(rows, reverse=sort == "recientes")
    assert len(sizes) > 1 and len(ids) > 1000, "releases added ahead of the last row are exported too"
