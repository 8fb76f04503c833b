"""Keeping an index current from fixture sites on 127.0.0.1: what a user finds after each run."""

import json
from contextlib import contextmanager

import pytest

from index.fetch import Fetcher
from index.update import Updater
from search.engine import Engine
from search.params import SearchParams
from sites.server import FixtureSite

BECAS = "/comunicados/entrega-de-becas-a-estudiantes.html"
VACUNAS = "/comunicados/jornada-de-vacunacion-en-mercados.html"
PARQUE = "/comunicados/rehabilitacion-del-parque-central.html"
BACHEO = "/comunicados/programa-de-bacheo-nocturno.html"
ALUMBRADO = "/comunicados/alumbrado-en-colonias-del-norte.html"
LISTED = [BECAS, VACUNAS, PARQUE, BACHEO]


@pytest.fixture
def site(tmp_path):
    with FixtureSite("municipio", tmp_path) as running:
        yield running


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "indice"


def run(index_dir, url, kind="auto", **options):
    settings = {"delay": 0, "timeout": 1.0, "retries": 0, "backoff": 0, "trust_env": False, **options}
    with Fetcher(**settings) as fetcher, Updater(index_dir, fetcher, recheck_days=0) as updater:
        return updater.run([("municipio", url, kind)])


@contextmanager
def engine(index_dir):
    opened = Engine.open(index_dir)
    try:
        yield opened
    finally:
        opened.close()


def record(index_dir, release_id):
    with engine(index_dir) as e:
        found = e.get(release_id)
        assert found is not None, release_id
        return e.release_record(found)


def ids(index_dir, q=""):
    with engine(index_dir) as e:
        return {h["id"] for h in e.search(SearchParams(q=q, per_page=100))["hits"]}


def test_a_sitemap_index_brings_every_allowed_release_with_its_canonical_url_as_id(site, index_dir):
    report = run(index_dir, site.url("/sitemap.xml"))
    assert (report.new, report.failures) == (5, [])
    assert report.blocked == [(site.url("/privado/informe-interno.html"),
                               "robots.txt del sitio no permite leer esta página")]
    assert ids(index_dir) == {site.url(p) for p in [*LISTED, ALUMBRADO]}
    assert not site.requested("/privado/")


def test_a_page_in_windows_1252_that_claims_utf8_reads_right(site, index_dir):
    run(index_dir, site.url(VACUNAS), kind="page")
    found = record(index_dir, site.url(VACUNAS))
    assert found["title"] == "Jornada de vacunación contra la influenza en mercados"
    assert "instalará módulos de vacunación" in found["body"]
    assert "\ufffd" not in found["body"]


def test_mojibake_and_entities_are_repaired(site, index_dir):
    run(index_dir, site.url(PARQUE), kind="page")
    found = record(index_dir, site.url(PARQUE))
    assert found["title"] == "Rehabilitación del parque central concluirá en diciembre"
    assert "La Dirección de Obras Públicas informó" in found["body"]
    assert "Ã" not in found["body"]


def test_a_release_from_a_site_goes_through_the_same_extraction_as_files(site, index_dir):
    run(index_dir, site.url(BECAS), kind="page")
    found = record(index_dir, site.url(BECAS))
    assert found["date"] == "2026-10-14"
    assert found["source"] == "Municipio de San Andrés"
    assert "Rosa Elena Castañeda Ruiz" in {o["name"] for o in found["officials"]}
    assert "Más comunicados" not in found["body"] and "Aviso de privacidad" not in found["body"]


def test_a_feed_keeps_its_categories_as_the_sites_labels_and_ids_drop_tracking(site, index_dir):
    report = run(index_dir, site.url("/feed.xml"))
    assert (report.new, report.failures) == (2, [])
    assert ids(index_dir) == {site.url(BECAS), site.url(VACUNAS)}
    found = record(index_dir, site.url(BECAS))
    assert found["labels"] == ["Educación", "Becas"]
    assert found["date"] == "2026-10-14"


