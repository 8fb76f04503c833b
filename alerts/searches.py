"""A followed search: the parameters of a release or statement search, kept as one canonical query string.

It is read and checked by the same functions as the search pages (:func:`search.params.params_from_args`,
:func:`search.statement_params.statement_params`), so an alert selects exactly what its page shows.
Paging and order are left out: an alert sends everything new, newest first.
"""

from urllib.parse import parse_qsl, urlencode

from search.params import LIST_FILTERS, TRUE_VALUES, QueryError, params_from_args
from search.statement_params import statement_params

KINDS = ("releases", "statements")
KIND_NAMES = {"releases": "comunicados", "statements": "declaraciones"}
ARGS = {
    "releases": ("q", *LIST_FILTERS, "from", "to", "exact"),
    "statements": ("q", "official", "topic", "source", "from", "to", "exact", "kind", "speaker_type", "release"),
}
# A saved search longer than this is refused (real ones are far shorter).
MAX_SEARCH_CHARS = 2000
LABELS = {"official": "Funcionario", "topic": "Tema", "source": "Fuente", "place": "Lugar",
          "organization": "Dependencia", "type": "Tipo", "kind": "Tipo de declaración",
          "speaker_type": "Quién habla", "release": "Comunicado"}


class _Args:
    """The ``get``/``getlist`` mapping the search functions read, over (name, value) pairs."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def getlist(self, name):
        return [v for k, v in self.pairs if k == name]

    def get(self, name, default=None):
        values = self.getlist(name)
        return values[-1] if values else default


def check_kind(kind):
    if kind not in KINDS:
        raise QueryError(f"El tipo de búsqueda «{kind}» no existe: use releases (comunicados) o statements "
                         "(declaraciones).")
    return kind


def canonical(kind, pairs):
    """The search given as (name, value) pairs, checked, as the query string an alert keeps.

    Raises QueryError (in Spanish) for a parameter the search would refuse.
    """
    check_kind(kind)
    kept = sorted((k, v.strip()) for k, v in pairs if k in ARGS[kind] and v is not None and v.strip())
    # "exact" counts only when it says yes, as on the search page.
    kept = [(k, "1" if k == "exact" else v) for k, v in kept if k != "exact" or v.lower() in TRUE_VALUES]
    params_of(kind, urlencode(kept))
    text = urlencode(kept)
    if len(text) > MAX_SEARCH_CHARS:
        raise QueryError(f"La búsqueda es demasiado larga para un aviso: el máximo es de {MAX_SEARCH_CHARS} "
                         "caracteres.")
    return text


def params_of(kind, search):
    """The search parameters of a kept search (for the engine)."""
    args = _Args(parse_qsl(search, keep_blank_values=False))
    return statement_params(args) if kind == "statements" else params_from_args(args)


def describe(kind, search):
    """The search in words, for emails and the management page: «agua» · Tema: salud · Desde: 2025."""
    pairs = parse_qsl(search)
    parts = [f"{KIND_NAMES[kind].capitalize()}"]
    q = [v for k, v in pairs if k == "q"]
    if q:
        parts[0] += f" con «{q[-1]}»"
    for name, value in pairs:
        if name in LABELS:
            parts.append(f"{LABELS[name]}: {value}")
    dates = {k: v for k, v in pairs if k in ("from", "to")}
    if "from" in dates:
        parts.append(f"Desde: {dates['from']}")
    if "to" in dates:
        parts.append(f"Hasta: {dates['to']}")
    if any(k == "exact" for k, _ in pairs):
        parts.append("Tildes y ñ exactas")
    return " · ".join(parts)
