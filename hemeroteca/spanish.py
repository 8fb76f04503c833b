"""Click's own words (usage, help, errors) in Spanish, addressed as *usted*.

Click writes them through ``gettext``, whose catalogue depends on the user's
locale; the command must speak Spanish whatever the locale, so ``install()``
gives click's modules a translator that reads this catalogue first.
"""

import gettext
import sys

import click

# Click's messages (its gettext ids) and their Spanish.
MESSAGES = {
    "Usage:": "Uso:",
    "Options": "Opciones",
    "Commands": "Comandos",
    "Positional arguments": "Argumentos",
    "Show this message and exit.": "Muestra esta ayuda y sale.",
    "Show the version and exit.": "Muestra la versión y sale.",
    "%(prog)s, version %(version)s": "%(prog)s, versión %(version)s",
    "Error: {message}": "Error: {message}",
    "Try '{command} {option}' for help.": "Pruebe «{command} {option}» para ver la ayuda.",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing command.": "Falta el comando.",
    "Missing {param_type}": "Falta {param_type}",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "No such command {name!r}.": "No existe el comando {name!r}.",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "Aborted!": "Cancelado.",
    "default: {default}": "por omisión: {default}",
    "env var: {var}": "variable de entorno: {var}",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "{value} is not in the range {range}.": "{value} no está en el intervalo {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} no existe.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} es una carpeta.",
    "{name} {filename!r} is a file.": "{name} {filename!r} es un archivo.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} no se puede leer.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} no se puede escribir.",
    "file": "archivo",
    "directory": "carpeta",
    "path": "ruta",
}
# Messages with a singular and a plural form: (singular id, plural id) → (singular, plural).
PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Sobra el argumento ({args})", "Sobran los argumentos ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("La opción {name!r} necesita un valor.", "La opción {name!r} necesita {nargs} valores."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} no es {choice}.", "{value!r} no es ninguno de {choices}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("¿Quiso decir {possibility}?", "(¿Quiso decir alguno de: {possibilities}?)"),
}
# Click's modules that import ``gettext`` and ``ngettext`` by name.
CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
                 "click.termui", "click.types", "click.utils")


def translate(message):
    """Click's ``message`` in Spanish, or as click wrote it when the catalogue lacks it."""
    return MESSAGES.get(message) or gettext.gettext(message)


def translate_plural(singular, plural, n):
    """Click's message for ``n`` things in Spanish."""
    spanish = PLURALS.get((singular, plural))
    if spanish is None:
        return gettext.ngettext(singular, plural, n)
    return spanish[0] if n == 1 else spanish[1]


def install():
    """Make click speak Spanish in this process (the command calls it once, before parsing)."""

    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural


class SpanishCommand(click.Command):
    """A command whose usage line says ``[OPCIONES]`` instead of click's ``[OPTIONS]``."""

    def __init__(self, *args, options_metavar="[OPCIONES]", **kwargs):
        super().__init__(*args, options_metavar=options_metavar, **kwargs)


class SpanishGroup(click.Group):
    """A group of commands whose usage lines, and its subcommands', are in Spanish."""

    command_class = SpanishCommand

    def __init__(self, *args, options_metavar="[OPCIONES]", subcommand_metavar="ORDEN [ARGUMENTOS]...", **kwargs):
        super().__init__(*args, options_metavar=options_metavar, subcommand_metavar=subcommand_metavar, **kwargs)


SpanishGroup.group_class = SpanishGroup
