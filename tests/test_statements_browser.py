"""The statements' pages in a real browser, served by `hemeroteca serve`: follow a statement to where it was said.

The browser, the server and the accessibility check are the search page's (tests/test_browser.py).
"""

from test_browser import page  # noqa: F401 (fixture)


def test_a_statement_leads_to_its_paragraph_and_its_official(page):
    page.goto("/declaraciones?q=la+clave+ha+sido+la+informaci%C3%B3n")
    page.check("declaraciones")
    hit = page.locator(".hit.statement").first
    assert "La clave ha sido la información" in hit.inner_text()
    hit.locator(".meta a").click()
    page.wait_for_url("**/comunicados/**#declaracion-*")
    anchor = page.url.split("#", 1)[1]
    paragraph = page.locator(f"#{anchor}")
    assert paragraph.is_visible() and "La clave ha sido la información" in paragraph.inner_text()
    page.goto("/declaraciones?q=la+clave+ha+sido+la+informaci%C3%B3n")
    page.locator(".hit.statement .who a").first.click()
    page.wait_for_url("**/oficiales/omar-zepeda-lara")
    page.check("oficial")
    assert page.get_by_role("heading", name="Omar Zepeda Lara").is_visible()
    assert page.locator("svg.histogram").count() == 2


def test_the_header_leads_to_the_statements(page):
    page.goto("/")
    page.get_by_role("navigation", name="Secciones").get_by_role("link", name="Declaraciones").click()
    page.wait_for_url("**/declaraciones")
    assert "declaraciones" in page.locator("#results-heading").inner_text()
