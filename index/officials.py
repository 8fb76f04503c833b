"""Officials named in a release, with the public role they hold there.

Rules over the original text (capitals matter for names):

- ``la gobernadora del estado de Aguascalientes, Teresa Jiménez``
- ``el alcalde Luis Mendoza``, ``las diputadas Laura Méndez y Sofía Treviño``
- ``Teresa Jiménez, gobernadora de Aguascalientes``
- speaker lines of transcripts: ``SECRETARIA DE SALUD, PATRICIA LOZANO IBARRA:``

A person named without a role (a neighbour quoted, an athlete) is not an
official, nor is a former one (``el entonces alcalde``). The same person
written several ways is one official; the registry gives the name to keep
and tells who ``el alcalde`` alone was on the release's date.
"""

import re
from bisect import bisect_left
from functools import lru_cache

from search.release import Official

from .names import NAME, clean_name, same_person, title_case
from .organizations import default_directory
from .text_utils import LazyWords, fold, tried_at
from .roles import (MODIFIER_RE, PLACE_OFFICES, PLURAL_RE, ROLE_RE, office_of, release_role_starts, role_starts,
                    singular)

_ROLE = rf"(?P<role>{ROLE_RE}(?:\s+{MODIFIER_RE})?)"
# "de Salud", "del estado de Aguascalientes", "de la Fiscalía General de Justicia": up to a comma.
_COMPLEMENT = r"(?P<complement>\s+(?:de|del|para|en|por)\s+[^,.;:“”\"«»()\n]{2,100}?)"
# Lowercase complement right before a name: "el juez de control Rafael Domínguez".
_SHORT_COMPLEMENT = (
    r"(?P<complement>\s+(?:de|del)\s+(?!(?:la|las|los|el|programa|proyecto|plan|estrategia|campaña|tren|"
    r"aeropuerto|hospital|sistema|operativo|fondo|instituto)\b)[a-záéíóúñ]+)"
)
_ARTICLE = r"\b(?i:(?=[adel])(?:el|la|al|del))"
# A role held no longer, or not yet in the sense of a public office.
_FORMER = re.compile(r"(?i:\b(?:ex|entonces|otrora|anterior|exsecretari[oa]|ex-)\s*-?\s*)$")

PATTERNS = [
    # la gobernadora del estado de Aguascalientes, Teresa Jiménez
    re.compile(rf"{_ARTICLE}\s+{_ROLE}{_COMPLEMENT}?,\s+{NAME}"),
    # el alcalde Luis Mendoza · el juez de control Rafael Domínguez Olivas
    re.compile(rf"\b{_ROLE}{_SHORT_COMPLEMENT}?\s+{NAME}"),
    # el senador por Querétaro Agustín Ledesma Ibarra
    re.compile(rf"\b{_ROLE}(?P<complement>\s+por\s+[A-ZÁÉÍÓÚ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚ][\wáéíóúñ]+)??),?\s+{NAME}"),
    # A speech's salutation, a line of its own: "Presidente de la República de Brasil, Luiz Inácio Lula da Silva."
    re.compile(rf"(?m:^){_ROLE}{_COMPLEMENT}?,\s+{NAME}(?=\s*[.;:]|\s*$)", re.MULTILINE),
    # Teresa Jiménez, gobernadora de Aguascalientes · Felipe Ortega, titular de la Coordinación…
    re.compile(rf"{NAME},\s+(?:(?i:el|la)\s+)?{_ROLE}\b{_COMPLEMENT}?(?=\s*[,.;:]|\s+(?:y|quien|que|e)\b)"),
]
# los regidores Mauricio Couoh Ek, Silvia Dzib Canul y Roberto Loría Patrón
PLURAL = re.compile(
    rf"\b(?i:los|las)\s+(?P<role>{PLURAL_RE})(?:\s+{MODIFIER_RE})?{_SHORT_COMPLEMENT}?,?\s+"
    rf"(?P<names>{NAME.replace('?P<name>', '?:')}(?:,\s+{NAME.replace('?P<name>', '?:')})*,?\s+[ye]\s+"
    rf"{NAME.replace('?P<name>', '?:')})"
)
# "el alcalde" alone, resolved through the registry: not followed by a name.
# Its complement stops before "y el…": "el secretario de Gobernación y el secretario de Hacienda" names two.
_BARE_COMPLEMENT = (r"(?P<complement>\s+(?:de|del|para|en|por)\s+"
                    r"(?:(?!\s+[ye]\s+(?:el|la|los|las)\s)[^,.;:“”\"«»()\n]){2,100}?)")
