"""The alerts' pages: asking for email alerts of a search, confirming, unsubscribing, managing them.

Everything works without JavaScript: plain forms and links. Following a link from an email never
changes anything by itself (mail scanners open links): it shows a page whose button does, except the
one-click unsubscribe that mail programs POST (RFC 8058). The rules are those of :mod:`alerts.signup`;
this module only reads forms and renders answers. Mail asked for here is sent once the answer has
gone out, so how long a request takes says nothing about the address.
"""

import logging
import sqlite3
from functools import partial
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from alerts import links, signup
from alerts.addresses import AddressError
from alerts.links import BaseUrlError, check_base_url
from alerts.mail import MailError, Mailer, default_sender
from alerts.outbox import deliver_ids
from alerts.schedule import FREQUENCIES, check_frequency
from alerts.searches import ARGS, KIND_NAMES, canonical, describe
from alerts.store import Store, store_path
from search.params import QueryError

from .engine import get_engine

log = logging.getLogger(__name__)
bp = Blueprint("alerts", __name__)

# The search a new alert follows arrives with its own parameters plus which search it is.
KIND_PARAM = "de"
KIND_BY_NAME = {name: kind for kind, name in KIND_NAMES.items()}
UNAVAILABLE = "Los avisos por correo no están disponibles en este sitio."


def setting(name):
    """A setting from the app's config (``create_app`` reads them from the declared settings)."""
    return current_app.config.get(name)


def alert_settings():
    """The settings alerts need (SMTP_URL and BASE_URL), or None when this site does not send mail."""
    if not setting("SMTP_URL"):
        return None
    try:
        base = check_base_url(setting("BASE_URL"))
    except BaseUrlError:
        return None
    return signup.Settings(base, setting("MAIL_FROM") or default_sender(base))


def alerts_db():
    return current_app.config.get("ALERTS_DB") or str(store_path(current_app.config["INDEX_DIR"]))


def get_store():
    if "alerts_store" not in g:
        g.alerts_store = Store(alerts_db())
    return g.alerts_store


@bp.teardown_app_request
def _close(exc):
    store = g.pop("alerts_store", None)
    if store is not None:
        store.close()


def _deliver(db, smtp_url, sender, ids):
    """Send queued messages after the answer; anything that fails is sent by ``hemeroteca alerts send``."""
    try:
        with Store(db) as store:
            deliver_ids(store, Mailer(smtp_url, sender), ids)
    except (MailError, OSError, sqlite3.Error) as exc:
        log.warning("Correo de avisos pendiente para el siguiente envío: %s", exc)


def send_after(response, ids, settings):
    if ids:
        response.call_on_close(partial(_deliver, alerts_db(), setting("SMTP_URL"), settings.sender, ids))
    return response


def client():
    return request.remote_addr or ""


def search_pairs(args, kind):
    return [(k, v) for k, v in args.items(multi=True) if k in ARGS[kind]]


@bp.app_context_processor
def _alert_link():
    def alert_url(kind):
        """The «Recibir avisos por correo» link for the search on this page, or None without mail."""
        if alert_settings() is None:
            return None
        return url_for("alerts.new") + _query([(KIND_PARAM, KIND_NAMES[kind]), *search_pairs(request.args, kind)])

    return {"alert_url": alert_url}


def _query(pairs):
    return f"?{urlencode(pairs)}" if pairs else ""


