"""Personal names as releases write them: matching, cleaning and comparing.

Shared by the officials' rules and the registry, so that "Dra. Patricia
Lozano Ibarra", "Patricia Lozano" and "Lozano Ibarra" compare alike.
"""

import re

from search.analysis import fold

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_LOWER = "a-záéíóúñü"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
# Titles written before a name; they are not part of it.
HONORIFICS = (
    "Lic.", "Licenciado", "Licenciada", "Dr.", "Dra.", "Doctor", "Doctora", "Mtro.", "Mtra.", "Maestro",
    "Maestra", "Ing.", "Ingeniero", "Ingeniera", "Arq.", "Arquitecto", "Arquitecta", "C.", "Prof.", "Profr.",
    "Profra.", "Profesor", "Profesora", "General", "Gral.", "Almirante", "Almte.", "Contralmirante",
    "Vicealmirante", "Coronel", "Capitán", "Don", "Doña", "Sr.", "Sra.", "Mtra", "Lic", "Dr", "Dra",
)
_HONORIFIC = "(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")\s+"
# Two to five name words, with "de", "del", "de la", "de los" inside ("María de la Luz Ortega",
# "Elena Montes de Oca Ruiz"), after any titles. Words are joined by single spaces: a line
# break or a double space ends a name.
NAME = rf"(?:{_HONORIFIC})*(?P<name>{_WORD}(?: (?:de la |de los |del |de )?{_WORD}){{0,4}})"

# Capitalised words that start institutions or places, never a person's name.
NOT_NAMES = frozenset(
    fold(w)
    for w in (
        "Alcaldía", "Ayuntamiento", "Gobierno", "Secretaría", "Estado", "Ciudad", "Municipio",
        "Dirección", "Coordinación", "Fiscalía", "Instituto", "Congreso", "Cabildo", "Sistema",
        "Programa", "Consejo", "Comisión", "Centro", "Unidad", "Policía", "Protección", "Plaza",
        "República", "México", "Nacional", "Federal", "Servicio", "Junta", "Escuela",
        "Universidad", "Hospital", "Museo", "Parque", "Avenida", "Calle", "Colonia", "Mercado",
        "Feria", "Festival", "Juegos", "Semana", "Jornada", "Día", "Noche", "Línea", "Metro", "Ley",
        "Asociación", "Colegio", "Club", "Fundación", "Comité", "Hacienda", "Estatal", "Pública",
        "Municipal", "General", "Ejecutivo", "Pleno", "Senado", "Organización", "Banco", "Tribunal", "Guardia",
        "Constitucional", "Estados", "Unidos", "Mexicanos", "Medicamentos", "Gratuitos", "Bienestar", "Sembrando",
        "Jóvenes", "Becas", "Tren", "Aeropuerto", "Refinería", "Interoceánico", "Maya", "Transformación",
        "Pensión", "Adultos", "Mayores", "Apoyo", "Beca",
    )
)
# Capitalised words that open a sentence before a name ("Durante", "Además"): dropped, not fatal.
SENTENCE_WORDS = frozenset(
    fold(w)
    for w in (
        "Durante", "Asimismo", "Además", "Por", "En", "El", "La", "Los", "Las", "Con", "Al", "Del",
        "Hoy", "Este", "Esta", "Estos", "Ante", "Tras", "Para", "Según", "Como", "Ayer", "También",
        "Mientras", "Luego", "Desde", "Sin", "Sobre", "Señor", "Señora", "Buenos", "Buenas", "Gracias",
        "Muchas", "Y", "Pero", "Que", "Cuando", "Aquí", "Ahí", "Allí", "Entonces",
    )
)
_PARTICLES = {"de", "del", "la", "los", "las", "y", "e"}


def clean_name(raw):
    """The name as written, without leading sentence words; None if it is no person's name."""
    words = raw.split()
    while words and fold(words[0]) in SENTENCE_WORDS | _PARTICLES:
        words.pop(0)
    while words and fold(words[-1]) in _PARTICLES:
        words.pop()
    if not words or any(w[0].isupper() and fold(w) in NOT_NAMES for w in words):
        return None
    return " ".join(words)


def title_case(text):
    """A name written in capitals as names are written ("MONTES DE OCA" → "Montes de Oca")."""
    words = []
    for word in text.split():
        lower = word.lower()
        words.append(lower if lower in _PARTICLES else "-".join(p[:1].upper() + p[1:] for p in lower.split("-")))
    return " ".join(words)


def same_person(a, b):
    """Whether two names are one person written two ways.

    "Luis Mendoza" and "Luis Mendoza Ríos" (a longer form), "Garza Leal" and
    "Rodrigo Garza Leal" (surnames alone); "Luis Mendoza" and "Carla Mendoza
    Ríos" are two people.
    """
    wa = [w for w in fold(a).split() if w not in _PARTICLES]
    wb = [w for w in fold(b).split() if w not in _PARTICLES]
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if not short:
        return False
    if long_[: len(short)] == short or (long_[-len(short):] == short and len(long_) > len(short)):
        return True
    # "María Albores González" in "María Luisa Albores González": same first name, the rest in order.
    return len(short) >= 3 and short[0] == long_[0] and _in_order(short[1:], long_[1:])


def _in_order(words, within):
    rest = iter(within)
    return all(word in rest for word in words)
