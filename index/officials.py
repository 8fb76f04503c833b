"""Officials named in a release, with the public role they hold there.

Rules over the original text (capitals matter for names):

- ``la gobernadora del estado de Aguascalientes, Teresa Jiménez``
- ``el alcalde Luis Mendoza``
- ``Teresa Jiménez, gobernadora de Aguascalientes``

The same person found several times, or with a shorter form of the name, is
one official.
"""

import re

from search.analysis import fold
from search.release import Official

# Roles whose complement names an office ("secretario de Salud") keep it;
# for the others the complement is a place ("alcalde de Benito Juárez").
ROLES_WITH_OFFICE = (
    "secretario", "secretaria", "subsecretario", "subsecretaria",
    "director", "directora", "director general", "directora general",
    "titular", "coordinador", "coordinadora", "comisionado", "comisionada",
    "fiscal", "procurador", "procuradora", "consejero", "consejera", "vocero", "vocera",
)
ROLES_OF_PLACE = (
    "alcalde", "alcaldesa", "gobernador", "gobernadora", "jefe de gobierno", "jefa de gobierno",
    "presidente municipal", "presidenta municipal", "presidente", "presidenta",
    "diputado", "diputada", "senador", "senadora", "regidor", "regidora", "sindico", "sindica",
    "delegado", "delegada", "edil",
)

# Roles are matched in any case ("Alcalde", "alcalde"); names only capitalised.
_ROLE = "(?P<role>(?i:" + "|".join(
    sorted((re.escape(r) for r in ROLES_WITH_OFFICE + ROLES_OF_PLACE), key=len, reverse=True)
).replace("sindico", "s[ií]ndico").replace("sindica", "s[ií]ndica") + "))"

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_WORD = rf"[{_UPPER}][a-záéíóúñü]+(?:-[{_UPPER}][a-záéíóúñü]+)?"
# Two to five name words, with "de", "del", "de la" inside ("María de la Luz Ortega").
# Words are joined by single spaces: a line break or a double space ends a name.
_NAME = rf"(?P<name>{_WORD}(?: (?:de la |del |de )?{_WORD}){{1,4}})"
_COMPLEMENT = r"(?P<complement>\s+(?:de|del)\s+[^,.;:“”\"«»()]{2,90}?)"

PATTERNS = [
    # la gobernadora del estado de Aguascalientes, Teresa Jiménez
    re.compile(rf"\b(?i:el|la|los|las|al|del)\s+{_ROLE}{_COMPLEMENT}?,\s+{_NAME}"),
    # el alcalde Luis Mendoza
    re.compile(rf"\b{_ROLE}\s+{_NAME}"),
    # Teresa Jiménez, gobernadora de Aguascalientes
    re.compile(rf"{_NAME},\s+{_ROLE}\b{_COMPLEMENT}?(?=[,.;]|\s+(?:y|quien|que)\b)"),
]

# Capitalised words that start institutions or places, never a person's name.
NOT_NAMES = frozenset(
    fold(w)
    for w in (
        "Alcaldía", "Ayuntamiento", "Gobierno", "Secretaría", "Estado", "Ciudad", "Municipio",
        "Dirección", "Coordinación", "Fiscalía", "Instituto", "Congreso", "Cabildo", "Sistema",
        "Programa", "Consejo", "Comisión", "Centro", "Unidad", "Policía", "Protección",
        "Durante", "Asimismo", "Además", "Por", "En", "El", "La", "Los", "Las", "Con", "Al",
    )
)


def _clean_name(raw):
    """The name as written, or None when it looks like an institution or place."""
    words = raw.split()
    if any(w[0].isupper() and fold(w) in NOT_NAMES for w in words):
        return None
    return " ".join(words)


def _role(match):
    role = " ".join(match.group("role").lower().split())
    complement = (match.groupdict().get("complement") or "").strip()
    if complement and role in ROLES_WITH_OFFICE:
        return f"{role} {complement}"
    return role


def _same_person(a, b):
    """Whether two names are one person written two ways ("Luis Mendoza", "Luis Mendoza Ríos")."""
    wa, wb = fold(a).split(), fold(b).split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return long_[: len(short)] == short


def extract_officials(text):
    """The officials named with a role in ``text``, first mention first, each once."""
    found = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name:
                found.append((match.start(), name, _role(match)))
    officials = []
    for _, name, role in sorted(found):
        for i, known in enumerate(officials):
            if _same_person(known.name, name):
                longer = name if len(name) > len(known.name) else known.name
                officials[i] = Official(longer, known.role or role)
                break
        else:
            officials.append(Official(name, role))
    return officials
