"""Every setting of Hemeroteca, declared once: name, default, environment variable and help.

The site, the indexer and the command read them here, so a value set in the
environment reaches ``hemeroteca serve`` as it reaches the tests. Help texts
are in Spanish: ``hemeroteca settings`` shows them to whoever runs the site.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One setting; ``parse`` turns the text of its environment variable into its value."""

    name: str
    default: object
    env: str
    help: str
    parse: type = str


SETTINGS = (
    Setting("INDEX_DIR", None, "HEMEROTECA_INDEX",
            "Carpeta del índice (por omisión ~/.local/share/hemeroteca/index)."),
    Setting("BASE_URL", None, "HEMEROTECA_BASE_URL",
            "Dirección pública del sitio (https://…) para canales, enlaces canónicos y correos."),
    Setting("DATA_ATTRIBUTION", None, "HEMEROTECA_DATA_ATTRIBUTION",
            "Licencia y atribución de los datos que muestra /acerca, p. ej. «CC-BY-SA 4.0, Presidencia de la República»."),
    Setting("RATE_LIMIT", None, "HEMEROTECA_RATE_LIMIT",
            "Solicitudes a la API por dirección, p. ej. 60/minute; sin límite si se omite."),
    Setting("EXPORT_LIMIT", 2_000, "HEMEROTECA_EXPORT_LIMIT",
            "Comunicados que cada página de una exportación CSV o JSON Lines entrega como mucho "
            "(la cabecera Link lleva a la siguiente).", int),
    Setting("API_MAX_AGE", 60, "HEMEROTECA_API_MAX_AGE",
            "Segundos que un navegador o un proxy puede guardar una respuesta de la API.", int),
    Setting("SEARCH_SECONDS", 2.0, "HEMEROTECA_SEARCH_SECONDS",
            "Segundos de procesador que puede ocupar una búsqueda antes de detenerse (0: sin límite); "
            "en el reloj, el quíntuple.", float),
    Setting("SYNONYMS", None, "HEMEROTECA_SYNONYMS", "Archivo de sinónimos y siglas (por omisión el incluido)."),
    Setting("REGISTRY", None, "HEMEROTECA_REGISTRY", "Registro de funcionarios, TOML (por omisión el incluido)."),
    Setting("TAXONOMY", None, "HEMEROTECA_TAXONOMY", "Taxonomía de temas, TOML (por omisión la incluida)."),
    Setting("PLACES", None, "HEMEROTECA_PLACES", "Nomenclátor de lugares, TOML (por omisión el incluido)."),
    Setting("ORGANIZATIONS", None, "HEMEROTECA_ORGANIZATIONS",
            "Lista de organismos, TOML (por omisión la incluida)."),
    Setting("SMTP_URL", None, "HEMEROTECA_SMTP_URL",
            "Servidor de correo de los avisos, p. ej. smtp://usuario:clave@servidor:587; sin él no hay avisos."),
    Setting("MAIL_FROM", None, "HEMEROTECA_MAIL_FROM", "Remitente de los avisos, p. ej. «Hemeroteca <avisos@…>»."),
)
BY_NAME = {s.name: s for s in SETTINGS}


# Exceptions


class SettingError(ValueError):
    """A setting whose value cannot be read; the message names it, in Spanish."""


def value(name, environ=None):
    """The value of setting ``name``: its environment variable when set, else its default."""
    setting = BY_NAME[name]
    raw = (os.environ if environ is None else environ).get(setting.env)
    if not raw:
        return setting.default
    try:
        return setting.parse(raw)
    except ValueError:
        raise SettingError(f"El valor «{raw}» de {setting.env} no es válido: {setting.help}") from None


def defaults():
    """Every setting by name with its default."""
    return {s.name: s.default for s in SETTINGS}


def from_environment(environ=None):
    """The settings the environment sets, by name (those it leaves unset are absent)."""
    environ = os.environ if environ is None else environ
    return {s.name: value(s.name, environ) for s in SETTINGS if environ.get(s.env)}