BARE_ROLE = re.compile(
    rf"{_ARTICLE}\s+{_ROLE}{_BARE_COMPLEMENT}?"
    rf"(?=\s*[,.;:]|\s+[ye]\s+(?:el|la|los|las)\s|\s+(?!(?:de|del|la|el|y|en|para|por)\b)[a-záéíóúñ])"
)
# A transcript's speaker line: capitals at the start of a line, up to a colon or the line's end
# ("SECRETARIA DE SALUD, PATRICIA LOZANO IBARRA:", "PRESIDENTE ANDRÉS MANUEL LÓPEZ OBRADOR").
SPEAKER = re.compile(r"^(?P<label>[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ .,\-()]{3,150}?)[ \t]*(?::|$)", re.MULTILINE)

# Complements naming bodies that are not public ones: the president of a
# neighbours' association or a school's director is not a public official.
NOT_PUBLIC = re.compile(
    r"(?i:asociaci[oó]n|colonos|comit[eé]|c[aá]mara(?!\s+de\s+(?:diputados|senadores))|canaco|coparmex|club|empresa|"
    r"fundaci[oó]n|patronato|sindicato|cooperativa|uni[oó]n\s+de|comerciantes|vecin|escuela|primaria|secundaria|"
    r"plantel|planta|compañ[ií]a|grupo|colectivo|organizaci[oó]n\s+civil|partido|federaci[oó]n\s+mexicana|"
    r"equipo|liga|iglesia|parroquia|peri[oó]dico|radio|televisi[oó]n|diario|distrito de riego|productores|usuarios|"
    r"bancos|ganader|negocios|consejo coordinador|cemex|mota-engil|alstom|\bica\b|acci[oó]n nacional|\bcen\b|"
    r"confederaci[oó]n|catem|boxeo|s\.a\.|corporativo)"
)


# Words a complement cannot end with: it was cut where the sentence went on ("secretario de Salud y",
# "presidente constitucional de todas").
_LOOSE_END = frozenset({"y", "e", "o", "u", "de", "del", "la", "las", "los", "el", "en", "a", "al", "con", "por",
                        "para", "que", "todas", "todos", "su", "sus", "este", "esta"})
# A dash opens an aside: what follows is no part of the role ("secretario de Salud— a veces pensamos").
_ASIDE_DASH = re.compile(r"\s*[—–]|\s+-\s")


def _complement(match):
    """The role's complement as read, without an aside after a dash or words left hanging at its end."""
    text = _ASIDE_DASH.split(match.groupdict().get("complement") or "", maxsplit=1)[0]
    words = text.split()
    while words and words[-1].lower() in _LOOSE_END:
        words.pop()
    return " ".join(words) if len(words) > 1 else ""


def _role(role, complement):
    """The role as a reader sees it: "secretario de Salud", "alcalde", "diputada local"."""
    role = " ".join(role.lower().split())
    if complement and office_of(role) not in PLACE_OFFICES:
        return f"{role} {complement}"
    return role


def _is_former(text, start, floor=0):
    return bool(_FORMER.search(text[max(floor, start - 14):start]))


def _speaker(match, floor):
    """(position, name, role, complement) of a transcript speaker line that names a role, or None."""
    parts = [p.strip() for p in match.group("label").split(",") if p.strip()]
    if len(parts) == 1:
        # "PRESIDENTE ANDRÉS MANUEL LÓPEZ OBRADOR": a role word, then the name.
        head = re.match(rf"(?P<role>{ROLE_RE})\s+(?P<rest>.+)$", parts[0])
        if not head:
            return None
        role_part, names = head.group("role"), [head.group("rest")]
    else:
        role_part = next((p for p in parts if office_of(p)), None)
        names = [p for p in parts if p is not role_part]
        if role_part is None:
            return None
    if len(names) != 1:
        return None
    words = role_part.split()
    role = office_form(role_part)
    rest = words[len(role.split()):]
    complement = title_case(" ".join(rest)) if rest else ""
    if NOT_PUBLIC.search(complement):
        return None
    name = clean_name(title_case(names[0]))
    return (match.start() - floor, name, role.lower(), complement) if name else None


