"""Email alerts in a real browser, on a phone and a desktop: ask from a search, confirm, manage, unsubscribe.

The site runs under `hemeroteca serve` with a real SMTP server on 127.0.0.1; the test reads the
emails it receives and follows their links as a subscriber would. Every page is checked with axe-core.
The browser and the check are the search page's (tests/test_browser.py).
"""

import pytest
from alerts_site import WATER_RELEASE, add_releases, copy_index, link_after, send_alerts
from mailbox import smtp_server, text_of
from servers import served
from test_browser import DESKTOP, PHONE, check

VIEWPORTS = {"telefono": PHONE, "escritorio": DESKTOP}


@pytest.fixture(scope="module")
def smtp(tmp_path_factory):
    with smtp_server(tmp_path_factory.mktemp("smtp")) as server:
        yield server


@pytest.fixture(scope="module")
def index_dir(demo_index, tmp_path_factory):
    return copy_index(demo_index, tmp_path_factory.mktemp("alerts-browser") / "index")


@pytest.fixture(scope="module")
def server(index_dir, smtp):
    env = {"HEMEROTECA_SMTP_URL": smtp[1], "HEMEROTECA_BASE_URL": "http://127.0.0.1:{port}",
           "HEMEROTECA_MAIL_FROM": "Hemeroteca <avisos@hemeroteca.test>"}
    with served(index_dir, env=env) as base:
        yield base


@pytest.fixture(params=list(VIEWPORTS))
def tab(request, browser, server, axe_source):
    """A tab at the parametrized width; ``tab.check(name)`` screenshots and runs axe."""
    width = request.param
    context = browser.new_context(viewport=VIEWPORTS[width], locale="es-MX", base_url=server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.check = lambda name: check(page, f"{name}-{width}", axe_source)
    page.width = width
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_asking_confirming_managing_and_unsubscribing(tab, server, smtp, index_dir, tmp_path):
    mailbox, smtp_url = smtp
    address = f"ana-{tab.width}@ejemplo.mx"
    tab.goto("/?q=agua")
    tab.get_by_role("link", name="Recibir avisos por correo").click()
    tab.wait_for_url("**/avisos/nuevo?*")
    assert "Comunicados con «agua»" in tab.locator(".alerts-search").inner_text()
    tab.check("avisos-nuevo")
    # A mistyped address is explained, and nothing typed is lost.
    tab.get_by_label("Su correo electrónico").fill("ana@ejemplo")
    tab.get_by_label("Una vez a la semana").check()
    tab.get_by_role("button", name="Recibir avisos").click()
    assert "no tiene la forma de un dominio" in tab.get_by_role("alert").inner_text()
    assert tab.get_by_label("Una vez a la semana").is_checked()
    tab.check("avisos-error")
    tab.get_by_label("Su correo electrónico").fill(address)
    tab.get_by_role("button", name="Recibir avisos").click()
    assert tab.get_by_role("heading", name="Revise su correo").is_visible()
    tab.check("avisos-revise")

    (confirmation,) = mailbox.wait_to(address, 1)
    tab.goto(link_after(text_of(confirmation), "Confirmar el aviso"))
    assert "una vez a la semana" in tab.locator("main").inner_text()
    tab.check("avisos-confirmar")
    tab.get_by_role("button", name="Confirmar el aviso").click()
    assert tab.get_by_role("heading", name="Aviso confirmado").is_visible()
    tab.check("avisos-confirmado")

    tab.get_by_role("link", name="Ver o cambiar todos sus avisos").click()
    assert "Activo, una vez a la semana" in tab.locator(".alerts-item").inner_text()
    tab.check("avisos-gestionar")
    tab.get_by_label("Frecuencia").select_option("immediate")
    tab.get_by_role("button", name="Guardar la frecuencia de «Comunicados con «agua»»").click()
    assert tab.get_by_role("status").inner_text() == "Se guardó la nueva frecuencia."
    assert "Activo, después de cada actualización" in tab.locator(".alerts-item").inner_text()
    manage_url = tab.url

    add_releases(index_dir, tmp_path, {**WATER_RELEASE, "id": f"prueba-agua-{tab.width}"})
    assert send_alerts(index_dir, smtp_url, server).returncode == 0
    digest = mailbox.wait_to(address, 2)[1]
    tab.goto(digest["List-Unsubscribe"].strip("<>"))
    tab.check("avisos-baja")
    tab.get_by_role("button", name="Darme de baja").click()
    assert tab.get_by_role("heading", name="Aviso eliminado").is_visible()
    tab.check("avisos-eliminado")
    tab.goto(manage_url)
    assert "No tiene avisos" in tab.locator("main").inner_text()


def test_the_statements_search_offers_alerts_too(tab):
    tab.goto("/declaraciones?q=vacunas")
    tab.get_by_role("link", name="Recibir avisos por correo").click()
    assert "Declaraciones con «vacunas»" in tab.locator(".alerts-search").inner_text()
    tab.goto("/avisos/gestionar")
    tab.check("avisos-enlace-perdido")

