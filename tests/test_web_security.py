"""The site under attack: script links from indexed data, framing, forged Host headers, long addresses."""

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from index.writer import build_index
from search.urls import safe_url
from webui import create_app
from webui.headers import HEADERS

TEMPLATES = Path(__file__).parent.parent / "webui" / "templates"
ATOM = "{http://www.w3.org/2005/Atom}"
# Addresses a browser would run as script or data, however they are spelled.
HOSTILE = {
    "x1": "javascript:alert(1)",
    "x2": "JaVaScRiPt:alert(2)",
    "x3": " javascript:alert(3)",
    "x4": "java\tscript:alert(4)",
    "x5": "data:text/html,<script>alert(5)</script>",
    "x6": "\njavascript:alert(6)",
    "x7": "vbscript:msgbox(7)",
}
GOOD = "https://www.gob.mx/boletin/8"


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostil")
    records = [{"id": rid, "title": f"Aviso {rid}", "date": "2026-03-01", "body": "Texto del aviso de agua.",
                "url": url} for rid, url in HOSTILE.items()]
    records.append({"id": "x8", "title": "Aviso x8", "date": "2026-03-02", "body": "Texto del aviso de agua.",
                    "url": GOOD})
    source = folder / "hostil.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    build_index(folder / "ix", [source])
    return folder / "ix"


@pytest.fixture
def hostile(hostile_index, closing):
    return closing(create_app({"TESTING": True, "INDEX_DIR": str(hostile_index)})).test_client()


def hrefs(html):
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize("value", [*HOSTILE.values(), "/comunicados/x1", "//evil.example/x", "http:evil", "ftp://x.mx/"])
def test_only_http_and_https_addresses_are_fit_for_a_link(value):
    assert safe_url(value) is None


def test_http_addresses_keep_their_text_with_the_scheme_in_lower_case():
    assert safe_url(" HTTPS://www.gob.mx/a?b=1\n") == "https://www.gob.mx/a?b=1"
    assert safe_url("http://x.mx/boletín 3") == "http://x.mx/boletín 3"


@pytest.mark.parametrize("release_id", list(HOSTILE))
def test_a_release_page_never_links_to_a_script_address(hostile, release_id):
    html = hostile.get(f"/comunicados/{release_id}").get_data(as_text=True)
    assert "Aviso " + release_id in html
    assert not [h for h in hrefs(html) if "script" in h.lower() or h.lower().startswith("data:")]
    assert "Ver en el sitio de la fuente" not in html


def test_a_release_with_an_http_address_still_links_to_it(hostile):
    html = hostile.get("/comunicados/x8").get_data(as_text=True)
    assert f'href="{GOOD}"' in html and "Ver en el sitio de la fuente" in html


def test_hit_lists_feeds_and_exports_carry_no_script_address(hostile):
    for url in ("/?q=aviso", "/declaraciones?q=agua", "/buscar.atom?q=aviso"):
        text = hostile.get(url).get_data(as_text=True).lower()
        assert "script:" not in text and "data:text" not in text and "vbscript" not in text, url
    feed = ET.fromstring(hostile.get("/buscar.atom?q=aviso").data)
    related = [link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "related"]
    assert related == [GOOD]
    rows = list(csv.DictReader(io.StringIO(hostile.get("/api/v1/search?q=aviso&format=csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    assert {r["id"]: r["url"] for r in rows} == {**{rid: "" for rid in HOSTILE}, "x8": GOOD}
    lines = hostile.get("/api/v1/search?q=aviso&format=jsonl").get_data(as_text=True).splitlines()
    assert {json.loads(line)["id"]: json.loads(line)["url"] for line in lines} == {**dict.fromkeys(HOSTILE), "x8": GOOD}
    api = hostile.get("/api/v1/search?q=aviso&per_page=20").get_json()["hits"]
    assert {h["id"]: h["url"] for h in api} == {**dict.fromkeys(HOSTILE), "x8": GOOD}
    assert hostile.get("/api/v1/releases/x1").get_json()["url"] is None


@pytest.mark.parametrize("url", ["/", "/?q=agua", "/comunicados/x8", "/comunicados/nada", "/declaraciones",
                                 "/api", "/api/v1/search?q=agua", "/api/v1/nada", "/buscar.atom",
                                 "/static/style.css", "/static/app.js"])
def test_every_answer_carries_the_security_headers(hostile, url):
    with hostile.get(url) as response:
        headers = response.headers
    for name, value in HEADERS.items():
        assert headers[name] == value, (url, name)
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    # And what the answer cost the worker in processor time, for whoever measures the site under load.
    assert re.fullmatch(r"cpu;dur=\d+\.\d", headers["Server-Timing"]), url


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_holds_inline_script_or_style(template):
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", text, re.IGNORECASE)
    assert not re.search(r"<style", text, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE)
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", text, re.IGNORECASE))
    assert "javascript:" not in text.lower()


# The Host header a client sends is never written back.


def test_a_forged_host_reaches_no_feed_link_or_id(hostile):
    body = hostile.get("/buscar.atom?q=aviso", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body
    feed = ET.fromstring(body.encode("utf-8"))
    assert feed.find(f"{ATOM}id").text.startswith("tag:hemeroteca,")
    alternate = feed.find(f"{ATOM}entry").find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate.startswith("/comunicados/") and hostile.get(alternate).status_code == 200


def test_a_redirect_points_at_a_path_not_at_the_forged_host(hostile):
    response = hostile.get("/api//v1/search?q=aviso", headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == "/api/v1/search?q=aviso"


def test_with_a_base_url_feeds_canonical_links_and_redirects_use_it(hostile_index, closing):
    client = closing(create_app({"TESTING": True, "INDEX_DIR": str(hostile_index),
                         "BASE_URL": "https://hemeroteca.example.org/"})).test_client()
    forged = {"Host": "evil.example"}
    body = client.get("/buscar.atom?q=aviso", headers=forged).get_data(as_text=True)
    assert "evil.example" not in body
    feed = ET.fromstring(body.encode("utf-8"))
    assert feed.find(f"{ATOM}id").text == "https://hemeroteca.example.org/buscar.atom?q=aviso"
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text.startswith("https://hemeroteca.example.org/comunicados/")
    html = client.get("/comunicados/x8", headers=forged).get_data(as_text=True)
    assert '<link rel="canonical" href="https://hemeroteca.example.org/comunicados/x8">' in html
    location = client.get("/api//v1/releases/x8", headers=forged).headers["Location"]
    assert location == "https://hemeroteca.example.org/api/v1/releases/x8"


@pytest.mark.parametrize("value", ["javascript:alert(1)", "hemeroteca.example.org", "https://x.org/?a=1"])
def test_a_base_url_that_is_no_site_address_stops_the_app_with_a_message(hostile_index, value, closing):
    with pytest.raises(ValueError, match="dirección base"):
        closing(create_app({"INDEX_DIR": str(hostile_index), "BASE_URL": value}))


def test_a_long_address_is_a_spanish_414_page_outside_the_api(hostile):
    response = hostile.get("/", query_string={"q": "agua " * 1000})
    html = response.get_data(as_text=True)
    assert response.status_code == 414 and "demasiado larga" in html and '<html lang="es-MX">' in html
    api = hostile.get("/api/v1/search", query_string={"q": "agua " * 1000})
    assert api.status_code == 414 and api.get_json()["error"]["code"] == "uri_too_long"
