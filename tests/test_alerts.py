"""Email alerts end to end: the site over HTTP, `hemeroteca alerts send`, and a real SMTP server reading the mail."""

import re
from datetime import timedelta

import httpx
import pytest
from alerts_site import WATER_RELEASE, add_releases, copy_index, link_after, live_site, send_alerts, withdraw
from mailbox import html_of, smtp_server, text_of

from alerts import signup
from alerts.addresses import AddressError, normalize_email
from alerts.digest import send_alerts as send_due
from alerts.mail import Mailer, MailError, parse_smtp_url
from alerts.store import Store, store_path, utcnow
from search.engine import Engine

WATER = WATER_RELEASE
OTHER = {"id": "prueba-futbol", "title": "Torneo de futbol en el deportivo", "date": "2026-11-21",
         "source": "Alcaldía Benito Juárez", "body": "Se jugará la final del torneo de futbol infantil el domingo."}


@pytest.fixture(scope="module")
def smtp(tmp_path_factory):
    with smtp_server(tmp_path_factory.mktemp("smtp")) as server:
        yield server


@pytest.fixture
def mailbox(smtp):
    box, _ = smtp
    box.messages.clear()
    box.refuse.clear()
    return box


@pytest.fixture
def index_dir(demo_index, tmp_path):
    return copy_index(demo_index, tmp_path / "index")


@pytest.fixture
def site(index_dir, smtp, mailbox):
    with live_site(index_dir, smtp[1]) as base:
        yield base


def subscribe(site, email, frequency="immediate", de="comunicados", **search):
    return httpx.post(f"{site}/avisos/nuevo", data={"email": email, "frequency": frequency, "de": de, **search})


def confirmed(site, mailbox, email, **search):
    """Subscribe ``email`` and follow its confirmation link; returns the confirmation page."""
    before = len(mailbox.messages)
    assert subscribe(site, email, **search).status_code == 200
    message = mailbox.wait_for(before + 1)[-1]
    page = httpx.post(link_after(text_of(message), "Confirmar el aviso"))
    assert page.status_code == 200 and "Aviso confirmado" in page.text
    return page


def send(index_dir, smtp, site):
    run = send_alerts(index_dir, smtp[1], site)
    assert run.returncode == 0, run.stderr
    return run


def test_asking_for_an_alert_sends_a_confirmation_and_nothing_else_until_it_is_followed(
        site, index_dir, smtp, mailbox, tmp_path):
    page = subscribe(site, "ana@ejemplo.mx", q="agua")
    assert page.status_code == 200 and "Revise su correo" in page.text
    (message,) = mailbox.wait_for(1)
    assert message["To"] == "ana@ejemplo.mx" and message["Subject"] == "Confirme su aviso de Hemeroteca"
    assert "Comunicados con «agua»" in text_of(message) and "Confirmar el aviso" in html_of(message)
    link = link_after(text_of(message), "Confirmar el aviso")
    assert link.startswith(f"{site}/avisos/confirmar/")
    add_releases(index_dir, tmp_path, WATER)
    assert "Enviados: 0" in send(index_dir, smtp, site).stdout
    # Opening the link (as a mail scanner would) shows a button; it confirms nothing by itself.
    assert "Confirmar el aviso" in httpx.get(link).text
    assert "Enviados: 0" in send(index_dir, smtp, site).stdout
    assert len(mailbox.messages) == 1


