"""The site's browsing, help and citing pages in Debian's chromium, at a phone's width and a desktop's.

Each page is checked with axe-core (no serious or critical violation), must not
scroll sideways, and is screenshotted under artifacts/browser/, as in test_browser.py.
"""

import re

import pytest
from test_browser import DESKTOP, PHONE, check, watch_policy

WIDTHS = {"movil": PHONE, "escritorio": DESKTOP}
PAGES = {
    "inicio": "/",
    "oficiales": "/oficiales",
    "temas": "/temas",
    "fuentes": "/fuentes",
    "ayuda": "/ayuda",
    "acerca": "/acerca",
    "api": "/api",
    "declaraciones": "/declaraciones?q=vacunas",
    "busqueda-corregida": "/?q=vacunasion",
    "funcionario": "/oficiales/omar-zepeda-lara",
}


@pytest.fixture(params=sorted(WIDTHS))
def tab(request, browser, server, axe_source):
    """A tab at one of the two widths; fails the test on a script error or a refusal of the policy."""
    context = browser.new_context(viewport=WIDTHS[request.param], locale="es-MX", base_url=server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    refused = watch_policy(page)
    page.width_name = request.param
    page.check = lambda name: check(page, f"{name}-{request.param}", axe_source)
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def sideways(tab):
    """How many pixels the page is wider than the window (0 when it never scrolls sideways)."""
    return tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_is_accessible_and_fits_the_screen(tab, name):
    tab.goto(PAGES[name])
    tab.check(f"sitio-{name}")
    assert sideways(tab) <= 0, f"{PAGES[name]} scrolls sideways at {tab.width_name}"
    nav = tab.get_by_role("navigation", name="Secciones")
    assert nav.get_by_role("link", name="Comunicados").is_visible()
    assert nav.get_by_role("link", name="Ayuda").is_visible()


def test_the_navigation_leads_from_section_to_section(tab):
    tab.goto("/declaraciones")
    nav = tab.get_by_role("navigation", name="Secciones")
    nav.get_by_role("link", name="Temas").click()
    assert tab.get_by_role("heading", level=1).inner_text() == "Temas"
    tab.get_by_role("navigation", name="Secciones").get_by_role("link", name="Comunicados").click()
    assert "Hemeroteca reúne" in tab.locator(".home .lead").inner_text()


def test_the_officials_list_narrows_as_one_types(tab):
    tab.goto("/oficiales")
    box = tab.get_by_label("Buscar por nombre")
    before = tab.locator(".entries li:visible").count()
    box.press_sequentially("zepe")
    assert tab.locator(".entries li:visible").count() == 1 < before
    assert "Omar Zepeda Lara" in tab.locator(".entries li:visible").inner_text()
    assert "1 coincidencia" in tab.locator(".facet-search [role=status]").inner_text()
    tab.check("oficiales-filtrados")


def test_the_officials_filter_works_with_javascript_off(browser, server):
    context = browser.new_context(viewport=PHONE, locale="es-MX", base_url=server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/oficiales")
    page.get_by_label("Buscar por nombre").fill("zepeda")
    page.get_by_role("button", name="Mostrar").click()
    assert page.locator(".entries li").count() == 1
    context.close()


def test_the_home_summary_links_to_a_source(tab):
    tab.goto("/")
    tab.locator("#home-sources-h + ul a").first.click()
    assert "source=" in tab.url
    assert tab.locator(".chips a").count() >= 1


@pytest.fixture(scope="module")
def rich_server(tmp_path_factory):
    """A served index with what the demo lacks: an edited release, a withdrawn one, and a transcript."""
    from servers import served
    from sites.server import FixtureSite
    from test_ingest import BACHEO, PARQUE, run
    from test_site_transcript import TRANSCRIPT

    from index.writer import build_index

    index_dir = tmp_path_factory.mktemp("rich") / "indice"
    with FixtureSite("municipio", tmp_path_factory.mktemp("site")) as site:
        run(index_dir, site.url("/sitemap.xml"))
        text = (site.root / PARQUE.lstrip("/")).read_text(encoding="utf-8")
        site.write(PARQUE, text.replace("primera quincena de diciembre", "segunda quincena de enero"))
        site.delete(BACHEO)
        sitemap = (site.root / "sitemap-comunicados.xml").read_text(encoding="utf-8")
        site.write("/sitemap-comunicados.xml", sitemap.replace(
            "  <url><loc>{base}/comunicados/programa-de-bacheo-nocturno.html</loc><lastmod>2026-10-22</lastmod></url>\n", "")
            .replace("rehabilitacion-del-parque-central.html</loc><lastmod>2026-10-20",
                     "rehabilitacion-del-parque-central.html</loc><lastmod>2026-11-05"))
        run(index_dir, site.url("/sitemap.xml"))
        ids = {"editado": site.url(PARQUE), "retirado": site.url(BACHEO)}
    folder = tmp_path_factory.mktemp("transcript")
    (folder / "san-isidro-2026-03-03-bacheo.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert build_index(index_dir, [folder]).ok
    with served(index_dir) as base:
        yield base, ids


@pytest.fixture(params=sorted(WIDTHS))
def rich_tab(request, browser, rich_server, axe_source):
    base, ids = rich_server
    context = browser.new_context(viewport=WIDTHS[request.param], locale="es-MX", base_url=base)
    page = context.new_page()
    refused = watch_policy(page)
    page.ids = ids
    page.check = lambda name: check(page, f"{name}-{request.param}", axe_source)
    yield page
    context.close()
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def open_release(tab, release_id=None, q="bacheo cuadrillas"):
    from urllib.parse import quote
    if release_id is None:
        tab.goto(f"/?q={q}")
        tab.locator(".hit h2 a").first.click()
    else:
        tab.goto(f"/comunicados/{quote(release_id, safe='/:')}")


def test_an_edited_release_shows_its_changes(rich_tab):
    open_release(rich_tab, rich_tab.ids["editado"])
    rich_tab.check("comunicado-editado")
    assert sideways(rich_tab) <= 0
    versions = rich_tab.get_by_role("region", name="Versiones anteriores")
    assert versions.locator("del").first.is_visible() and versions.locator("ins").first.is_visible()
    rich_tab.get_by_role("link", name="Ver qué cambió").click()
    assert rich_tab.url.endswith("#versiones")


def test_a_withdrawn_release_says_so_first(rich_tab):
    open_release(rich_tab, rich_tab.ids["retirado"])
    rich_tab.check("comunicado-retirado")
    assert "Retirado por la fuente" in rich_tab.locator(".notice.withdrawn").inner_text()


def test_a_transcript_reads_as_turns_with_contents(rich_tab):
    open_release(rich_tab, q="bacheo+cuadrillas")
    rich_tab.check("version-estenografica")
    assert sideways(rich_tab) <= 0
    contents = rich_tab.get_by_role("navigation", name="Quién habla")
    contents.get_by_role("link", name="intervención 4").click()
    assert rich_tab.url.endswith("#turno-4")
    heading = rich_tab.get_by_role("heading", name=re.compile("Javier Orozco Leal"))
    assert heading.is_visible()
    assert rich_tab.locator(".turn.press").count() == 1
    assert "---" not in rich_tab.locator("main").inner_text()


def test_a_printed_release_has_no_menus_and_names_its_address_and_date(rich_tab):
    open_release(rich_tab, rich_tab.ids["editado"])
    rich_tab.emulate_media(media="print")
    assert not rich_tab.locator("header.site").is_visible()
    assert not rich_tab.locator("footer.site").is_visible()
    printed = rich_tab.locator(".printed-from")
    assert printed.is_visible() and "consultado el" in printed.inner_text()
    assert "/comunicados/" in printed.inner_text()
    assert rich_tab.get_by_role("heading", name="Cómo citar").is_visible()
