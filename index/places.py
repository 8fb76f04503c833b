"""Places named in a release: colonias, pueblos, comunidades, alcaldías, municipios, states.

Two ways, as a reader does: a word that introduces places ("las colonias
Albert, Mixcoac y Portales", "la comisaría de Cholul") names them whatever
they are; and a gazetteer (``data/places.toml``) knows states, alcaldías and
cities by name. A place inside the name of a street, a building or a person
("avenida Miguel Ángel de Quevedo", "Jardín Hidalgo") does not count.
"""

import re


from .datafiles import PLACES
from .names import title_case
from .text_utils import RELEASE_CUES, AfterOthers, alternation, dedupe_longest, fold, lowered, tried_at

_CAP = r"(?:[A-ZÁÉÍÓÚÑÜ][a-záéíóúñü]+|[A-ZÁÉÍÓÚÑÜ]{2,}|[A-Z]\.)"
# A place's name: capitalised words, "de", "del", "de la" inside ("Santa Cruz Atoyac", "San Felipe de Jesús").
_PLACE = rf"(?:(?:El|La|Los|Las|Del|EL|LA|LOS|LAS|DEL) )?{_CAP}(?: (?:de la |de los |de las |del |de |DE LA |DEL |DE )?{_CAP}){{0,4}}"
# Words that introduce one or more places, in any case.
_CUE = (
    r"(?i:colonias?|col\.|fraccionamientos?|fracc\.|barrios?(?:\s+de)?|pueblos?(?:\s+de)?|comunidad(?:es)?(?:\s+de)?|"
    r"comisar[ií]as?(?:\s+de)?|localidad(?:es)?(?:\s+de)?|agencias?(?:\s+municipal(?:es)?)?(?:\s+de)?|"
    r"delegaci[oó]n(?:es)?(?:\s+de)?|municipios?(?:\s+de)?|alcald[ií]as?|unidad(?:es)?\s+habitacional(?:es)?|"
    r"ejidos?(?:\s+de)?|estado\s+de)"
)
# "colonias de la alcaldía, como Portales y Letrán Valle" · "40 colonias, entre ellas Santa Cruz Meyehualco"
_LEAD = r"(?:\s+[^.;:\n]{0,50}?,?\s+(?:como|entre ellas|entre ellos|entre otras|entre otros)\s+|\s+)"
# Several places only as a list closed by "y" ("A, B y C"): in "estado de Michoacán, Silvano…" the comma ends it.
# (The lookahead of the cues' first letters says nothing new but lets the regex engine skip to them.)
CUED = re.compile(rf"(?i:(?=[abcdeflmpu]))\b{_CUE}{_LEAD}(?P<list>{_PLACE}(?:(?:,\s+{_PLACE})*,?\s+[yeo]\s+{_PLACE})?)")
# How every cue opens, in lower case (none the beginning of another): where :data:`CUED` may match.
_CUE_WORDS = ("agencia", "alcald", "barrio", "col", "comisar", "comunidad", "delegaci", "ejido", "estado", "fracc",
              "localidad", "municipio", "pueblo", "unidad")
_CUE_OPENINGS = re.compile("|".join(_CUE_WORDS))
# They are looked for in a release's one pass for every module's cue words.
RELEASE_CUES.add({"place": _CUE_WORDS})
_LIST_SPLIT = re.compile(r",\s+|,?\s+[yeo]\s+")

# Words before a name that make it a street, a building or an event, not a place.
NOT_PLACE_BEFORE = frozenset(
    "avenida av calle calzada eje estacion parque jardin escuela primaria secundaria deportivo mercado metro linea "
    "boulevard blvd paseo plaza museo teatro hospital hotel glorieta puente carretera autopista periferico circuito "
    "colegio instituto universidad preparatoria estadio feria festival premio cerro presidente presidenta licenciado "
    "general don dona benemerito".split()
)
# Words after which an ambiguous name ("Benito Juárez", "Hidalgo") is a place.
AMBIGUOUS_CUES = frozenset("alcaldia municipio estado en demarcacion delegacion".split())