def test_wordpress_posts_are_read_page_by_page_with_categories_and_tags(tmp_path, index_dir):
    with FixtureSite("wordpress", tmp_path) as wp:
        report = run(index_dir, wp.url("/"))
        pages = [r["path"] for r in wp.requested("/wp-json/wp/v2/posts")]
        post = record(index_dir, wp.url("/2026/11/03/mercado-sobre-ruedas-llega-a-la-colonia-centro/"))
        edited = record(index_dir, wp.url("/2026/10/28/campana-de-esterilizacion-de-perros-y-gatos/"))
    assert (report.new, report.failures) == (3, [])
    assert len(pages) == 2 and "page=1" in pages[0] and "page=2" in pages[1]
    assert post["title"] == "Mercado sobre ruedas llega a la colonia Centro “cada sábado”"
    assert post["labels"] == ["Comunicados", "Economía local", "Mercados"]
    assert post["source"] == "Alcaldía de Santa Lucía"
    assert post["updated"] is None
    assert (edited["date"], edited["updated"]) == ("2026-10-28", "2026-10-30T16:40:00")


def test_a_listing_is_followed_across_its_pages_leaving_menus_and_footers_out(site, index_dir):
    report = run(index_dir, site.url("/comunicados/"))
    assert (report.new, report.failures, report.blocked) == (4, [], [])
    assert ids(index_dir) == {site.url(p) for p in LISTED}
    assert site.requested("/comunicados/pagina-2.html")
    assert not site.requested("/transparencia") and not site.requested("/contacto")


def test_a_second_run_skips_what_the_sitemap_says_is_unchanged(site, index_dir):
    run(index_dir, site.url("/sitemap.xml"))
    before = len(site.requested("/comunicados/"))
    report = run(index_dir, site.url("/sitemap.xml"))
    assert (report.new, report.changed, report.unchanged) == (0, 0, 5)
    assert len(site.requested("/comunicados/")) == before


def test_a_second_run_asks_conditionally_and_downloads_nothing_unchanged(site, index_dir):
    run(index_dir, site.url("/comunicados/"))
    site.log.clear()
    report = run(index_dir, site.url("/comunicados/"))
    assert (report.new, report.changed, report.unchanged) == (0, 0, 4)
    for path in LISTED:
        (asked,) = site.requested(path)
        assert asked["headers"]["If-None-Match"]


def test_an_edited_release_is_reindexed_keeping_its_earlier_version_and_first_date(site, index_dir):
    run(index_dir, site.url("/comunicados/"))
    first = record(index_dir, site.url(PARQUE))
    page = (site.root / PARQUE.lstrip("/")).read_text(encoding="utf-8")
    # The office corrects the date of completion, and its CMS shows the day of the edit as the date.
    site.write(PARQUE, page.replace("primera quincena de diciembre", "segunda quincena de enero")
               .replace("2026-10-20T09:30:00-06:00", "2026-11-05T13:00:00-06:00"))
    report = run(index_dir, site.url("/comunicados/"))
    assert (report.new, report.changed, report.unchanged) == (0, 1, 3)
    found = record(index_dir, site.url(PARQUE))
    assert "segunda quincena de enero" in found["body"]
    assert found["date"] == "2026-10-20"
    assert found["first_seen"] == first["first_seen"]
    assert found["updated"] is not None
    (earlier,) = found["versions"]
    assert "primera quincena de diciembre" in earlier["body"]
    assert earlier["title"] == first["title"] and earlier["until"] == found["last_seen"]
    assert ids(index_dir, "segunda quincena de enero") == {site.url(PARQUE)}


def test_a_release_removed_from_the_site_is_kept_and_marked_withdrawn(site, index_dir):
    run(index_dir, site.url("/sitemap.xml"))
    seen = record(index_dir, site.url(BACHEO))["last_seen"]
    site.delete(BACHEO)
    sitemap = (site.root / "sitemap-comunicados.xml").read_text(encoding="utf-8")
    site.write("/sitemap-comunicados.xml", sitemap.replace(
        "  <url><loc>{base}/comunicados/programa-de-bacheo-nocturno.html</loc><lastmod>2026-10-22</lastmod></url>\n", ""))
    report = run(index_dir, site.url("/sitemap.xml"))
    assert (report.withdrawn, report.failures) == (1, [])
    found = record(index_dir, site.url(BACHEO))
    assert found["withdrawn"] is True
    assert found["last_seen"] == seen
    assert site.url(BACHEO) in ids(index_dir, "bacheo nocturno")
    assert record(index_dir, site.url(BECAS))["withdrawn"] is False