def office_form(text):
    """The leading role form in ``text`` ("SECRETARIA DE SALUD" → "SECRETARIA")."""
    match = re.match(ROLE_RE, text)
    return match.group(0) if match else text


# Kinds of rule matches, in the order :func:`mentions` lists them.
_NAMED, _PLURAL, _SPEAKER = "named", "plural", "speaker"
# Whitespace that runs into a line break: a lookahead after a match may have read across it.
_SPACE_TO_NEWLINE = re.compile(r"[^\S\n]*\n")


def _matches(text, start=0, end=None, roles=None):
    """(kind, match) of every rule over ``text[start:end]``, read as if it were the whole string.

    ``start`` must open a line: ``^`` and ``\\b`` then see what they would at a string's start.
    The rules that open with a role or with the article before it are tried only where a role opens
    (:func:`index.roles.role_starts`), and give what their ``finditer`` over the text gives.
    :param roles: places in order that hold every role start of ``text[start:end]`` (more do no harm).
    """
    end = len(text) if end is None else end
    roles = role_starts(text, start, end) if roles is None else roles
    after_article = _after_article(text, roles, start)
    found = []
    for pattern in PATTERNS:
        if pattern in _OPEN_WITH_ARTICLE:
            found.extend((_NAMED, m) for m in tried_at(pattern, text, after_article, end))
        elif pattern in _OPEN_WITH_ROLE:
            found.extend((_NAMED, m) for m in tried_at(pattern, text, roles, end))
        elif pattern is _NAME_THEN_ROLE:
            found.extend((_NAMED, m) for m in _names_then_roles(text, roles, start, end))
        else:
            found.extend((_NAMED, m) for m in pattern.finditer(text, start, end))
    found.extend((_PLURAL, m) for m in tried_at(PLURAL, text, after_article, end))
    found.extend((_SPEAKER, m) for m in SPEAKER.finditer(text, start, end))
    return found


# The rules whose match opens with a role, and those whose match opens with an article ("el", "la",
# "al", "del"; "los", "las" for the plural) and spaces before one.
_OPEN_WITH_ROLE = (PATTERNS[1], PATTERNS[2], PATTERNS[3])
_OPEN_WITH_ARTICLE = (PATTERNS[0], BARE_ROLE)


# The rule "Name, role": its name ends at a comma before a role ("Teresa Jiménez, gobernadora", "…, la titular").
_NAME_THEN_ROLE = PATTERNS[4]
_CAPITAL = re.compile(r"[A-ZÁÉÍÓÚÑÜ]")


def _names_then_roles(text, roles, start, end):
    """``_NAME_THEN_ROLE.finditer(text, start, end)``, tried only before the commas that precede a role.

    Tried at every capital of a text, the rule read each name that follows. A match's name and the titles
    before it hold no comma, colon or semicolon, and end at a comma that a role follows, after spaces and
    maybe "el" or "la": it opens at a capital after the one of those before such a comma, and each is
    tried, past the end of the match before, as ``finditer`` would.
    """
    found = []
    reached = start
    for comma in _commas_before(text, roles, start):
        if comma <= reached:
            continue
        run = max(reached, *(text.rfind(mark, reached, comma) + 1 for mark in ",;:"))
        for capital in _CAPITAL.finditer(text, run, comma):
            match = _NAME_THEN_ROLE.match(text, capital.start(), end)
            if match:
                found.append(match)
                reached = match.end()
                break
    return found