class Gazetteer:
    """Known places: each written form mapped to the place's name."""

    def __init__(self, forms, ambiguous, not_places=frozenset()):
        self.forms = forms
        self.ambiguous = ambiguous
        self.not_places = not_places
        ordered = sorted(forms, key=len, reverse=True)
        self.pattern = re.compile(rf"(?<![\w.])(?:{alternation(ordered, ignore_case=True)})(?![\w])", re.IGNORECASE)
        # The same rule over the text in lower case, case-sensitive: the regex engine then passes over the
        # alternation's branches by their first letter, which a case-blind one cannot (twice as fast).
        self._lower = (AfterOthers(r"\w.", rf"{alternation(ordered)}(?![\w])")
                       if all(f == f.lower() for f in forms) else None)

    @classmethod
    def load(cls, path=None):
        """Load ``path``, else ``HEMEROTECA_PLACES``, else the shipped gazetteer."""
        _, data = PLACES.read(path)
        forms = {}
        for section in ("states", "alcaldias", "municipalities"):
            for name, aliases in data.get(section, {}).items():
                for form in (name, *aliases):
                    forms[fold(form)] = name
        ambiguous = frozenset(fold(n) for n in data.get("ambiguous", {}).get("names", []))
        not_places = frozenset(fold(n) for n in data.get("not_places", {}).get("names", []))
        return cls(forms, ambiguous, not_places)

    def canonical(self, name):
        return self.forms.get(fold(name), name)

    def spans(self, text, low=None):
        """``(start, end)`` of each match of :attr:`pattern` in ``text``, in order.

        :param low: :func:`index.text_utils.lowered` of ``text``, read instead of it when not None.
        """
        if low is None or self._lower is None:
            return [m.span() for m in self.pattern.finditer(text)]
        return self._lower.spans(low)


def default_gazetteer():
    return PLACES.default(Gazetteer.load)


_PARTICLES = {"de", "del", "la", "las", "los", "el"}


def _word_before(text, start):
    """The last word before ``start``, looking past "de", "la" ("calzada de Tlalpan")."""
    words = re.findall(r"[^\W\d_]+", text[max(0, start - 40):start])
    while words and fold(words[-1]) in _PARTICLES:
        words.pop()
    return fold(words[-1]) if words else ""


def _inside_a_name(text, start):
    """Whether a capitalised cue word ("Pueblos", "Agencia") is part of a body's name, not a place's lead."""
    if not text[start].isupper():
        return False
    before = text[max(0, start - 3):start]
    # At the start of a sentence or a line a capital says nothing.
    return not (start == 0 or re.search(r"(?:[.!?:]\s+|\n)$", text[max(0, start - 3):start] or "\n") or before == "")


def _proper(name):
    """A place written in capitals ("EL COLLI") as names are written."""
    return title_case(name) if name.isupper() and len(name) > 3 else name


def extract_places(text, gazetteer=None):
    """The places named in ``text``, first mention first, each once."""
    gazetteer = gazetteer or default_gazetteer()
    found = []
    low = lowered(text)
    places = None if low is None else RELEASE_CUES.of_rule("place", text, low)
    for match in CUED.finditer(text) if places is None else tried_at(CUED, text, places):
        if _inside_a_name(text, match.start()):
            continue
        state_cue = fold(match.group(0)).startswith("estado de")
        for part in _LIST_SPLIT.split(match.group("list")):
            part = _proper(part.strip(" ,"))
            if state_cue and fold(f"estado de {part}") in gazetteer.forms:
                part = f"Estado de {part}"
            if not part or len(part) <= 2 or fold(part) in gazetteer.not_places:
                continue
            found.append((match.start("list"), gazetteer.canonical(part)))
    for start, end in gazetteer.spans(text, low):
        written = text[start:end]
        if not (written[0].isupper()):
            continue
        before = _word_before(text, start)
        if before in NOT_PLACE_BEFORE:
            continue
        # Part of a longer capitalised name: "Miguel Hidalgo" holds "Hidalgo", "Monterrey Respira" a program.
        prev = re.search(r"([A-ZÁÉÍÓÚÑ][\w]*)\s+$", text[max(0, start - 30):start])
        if prev and fold(prev.group(1)) not in AMBIGUOUS_CUES | {"ciudad", "gobierno", "alcaldia", "ayuntamiento",
                                                                 "municipio", "estado"}:
            continue
        if re.match(r"\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]", text[end:end + 3]):
            continue
        if fold(written) in gazetteer.ambiguous and before not in AMBIGUOUS_CUES:
            # "en Iztapalapa y Gustavo A. Madero": a name of several words listed after a place.
            if not (before in {"y", "e"} and " " in written and found and found[-1][0] > start - 40):
                continue
        found.append((start, gazetteer.canonical(written)))
    return dedupe_longest(name for _, name in sorted(found, key=lambda f: f[0]))