def test_failed_pages_are_listed_with_reasons_and_retried_on_the_next_run(site, index_dir):
    site.failures[ALUMBRADO] = 1
    report = run(index_dir, site.url("/sitemap.xml"))
    assert report.failures == [(site.url(ALUMBRADO), "el sitio respondió 503")]
    assert site.url(ALUMBRADO) not in ids(index_dir)
    # The sitemap no longer lists it, yet the next run tries it again.
    site.write("/sitemap-otros.xml.gz", "")
    site.delete("/sitemap-otros.xml.gz")
    report = run(index_dir, site.url("/sitemap.xml"))
    assert report.new == 1
    assert site.url(ALUMBRADO) in ids(index_dir)
    assert report.failures == [(site.url("/sitemap-otros.xml.gz"), "el sitio respondió 404")]


def test_the_page_cap_leaves_the_rest_for_the_next_run(site, index_dir):
    report = run(index_dir, site.url("/comunicados/"), max_pages=3)
    assert report.capped and (report.new, report.not_reached) == (1, 3)
    report = run(index_dir, site.url("/comunicados/"))
    assert (report.new, report.unchanged) == (3, 1)


def test_the_index_is_rebuilt_from_the_archived_pages_without_the_network(tmp_path, index_dir):
    with FixtureSite("municipio", tmp_path) as site:
        run(index_dir, site.url("/comunicados/"))
        page = (site.root / PARQUE.lstrip("/")).read_text(encoding="utf-8")
        site.write(PARQUE, page.replace("300 &aacute;rboles", "450 &aacute;rboles"))
        run(index_dir, site.url("/comunicados/"))
        before = record(index_dir, site.url(PARQUE))
    # The site is gone; so is the index itself, but not the archive beside it.
    for path in index_dir.iterdir():
        if path.is_file() and (path.name.startswith("_MAIN_") or path.suffix == ".seg"):
            path.unlink()
    with Updater(index_dir) as updater:
        report = updater.rebuild()
    assert (report.new, report.changed, report.failures) == (4, 1, [])
    after = record(index_dir, site.url(PARQUE))
    assert after["body"] == before["body"] and "450 árboles" in after["body"]
    assert [v["body"] for v in after["versions"]] == [v["body"] for v in before["versions"]]
    assert after["first_seen"] == before["first_seen"]


def test_a_post_gone_from_the_wordpress_api_is_marked_withdrawn(tmp_path, index_dir):
    with FixtureSite("wordpress", tmp_path) as wp:
        run(index_dir, wp.url("/"))
        posts = json.loads((wp.root / "posts.json").read_text(encoding="utf-8"))
        kept = [p for p in posts if p["id"] != 311]
        wp.write("/posts.json", json.dumps(kept, ensure_ascii=False))
        report = run(index_dir, wp.url("/"))
        gone = record(index_dir, wp.url("/2026/11/03/mercado-sobre-ruedas-llega-a-la-colonia-centro/"))
    assert (report.withdrawn, report.unchanged, report.failures) == (1, 2, [])
    assert gone["withdrawn"] is True


def test_a_document_that_is_not_a_page_is_a_failure_not_a_release(site, index_dir):
    (site.root / "comunicados" / "informe-anual-2026.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    report = run(index_dir, site.url("/comunicados/informe-anual-2026.pdf"), kind="page")
    assert report.failures == [(site.url("/comunicados/informe-anual-2026.pdf"),
                                "no se pudo extraer el comunicado: no es una página HTML "
                                "(el sitio la envía como application/octet-stream)")]
