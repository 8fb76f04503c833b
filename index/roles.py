"""Public roles as releases write them, and the office each one names.

"alcalde" and "alcaldesa" name one office, "alcaldía"; so do "presidente
municipal" and "edil". The office is what the registry and the evaluation
compare; the role as written ("secretaria de Salud") is what a reader sees.
"""

import re
from functools import lru_cache

from .text_utils import RELEASE_CUES, alternation, fold, lowered, word_openings


# Each office with the forms of the role that name it, masculine and feminine
# (and plural, for "los regidores A, B y C").
OFFICES = {
    "alcaldía": ("alcalde", "alcaldesa", "presidente municipal", "presidenta municipal", "edil",
                 "alcalde mayor", "alcaldesa mayor"),
    "gubernatura": ("gobernador", "gobernadora", "mandatario estatal", "mandataria estatal"),
    "jefatura de gobierno": ("jefe de gobierno", "jefa de gobierno"),
    "presidencia": ("presidente", "presidenta"),
    "secretaría": ("secretario", "secretaria"),
    "subsecretaría": ("subsecretario", "subsecretaria"),
    "dirección": ("director", "directora", "director general", "directora general"),
    "subdirección": ("subdirector", "subdirectora"),
    "titular": ("titular",),
    "coordinación": ("coordinador", "coordinadora", "coordinador general", "coordinadora general"),
    "diputación": ("diputado", "diputada"),
    "senaduría": ("senador", "senadora"),
    "regiduría": ("regidor", "regidora"),
    "sindicatura": ("síndico", "síndica"),
    "concejalía": ("concejal", "concejala"),
    "fiscalía": ("fiscal", "fiscal general"),
    "procuraduría": ("procurador", "procuradora"),
    "comisión": ("comisionado", "comisionada"),
    "consejería": ("consejero", "consejera", "consejero presidente", "consejera presidenta"),
    "vocería": ("vocero", "vocera"),
    "delegación": ("delegado", "delegada"),
    "comisaría": ("comisario", "comisaria", "comisario municipal", "comisaria municipal"),
    "juzgado": ("juez", "jueza"),
    "magistratura": ("magistrado", "magistrada"),
    "tesorería": ("tesorero", "tesorera"),
    "contraloría": ("contralor", "contralora"),
    "oficialía mayor": ("oficial mayor",),
    "embajada": ("embajador", "embajadora"),
    "consulado": ("cónsul",),
    "cancillería": ("canciller",),
    "rectoría": ("rector", "rectora"),
    "comandancia": ("comandante",),
    "jefatura de gabinete": ("primer ministro", "primera ministra"),
    "jefatura de unidad": ("jefe de unidad", "jefa de unidad"),
    "jefatura del estado mayor": ("jefe del estado mayor", "jefa del estado mayor", "jefe de estado mayor",
                                  "jefa de estado mayor"),
    "asesoría": ("asesor presidencial", "asesora presidencial"),
    "administración": ("administrador", "administradora"),
    "encargaduría de despacho": ("encargado de despacho", "encargada de despacho",
                                 "encargado del despacho", "encargada del despacho"),
}

# Plural forms that introduce several names at once, with the singular they give.
PLURALS = {
    "diputados": "diputado", "diputadas": "diputada", "senadores": "senador", "senadoras": "senadora",
    "regidores": "regidor", "regidoras": "regidora", "síndicos": "síndico", "concejales": "concejal",
    "concejalas": "concejala", "alcaldes": "alcalde", "alcaldesas": "alcaldesa",
    "gobernadores": "gobernador", "gobernadoras": "gobernadora", "secretarios": "secretario",
    "secretarias": "secretaria", "presidentes municipales": "presidente municipal",
    "presidentas municipales": "presidenta municipal", "magistrados": "magistrado", "magistradas": "magistrada",
}

# Words that may follow a role without changing the office ("diputada local").
MODIFIERS = ("municipal", "estatal", "local", "federal", "general", "adjunto", "adjunta", "interino",
             "interina", "electo", "electa", "suplente", "constitucional")

# Offices whose complement names a place ("alcalde de Benito Juárez"), not an office.
PLACE_OFFICES = frozenset({"alcaldía", "gubernatura", "jefatura de gobierno", "diputación", "senaduría",
                           "regiduría", "sindicatura", "concejalía", "comisaría", "embajada", "consulado"})
# Heads of an executive: "la mandataria", "el Ejecutivo" may stand for any of them.
HEAD_OFFICES = frozenset({"alcaldía", "gubernatura", "jefatura de gobierno", "presidencia"})

_OFFICE_OF = {fold(form): office for office, forms in OFFICES.items() for form in forms}

ROLE_FORMS = sorted({form for forms in OFFICES.values() for form in forms}, key=len, reverse=True)
PLURAL_FORMS = sorted(PLURALS, key=len, reverse=True)


