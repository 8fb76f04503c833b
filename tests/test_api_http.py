"""What a program meets over HTTP: JSON errors, caching by ETag, CORS, exports, rate limits and the /api page."""

import csv
import io
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest
from servers import free_port, served
from test_api_cursor import follow_export
from click.testing import CliRunner

from hemeroteca.cli import main
from index.writer import build_index
from webui import create_app
from webui.exports import csv_row
from webui.ratelimit import RateLimiter, parse_rate

CORPUS = Path(__file__).parent / "corpus"


def assert_json_error(response, status, code, *words):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == status and body["error"]["code"] == code
    for word in words:
        assert word in body["error"]["message"]
    return body


# Errors


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_a_wrong_method_is_a_405_in_json_that_says_which_are_allowed(client, method):
    response = getattr(client, method)("/api/v1/search")
    assert_json_error(response, 405, "method_not_allowed", "método")
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("path", ["/api/v1/nada", "/api/v2/search", "/api/", "/api/v1/officials/a/b"])
def test_unknown_api_paths_are_404s_in_json_never_a_page(client, path):
    response = client.get(path)
    assert_json_error(response, 404, "not_found", "no existe")
    assert "<html" not in response.get_data(as_text=True)


def test_a_request_body_over_the_limit_is_a_413_in_json(client):
    response = client.post("/api/v1/search", data=b"x" * (65 * 1024))
    assert_json_error(response, 413, "payload_too_large", "64 KB")


def test_an_overlong_address_is_refused_in_json(client):
    response = client.get("/api/v1/search", query_string={"official": ["x" * 100] * 100})
    assert_json_error(response, 414, "uri_too_long", "larga")


def test_without_an_index_the_api_says_so_in_json_and_still_documents_itself(tmp_path, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "nada")})).test_client()
    assert_json_error(client.get("/api/v1/stats"), 503, "unavailable", "índice")
    assert client.get("/api/v1/openapi.json").status_code == 200


# Caching


