"""The site's browsing, help and citing pages in Debian's chromium, at a phone's width and a desktop's.

Each page is checked with axe-core (no serious or critical violation), must not
scroll sideways, and is screenshotted under artifacts/browser/, as in test_browser.py.
"""

import pytest
from test_browser import DESKTOP, PHONE, axe_source, browser, check, server, watch_policy  # noqa: F401 (fixtures)

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
