"""Email addresses as a citizen types them: checked, with a Spanish reason when one cannot be used."""

import re

MAX_LENGTH = 254
MAX_LOCAL = 64
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


class AddressError(ValueError):
    """An address that cannot receive alerts; the message says why, in Spanish."""


def normalize_email(text):
    """The address in the one form it is stored and compared in (lowercase); raises AddressError."""
    address = (text or "").strip()
    if not address:
        raise AddressError("Escriba su dirección de correo electrónico.")
    if len(address) > MAX_LENGTH:
        raise AddressError(f"La dirección de correo es demasiado larga: el máximo es de {MAX_LENGTH} caracteres.")
    shown = address if len(address) <= 80 else address[:80] + "…"
    if address.count("@") != 1:
        raise AddressError(f"La dirección «{shown}» no es válida: debe tener la forma nombre@dominio.mx, "
                           "con una sola arroba.")
    local, domain = address.split("@")
    if not local or len(local) > MAX_LOCAL or not _LOCAL.match(local):
        raise AddressError(f"La dirección «{shown}» no es válida: la parte antes de la arroba tiene espacios, "
                           "acentos, puntos seguidos u otros caracteres que el correo no admite.")
    try:
        ascii_domain = domain.lower().encode("idna").decode("ascii")
    except UnicodeError:
        ascii_domain = ""
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or not _TLD.match(labels[-1]):
        raise AddressError(f"La dirección «{shown}» no es válida: el dominio «{domain}» no tiene la forma "
                           "de un dominio de correo (por ejemplo, correo.gob.mx).")
    return f"{local.lower()}@{ascii_domain}"