def _commas_before(text, roles, floor):
    """The commas before each role start of ``roles``, spaces between and maybe "el" or "la", in order."""
    commas = set()
    for at in roles:
        space = _spaces_before(text, at, floor)
        if space < at:
            if space > floor and text[space - 1] == ",":
                commas.add(space - 1)
            article = space - 2
            if article >= floor and text[article:space].lower() in ("el", "la"):
                before = _spaces_before(text, article, floor)
                if floor < before < article and text[before - 1] == ",":
                    commas.add(before - 1)
    return sorted(commas)


def _spaces_before(text, at, floor):
    """Where the spaces just before ``at`` open (``at`` itself when there are none)."""
    while at > floor and text[at - 1].isspace():
        at -= 1
    return at


def _after_article(text, roles, floor):
    """Where an article of two or three letters would start before each role, spaces between: the
    places the rules that open with an article may match."""
    places = []
    for at in roles:
        space = at
        while space > floor and text[space - 1].isspace():
            space -= 1
        if space < at:
            places.extend(p for p in (space - 3, space - 2) if p >= floor)
    return sorted(set(places))


def _mentions_of(text, matches, floor=0):
    """The mentions rule matches give, positions counted from ``floor`` (where the text read starts)."""
    found = []
    for kind, match in matches:
        if kind is _NAMED:
            complement = _complement(match)
            if _is_former(text, match.start("role"), floor) or NOT_PUBLIC.search(complement):
                continue
            name = clean_name(match.group("name"))
            if name:
                found.append((match.start() - floor, name, match.group("role"), complement))
        elif kind is _PLURAL:
            if _is_former(text, match.start("role"), floor):
                continue
            role = singular(match.group("role"))
            for raw in re.split(r",\s+|\s+[ye]\s+", match.group("names")):
                name = clean_name(raw.strip(" ,"))
                if name:
                    found.append((match.start() - floor, name, role, _complement(match)))
        else:
            speaker = _speaker(match, floor)
            if speaker:
                found.append(speaker)
    return sorted(found, key=lambda m: m[0])


def mentions(text):
    """Every (position, name, role, complement) a rule finds in ``text``."""
    return _mentions_of(text, _matches(text))


class TextMentions:
    """The rules run once over a whole release; the mentions of each of its lines read from that pass.

    Officials need the whole text (a role may end one line and its name open the next); the
    statements need each paragraph alone. A rule can only tell a line from the whole text by
    reading a line break as a space, so a line no match read across gives, from the whole pass,
    exactly what a pass over the line alone gives; only the others are read again.
    """

    def __init__(self, text):
        self.text = text
        self.roles = release_role_starts(text)
        self._matches = _matches(text, roles=self.roles)
        self._crossing = []
        for kind, match in self._matches:
            start, end = match.span()
            if kind is _NAMED:
                # The lookahead of "Name, role" may have read spaces up to a line break.
                after = _SPACE_TO_NEWLINE.match(text, end)
                end = after.end() if after else end
            if "\n" in text[start:end]:
                self._crossing.append((start, end))
        self._all = None

    def all(self):
        """What :func:`mentions` gives for the whole text."""
        if self._all is None:
            self._all = _mentions_of(self.text, self._matches)
        return self._all

    def of_line(self, start, end):
        """What :func:`mentions` gives for ``text[start:end]``, one whole line of the text."""
        if any(s <= end and start <= e for s, e in self._crossing):
            # Every role start of the line alone is one of the whole text's.
            roles = self.roles[bisect_left(self.roles, start):bisect_left(self.roles, end)]
            return _mentions_of(self.text, _matches(self.text, start, end, roles), start)
        return _mentions_of(self.text, [(k, m) for k, m in self._matches if start <= m.start() < end], start)


@lru_cache(maxsize=1)
def text_mentions(text):
    """The :class:`TextMentions` of a release's text, shared by its officials and its statements."""
    return TextMentions(text)


# Shorter than this (a paragraph), a text is read by the one rule faster than its roles are found first.
_SHORT_TEXT = 2000


def bare_roles(text, roles=None):
    """``BARE_ROLE.finditer(text)``, tried only before roles (``roles``: where they open, if known)."""
    if roles is None and len(text) < _SHORT_TEXT:
        return list(BARE_ROLE.finditer(text))
    roles = role_starts(text) if roles is None else roles
    return tried_at(BARE_ROLE, text, _after_article(text, roles, 0), len(text))


