"""Email alerts for programs: /api/v1/alerts, the same rules as the pages (:mod:`alerts.signup`).

Creating an alert answers 202 and the same message for every address: the confirmation email
(or, for an address that already has the alert, a reminder) is what differs. Managing takes the
token of the management link each email carries; deleting one alert also takes its own token.
"""

from urllib.parse import parse_qsl

from flask import Blueprint, jsonify, request

from alerts import signup
from alerts.addresses import AddressError
from alerts.schedule import check_frequency
from alerts.searches import ARGS, KIND_NAMES, check_kind, describe
from search.params import QueryError

from .alerts import UNAVAILABLE, alert_settings, client, get_store, send_after
from .errors import api_error

bp = Blueprint("alerts_api", __name__, url_prefix="/api/v1/alerts")


@bp.after_request
def _private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(signup.TooManyRequests)
def _too_many(exc):
    return api_error(429, str(exc), {"Retry-After": str(exc.retry_after)})


@bp.errorhandler(AddressError)
def _bad_address(exc):
    return api_error(400, str(exc))


def _pairs(search):
    """The ``search`` object of a request as (name, value) pairs: each value a string or a list of strings."""
    if not isinstance(search, dict):
        raise QueryError("«search» debe ser un objeto con los parámetros de la búsqueda, p. ej. {\"q\": \"agua\"}.")
    pairs = []
    for name, value in search.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in values):
            raise QueryError(f"El parámetro «{name}» de «search» debe ser texto o una lista de textos.")
        pairs += [(name, v) for v in values]
    return pairs


@bp.route("", methods=["POST"])
def create():
    """Ask for an alert: a confirmation email goes to the address; nothing is sent until it is followed."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "El cuerpo debe ser un objeto JSON con «email», «kind», «frequency» y «search».")
    unknown = sorted(set(body) - {"email", "kind", "frequency", "search"})
    if unknown:
        return api_error(400, f"El campo «{unknown[0]}» no existe: use email, kind, frequency y search.")
    email, kind, frequency = body.get("email"), body.get("kind", "releases"), body.get("frequency", "daily")
    if not all(isinstance(v, str) for v in (email, kind, frequency)):
        return api_error(400, "«email», «kind» y «frequency» deben ser texto.")
    pairs = _pairs(body.get("search", {}))
    check_kind(kind)
    wrong = sorted({name for name, _ in pairs} - set(ARGS[kind]))
    if wrong:
        raise QueryError(f"La búsqueda de {KIND_NAMES[kind]} no tiene el parámetro «{wrong[0]}»: use "
                         f"{', '.join(ARGS[kind])}.")
    check_frequency(frequency)
    settings = alert_settings()
    if settings is None:
        return api_error(503, UNAVAILABLE)
    ids = signup.subscribe(get_store(), settings, email, kind, pairs, frequency, client())
    response = jsonify({"status": "pending", "message": signup.ANSWERED})
    response.status_code = 202
    return send_after(response, ids, settings)


def _record(row):
    search = {}
    for name, value in parse_qsl(row["search"]):
        search.setdefault(name, []).append(value)
    return {"id": row["id"], "kind": row["kind"], "search": search, "description": describe(row["kind"], row["search"]),
            "frequency": row["frequency"], "confirmed": row["confirmed"] is not None, "created": row["created"],
            "last_sent": row["last_sent"]}


def _address(token):
    store = get_store()
    return store, signup.by_token(store, store.address_by_token, token, client())


NOT_FOUND = "No hay avisos con ese enlace: use el de gestión que trae cada correo de avisos."


@bp.route("/<token>", methods=["GET"])
def listing(token):
    """The alerts of the address whose management token this is."""
    store, address = _address(token)
    if address is None:
        return api_error(404, NOT_FOUND)
    return jsonify({"email": address["email"], "alerts": [_record(r) for r in store.subscriptions_of(address["id"])]})


@bp.route("/<token>", methods=["DELETE"])
def delete(token):
    """With an alert's own token, delete it; with the management token, delete every alert of the address."""
    store = get_store()
    subscription = store.subscription_by_token(token)
    if subscription is not None:
        rows = [subscription]
    else:
        address = signup.by_token(store, store.address_by_token, token, client())
        if address is None:
            return api_error(404, NOT_FOUND)
        rows = store.subscriptions_of(address["id"])
    for row in rows:
        store.delete_subscription(row["id"])
    store.commit()
    return jsonify({"deleted": len(rows)})


@bp.route("/<token>/<alert_id>", methods=["DELETE"])
def delete_one(token, alert_id):
    """Delete one alert of the address whose management token this is."""
    store, address = _address(token)
    chosen = None
    if address is not None and alert_id.isdigit():
        chosen = next((r for r in store.subscriptions_of(address["id"]) if r["id"] == int(alert_id)), None)
    if chosen is None:
        return api_error(404, NOT_FOUND)
    store.delete_subscription(chosen["id"])
    store.commit()
    return jsonify({"deleted": 1})