def test_answers_carry_a_weak_etag_and_are_304_when_unchanged(client):
    first = client.get("/api/v1/search", query_string={"q": "agua"})
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and "max-age=" in first.headers["Cache-Control"]
    again = client.get("/api/v1/search", query_string={"q": "agua"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag


def test_each_address_has_its_own_etag(client):
    tags = {client.get(path).headers["ETag"] for path in
            ("/api/v1/search?q=agua", "/api/v1/search?q=becas", "/api/v1/stats", "/api/v1/topics")}
    assert len(tags) == 4


def test_an_etag_sent_to_another_address_does_not_earn_a_304(client):
    etag = client.get("/api/v1/search?q=agua").headers["ETag"]
    assert client.get("/api/v1/search?q=becas", headers={"If-None-Match": etag}).status_code == 200


def test_the_etag_changes_when_the_index_does(tmp_path, closing):
    build_index(tmp_path, [CORPUS / "texto"])
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})).test_client()
    etag = client.get("/api/v1/search").headers["ETag"]
    build_index(tmp_path, [CORPUS / "json"])
    response = client.get("/api/v1/search", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_errors_are_not_cached(client):
    assert client.get("/api/v1/search?page=0").headers["Cache-Control"] == "no-store"


# CORS


def test_get_is_allowed_from_any_origin_errors_included(client):
    for path in ("/api/v1/search?q=agua", "/api/v1/releases/no-existe", "/api/v1/search?page=0"):
        response = client.get(path, headers={"Origin": "https://periodico.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_a_preflight_allows_get_with_if_none_match(client):
    response = client.options("/api/v1/search", headers={
        "Origin": "https://periodico.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code == 200
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


def test_pages_of_the_site_get_no_cors_headers(client):
    assert "Access-Control-Allow-Origin" not in client.get("/").headers


# Exports


def csv_rows(response):
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_export_lists_the_search_by_date_newest_first_whatever_its_words_rank(client):
    ranked = client.get("/api/v1/search", query_string={"q": "programa", "per_page": 100}).get_json()
    by_date = client.get("/api/v1/search", query_string={"q": "programa", "per_page": 100, "sort": "recientes"}).get_json()
    response = client.get("/api/v1/search", query_string={"q": "programa", "format": "csv", "page": 3})
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    # In date order, so that a next page can continue from the last row; the page number does not apply.
    assert [r["id"] for r in rows] == [h["id"] for h in by_date["hits"]] != [h["id"] for h in ranked["hits"]]
    assert response.headers["X-Total-Count"] == str(by_date["total"]) == str(len(rows))
    assert "Link" not in response.headers and response.headers["X-Export-Truncated"] == "false"
    assert rows[0]["titulo"] == by_date["hits"][0]["title"] and rows[0]["fecha"] == by_date["hits"][0]["date"]


def test_jsonl_export_is_one_full_release_a_line(client):
    response = client.get("/api/v1/search", query_string={"topic": "salud", "format": "jsonl", "sort": "antiguos"})
    assert response.mimetype == "application/x-ndjson"
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert records and all(r["body"] and "salud" in {t["key"] for t in r["topics"]} for r in records)
    dates = [r["date"] for r in records]
    assert dates == sorted(dates)


def test_exports_stop_at_the_stated_limit(demo_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "EXPORT_LIMIT": 5})).test_client()
    response = client.get("/api/v1/search", query_string={"format": "csv"})
    assert len(csv_rows(response)) == 5
    assert response.headers["X-Export-Limit"] == "5" and response.headers["X-Export-Truncated"] == "true"
    assert int(response.headers["X-Total-Count"]) > 5
    assert "hasta 5 comunicados" in json.dumps(client.get("/api/v1/openapi.json").get_json(), ensure_ascii=False)


def test_an_unknown_format_is_a_400(client):
    assert_json_error(client.get("/api/v1/search?format=xml"), 400, "bad_request", "xml", "csv")


def test_csv_cells_never_start_a_spreadsheet_formula():
    fields = {"id": "x", "date": "2026-01-20", "title": "=HYPERLINK(\"http://a\")", "source": "@fuente",
              "url": None, "officials": [{"name": "-Ana", "role": ""}], "topics": [], "places": [],
              "organizations": [], "type": "+1"}
    row = csv_row(fields)
    assert row[2].startswith("'=") and row[3] == "'@fuente" and row[5] == "'-Ana" and row[9] == "'+1"
    assert row[0] == "x" and row[4] == ""


# Rate limits


def limited_client(demo_index, rate, closing):
    return closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "RATE_LIMIT": rate})).test_client()


