"""Who said it: the person, or the kind of person, a release names as the speaker of a statement.

Releases name speakers as officials with a role (``el alcalde Luis Mendoza``), by a surname
(``señaló Zepeda Lara``), by a role alone (``la gobernadora``, resolved to the official of the
release or of the registry who held it that day), by a noun that points back (``la funcionaria``,
``quien``), or not at all (``…”, afirmó.``): then the speaker is the last one the text spoke of.
A neighbour, a beneficiary or anyone named without a public role is a citizen, a reporter is the
press, a ministry is an institution; none of them is ever given to an official.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass

from search.analysis import FOLDED_SPANISH_STOPWORDS
from search.statements import CITIZEN, INSTITUTION, OFFICIAL, PRESS, UNNAMED

from .names import NAME, clean_name, same_person
from .officials import NOT_PUBLIC, bare_roles, body_for, mentions, text_mentions
from .registry import body_words
from .roles import HEAD_OFFICES, office_of
from .text_utils import RELEASE_CUES, Cues, LazyWords, fold, literal_head, lowered, release_text, tried_at


@dataclass(frozen=True)
class Speaker:
    """Who said something: a name or a description, and what they are."""

    name: str = ""
    type: str = UNNAMED
    role: str = ""
    institution: str = ""

    @property
    def office(self):
        return office_of(self.role) if self.type == OFFICIAL else ""


NOBODY = Speaker()
_UNREAD = object()
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class Mention:
    """A person named at ``start:end`` of the body; ``speaker`` None when the words only point back
    ("la funcionaria"), to someone holding one of ``offices`` (any official when empty)."""

    start: int
    end: int
    speaker: Speaker | None
    offices: frozenset = frozenset()
    # "la funcionaria" points back to an official; "quien" or nothing, to anyone.
    officials_only: bool = False


def _words(*forms):
    return "(?:" + "|".join(forms) + ")"


# People without a public role, as releases describe them.
_CITIZEN_FORMS = (
    r"vecin[oa]s?", r"habitantes?", r"residentes?", r"usuari[oa]s?", r"beneficiari[oa]s?", r"comerciantes?",
    r"locatari[oa]s?", r"madres? de familia", r"padres? de familia", r"amas? de casa", r"estudiantes?",
    r"alumn[oa]s?", r"ciudadan[oa]s?", r"jubilad[oa]s?", r"pensionad[oa]s?", r"pacientes?", r"participantes?",
    r"artesan[oa]s?", r"deportistas?", r"atletas?", r"productor(?:a|es|as)?", r"campesin[oa]s?", r"ejidatari[oa]s?",
    r"pescador(?:a|es|as)?", r"voluntari[oa]s?", r"emprendedor(?:a|es|as)?", r"taxistas?", r"ciclistas?",
    r"activistas?", r"señora", r"señor", r"doña", r"don", r"joven", r"niñ[oa]", r"abuel[oa]", r"docentes?",
    r"maestr[oa]s?", r"trabajador(?:a|es|as)?", r"conductor(?:a|es|as)?", r"empresari[oa]s?", r"integrantes?",
    r"asistentes?", r"afectad[oa]s?", r"damnificad[oa]s?", r"madre", r"padre", r"ganador(?:a)?",
)
CITIZEN_WORD = _words(*_CITIZEN_FORMS)
_NAME_PLAIN = NAME.replace("?P<name>", "?:")
# "Rosa Hernández, vecina de la colonia Albert" · "Rosa Hernández, una de las beneficiarias"
CITIZEN_AFTER_NAME = re.compile(
    rf"{NAME},\s+(?i:(?:una?|el|la|uno de los|una de las)\s+)?(?i:{CITIZEN_WORD})\b")
# "Brenda Olmos, egresada de ingeniería" · "Aurelio Pérez, quien tiene un puesto": a person described,
# not given a public role (the words after the comma are checked against the roles).
DESCRIBED_NAME = re.compile(rf"{NAME},\s+(?P<next>[a-záéíóúñ]+)")
# "la vecina Rosa Hernández" · "doña Carmen López"
CITIZEN_BEFORE_NAME = re.compile(rf"\b(?i:{CITIZEN_WORD})\s+{NAME}")
# "una vecina" · "uno de los beneficiarios": someone the release does not name.
CITIZEN_UNNAMED = re.compile(
    rf"(?:^|\b(?i:una?|el|la|los|las|unos|unas|algun[oa]s|vari[oa]s|uno de los|una de las|otr[oa]s?)\s+)"
    rf"(?i:{CITIZEN_WORD})\b(?!\s+[A-ZÁÉÍÓÚÑ])")
# What comes before the citizen word of CITIZEN_AFTER_NAME, and the lengths of CITIZEN_UNNAMED's articles.
_AFTER_COMMA = re.compile(r",\s+(?i:(?:una?|el|la|uno de los|una de las)\s+)?")
# ("un", "el", "la"; "una", "los", "las"; "unos", "unas", "otro", "otra"; "otros", "otras"; "varios",
# "varias"; "algunos", "algunas"; "uno de los", "una de las").
_UNNAMED_ARTICLES = (2, 3, 4, 5, 6, 7, 10)


def _after_comma(text, at):
    """Whether :data:`_AFTER_COMMA` ends at ``at``: it holds no other comma, so it opens at the last one."""
    comma = text.rfind(",", 0, at)
    return comma >= 0 and _AFTER_COMMA.fullmatch(text, comma, at) is not None


def _unnamed_starts(text, citizens):
    """Where CITIZEN_UNNAMED may match, given where citizen words open (``citizens``): at the text's start,
    or where an article of one of :data:`_UNNAMED_ARTICLES`'s lengths ends right before the spaces
    before one."""
    starts = set()
    for at in citizens:
        if at == 0:
            starts.add(0)
            continue
        spaces = at
        while spaces > 0 and text[spaces - 1].isspace():
            spaces -= 1
        if spaces < at:
            starts.update(spaces - n for n in _UNNAMED_ARTICLES if spaces >= n)
    return sorted(starts)


# Complements of a role that make it a citizen's ("presidenta de la colonia Portales").
CITIZEN_COMPLEMENT = re.compile(r"(?i:colonia|barrio|fraccionamiento|unidad habitacional|mercado|comit[eé]|"
                                r"padres de familia|vecin|escuela|plantel)")
PRESS_WORDS = re.compile(r"\b(?i:una?|el|la)\s+(?i:reporter[oa]|periodista|comunicador[a]?)\b")
INSTITUTION_WORDS = re.compile(
    r"\b(?i:la|el)\s+(?P<name>(?i:dependencia|instituci[oó]n|corporaci[oó]n|comuna|administraci[oó]n municipal)|"
    r"(?i:Secretar[ií]a|Alcald[ií]a|Ayuntamiento|Gobierno|Fiscal[ií]a|Instituto|Comisi[oó]n|Coordinaci[oó]n|"
    r"Direcci[oó]n|Sistema|Procuradur[ií]a|Consejo|Congreso)(?:\s+(?:de\s+la\s+|del\s+|de\s+|para\s+)?"
    r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)*)")
# Nouns that stand for an official named before ("la funcionaria", "la legisladora"), with the offices
# each may stand for (empty: any), and how each of the nouns opens in lower case.
_GENERIC_NOUNS = [
    (re.compile(r"\b(?i:el|la)\s+(?i:funcionari[oa]|servidora?\s+p[uú]blic[oa]|titular|entrevistad[oa])\b"
                r"(?!\s+(?:de|del)\b)"), frozenset(), ["funcionari", "servidor", "titular", "entrevistad"]),
    (re.compile(r"\b(?i:el|la)\s+(?i:mandatari[oa]|(?:jef[ea]|titular)\s+del\s+(?:poder\s+)?ejecutivo)(?:\s+(?i:estatal|municipal|local|"
                r"capitalin[oa]|federal))?\b"), HEAD_OFFICES, ["mandatari", "jef", "titular"]),
    (re.compile(r"\b(?i:el|la)\s+(?i:legislador[a]?|parlamentari[oa])\b"), frozenset({"diputación", "senaduría"}),
     ["legislador", "parlamentari"]),
    (re.compile(r"\b(?i:el|la)\s+(?i:munícipe|presidente|presidenta)\b(?!\s+(?:de|del|municipal)\b)"),
     frozenset({"alcaldía", "presidencia"}), ["munícipe", "president"]),
]
# The words that open a word of every match of the case-blind rules, in lower case: a text without one of
# a rule's words is not read by it, and the rules that open with a citizen word are tried only where one
# opens (:class:`index.text_utils.Cues`).
CUE_WORDS = {
    "citizen": [literal_head(f) for f in _CITIZEN_FORMS],
    "press": ["reporter", "periodista", "comunicador"],
    "institution": ["dependencia", "instituci", "corporaci", "comuna", "administraci", "secretar", "alcald",
                    "ayuntamiento", "gobierno", "fiscal", "instituto", "comisi", "coordinaci", "direcci", "sistema",
                    "procuradur", "consejo", "congreso"],
    **{f"generic {n}": cues for n, (_, _, cues) in enumerate(_GENERIC_NOUNS)},
}
# Those rules with the name of their words among the cues.
GENERIC = [(pattern, offices, f"generic {n}") for n, (pattern, offices, _) in enumerate(_GENERIC_NOUNS)]
SPEAKER_CUES = Cues(CUE_WORDS)
# They are looked for in a release's one pass for every module's cue words.
RELEASE_CUES.add(CUE_WORDS)
# "quien", "quienes": the relative that points back to the person named just before.
RELATIVE = re.compile(r"(?i:\bquien(?:es)?)\s*(?:,\s*[^,]{0,40},\s*|(?:también|además|a su vez)\s+)?$")
# Words before a name that make it the object, not the subject, of the sentence.
PREPOSITIONS = frozenset({
    "a", "al", "ante", "con", "de", "del", "desde", "en", "entre", "hacia", "hasta", "para", "por", "sin",
    "sobre", "tras", "junto", "acompañado", "acompañada", "acompañados", "acompañadas", "como", "e", "y",
    # Heads of subordinate clauses: who follows is not the sentence's subject.
    "donde", "que", "cuando", "cuyo", "cuya", "cuyos", "cuyas",
})
ARTICLES = frozenset({"el", "la", "los", "las", "un", "una", "unos", "unas"})
# Nouns after which capitalised words name a place or a thing, not a person ("la colonia Jesús Terán").
PLACE_NOUNS = frozenset({
    "colonia", "colonias", "calle", "calles", "avenida", "municipio", "municipios", "comunidad", "barrio",
    "fraccionamiento", "parque", "plaza", "mercado", "estado", "ciudad", "alcaldia", "delegacion", "pueblo",
    "region", "localidad", "auxiliar", "unidad", "ejido", "escuela", "primaria", "secundaria", "hospital",
    "centro", "rio", "arroyo", "zona", "estacion", "estaciones", "linea", "programa", "avenidas", "carretera",
    "de", "del", "en", "entre", "hacia", "desde",
})
_WORD_BEFORE = re.compile(r"([\wáéíóúñÁÉÍÓÚÑ]+)[^\w]*$")


def is_object(text, start, floor=0):
    """Whether the mention at ``start`` follows a preposition ("a la gobernadora", "con el alcalde")."""
    head = text[max(floor, start - 40):start]
    while True:
        m = _WORD_BEFORE.search(head)
        if not m:
            return False
        word = fold(m.group(1))
        if word in ARTICLES:
            head = head[:m.start()]
            continue
        return word in PREPOSITIONS


def _after_place_noun(text, start):
    """Whether capitalised words at ``start`` follow a noun of places ("colonia", "calle", "de")."""
    before = _WORD_BEFORE.search(text[:start])
    return bool(before) and fold(before.group(1)) in PLACE_NOUNS


def _forms(name):
    """How a release may name an official: the full name, the two surnames, the first surname."""
    words = name.split()
    if len(words) >= 3:
        return {name, " ".join(words[-2:]), words[-2]}
    return {name, words[-1]} if words else set()


class Speakers:
    """The people a release names, to resolve who said each statement."""

    def __init__(self, release, registry=None, cue_words=None):
        """:param cue_words: the :class:`index.text_utils.Cues` of :data:`CUE_WORDS` and of the caller's own rules."""
        cue_words = cue_words or SPEAKER_CUES
        self.officials = [o for o in release.officials if o.name]
        self.when = release.date
        self.source = release.source
        self.registry = registry
        # The text the officials were found in: its one pass of the officials' rules serves the paragraphs too.
        self._text = release_text(release.title, release.body)
        self._body_start = len(release.title) + 2
        self._release_words = LazyWords(self._text)
        # The rules' words, and where :meth:`cues` found them in the release's text.
        self.cue_words = cue_words
        self._cues = _UNREAD
        named = {}
        for official in self.officials:
            for form in _forms(official.name):
                named.setdefault(form, []).append(official)
        self._named = named
        # Longest first, as a regex alternation of them would try them.
        self._name_forms = sorted(named, key=len, reverse=True)

    # Resolving

    def of_official(self, official):
        return Speaker(official.name, OFFICIAL, official.role, official.body)

    def named_official(self, name, role="", complement=""):
        """The speaker a name with a role stands for: the release's official, else the registry's."""
        for official in self.officials:
            if same_person(official.name, name):
                return self.of_official(official)
        office = office_of(role)
        role_text = " ".join(p for p in (" ".join(role.lower().split()), complement) if p)
        if self.registry is not None:
            person = self.registry.find(name)
            if person:
                term = person.term_on(self.when, office) or person.term_on(self.when)
                if term:
                    return Speaker(person.name, OFFICIAL, term.role, term.body)
                return Speaker(person.name, OFFICIAL, role_text, body_for(role, complement, self.source))
        if not role:
            return None
        return Speaker(name, OFFICIAL, role_text, body_for(role, complement, self.source))

    def holder(self, role, complement=""):
        """Who a role alone names ("la gobernadora"): the one official of the release holding it, else
        the registry's holder on the release's date; None when it is not one person."""
        office = office_of(role)
        if not office:
            return None
        same = [o for o in self.officials if office_of(o.role) == office]
        hint = body_words(complement)
        if hint and len(same) > 1:
            same = [o for o in same if hint <= body_words(o.role) | body_words(o.body)]
        if len({o.name for o in same}) == 1:
            return self.of_official(same[0])
        if self.registry is not None:
            found = self.registry.holder(office, self.when, [complement] if complement else [], self.source,
                                         self._release_words)
            if found:
                person, term = found
                return Speaker(person.name, OFFICIAL, term.role, term.body)
        return None

    def by_form(self, form, text, start):
        """The official a name form names; a surname shared by two is settled by the role written before it."""
        candidates = self._named.get(form, [])
        if len({o.name for o in candidates}) == 1:
            return self.of_official(candidates[0])
        before = fold(text[max(0, start - 40):start])
        by_role = [o for o in candidates if o.role and fold(o.role.split()[0]) in before]
        return self.of_official(by_role[0]) if len(by_role) == 1 else None

    # Finding mentions

    def _forms_in(self, text):
        """``(start, end, form)`` of the officials' name forms written as whole words in ``text``, as
        ``finditer`` of the regex ``(?<!\\w)(?:form|…)(?!\\w)`` gives them (forms longest first), found
        without compiling that regex for every release."""
        hits = []
        for rank, form in enumerate(self._name_forms):
            at = text.find(form)
            while at >= 0:
                end = at + len(form)
                if not (at and _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
                    hits.append((at, rank, end, form))
                at = text.find(form, at + 1)
        hits.sort()
        found, reached = [], 0
        for at, _, end, form in hits:
            # At one place the regex takes the first form of its alternation; then it goes on after it.
            if at >= reached:
                found.append((at, end, form))
                reached = end
        return found

    def mentions(self, text, offset=0, strict=True, institutions=None):
        """People named in ``text`` (whose first character is at ``offset`` of the body), in order.

        ``strict`` leaves out institutions and capitalised words that only look like a name: in
        running text they are as often places; right next to a speech verb they are a speaker.
        ``institutions`` counts institutions even when strict.
        """
        institutions = not strict if institutions is None else institutions
        found = []

        def add(start, end, speaker, offices=frozenset(), officials_only=False):
            if any(s < end and start < e for s, e, *_ in found):
                return
            found.append((start, end, speaker, offices, officials_only))

        line = self.line_of(text, offset)
        # The case-blind rules read only texts holding their words (every text when ``cues`` is None).
        cues = self.cues(text, line)
        citizens = None if cues is None else cues["citizen"]
        for start, name, role, complement in self._rule_mentions(text, line):
            end = text.find(name, start) + len(name)
            if CITIZEN_COMPLEMENT.search(complement):
                add(start, end, Speaker(name, CITIZEN))
            else:
                add(start, end, self.named_official(name, role, complement))
        # Its citizen word follows a comma.
        if citizens is None or any(_after_comma(text, at) for at in citizens):
            for m in CITIZEN_AFTER_NAME.finditer(text):
                name = clean_name(m.group("name"))
                if name:
                    add(m.start(), m.end(), Speaker(name, CITIZEN))
        # Its matches open with a citizen word.
        for m in CITIZEN_BEFORE_NAME.finditer(text) if citizens is None else tried_at(CITIZEN_BEFORE_NAME, text, citizens):
            name = clean_name(m.group("name"))
            if name:
                add(m.start(), m.end(), Speaker(name, CITIZEN))
        for m in DESCRIBED_NAME.finditer(text):
            name = clean_name(m.group("name"))
            after = fold(m.group("next"))
            if (not name or len(name.split()) < 2 or office_of(m.group("next"))
                    or after in FOLDED_SPANISH_STOPWORDS and after != "quien"
                    or _after_place_noun(text, m.start("name"))):
                continue
            add(m.start("name"), m.end("name"), self.named_official(name) or Speaker(name, CITIZEN))
        for start, end, form in self._forms_in(text):
            speaker = self.by_form(form, text, start)
            if speaker:
                add(start, end, speaker)
        for pattern, offices, rule in GENERIC:
            if cues is None or cues[rule]:
                for m in pattern.finditer(text):
                    add(m.start(), m.end(), None, offices, officials_only=True)
        for m in bare_roles(text, None if line is None else self._roles_of_line(*line)):
            complement = " ".join((m.group("complement") or "").split())
            if NOT_PUBLIC.search(complement) or CITIZEN_COMPLEMENT.search(complement):
                add(m.start(), m.end(), Speaker(" ".join(m.group(0).split()), CITIZEN))
                continue
            speaker = self.holder(m.group("role"), complement)
            office = office_of(m.group("role"))
            # "la presidenta" alone may be a municipal president.
            offices = frozenset({office, "alcaldía"} if office == "presidencia" else {office})
            add(m.start(), m.end(), speaker, offices if speaker is None else frozenset(), officials_only=speaker is None)
        for m in CITIZEN_UNNAMED.finditer(text) if citizens is None else tried_at(CITIZEN_UNNAMED, text,
                                                                                 _unnamed_starts(text, citizens)):
            add(m.start(), m.end(), Speaker(" ".join(m.group(0).lower().split()), CITIZEN))
        if cues is None or cues["press"]:
            for m in PRESS_WORDS.finditer(text):
                add(m.start(), m.end(), Speaker(" ".join(m.group(0).lower().split()), PRESS))
        if institutions and (cues is None or cues["institution"]):
            for m in INSTITUTION_WORDS.finditer(text):
                add(m.start(), m.end(), Speaker(self._institution(m.group("name")), INSTITUTION))
        if not strict:
            for m in re.finditer(NAME, text):
                name = clean_name(m.group("name"))
                if not name or len(name.split()) < 2 or _after_place_noun(text, m.start()):
                    continue
                speaker = self.named_official(name) or Speaker(name, CITIZEN)
                add(m.start("name"), m.end("name"), speaker)
        return sorted(
            (Mention(offset + s, offset + e, sp, offices, only) for s, e, sp, offices, only in found),
            key=lambda m: m.start,
        )

    def line_of(self, text, offset):
        """``(start, end)`` of ``text`` in the release's text when it is one whole line of the body, else None."""
        whole = self._text
        start = self._body_start + offset
        end = start + len(text)
        if (offset >= 0 and whole[start - 1] == "\n" and (end == len(whole) or whole[end] == "\n")
                and "\n" not in text and whole[start:end] == text):
            return start, end
        return None

    def _rule_mentions(self, text, line):
        """:func:`index.officials.mentions` of ``text``, read from the release's one pass when ``text`` is a
        whole line of the body (``line``: where)."""
        if line is not None:
            return text_mentions(self._text).of_line(*line)
        return mentions(text)

    def cues(self, text, line=None, low=None):
        """:meth:`index.text_utils.Cues.find` of ``text`` for this release's rules; None when ``text`` in
        lower case is not what the case-blind rules read (:func:`index.text_utils.lowered`). A whole line
        of the body is read from one pass over the release's text: no word found crosses a line break, so
        the line alone finds the same.

        :param line: :meth:`line_of` ``text``.
        :param low: :func:`index.text_utils.lowered` of ``text``, when the caller holds it.
        """
        if line is not None:
            if self._cues is _UNREAD:
                low_text = lowered(self._text)
                if low_text is None:
                    self._cues = None
                elif RELEASE_CUES.covers(self.cue_words):
                    # The release's one pass for every module (its title's places too: no line asks for them).
                    self._cues, self._cue_starts = RELEASE_CUES.places(self._text, low_text)
                else:
                    self._cues = self.cue_words.places(self._text, low_text, self._body_start)
                    self._cue_starts = [at for at, _ in self._cues]
            if self._cues is not None:
                start, end = line
                starts = self._cue_starts
                return self.cue_words.by_rule(self._cues[bisect_left(starts, start):bisect_left(starts, end)], start)
        low = lowered(text) if low is None else low
        return None if low is None else self.cue_words.find(text, low)

    def _roles_of_line(self, start, end):
        """Where roles open in the release's text between ``start`` and ``end``, counted from ``start``:
        every role start of that line read alone is one of them."""
        roles = text_mentions(self._text).roles
        return [at - start for at in roles[bisect_left(roles, start):bisect_left(roles, end)]]

    def _institution(self, name):
        """An institution's name; "la dependencia" or "el Ayuntamiento" alone is the release's source."""
        source = self.source or ""
        if name[0].islower() or len(name.split()) == 1 and fold(source).startswith(fold(name)):
            return source or name
        return name

    def subjects(self, text, offset=0):
        """The mentions of ``text`` that can be the subject of a sentence (not after a preposition)."""
        return [m for m in self.mentions(text, offset) if not is_object(text, m.start - offset)]


def resolve(mention, history):
    """The speaker of a mention; one that only points back takes the latest fitting speaker of ``history``.

    :param history: ``(position, Speaker)`` pairs of the release so far, oldest first.
    """
    if mention is not None and mention.speaker is not None:
        return mention.speaker
    for _, speaker in reversed(history):
        if mention is None or not mention.officials_only:
            return speaker
        if speaker.type == OFFICIAL and (not mention.offices or speaker.office in mention.offices):
            return speaker
    return NOBODY