_ACCENTED = {"á": "[aá]", "é": "[eé]", "í": "[ií]", "ó": "[oó]", "ú": "[uú]"}


def _units(form):
    """A form as regex pieces, one a character: an accented vowel may be written without its accent."""
    return [r"\s+" if ch == " " else _ACCENTED.get(ch, re.escape(ch)) for ch in form]


def _trie_pattern(node):
    """The regex of a trie of pieces: shared beginnings written once, longer forms tried first."""
    branches = [piece + _trie_pattern(child) for piece, child in node.items() if piece]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        # A form ends here and longer ones go on: the longer ones first, greedily.
        return f"(?:{body})?"
    return body


def _alternation(forms):
    """A regex alternation of role forms, accents optional, any case.

    Written as a trie ("secretari(?:o|a)…"), not one branch a form: the rules try it at every word
    of a release, and a long list of branches tried one by one made them the slowest part of extraction.
    """
    trie = {}
    for form in forms:
        node = trie
        for piece in _units(form):
            node = node.setdefault(piece, {})
        node[""] = {}
    # The lookahead of the forms' first letters says nothing new, but lets the regex engine skip to them.
    first = "".join(sorted({re.escape(form[0]) for form in forms}))
    return f"(?i:(?=[{first}])" + _trie_pattern(trie) + ")"


ROLE_RE = _alternation(ROLE_FORMS)
PLURAL_RE = _alternation(PLURAL_FORMS)
MODIFIER_RE = _alternation(MODIFIERS)


@lru_cache(maxsize=8192)
def office_of(role):
    """The office a role names ("Alcaldesa de Coyoacán" → "alcaldía"), or "" if none.

    >>> office_of("presidenta municipal"), office_of("secretario de Salud")
    ('alcaldía', 'secretaría')
    """
    words = fold(role or "").split()
    # The longest known form at the start of the role decides ("director general de…").
    for n in range(min(len(words), 4), 0, -1):
        office = _OFFICE_OF.get(" ".join(words[:n]))
        if office:
            return office
    return ""


def singular(plural):
    """The singular role of a plural form ("regidoras" → "regidora")."""
    return PLURALS.get(" ".join(plural.lower().split()), plural.lower())


def _spellings(word):
    """A role's word in lower case, each accented vowel written with and without its accent, as
    :data:`ROLE_RE` reads it."""
    spellings = [""]
    for ch in word:
        options = (ch, _UNACCENTED[ch]) if ch in _UNACCENTED else (ch,)
        spellings = [s + o for s in spellings for o in options]
    return spellings


_UNACCENTED = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u"}
# The first word of every role form, as a lower-cased text spells it where the form opens; a word that
# begins with another is left out (that one finds it).
_FIRST_WORDS = {s for form in ROLE_FORMS for s in _spellings(form.split()[0])}
_FIRST_WORDS = sorted(w for w in _FIRST_WORDS if not any(v != w and w.startswith(v) for v in _FIRST_WORDS))
# No first word begins another, so one match at a place is the only one, and a word found inside the
# one matched before is inside a word: no role opens there.
_FIRST_WORD = re.compile(alternation(_FIRST_WORDS, literal=_FIRST_WORDS))
# Every plural form opens with a singular one: where a plural role opens, a role opens.
assert all(re.match(ROLE_RE, form) for form in PLURAL_FORMS)
_ROLE_OPENS = re.compile(rf"\b{ROLE_RE}")
_ROLE_OPENS_ANYWHERE = re.compile(rf"\b(?={ROLE_RE})")
# The roles' first words are looked for in a release's one pass for every module's cue words.
RELEASE_CUES.add({"role": _FIRST_WORDS})


def role_starts(text, start=0, end=None, lowered=None):
    """Where a role opens a word in ``text[start:end]`` (``\\b`` and :data:`ROLE_RE` match there, ``end``
    read as the text's end), in order: the rules that read a role before a name are tried only there.

    The roles' first words are found by :func:`index.text_utils.word_openings`, and each place found is
    checked by the role regex.
    :param lowered: ``text.lower()``, when the caller holds it.
    """
    end = len(text) if end is None else end
    places = word_openings(text, _FIRST_WORD, start, end, lowered)
    if places is None:
        return [m.start() for m in _ROLE_OPENS_ANYWHERE.finditer(text, start, end)]
    return [at for at in places if _ROLE_OPENS.match(text, at, end)]


def release_role_starts(text):
    """:func:`role_starts` of a release's whole text, its roles' first words read from the pass of
    :data:`index.text_utils.RELEASE_CUES` over it."""
    low = lowered(text)
    if low is None:
        return role_starts(text)
    end = len(text)
    return [at for at in RELEASE_CUES.of_rule("role", text, low) if _ROLE_OPENS.match(text, at, end)]