def test_a_confirmed_alert_sends_new_edited_and_withdrawn_releases_once(site, index_dir, smtp, mailbox, tmp_path):
    confirmed(site, mailbox, "ana@ejemplo.mx", q="agua")
    # What the index held when the alert started is not news.
    assert "Enviados: 0" in send(index_dir, smtp, site).stdout
    add_releases(index_dir, tmp_path, WATER, OTHER)
    run = send(index_dir, smtp, site)
    assert "Enviados: 1 correos (1 de avisos)" in run.stdout
    digest = mailbox.wait_for(2)[1]
    text, html = text_of(digest), html_of(digest)
    assert digest["Subject"] == "1 novedad: Comunicados con «agua»"
    assert "[Nuevo] Nueva planta potabilizadora <b>de agua</b> en Mixcoac" in text
    assert "20 de noviembre de 2026" in text and "abastecerá a 20 mil vecinos" in text
    assert "Torneo de futbol" not in text
    assert "&lt;b&gt;de agua&lt;/b&gt;" in html and "<b>de agua</b>" not in html
    assert f'href="{site}/comunicados/prueba-agua-nueva"' in html
    assert 'href="https://ejemplo.gob.mx/agua-mixcoac"' in html
    assert f"{site}/?q=agua" in text
    unsubscribe = link_after(text, "Dejar de recibir este aviso")
    assert digest["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_after(text, "Ver o cambiar todos sus avisos").startswith(f"{site}/avisos/gestionar/")
    # A second run has nothing new to send.
    assert "Enviados: 0" in send(index_dir, smtp, site).stdout
    # An edit and a withdrawal are news again, marked as such; an unchanged re-index is not.
    add_releases(index_dir, tmp_path, {**WATER, "body": WATER["body"] + " La obra costó 40 millones de pesos."}, OTHER)
    withdraw(index_dir, "prueba-agua-nueva")
    send(index_dir, smtp, site)
    third = mailbox.wait_for(3)[2]
    assert "[Retirado] Nueva planta potabilizadora" in text_of(third)
    add_releases(index_dir, tmp_path, {**WATER, "id": "prueba-agua-otra", "title": "Reparan fuga de agua"})
    add_releases(index_dir, tmp_path, {**WATER, "id": "prueba-agua-otra", "title": "Reparan fuga de agua",
                                       "body": "Cuadrillas repararon una fuga de agua potable en la colonia Portales."})
    send(index_dir, smtp, site)
    assert "[Nuevo] Reparan fuga de agua" in text_of(mailbox.wait_for(4)[3])
    add_releases(index_dir, tmp_path, OTHER)
    assert "Enviados: 0" in send(index_dir, smtp, site).stdout
    assert len(mailbox.messages) == 4


def test_an_edit_of_a_release_known_before_is_marked_edited(site, index_dir, smtp, mailbox, tmp_path):
    add_releases(index_dir, tmp_path, WATER)
    confirmed(site, mailbox, "ana@ejemplo.mx", q="potabilizadora")
    add_releases(index_dir, tmp_path, {**WATER, "body": WATER["body"] + " Funcionará desde diciembre."})
    send(index_dir, smtp, site)
    assert "[Modificado] Nueva planta potabilizadora" in text_of(mailbox.wait_for(2)[1])


def test_a_refused_email_is_sent_on_the_next_run_and_none_is_sent_twice(site, index_dir, smtp, mailbox, tmp_path):
    confirmed(site, mailbox, "ana@ejemplo.mx", q="agua")
    confirmed(site, mailbox, "beto@ejemplo.mx", q="agua")
    add_releases(index_dir, tmp_path, WATER)
    mailbox.refuse.add("beto@ejemplo.mx")
    run = send_alerts(index_dir, smtp[1], site)
    assert run.returncode == 1 and "rechazó 1 correos" in run.stderr
    assert len(mailbox.to("ana@ejemplo.mx")) == 2 and len(mailbox.to("beto@ejemplo.mx")) == 1
    mailbox.refuse.clear()
    send(index_dir, smtp, site)
    assert len(mailbox.to("ana@ejemplo.mx")) == 2
    (_, late) = mailbox.to("beto@ejemplo.mx")
    assert "[Nuevo] Nueva planta potabilizadora" in text_of(late)
    send(index_dir, smtp, site)
    assert len(mailbox.messages) == 4


def test_a_run_cut_off_midway_sends_the_rest_next_time_and_nothing_twice(site, index_dir, smtp, mailbox, tmp_path):
    for name in ("ana", "beto", "carla"):
        confirmed(site, mailbox, f"{name}@ejemplo.mx", q="agua")
    add_releases(index_dir, tmp_path, WATER)
    # With the mail server unreachable nothing is lost: the run stops and says so.
    unreachable = send_alerts(index_dir, re.sub(r":\d+\?", ":1?", smtp[1]), site)
    assert unreachable.returncode == 1 and "No se pudo conectar con el servidor de correo" in unreachable.stderr
    # The server hangs up on Beto's email: Ana's went out, Carla's was prepared but never reached it.
    mailbox.hang_up.add("beto@ejemplo.mx")
    cut = send_alerts(index_dir, smtp[1], site)
    assert cut.returncode == 1 and "Se perdió la conexión" in cut.stderr
    assert [len(mailbox.to(f"{n}@ejemplo.mx")) for n in ("ana", "beto", "carla")] == [2, 1, 1]
    mailbox.hang_up.clear()
    send(index_dir, smtp, site)
    send(index_dir, smtp, site)
    assert [len(mailbox.to(f"{n}@ejemplo.mx")) for n in ("ana", "beto", "carla")] == [2, 2, 2]
    for name in ("ana", "beto", "carla"):
        assert "[Nuevo] Nueva planta potabilizadora" in text_of(mailbox.to(f"{name}@ejemplo.mx")[1])


def test_one_click_unsubscribe_stops_the_alert_without_confirmation(site, index_dir, smtp, mailbox, tmp_path):
    confirmed(site, mailbox, "ana@ejemplo.mx", q="agua")
    add_releases(index_dir, tmp_path, WATER)
    send(index_dir, smtp, site)
    url = mailbox.wait_for(2)[1]["List-Unsubscribe"].strip("<>")
    assert "Darme de baja" in httpx.get(url).text
    # What a mail program sends for RFC 8058's one click.
    answer = httpx.post(url, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "Aviso eliminado" in answer.text
    assert httpx.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    add_releases(index_dir, tmp_path, {**WATER, "id": "prueba-agua-otra"})
    assert "Enviados: 0" in send(index_dir, smtp, site).stdout


def test_the_management_page_lists_changes_and_deletes_an_address_alerts(site, mailbox):
    page = confirmed(site, mailbox, "ana@ejemplo.mx", q="agua", topic="salud")
    confirmed(site, mailbox, "ana@ejemplo.mx", de="declaraciones", q="vacunas")
    manage = site + re.search(r'href="(/avisos/gestionar/[^"]+)"', page.text).group(1)
    listing = httpx.get(manage).text
    assert "ana@ejemplo.mx" in listing
    assert "Comunicados con «agua» · Tema: salud" in listing and "Declaraciones con «vacunas»" in listing
    ids = re.findall(r'name="alert" value="(\d+)"', listing)
    changed = httpx.post(manage, data={"action": "frequency", "alert": ids[0], "frequency": "weekly"},
                         follow_redirects=True)
    assert "Se guardó la nueva frecuencia." in changed.text and "Activo, una vez a la semana" in changed.text
    deleted = httpx.post(manage, data={"action": "delete", "alert": ids[-1]}, follow_redirects=True)
    assert "Se eliminó el aviso." in deleted.text and "Declaraciones con «vacunas»" not in deleted.text
    emptied = httpx.post(manage, data={"action": "delete_all"}, follow_redirects=True)
    assert "No tiene avisos" in emptied.text
    assert httpx.get(f"{site}/avisos/gestionar/{'x' * 43}").status_code == 404


def test_a_lost_management_link_is_sent_again_only_to_known_addresses(site, mailbox):
    confirmed(site, mailbox, "ana@ejemplo.mx", q="agua")
    known = httpx.post(f"{site}/avisos/gestionar", data={"email": "ana@ejemplo.mx"})
    unknown = httpx.post(f"{site}/avisos/gestionar", data={"email": "nadie@ejemplo.mx"})
    assert known.status_code == unknown.status_code == 200 and known.text == unknown.text
    message = mailbox.wait_for(2)[1]
    assert message["To"] == "ana@ejemplo.mx" and message["Subject"] == "Sus avisos de Hemeroteca"
    assert "ana@ejemplo.mx" in httpx.get(link_after(text_of(message), "Ver o cambiar sus avisos")).text
    assert not mailbox.to("nadie@ejemplo.mx")


def test_the_answer_is_the_same_whether_the_address_has_the_alert_or_not(site, mailbox):
    confirmed(site, mailbox, "ana@ejemplo.mx", q="agua")
    again = subscribe(site, "ana@ejemplo.mx", q="agua")
    fresh = subscribe(site, "nueva@ejemplo.mx", q="agua")
    assert again.status_code == fresh.status_code == 200 and again.text == fresh.text
    mailbox.wait_for(3)
    assert [m["Subject"] for m in mailbox.to("ana@ejemplo.mx")][1] == "Ya tiene este aviso en Hemeroteca"
    assert [m["Subject"] for m in mailbox.to("nueva@ejemplo.mx")] == ["Confirme su aviso de Hemeroteca"]


def test_emails_to_one_address_are_limited_per_day(site, mailbox, index_dir):
    for n in range(signup.EMAILS_PER_DAY + 2):
        assert subscribe(site, "ana@ejemplo.mx", q=f"agua {n}").status_code == 200
    mailbox.wait_for(signup.EMAILS_PER_DAY)
    with Store(store_path(index_dir)) as store:
        assert len(store.pending_messages()) == 0
    assert len(mailbox.to("ana@ejemplo.mx")) == signup.EMAILS_PER_DAY


def test_requests_from_one_client_are_limited_per_hour(site, mailbox):
    for n in range(signup.REQUESTS_PER_HOUR):
        assert subscribe(site, f"persona{n}@ejemplo.mx", q="agua").status_code == 200
    refused = subscribe(site, "otra@ejemplo.mx", q="agua")
    assert refused.status_code == 429 and "el máximo es de 20 por hora" in refused.text
    assert refused.headers["Retry-After"] == "3600"


def test_wrong_links_from_one_client_are_limited(site):
    for n in range(signup.WRONG_LINKS_PER_HOUR):
        assert httpx.get(f"{site}/avisos/baja/{n:043d}").status_code == 404
    assert httpx.get(f"{site}/avisos/baja/{'9' * 43}").status_code == 429


def test_an_address_holds_a_bounded_number_of_alerts(site, mailbox, index_dir):
    settings = signup.Settings(site, "Hemeroteca <avisos@hemeroteca.test>")
    with Store(store_path(index_dir)) as store:
        for n in range(signup.MAX_ALERTS + 3):
            signup.subscribe(store, settings, "ana@ejemplo.mx", "releases", [("q", f"agua {n}")], "daily",
                             client=f"10.0.0.{n}")
        address = store.address("ana@ejemplo.mx")
        assert len(store.subscriptions_of(address["id"])) == signup.MAX_ALERTS


@pytest.mark.parametrize("typed, reason", [
    ("", "Escriba su dirección"),
    ("ana.ejemplo.mx", "una sola arroba"),
    ("ana@@ejemplo.mx", "una sola arroba"),
    ("ana maría@ejemplo.mx", "antes de la arroba"),
    ("ana@ejemplo", "el dominio «ejemplo»"),
    ("ana@ejemplo..mx", "el dominio"),
    ("ana@ejemplo.mx\r\nBcc: x@y.mx", "no es válida"),
])
def test_bad_addresses_are_refused_with_a_spanish_reason(site, mailbox, typed, reason):
    page = subscribe(site, typed, q="agua")
    assert page.status_code == 400
    assert reason in page.text.replace("&#34;", '"').replace("&lt;", "<").replace("&gt;", ">")
    assert 'aria-invalid="true"' in page.text
    assert not mailbox.messages


def test_addresses_are_kept_in_one_form():
    assert normalize_email("  Ana.Perez@Ejemplo.MX ") == "ana.perez@ejemplo.mx"
    assert normalize_email("ana@bücher.mx") == "ana@xn--bcher-kva.mx"
    with pytest.raises(AddressError, match="demasiado larga"):
        normalize_email("a" * 250 + "@ejemplo.mx")


def test_a_bad_search_is_refused_before_anything_is_stored(site, mailbox, index_dir):
    page = subscribe(site, "ana@ejemplo.mx", q="agua", **{"from": "ayer"})
    assert page.status_code == 400 and "no es válida" in page.text
    page = subscribe(site, "ana@ejemplo.mx", de="declaraciones", place="mixcoac")
    # The statements' search has no place filter: it is not kept, so the alert follows the rest.
    assert page.status_code == 200


def test_the_api_creates_lists_and_deletes_alerts(site, mailbox):
    created = httpx.post(f"{site}/api/v1/alerts", json={
        "email": "ana@ejemplo.mx", "kind": "releases", "frequency": "weekly", "search": {"q": "agua", "topic": ["salud"]}})
    assert created.status_code == 202 and created.json()["status"] == "pending"
    assert created.json()["message"] == signup.ANSWERED
    message = mailbox.wait_for(1)[0]
    httpx.post(link_after(text_of(message), "Confirmar el aviso"))
    page = httpx.get(link_after(text_of(message), "Confirmar el aviso")).text
    token = re.search(r"/avisos/gestionar/([A-Za-z0-9_-]{43})", page).group(1)
    listing = httpx.get(f"{site}/api/v1/alerts/{token}").json()
    (alert,) = listing["alerts"]
    assert listing["email"] == "ana@ejemplo.mx"
    assert alert["search"] == {"q": ["agua"], "topic": ["salud"]} and alert["frequency"] == "weekly"
    assert alert["confirmed"] is True
    assert httpx.delete(f"{site}/api/v1/alerts/{token}/{alert['id']}").json() == {"deleted": 1}
    assert httpx.get(f"{site}/api/v1/alerts/{token}").json()["alerts"] == []
    httpx.post(f"{site}/api/v1/alerts", json={"email": "ana@ejemplo.mx", "search": {"q": "lluvias"}})
    # An alert's own token (in its confirmation and unsubscribe links) deletes just that alert.
    alert_token = link_after(text_of(mailbox.wait_for(2)[1]), "Confirmar el aviso").rsplit("/", 1)[1]
    assert httpx.delete(f"{site}/api/v1/alerts/{alert_token}").json() == {"deleted": 1}
    assert httpx.get(f"{site}/api/v1/alerts/{token}").json()["alerts"] == []
    bad = httpx.post(f"{site}/api/v1/alerts", json={"email": "ana@", "search": {"q": "agua"}})
    assert bad.status_code == 400 and "no es válida" in bad.json()["error"]["message"]
    assert httpx.get(f"{site}/api/v1/alerts/{token}x").status_code == 404


def test_a_search_typed_with_line_breaks_still_makes_one_subject_line(site, index_dir, smtp, mailbox, tmp_path):
    confirmed(site, mailbox, "ana@ejemplo.mx", q="planta\r\npotabilizadora")
    add_releases(index_dir, tmp_path, WATER)
    send(index_dir, smtp, site)
    assert mailbox.wait_for(2)[1]["Subject"] == "1 novedad: Comunicados con «planta potabilizadora»"


def test_a_statements_alert_sends_what_officials_said(site, index_dir, smtp, mailbox, tmp_path):
    confirmed(site, mailbox, "ana@ejemplo.mx", de="declaraciones", q="drenaje")
    add_releases(index_dir, tmp_path, {
        "id": "prueba-drenaje", "title": "Desazolvan el drenaje de la colonia Portales", "date": "2026-11-22",
        "source": "Alcaldía Benito Juárez", "officials": [{"name": "Luis Mendoza", "role": "alcalde"}],
        "body": "La alcaldía desazolvó 12 kilómetros de drenaje en la colonia Portales.\n\n"
                "El alcalde Luis Mendoza afirmó: “Con el drenaje limpio, las calles de Portales ya no se inundarán "
                "en la temporada de lluvias”."})
    send(index_dir, smtp, site)
    text = text_of(mailbox.wait_for(2)[1])
    assert "Declaraciones con «drenaje»" in text and "Desazolvan el drenaje" in text
    assert "Luis Mendoza" in text and "/comunicados/prueba-drenaje#declaracion-" in text


def test_smtp_settings_never_send_a_password_without_tls():
    with pytest.raises(MailError, match="sin cifrado"):
        parse_smtp_url("smtp://ana:clave@correo.ejemplo.mx:25?starttls=0")
    settings = parse_smtp_url("smtp://ana%40ejemplo.mx:cl%20ave@correo.ejemplo.mx")
    assert (settings.user, settings.password, settings.port, settings.tls) == ("ana@ejemplo.mx", "cl ave", 587, "starttls")
    assert parse_smtp_url("smtps://correo.ejemplo.mx").port == 465


def test_a_wrong_smtp_password_is_a_clear_error(site, index_dir, smtp):
    run = send_alerts(index_dir, smtp[1].replace("clave%20secreta", "otra"), site)
    assert run.returncode == 1 and "rechazó el usuario o la clave" in run.stderr


def test_without_mail_settings_the_search_page_offers_no_alerts(client):
    assert "Recibir avisos por correo" not in client.get("/?q=agua").get_data(as_text=True)
    assert client.get("/avisos/nuevo?q=agua").status_code == 503




def test_a_daily_alert_writes_at_most_once_a_day_and_then_sends_all_it_held(site, index_dir, smtp, mailbox, tmp_path, closing):
    confirmed(site, mailbox, "ana@ejemplo.mx", q="agua")
    with Store(store_path(index_dir)) as store:
        (alert,) = store.confirmed_subscriptions()
        store.set_frequency(alert["id"], "daily")
        store.commit()
    mailer = Mailer(smtp[1], "Hemeroteca <avisos@hemeroteca.test>")
    engine = closing(Engine.open(index_dir, cache_size=0))

    def run(now):
        with Store(store_path(index_dir)) as store:
            return send_due(store, engine, index_dir, mailer, site, now=now).alerts

    add_releases(index_dir, tmp_path, WATER)
    assert run(utcnow()) == 1
    add_releases(index_dir, tmp_path, {**WATER, "id": "prueba-agua-otra", "title": "Reparan fuga de agua"})
    assert run(utcnow() + timedelta(hours=12)) == 0
    assert run(utcnow() + timedelta(hours=23, minutes=30)) == 1
    text = text_of(mailbox.to("ana@ejemplo.mx")[-1])
    assert "Reparan fuga de agua" in text and "Nueva planta" not in text