def test_rate_limit_refuses_an_address_past_its_allowance_in_json(demo_index, closing):
    client = limited_client(demo_index, "3/minute", closing)
    statuses = [client.get("/api/v1/stats").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/stats")
    assert_json_error(refused, 429, "too_many_requests", "3 solicitudes por minuto")
    assert 1 <= int(refused.headers["Retry-After"]) <= 20
    other = client.get("/api/v1/stats", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200 and other.headers["RateLimit-Remaining"] == "2"


def test_rate_limit_is_stated_in_the_docs_and_off_by_default(demo_index, client, closing):
    limited = limited_client(demo_index, "100/hour", closing)
    assert "100 solicitudes por hora" in limited.get("/api").get_data(as_text=True)
    assert "100 solicitudes por hora" in limited.get("/api/v1/openapi.json").get_json()["info"]["description"]
    assert all(client.get("/api/v1/stats").status_code == 200 for _ in range(120))
    assert "RateLimit-Limit" not in client.get("/api/v1/stats").headers


def test_rate_limit_does_not_touch_the_site_pages(demo_index, closing):
    client = limited_client(demo_index, "1/minute", closing)
    assert [client.get("/api/v1/stats").status_code for _ in range(2)] == [200, 429]
    assert client.get("/").status_code == 200


def test_allowance_comes_back_over_time():
    now = [0.0]
    limiter = RateLimiter(2, 60, clock=lambda: now[0])
    assert [limiter.hit("a").allowed for _ in range(3)] == [True, True, False]
    now[0] += 30
    assert [limiter.hit("a").allowed for _ in range(2)] == [True, False]
    now[0] += 60
    assert [limiter.hit("a").allowed for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize("text, parsed", [("60/minute", (60, 60.0)), ("1000 per hour", (1000, 3600.0)),
                                          ("5/segundos", (5, 1.0)), ("10/día", (10, 86400.0))])
def test_rate_settings_are_read_in_english_or_spanish(text, parsed):
    assert parse_rate(text) == parsed


@pytest.mark.parametrize("text", ["muchas", "0/minute", "60/fortnight", "60"])
def test_a_wrong_rate_setting_stops_the_app_with_a_message(demo_index, text, closing):
    with pytest.raises(ValueError, match="RATE_LIMIT"):
        closing(create_app({"INDEX_DIR": str(demo_index), "RATE_LIMIT": text}))


# The page for people


def test_api_page_explains_every_endpoint_in_spanish(client):
    response = client.get("/api")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="es-MX">' in html
    for path in client.get("/api/v1/openapi.json").get_json()["paths"]:
        assert path in html
    assert "2,000 comunicados" in html and 'rel="next"' in html and "hasta 100 resultados" in html
    assert "no limita" in html
    assert 'href="/api/v1/openapi.json"' in html


def test_served_with_a_rate_limit_the_real_server_answers_429_in_json(demo_index):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hemeroteca", "serve", "--index", str(demo_index), "--port", str(port),
         "--workers", "1", "--rate-limit", "2/minute"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v1/stats"
        deadline = time.monotonic() + 30
        while True:
            try:
                status = urllib.request.urlopen(url, timeout=5).status
                break
            except urllib.error.URLError:
                assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert status == 200 and urllib.request.urlopen(url, timeout=5).status == 200
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=5)
        with refused.value as response:
            assert response.code == 429 and int(response.headers["Retry-After"]) >= 1
            assert json.loads(response.read())["error"]["code"] == "too_many_requests"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_a_wrong_rate_limit_before_starting(demo_index):
    result = CliRunner().invoke(main, ["serve", "--index", str(demo_index), "--rate-limit", "muchas"])
    assert result.exit_code != 0 and "RATE_LIMIT" in result.output


@pytest.mark.parametrize("sort", ["antiguos", "recientes"])
@pytest.mark.parametrize("cut", [{"EXPORT_SECONDS": 1e-9}, {"EXPORT_BYTES": 1}], ids=["time", "bytes"])
def test_an_export_page_past_its_time_or_size_ends_early_and_links_on_from_its_last_row(demo_index, sort, cut,
                                                                                       client, closing):
    hurried = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), **cut})).test_client()
    query = {"q": "programa", "sort": sort}
    for fmt in ("jsonl", "csv"):
        rows, sizes = follow_export(hurried, fmt, **query)
        listing, one = follow_export(client, fmt, **query)
        # Each page holds the one row it always sends, and its Link goes on from exactly that row.
        assert len(one) == 1 and sizes == [1] * len(listing) and len(listing) > 3
        assert rows == listing


def test_an_export_within_its_budget_is_its_rows_and_nothing_else(client):
    text = client.get("/api/v1/search", query_string={"q": "programa", "format": "jsonl"}).get_data(as_text=True)
    assert all(set(json.loads(line)) >= {"id", "date", "title", "body"} for line in text.splitlines())


def test_over_http_an_export_past_its_row_cap_is_fetched_whole_by_its_next_links(demo_index, client):
    listing, _ = follow_export(client, "csv", sort="antiguos")
    with served(demo_index, env={"HEMEROTECA_EXPORT_LIMIT": "4"}) as base:
        rows, pages = [], 0
        address = base + "/api/v1/search?format=csv&sort=antiguos"
        while address:
            with urllib.request.urlopen(address) as response:
                assert int(response.headers["X-Export-Count"]) <= 4
                text = response.read().decode("utf-8")
                link = response.headers.get("Link")
            rows += [(row["fecha"], row["id"]) for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))]
            pages += 1
            address = urljoin(base, link[1:link.index(">")]) if link else None
    assert pages == -(-len(listing) // 4) and rows == listing