def extract_officials(text, when=None, source=None, registry=None):
    """The officials named with a role in ``text``, first mention first, each once.

    :param when: the release's date, to resolve "el alcalde" through the registry.
    :param source: the issuing body, where "el alcalde" alone holds office.
    :param registry: a :class:`index.registry.Registry` of known officials.
    """
    officials = []
    named_roles = set()
    for start, name, role, complement in text_mentions(text).all():
        named_roles.add(start)
        if registry is not None and not _may_hold(registry, name, office_of(role), complement, when):
            continue
        _add(officials, name, _role(role, complement), complement, when, source, registry)
    if registry is not None and when is not None:
        # "Mañana, Marcelo Ebrard, que tuvo un acuerdo conmigo…": a registered name in office that day.
        for match in registry.name_matches(text):
            person = registry.find(match.group(0))
            term = person.term_on(when) if person else None
            if term is not None and not _is_former(text, match.start()):
                _add(officials, person.name, term.role, "", when, source, registry, term=term)
    if registry is not None:
        words = LazyWords(text)
        for match in bare_roles(text, text_mentions(text).roles):
            complement = _complement(match)
            if match.start() in named_roles or _is_former(text, match.start("role")) or NOT_PUBLIC.search(complement):
                continue
            office = office_of(match.group("role"))
            if not complement and any(office_of(o.role) == office for o in officials):
                # "la jefa de Gobierno" after "la jefa de Gobierno, Mariana Ortega": the one already named.
                continue
            hints = [complement] if complement else []
            found = registry.holder(office, when, hints, source, words)
            if found:
                person, term = found
                _add(officials, person.name, _role(match.group("role"), complement) if not complement
                     or office not in PLACE_OFFICES else " ".join(match.group("role").lower().split()),
                     complement, when, source, registry, term=term)
    return [o for o in officials if len(o.name.split()) > 1]


# How long after a registered person's last term a release still may name them as an official.
OUT_OF_OFFICE_DAYS = 730
# Complements that name Mexico's presidency ("constitucional de los Estados Unidos Mexicanos", "de la República").
_OUR_COUNTRY = re.compile(r"estados unidos mexicanos|\bmexico\b|republica mexicana|(?:de|de la) republica$")


def _may_hold(registry, name, office, complement, when):
    """Whether ``name`` may hold ``office`` on ``when``, by what the registry knows.

    Not a past holder named for history ("el presidente Lázaro Cárdenas" in 2020), nor a registered
    person whose every term had ended, nor someone given the presidency of a body whose president
    that day the registry knows to be another ("presidente constitucional de los Estados Unidos
    Mexicanos" after a name that a list put before the president's).
    """
    if registry.out_of_office(name, office, when):
        return False
    person = registry.find(name)
    if person is not None and when is not None and person.terms:
        # Long out of every office: named for history ("el presidente Roosevelt"). A term that ended
        # lately may have been followed by one the registry does not know yet.
        if all(t.end is not None and (when - t.end).days > OUT_OF_OFFICE_DAYS for t in person.terms):
            return False
    if office == "presidencia" and complement and when is not None:
        # Only the country's presidency is one office nationwide; a "secretario de Salud" may be a state's.
        country = _OUR_COUNTRY.search(fold(complement))
        found = registry.holder(office, when, ["de México"]) if country else None
        if found and not (person is found[0] or same_person(found[0].name, name)):
            return False
    return True


