"""Public bodies named in a release: secretarías, institutes, commissions, prosecutors, congresses,
and bodies known by their initials (INEGI, ONU, SSC).

A body written in full is recognised by the word that heads its name
("Secretaría de Seguridad Ciudadana", "Fiscalía General de Justicia de la
Ciudad de México"); initials and other names come from
``data/organizations.toml``, or from the release itself ("Consejo Estatal
para el Fomento Deportivo (CODE Jalisco)"). The governments of places
(Gobierno de…, Alcaldía…, Ayuntamiento de…) are the release's source and
places, not organisations; nor are companies and associations.
"""

import re


from .datafiles import ORGANIZATIONS
from .registry import body_words
from .text_utils import AfterOthers, alternation, dedupe_longest, fold, opening_characters

_HEAD = (
    r"(?:Secretar[ií]a|Subsecretar[ií]a|Fiscal[ií]a|Procuradur[ií]a|Instituto|Comisi[oó]n|Consejo|Sistema|"
    r"Servicio|Coordinaci[oó]n|Direcci[oó]n|Congreso|Tribunal|Suprema Corte|Poder Judicial|Guardia|Polic[ií]a|"
    r"Universidad|Organizaci[oó]n|Banco|Agencia|Junta|Senado|C[aá]mara de Diputados|C[aá]mara de Senadores|"
    r"Oficina|Unidad|Centro Nacional|Comit[eé] Nacional|Defensor[ií]a|Contralor[ií]a|Tesorer[ií]a)"
)
_CAP = r"[A-ZÁÉÍÓÚÑÜ][\wáéíóúñü-]*"
_LINK = r"(?:de la |de los |de las |del |de |para el |para la |para los |y |e |a la |al )"
# The head, then capitalised words joined by particles; it ends at the first lowercase word.
# The lookahead of the heads' first letters says nothing new but lets the regex engine skip to them.
FULL_NAME = re.compile(rf"(?=[ABCDFGIJOPSTU])\b{_HEAD}(?: {_LINK}?{_CAP})+")
# "Nombre Completo (SIGLAS)": initials the release itself defines.
DEFINED = re.compile(r"(?P<full>[A-ZÁÉÍÓÚÑ][^()\n]{6,120}?)\s+\((?P<short>[A-ZÁÉÍÓÚÑ][\w .-]{1,20})\)")
# Where the initials of :data:`DEFINED` open.
_INITIALS_OPEN = re.compile(r"\((?=[A-ZÁÉÍÓÚÑ])")
# The most characters :data:`DEFINED` reads after its "(".
_AFTER_OPEN = 23


def _defined(text):
    """``DEFINED.finditer(text)``, searched only in the stretches before a "(" where a match may open.

    Tried at every capital of a long text, the rule read up to 120 characters each time. A match
    opens at most 121 characters before its "(", plus the spaces just before it, and at least 8; and
    since nothing in it but those spaces comes between its start and its "(" no other parenthesis,
    it ends by 23 characters after the first parenthesis past any place it may open.
    """
    stretches = []
    for match in _INITIALS_OPEN.finditer(text):
        at = match.start()
        spaces = at
        while spaces > 0 and text[spaces - 1].isspace():
            spaces -= 1
        stretches.append([max(0, spaces - 121), at - 8])
    stretches.sort()
    merged = []
    for first, last in stretches:
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        elif first <= last:
            merged.append([first, last])
    found = []
    reached = 0
    for first, last in merged:
        at = max(first, reached)
        while at <= last:
            paren = _next_paren(text, last + 1)
            match = DEFINED.search(text, at, min(len(text), paren + _AFTER_OPEN + 1))
            if match is None or match.start() > last:
                break
            found.append(match)
            at = reached = match.end()
    return found


def _next_paren(text, start):
    """The first "(" or ")" at or after ``start`` (the text's length if none)."""
    found = [i for i in (text.find("(", start), text.find(")", start)) if i >= 0]
    return min(found) if found else len(text)

# Heads whose plural or generic use is not a body: "Dirección" alone, "Unidad Deportiva";
# and business or civil bodies, which are not public ones ("Consejo Coordinador Empresarial").
_NOT_BODIES = re.compile(
    r"(?i:unidad deportiva|unidad habitacional|centro de salud|sistema de alerta|"
    r".*\b(?:empresarial|negocios|comerciantes|industriales|patronal|colonos|vecinos)\b)"
)


class Directory:
    """Known bodies: every written form mapped to the name shown."""

    def __init__(self, forms):
        self.forms = forms
        self._folded = {fold(f): name for f, name in forms.items() if len(f) > 6}
        # Initials match as written; full names with or without accents.
        ordered = sorted(forms, key=len, reverse=True)
        literal = [f for f in ordered if f.upper() == f or len(f) <= 6]
        self.rule = AfterOthers(r"\w-", rf"{alternation(ordered, literal=literal)}(?![\w-])",
                                opens=opening_characters(ordered, literal))

    @classmethod
    def load(cls, path=None):
        """Load ``path``, else ``HEMEROTECA_ORGANIZATIONS``, else the shipped list."""
        _, data = ORGANIZATIONS.read(path)
        forms = {}
        for name, aliases in data.get("organizations", {}).items():
            for form in (name, *aliases):
                forms[form] = name
        return cls(forms)

    def canonical(self, name):
        """The name shown for a body written ``name`` (same words, any accents)."""
        if name in self.forms:
            return self.forms[name]
        return self._folded.get(fold(name), name)


def default_directory():
    return ORGANIZATIONS.default(Directory.load)


def extract_organizations(text, directory=None):
    """The public bodies named in ``text``, first mention first, each once."""
    directory = directory or default_directory()
    defined = {}
    for match in _defined(text):
        full = FULL_NAME.search(match.group("full"))
        if full and full.end() == len(match.group("full")):
            defined[match.group("short").strip()] = directory.canonical(full.group(0))
    found = []
    for match in FULL_NAME.finditer(text):
        name = match.group(0)
        if _NOT_BODIES.match(name):
            continue
        found.append((match.start(), directory.canonical(name)))
        # "Comisión de Seguridad del Congreso del Estado": the body it belongs to counts too.
        inner = re.search(rf" (?:de la |del |de los |de ){_HEAD}\b", name)
        if inner:
            body = re.sub(r"^ (?:de la|del|de los|de) ", "", name[inner.start():])
            found.append((match.start() + inner.start() + 1, directory.canonical(body)))
    for start, end in directory.rule.spans(text):
        found.append((start, directory.canonical(text[start:end])))
    if defined:
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, defined)) + r")(?![\w-])")
        for match in pattern.finditer(text):
            found.append((match.start(), defined[match.group(0)]))
    return _merge_same_body(dedupe_longest(name for _, name in sorted(found, key=lambda f: f[0])))


def _merge_same_body(names):
    """One name per body: "Congreso de Querétaro" and "Congreso del Estado de Querétaro" are one."""
    kept = []
    for name in names:
        words = body_words(name)
        same = [i for i, k in enumerate(kept) if body_words(k) == words]
        if same:
            i = same[0]
            kept[i] = max(kept[i], name, key=len)
        else:
            kept.append(name)
    return kept
