"""The search page in a real browser: Debian's chromium driven by Playwright against the served app.

Each test does what a citizen does (type, click, page, read on a phone) and
saves a screenshot under artifacts/browser/. Every page visited is also
checked with axe-core, and a serious or critical violation fails the test.
"""

import json
import os
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".cache" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "artifacts" / "browser"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _missing(what):
    # CI installs the browser with scripts/install-browser; there, a missing one is a failure.
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: scripts/install-browser should have installed it")
    pytest.skip(f"{what} is missing: run scripts/install-browser")


try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the test extra is not installed
    sync_playwright = None


# The browser, axe-core and the served demo index are session fixtures of tests/conftest.py.


@pytest.fixture
def page(browser, server, axe_source):
    """A fresh desktop tab whose ``goto`` takes paths; ``check(name)`` screenshots and runs axe."""
    context = browser.new_context(viewport=DESKTOP, locale="es-MX", base_url=server)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    refused = watch_policy(tab)
    tab.check = lambda name: check(tab, name, axe_source)
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def watch_policy(tab):
    """The console's reports of what the page's Content-Security-Policy refused (inline style, script…)."""
    refused = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    return refused


def check(tab, name, axe_source):
    """Save a full-page screenshot and fail on serious or critical accessibility violations."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    # Run as the browser's own tools do: a <script> tag would itself be inline script the policy refuses.
    tab.evaluate(axe_source)
    found = tab.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: accessibility violations {serious}"


def summary(tab):
    return tab.locator("#results-heading").inner_text()


def total(tab):
    return int(re.match(r"([\d,]+) (?:resultado|comunicado)s?", summary(tab)).group(1).replace(",", ""))


def test_typing_a_query_lists_marked_results(page):
    page.goto("/")
    page.get_by_label("Buscar comunicados").fill("vacunación")
    page.get_by_label("Buscar comunicados").press("Enter")
    page.wait_for_url(re.compile(r"q=vacunaci"))
    assert "para «vacunación»" in summary(page)
    assert total(page) >= 3
    assert page.locator(".hit mark").first.is_visible()
    assert "vacunación" in page.title()
    page.check("busqueda")


def test_clicking_a_facet_narrows_and_removing_its_chip_restores(page):
    page.goto("/?q=programa")
    before = total(page)
    topic = page.locator("#facet-topic li a").first
    label = topic.locator(".label").inner_text()
    count = int(topic.locator(".count").inner_text().replace(",", ""))
    topic.click()
    page.wait_for_url(re.compile(r"topic="))
    assert total(page) == count < before
    chip = page.get_by_role("link", name=f"Quitar filtro {label}")
    assert chip.is_visible()
    page.check("faceta")
    chip.click()
    page.wait_for_url(lambda url: "topic=" not in url)
    assert total(page) == before
    assert page.get_by_role("list", name="Filtros activos").count() == 0


def test_paging_forward_keeps_the_filters(page):
    page.goto("/?from=2025&to=2026&sort=antiguos")
    first_page = page.locator(".hit h2").all_inner_texts()
    page.get_by_role("link", name="Siguiente").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "from=2025" in page.url and "sort=antiguos" in page.url
    assert page.locator("ol.hits").get_attribute("start") == "11"
    assert not set(page.locator(".hit h2").all_inner_texts()) & set(first_page)
    assert page.locator(".pages [aria-current=page]").inner_text().strip().endswith("2")
    page.check("pagina-2")


def test_a_year_bar_filters_and_shows_that_years_months(page):
    page.goto("/")
    page.locator("svg.histogram a[aria-label^='2025:']").click()
    page.wait_for_url(re.compile(r"from=2025&to=2025"))
    assert "Meses de 2025" in page.locator("#facet-date").inner_text()
    month = page.locator("svg.histogram").nth(1).locator("a").first
    count = int(re.search(r": ([\d,]+) comunicado", month.get_attribute("aria-label")).group(1))
    month.click()
    page.wait_for_url(re.compile(r"from=2025-\d\d&to=2025-\d\d"))
    assert total(page) == count
    page.check("histograma-mes")


def test_opening_a_release_shows_its_text_marked_and_similar_ones(page):
    page.goto("/?q=simulacro")
    title = page.locator(".hit h2 a").first.inner_text()
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/comunicados/"))
    assert page.locator("h1").inner_text() == title
    assert page.locator(".body mark").first.is_visible()
    assert page.get_by_role("heading", name="Más como este").is_visible()
    assert page.locator(".similar li").count() >= 1
    page.check("comunicado")
    page.get_by_role("link", name="← Volver a los resultados").click()
    page.wait_for_url(re.compile(r"/\?q=simulacro"))


def test_a_release_page_quotes_its_officials(page):
    page.goto("/?q=BlindarBJ+reduce+delitos")
    page.locator(".hit h2 a").first.click()
    quotes = page.get_by_role("region", name="Funcionarios y lo que dijeron")
    assert "Omar Zepeda Lara" in quotes.inner_text()
    assert quotes.locator("blockquote").count() >= 2


def test_a_corrected_search_names_the_corrected_words_and_offers_the_typed_ones(page):
    # Issue 15: the heading names the words searched; the link searches what was typed, as typed.
    page.goto("/?q=vacunacion+infuenza")
    assert "para «vacunacion influenza»" in summary(page)
    page.check("sugerencia")
    original = page.locator(".suggestion a")
    assert original.inner_text() == "vacunacion infuenza"
    original.click()
    page.wait_for_url(re.compile(r"q=vacunacion\+infuenza"))
    assert page.get_by_label("Coincidir tildes y ñ exactamente").is_checked()
    assert page.locator(".suggestion").count() == 0


def test_the_reading_of_the_query_is_shown_under_the_box(page):
    page.goto("/?q=vacunacion")
    reading = page.locator("#lectura").inner_text()
    assert "vacunación" in reading and "Sin distinguir tildes" in reading
    assert page.get_by_label("Buscar comunicados").get_attribute("aria-describedby") == "lectura"


def test_an_empty_search_offers_to_drop_a_filter(page):
    page.goto("/?q=vacunación&topic=deporte")
    assert total(page) == 0
    offer = page.locator(".empty li a").first
    assert "Quitar «" in offer.inner_text()
    page.check("sin-resultados")
    offer.click()
    assert total(page) > 0


def test_type_ahead_narrows_the_full_list_of_officials(page):
    page.goto("/")
    page.locator("#facet-official").get_by_role("link", name="ver más funcionarios").click()
    page.wait_for_url(re.compile(r"mas=official"))
    box = page.get_by_label("Buscar en funcionarios")
    box.fill("mendoza")
    shown = page.locator("#facet-official li:visible .label").all_inner_texts()
    assert shown and all("mendoza" in s.lower() for s in shown)
    assert page.locator("#facet-official li").count() > len(shown)
    page.check("funcionarios")


def test_at_phone_width_nothing_scrolls_sideways(browser, server, axe_source):
    context = browser.new_context(viewport=PHONE, locale="es-MX", base_url=server, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    refused = watch_policy(tab)
    with urllib.request.urlopen(server + "/api/v1/search?q=simulacro", timeout=10) as response:
        release_id = json.load(response)["hits"][0]["id"]
    for name, path in (("movil-busqueda", "/?q=programa&official=luis-mendoza&from=2026&to=2026"),
                       ("movil-comunicado", f"/comunicados/{release_id}?q=simulacro"),
                       ("movil-inicio", "/")):
        tab.goto(path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"
        check(tab, name, axe_source)
    tab.goto("/?q=programa")
    # The filters are folded on a phone so the results come first, and open with one tap.
    assert not tab.locator("details.filters").evaluate("d => d.open")
    tab.locator("details.filters > summary").tap()
    assert tab.locator("#facet-topic").is_visible()
    context.close()
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def test_everything_works_without_javascript(browser, server):
    context = browser.new_context(viewport=DESKTOP, locale="es-MX", base_url=server, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/")
    tab.get_by_label("Buscar comunicados").fill("lluvias")
    tab.get_by_role("button", name="Buscar").click()
    tab.wait_for_url(re.compile(r"q=lluvias"))
    tab.locator("#facet-source li a").first.click()
    tab.wait_for_url(re.compile(r"source="))
    tab.get_by_label("Ordenar por").select_option("recientes")
    tab.get_by_role("button", name="Ordenar").click()
    tab.wait_for_url(re.compile(r"sort=recientes"))
    assert "source=" in tab.url and "q=lluvias" in tab.url
    tab.goto("/?mas=official")
    tab.get_by_label("Buscar en funcionarios").fill("jiménez")
    tab.get_by_role("button", name="Mostrar").click()
    tab.wait_for_url(re.compile(r"filtro=jim"))
    assert tab.locator("#facet-official li .label").all_inner_texts() == ["Teresa Jiménez"]
    tab.go_back()
    tab.go_back()
    tab.get_by_label("Desde").fill("2025-06-01")
    tab.get_by_role("button", name="Aplicar fechas").click()
    tab.wait_for_url(re.compile(r"from=2025-06-01"))
    assert tab.get_by_role("link", name=re.compile("Quitar filtro Fecha")).is_visible()
    context.close()


def test_keyboard_users_skip_to_the_content_with_a_visible_focus(page):
    page.goto("/?q=becas")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Saltar al contenido"
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_the_exact_spelling_switch_searches_again(page):
    page.goto("/?q=ano")
    page.get_by_label("Coincidir tildes y ñ exactamente").check()
    page.wait_for_url(re.compile(r"exact=1"))
    assert page.get_by_label("Coincidir tildes y ñ exactamente").is_checked()


def test_results_are_announced_to_screen_readers(page):
    page.goto("/?q=becas")
    status = page.get_by_role("status").filter(has_text="resultado")
    status.wait_for()
    assert "para «becas»" in status.inner_text()


def test_the_browser_enforces_the_policy_and_the_tests_would_see_it(browser, server):
    context = browser.new_context(viewport=DESKTOP, locale="es-MX", base_url=server)
    tab = context.new_page()
    refused = watch_policy(tab)
    response = tab.goto("/?q=becas")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    # What an injected attribute or script would do: refused by the browser, and reported.
    with tab.expect_console_message(lambda m: "Content Security Policy" in m.text and "style" in m.text):
        tab.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    with tab.expect_console_message(lambda m: "Content Security Policy" in m.text and "script" in m.text):
        tab.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                     " document.body.append(s); }")
    assert tab.evaluate("window.ran") is None
    assert refused
    context.close()


def test_error_pages_are_accessible(page):
    page.goto("/comunicados/no-existe")
    assert "No existe un comunicado" in page.locator("main").inner_text()
    page.check("error-404")