def _add(officials, name, role, complement, when, source, registry, term=None):
    """Add an official, or merge them into one already found under another form of the name."""
    body = ""
    if registry is not None:
        person = registry.find(name)
        if person is None and len(name.split()) == 1:
            person = registry.find_surname(name, when, office_of(role))
        if person:
            name = person.name
            held = person.term_on(when, office_of(role))
            if term is None and held is None and person.term_on(when) is not None:
                # The role a rule read does not fit whom the registry says the person was that day
                # ("Presidenta Claudia Sheinbaum" read as "secretario de la Defensa"): the registry's wins.
                term = person.term_on(when)
                role = term.role
            term = term or held
    if term is not None:
        body = term.body
        if not role:
            role = term.role
    body = body or body_for(role, complement, source)
    if registry is not None and term is None and body and body == source and office_of(role) == "presidencia":
        # "el presidente Gustavo Petro" in a release of the Presidency: not its president, so not its body.
        head = registry.holder("presidencia", when, (), source)
        if head and not same_person(head[0].name, name):
            body = ""
    for i, known in enumerate(officials):
        if same_person(known.name, name):
            longer = name if len(name) > len(known.name) else known.name
            officials[i] = Official(longer, known.role or role, known.body or body)
            return
    if len(name.split()) == 1:
        # A lone surname names nobody unless an earlier mention gave the full name.
        return
    officials.append(Official(name, role, body))


# Institutions headed by a role, named after it: "secretario de Salud" → "Secretaría de Salud".
_INSTITUTION_OF = {
    "secretaría": "Secretaría", "subsecretaría": "Subsecretaría", "fiscalía": "Fiscalía",
    "procuraduría": "Procuraduría", "coordinación": "Coordinación", "dirección": "Dirección",
}
_INSTITUTION_NOUN = re.compile(
    r"(?:la|el|los|del)?\s*(?P<body>(?:Secretar[ií]a|Subsecretar[ií]a|Fiscal[ií]a|Procuradur[ií]a|Instituto|"
    r"Comisi[oó]n|Coordinaci[oó]n|Direcci[oó]n|Servicio|Consejo|Congreso|Sistema|Agencia|Centro|Universidad|"
    r"Organismo|Junta|Tribunal|Suprema Corte|Guardia|Polic[ií]a|Banco|Cámara)\b.*)"
)


# Words after an institution's name that only say whose it is ("Secretaría de Salud del estado").
_OWNER = re.compile(r"\s+(?:del estado|del municipio|de la alcald[ií]a|municipal|estatal|federal|capitalina)$", re.I)


# Which issuing sources a role without complement belongs to: a governor to a state's government,
# a mayor to a town's; a director or a coordinator to whoever issued the release.
_SOURCE_FITS = {
    "alcaldía": re.compile(r"(?i:alcald[ií]a|ayuntamiento|municipio|gobierno municipal)"),
    "gubernatura": re.compile(r"(?i:gobierno del estado|gobierno de (?!la rep))"),
    "jefatura de gobierno": re.compile(r"(?i:gobierno de la ciudad)"),
    "presidencia": re.compile(r"(?i:presidencia)"),
    "diputación": re.compile(r"(?i:congreso|c[aá]mara de diputados)"),
    "senaduría": re.compile(r"(?i:senado)"),
    "regiduría": re.compile(r"(?i:ayuntamiento|municipio|gobierno municipal)"),
    "sindicatura": re.compile(r"(?i:ayuntamiento|municipio|gobierno municipal)"),
    "concejalía": re.compile(r"(?i:alcald[ií]a)"),
    "secretaría": re.compile(r"(?i:secretar[ií]a|gobierno|ayuntamiento|alcald[ií]a|municipio)"),
    "fiscalía": re.compile(r"(?i:fiscal[ií]a)"),
    "embajada": re.compile(r"(?!)"),
    "consulado": re.compile(r"(?!)"),
}


def body_for(role, complement, source):
    """The institution a role belongs to: named in its complement, else the issuing source if the role fits it."""
    office = office_of(role)
    complement = _OWNER.sub("", complement or "")
    match = _INSTITUTION_NOUN.search(complement) if complement else None
    if match:
        return match.group("body").strip()
    if office in _INSTITUTION_OF and complement and office not in PLACE_OFFICES:
        words = complement.split()[1:]
        if words and words[0].lower() in {"la", "el", "los", "las"}:
            words = words[1:]
        if words and words[0][0].isupper():
            known = default_directory().canonical(" ".join(words))
            if known != " ".join(words) or words[0].isupper():
                return known
            head = _INSTITUTION_OF[office] + (" General" if "general" in role.split()[:2] else "")
            return f"{head} de {' '.join(words)}"
    fits = _SOURCE_FITS.get(office)
    if source and (fits is None or fits.search(source)):
        return source
    return ""
