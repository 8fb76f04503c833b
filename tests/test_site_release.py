"""A release's page for reading, citing and sharing: its edits and withdrawal, "Cómo citar", OpenGraph, print."""

import re
from datetime import date
from html import unescape
from urllib.parse import quote

import pytest
from test_ingest import BACHEO, PARQUE, run, site  # noqa: F401 (fixture)

from webui import create_app
from webui.filters import fecha


def plain(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def page_of(client, release_id):
    response = client.get(f"/comunicados/{quote(release_id, safe='/:')}")
    assert response.status_code == 200, release_id
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def crawled(site, tmp_path, closing):  # noqa: F811 (the fixture site)
    """An index kept by the crawler: the park's release edited once, the bacheo's withdrawn."""
    index_dir = tmp_path / "indice"
    run(index_dir, site.url("/sitemap.xml"))
    text = (site.root / PARQUE.lstrip("/")).read_text(encoding="utf-8")
    site.write(PARQUE, text.replace("primera quincena de diciembre", "segunda quincena de enero"))
    site.delete(BACHEO)
    sitemap = (site.root / "sitemap-comunicados.xml").read_text(encoding="utf-8")
    # The sitemap drops the bacheo and dates the park's edit, so the crawler asks for it again.
    site.write("/sitemap-comunicados.xml", sitemap.replace(
        "  <url><loc>{base}/comunicados/programa-de-bacheo-nocturno.html</loc><lastmod>2026-10-22</lastmod></url>\n", "")
        .replace("rehabilitacion-del-parque-central.html</loc><lastmod>2026-10-20", "rehabilitacion-del-parque-central.html</loc><lastmod>2026-11-05"))
    run(index_dir, site.url("/sitemap.xml"))
    return closing(create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})).test_client(), site


def test_an_edited_release_shows_what_changed(crawled):
    client, site = crawled
    record = client.get(f"/api/v1/releases/{quote(site.url(PARQUE), safe='/:')}").get_json()
    assert len(record["versions"]) == 1
    html = page_of(client, site.url(PARQUE))
    assert "Este comunicado se modificó una vez después de publicarse" in plain(html)
    versions = html[html.index('<section class="versions"'):]
    versions = versions[:versions.index("</section>")]
    assert "Versión 1" in versions
    changed = re.findall(r'<li class="changed">(.*?)</li>', versions, re.S)
    assert len(changed) == 1
    assert "<del>primera</del>" in changed[0] or "<del>primera quincena de diciembre" in changed[0]
    assert "<ins>segunda" in changed[0] and "enero" in changed[0]
    # The unchanged paragraphs are counted, not repeated.
    assert re.search(r"\d+ párrafos? sin cambios", versions)


def test_a_withdrawn_release_says_so(crawled):
    client, site = crawled
    html = page_of(client, site.url(BACHEO))
    notice = plain(re.search(r'<p class="notice withdrawn"[^>]*>(.*?)</p>', html, re.S).group(1))
    assert notice.startswith("Retirado por la fuente. Este comunicado ya no está en el sitio que lo publicó")
    assert "se vio allí por última vez el" in notice
    assert "Retirado por la fuente" not in page_of(client, site.url(PARQUE))


def release_id(client, q="simulacro"):
    return client.get("/api/v1/search", query_string={"q": q}).get_json()["hits"][0]["id"]


def test_how_to_cite_names_source_date_title_permalink_and_the_day_of_consultation(client):
    rid = release_id(client)
    record = client.get(f"/api/v1/releases/{rid}").get_json()
    html = page_of(client, rid)
    cite = re.search(r'<section class="cite"[^>]*>\s*<h2[^>]*>Cómo citar</h2>(.*?)</section>', html, re.S).group(1)
    cite = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cite))
    assert f"{record['source']}. ({fecha(record['date'])}). {record['title']}." in cite
    assert f"Consultado en Hemeroteca el {fecha(date.today())}: /comunicados/{rid}." in cite
    assert f'<a href="/comunicados/{rid}" rel="bookmark">Enlace permanente' in html


def test_without_a_base_url_links_stay_relative_and_never_echo_the_host(client):
    rid = release_id(client)
    html = client.get(f"/comunicados/{rid}", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert f'<link rel="canonical" href="/comunicados/{rid}">' in html
    assert "evil.example" not in html
    assert 'property="og:url"' not in html
    assert f'<meta property="og:title" content="' in html


def test_with_a_base_url_canonical_and_opengraph_are_absolute(demo_index, closing):
    app = closing(create_app({"TESTING": True, "INDEX_DIR": str(demo_index), "BASE_URL": "https://hemeroteca.example.mx"}))
    client = app.test_client()
    rid = release_id(client)
    record = client.get(f"/api/v1/releases/{rid}").get_json()
    html = client.get(f"/comunicados/{rid}", headers={"Host": "evil.example"}).get_data(as_text=True)
    absolute = f"https://hemeroteca.example.mx/comunicados/{rid}"
    assert f'<link rel="canonical" href="{absolute}">' in html
    assert f'<meta property="og:url" content="{absolute}">' in html
    assert f'<meta property="article:published_time" content="{record["date"]}">' in html
    assert 'property="og:type" content="article"' in html and 'property="og:description" content="' in html
    assert "evil.example" not in html
    printed = re.search(r'<p class="printed-from">(.*?)</p>', html, re.S).group(1)
    assert printed.startswith(absolute) and "consultado el" in printed


def test_the_print_stylesheet_hides_menus_and_shows_address_and_date(client):
    html = page_of(client, release_id(client))
    assert '<link rel="stylesheet" href="/static/print.css" media="print">' in html
    with client.get("/static/print.css") as response:
        css = response.get_data(as_text=True)
    hidden = css[:css.index("{")]
    for part in ("header.site", "nav", "form", "footer.site", ".release-side"):
        assert part in hidden
    assert re.search(r"\.printed-from\s*{\s*display:\s*block", css)
    assert re.search(r'<p class="printed-from">/comunicados/[^<]+ · consultado el \d+ de \w+ de \d{4}</p>', html)


def test_a_page_has_no_inline_script_or_style(client):
    html = page_of(client, release_id(client))
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
