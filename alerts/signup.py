"""Asking for an alert, confirming it, stopping it: the rules the site's pages and its API share.

Against abuse: each client may ask only so often; each address gets only so many emails a day and
holds only so many alerts; and the answer to a request never says whether an address was known
(what differs goes in the email, which only the address's owner reads).
"""

from dataclasses import dataclass
from datetime import timedelta

from . import links, messages
from .addresses import normalize_email
from .digest import CONFIRM_DAYS, current_mark
from .schedule import FREQUENCIES, check_frequency
from .searches import canonical, check_kind, describe
from .store import utcnow
from .tokens import looks_like_token

# Requests for alerts or for the management link, per client address and hour.
REQUESTS_PER_HOUR = 20
# Emails other than alerts (confirmations, reminders) per email address and day.
EMAILS_PER_DAY = 5
# Alerts (confirmed or waiting) one address may hold.
MAX_ALERTS = 20
# Links with a token that matches nothing, per client address and hour.
WRONG_LINKS_PER_HOUR = 30

# The one answer to a valid request, whatever the address.
ANSWERED = ("Si la dirección es correcta, en unos minutos recibirá un correo de Hemeroteca. Siga el enlace que "
            "trae para confirmar el aviso; hasta entonces no le enviaremos nada.")
LINK_ANSWERED = ("Si esa dirección tiene avisos en Hemeroteca, en unos minutos recibirá un correo con el enlace "
                 "para verlos y cambiarlos.")


class TooManyRequests(Exception):
    """A client asked too often; the message is in Spanish, ``retry_after`` in seconds."""

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Settings:
    """What writing emails needs: the site's public address and the sender."""

    base_url: str
    sender: str


def _limit_client(store, kind, client, limit, what):
    now = utcnow()
    if store.count(kind, client, now - timedelta(hours=1)) >= limit:
        raise TooManyRequests(f"Se hicieron demasiadas {what} desde su conexión: el máximo es de {limit} por hora. "
                              "Inténtelo de nuevo más tarde.", 3600)
    store.record(kind, client, now)


def _mail_once_more(store, email, message):
    """Queue ``message`` unless the address already got its emails for today; returns the queued ids."""
    if store.count("email", email, utcnow() - timedelta(days=1)) >= EMAILS_PER_DAY:
        return []
    store.record("email", email)
    message_id, body = message
    return [store.queue(email, message_id, body)]


def subscribe(store, settings, email, kind, pairs, frequency, client):
    """Ask for an alert: checks everything, then queues one email to the address (or none, over its limit).

    :param pairs: the search as (name, value) pairs.
    :returns: the ids of queued messages, to send at once. Raises AddressError or QueryError
        for bad input and TooManyRequests when the client asked too often.
    """
    email = normalize_email(email)
    check_kind(kind)
    check_frequency(frequency)
    search = canonical(kind, pairs)
    _limit_client(store, "request", client, REQUESTS_PER_HOUR, "solicitudes de avisos")
    address = store.ensure_address(email)
    base, sender = settings.base_url, settings.sender
    described = describe(kind, search)
    manage = ("Ver o cambiar sus avisos", links.link(base, links.MANAGE, token=address["manage_token"]))
    existing = store.find_subscription(address["id"], kind, search)
    if existing is not None and existing["confirmed"]:
        message = messages.notice(sender, email, "Ya tiene este aviso en Hemeroteca", [
            f"Se pidió de nuevo un aviso que esta dirección ya tiene: {described}. No cambiamos nada.",
            "Si no fue usted, no tiene que hacer nada."], manage)
    elif existing is None and len(store.subscriptions_of(address["id"])) >= MAX_ALERTS:
        message = messages.notice(sender, email, "No se pudo agregar su aviso de Hemeroteca", [
            f"Se pidió un aviso nuevo ({described}), pero esta dirección ya tiene {MAX_ALERTS} avisos, "
            "el máximo. Para agregarlo, elimine antes alguno de los que tiene."], manage)
    else:
        if existing is None:
            existing = store.add_subscription(address["id"], kind, search, frequency)
        else:
            store.renew_pending(existing["id"], frequency)
        message = messages.notice(sender, email, "Confirme su aviso de Hemeroteca", [
            f"Se pidió recibir por correo lo nuevo de esta búsqueda: {described}.",
            f"Frecuencia: {FREQUENCIES[frequency]}.",
            f"Para empezar a recibir los avisos, confirme con este enlace (vale {CONFIRM_DAYS} días):"],
            ("Confirmar el aviso", links.link(base, links.CONFIRM, token=existing["token"])),
            "Si no lo pidió usted, ignore este correo: no le enviaremos nada.")
    queued = _mail_once_more(store, email, message)
    store.commit()
    return queued


def send_manage_link(store, settings, email, client):
    """Ask again for the link to manage an address's alerts; same answer whether it has any or not."""
    email = normalize_email(email)
    _limit_client(store, "request", client, REQUESTS_PER_HOUR, "solicitudes de avisos")
    address = store.address(email)
    queued = []
    if address is not None and store.subscriptions_of(address["id"]):
        message = messages.notice(settings.sender, email, "Sus avisos de Hemeroteca", [
            "Se pidió el enlace para ver, cambiar o eliminar los avisos de esta dirección."],
            ("Ver o cambiar sus avisos", links.link(settings.base_url, links.MANAGE, token=address["manage_token"])),
            "Si no lo pidió usted, ignore este correo.")
        queued = _mail_once_more(store, email, message)
    store.commit()
    return queued


def by_token(store, lookup, token, client):
    """The row a link's token names, or None; wrong tokens are counted per client (TooManyRequests)."""
    row = lookup(token) if looks_like_token(token) else None
    if row is None:
        _limit_client(store, "wrong-link", client, WRONG_LINKS_PER_HOUR, "visitas a enlaces que no existen")
        store.commit()
    return row


def pending_subscription(store, token, client):
    """The subscription a confirmation link names, if it has not expired."""
    found = by_token(store, store.subscription_by_token, token, client)
    if found is not None and found["confirmed"] is None:
        if found["created"] < (utcnow() - timedelta(days=CONFIRM_DAYS)).isoformat(timespec="microseconds"):
            return None
    return found


def confirm(store, subscription, view):
    """Start an alert: it will send what the index gets after what it holds now."""
    if subscription["confirmed"] is None:
        store.confirm(subscription["id"], current_mark(store, view))
    store.commit()


def unsubscribe(store, subscription):
    store.delete_subscription(subscription["id"])
    store.commit()