@bp.after_request
def _private(response):
    """Pages with a token in their address: never cached, never sent as a referrer, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.errorhandler(signup.TooManyRequests)
def _too_many(exc):
    return render_template("alerts_message.html", title="Demasiadas solicitudes", paragraphs=[str(exc)]), 429, {
        "Retry-After": str(exc.retry_after)}


def _require_settings():
    settings = alert_settings()
    if settings is None:
        abort(503, UNAVAILABLE)
    return settings


def _kind_from(form):
    kind = KIND_BY_NAME.get((form.get(KIND_PARAM) or "comunicados").strip())
    if kind is None:
        raise QueryError(f"El parámetro «{KIND_PARAM}» debe ser comunicados o declaraciones.")
    return kind


@bp.route(links.NEW, methods=["GET", "POST"])
def new():
    """The form to follow a search by email; sent, the same answer for every address."""
    settings = _require_settings()
    source = request.form if request.method == "POST" else request.args
    kind = _kind_from(source)
    pairs = search_pairs(source, kind)
    frequency = source.get("frequency") or "daily"
    email = (request.form.get("email") or "").strip()
    error = None
    if request.method == "POST":
        try:
            check_frequency(frequency)
            ids = signup.subscribe(get_store(), settings, email, kind, pairs, frequency, client())
        except (AddressError, QueryError) as exc:
            error = str(exc)
        else:
            page = render_template("alerts_message.html", title="Revise su correo", paragraphs=[signup.ANSWERED],
                                   back_url=_search_url(kind, pairs))
            return send_after(current_app.make_response(page), ids, settings)
    try:
        description = describe(kind, canonical(kind, pairs))
    except QueryError as exc:
        description, error = None, error or str(exc)
    return render_template(
        "alerts_new.html", kind=kind, kind_param=KIND_PARAM, kind_name=KIND_NAMES[kind], pairs=pairs,
        description=description, email=email, frequency=frequency if frequency in FREQUENCIES else "daily",
        frequencies=FREQUENCIES, error=error, back_url=_search_url(kind, pairs),
    ), 400 if error else 200


SEARCH_ENDPOINTS = {"releases": "search.search", "statements": "statements.search"}


def _search_url(kind, pairs):
    return url_for(SEARCH_ENDPOINTS[kind]) + _query(pairs)


def _not_found():
    abort(404, "Este enlace de avisos no existe o ya caducó. Si quiere recibir avisos, pídalos de nuevo "
               "desde una búsqueda.")


@bp.route(links.route(links.CONFIRM), methods=["GET", "POST"])
def confirm(token):
    """A confirmation link: a button confirms (GET alone changes nothing)."""
    store = get_store()
    subscription = signup.pending_subscription(store, token, client())
    if subscription is None:
        _not_found()
    address = store.address_by_id(subscription["address_id"])
    manage_url = url_for("alerts.manage", token=address["manage_token"])
    described = describe(subscription["kind"], subscription["search"])
    if request.method == "POST" or subscription["confirmed"]:
        signup.confirm(store, subscription, get_engine().current())
        return render_template("alerts_message.html", title="Aviso confirmado", paragraphs=[
            f"Recibirá en {address['email']} lo nuevo de «{described}», {FREQUENCIES[subscription['frequency']]}.",
            "Cada correo trae un enlace para dejar de recibirlo."], manage_url=manage_url)
    return render_template("alerts_confirm.html", described=described, email=address["email"],
                           frequency=FREQUENCIES[subscription["frequency"]], token=token)


@bp.route(links.route(links.UNSUBSCRIBE), methods=["GET", "POST"])
def unsubscribe(token):
    """An alert's unsubscribe link: the page's button, or a mail program's one-click POST (RFC 8058)."""
    store = get_store()
    subscription = signup.by_token(store, store.subscription_by_token, token, client())
    if subscription is None:
        if request.method == "POST":
            # Already gone (a second click, a mail program's retry): the wish is met.
            return render_template("alerts_message.html", title="Aviso eliminado",
                                   paragraphs=["Este aviso ya no existe: no recibirá más correos de él."])
        _not_found()
    address = store.address_by_id(subscription["address_id"])
    manage_url = url_for("alerts.manage", token=address["manage_token"])
    described = describe(subscription["kind"], subscription["search"])
    if request.method == "POST":
        signup.unsubscribe(store, subscription)
        return render_template("alerts_message.html", title="Aviso eliminado", paragraphs=[
            f"Ya no recibirá en {address['email']} los avisos de «{described}»."], manage_url=manage_url)
    return render_template("alerts_unsubscribe.html", described=described, email=address["email"], token=token,
                           manage_url=manage_url)


DONE = {"frecuencia": "Se guardó la nueva frecuencia.", "eliminado": "Se eliminó el aviso.",
        "todos": "Se eliminaron todos sus avisos."}


@bp.route(links.route(links.MANAGE), methods=["GET", "POST"])
def manage(token):
    """Every alert of an address: its search, frequency and state; change the frequency, delete."""
    store = get_store()
    address = signup.by_token(store, store.address_by_token, token, client())
    if address is None:
        _not_found()
    mine = {row["id"]: row for row in store.subscriptions_of(address["id"])}
    if request.method == "POST":
        action = request.form.get("action")
        chosen = mine.get(int(request.form["alert"])) if (request.form.get("alert") or "").isdigit() else None
        if action == "delete_all":
            for row in mine.values():
                store.delete_subscription(row["id"])
            done = "todos"
        elif action in ("delete", "frequency") and chosen is not None:
            if action == "delete":
                store.delete_subscription(chosen["id"])
                done = "eliminado"
            else:
                store.set_frequency(chosen["id"], check_frequency(request.form.get("frequency") or ""))
                done = "frecuencia"
        else:
            raise QueryError("No se entendió qué cambiar: elija un aviso y una acción.")
        store.commit()
        return redirect(url_for("alerts.manage", token=token, hecho=done), 303)
    alerts = [{**row, "description": describe(row["kind"], row["search"]),
               "search_url": url_for(SEARCH_ENDPOINTS[row["kind"]]) + (f"?{row['search']}" if row["search"] else ""),
               "frequency_label": FREQUENCIES[row["frequency"]]} for row in mine.values()]
    return render_template("alerts_manage.html", address=address, alerts=alerts, frequencies=FREQUENCIES,
                           token=token, done=DONE.get(request.args.get("hecho")))


@bp.route(links.LOST, methods=["GET", "POST"])
def lost():
    """Asking again for the link to manage one's alerts."""
    settings = _require_settings()
    email = (request.form.get("email") or "").strip()
    error = None
    if request.method == "POST":
        try:
            ids = signup.send_manage_link(get_store(), settings, email, client())
        except AddressError as exc:
            error = str(exc)
        else:
            page = render_template("alerts_message.html", title="Revise su correo", paragraphs=[signup.LINK_ANSWERED])
            return send_after(current_app.make_response(page), ids, settings)
    return render_template("alerts_lost.html", email=email, error=error), 400 if error else 200
