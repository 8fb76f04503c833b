"""Personal names as releases write them: matching, cleaning and comparing.

Shared by the officials' rules and the registry, so that "Dra. Patricia
Lozano Ibarra", "Patricia Lozano" and "Lozano Ibarra" compare alike.
"""

import re
from functools import lru_cache

from .text_utils import fold


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
# "Elena Montes de Oca Ruiz"; "da", "do", "dos" in Portuguese names), after any titles. Words are joined by single spaces: a line
# break or a double space ends a name.
# The lookahead says nothing new (titles and names open with a capital), but lets the regex engine skip
# to capitals: the rules that open with a name scan several times faster.
NAME = rf"(?=[{_UPPER}])(?:{_HONORIFIC})*(?P<name>{_WORD}(?: (?:de la |de los |del |de |da |do |dos )?{_WORD}){{0,4}})"

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
        # Bodies, places, works and slogans that speeches put where a name goes ("Complejo Petroquímico
        # Cangrejera", "Gabinete de Seguridad", "Humanismo Mexicano", "Sector Naval de Boca de Chila").
        "Complejo", "Petroquímico", "Gabinete", "Seguridad", "Humanismo", "Mexicano", "Mexicana", "Sector",
        "Naval", "Ejidal", "Colectiva", "Alianza", "Tratado", "Nuevo", "Nueva", "Empresarial", "Regimiento",
        "Zona", "Región", "Batallón", "Cuartel", "Presidencia", "Ejército", "Fuerza", "Aérea",
        "Armada", "Planta", "Presa", "Refinerías", "Termoeléctrica",
        "Carretera", "Autopista", "Educación", "Energía", "Agricultura", "Economía",
        "Cultura", "Turismo", "Trabajo", "Gobernación", "Defensa", "Relaciones", "Exteriores", "Infraestructura",
        "Comunicaciones", "Transportes", "Función", "Desarrollo", "Agrario", "Recursos",
        "Naturales", "Consejería", "Jurídica", "Oficina", "Sindicato", "Partido", "Acción", "Revolucionario",
        "Institucional", "Morena", "Movimiento", "Frente", "Plan", "Proyecto", "Estrategia", "Operativo",
        "Conferencia", "Informe", "Mañanera", "Constitución", "Independencia", "Revolución", "Reforma",
        "Norte", "Sur", "Oriente", "Poniente", "Istmo", "Golfo", "Pacífico", "Caribe", "Latina",
        "Embajada", "Consulado", "Mundial", "Internacional", "Olímpico", "Olímpicos",
    )
)
# Titles and forms of address written before a name in speeches and speaker lines ("Senadora Olga
# Sánchez Cordero", "Amigo Evo Morales", "Ciudadana Ariadna Montiel"): dropped from the name.
TITLES = frozenset(
    fold(w)
    for w in (
        "Senador", "Senadora", "Diputado", "Diputada", "Ciudadano", "Ciudadana", "Compañero", "Compañera",
        "Amigo", "Amiga", "Hermano", "Hermana", "Presidente", "Presidenta", "Gobernador", "Gobernadora",
        "Secretario", "Secretaria", "Ministro", "Ministra", "Alcalde", "Alcaldesa", "Embajador", "Embajadora",
        "Canciller", "Mayor", "Teniente", "Sargento", "Cabo", "Soldado", "Marino", "Comandante", "Capitana",
        "Almirante", "General", "Coronel", "Capitán", "Doctor", "Doctora", "Licenciado", "Licenciada", "Maestro",
        "Maestra", "Ingeniero", "Ingeniera", "Profesor", "Profesora", "Don", "Doña", "Señor", "Señora", "Monseñor",
        "Padre", "Fray", "Su", "Excelencia", "Majestad", "Querido", "Querida", "Estimado", "Estimada",
        "Empresario", "Empresaria", "Consejero", "Consejera", "Magistrado", "Magistrada", "Fiscal", "Director",
        "Directora", "Subsecretario", "Subsecretaria", "Titular", "Comisionado", "Comisionada", "Vicealmirante",
        "Contralmirante", "Subteniente", "Sr", "Sra", "Dr", "Dra", "Lic", "Mtro", "Mtra", "Ing", "Gral", "Almte",
        # The rest of a military rank: "General de División", "Capitán de Navío", "Teniente de Corbeta".
        "División", "Brigada", "Navío", "Fragata", "Corbeta", "Ala", "Grupo", "Retirado", "Retirada",
    )
)
# Capitalised words that open a sentence before a name ("Durante", "Además"): dropped, not fatal.
SENTENCE_WORDS = frozenset(
    fold(w)
    for w in (
        "Durante", "Asimismo", "Además", "Por", "En", "El", "La", "Los", "Las", "Con", "Al", "Del",
        "Hoy", "Este", "Esta", "Estos", "Ante", "Tras", "Para", "Según", "Como", "Ayer", "También",
        "Mientras", "Luego", "Desde", "Sin", "Sobre", "Señor", "Señora", "Buenos", "Buenas", "Gracias",
        "Muchas", "Y", "Pero", "Que", "Cuando", "Aquí", "Ahí", "Allí", "Entonces", "Soy", "Es", "Fue",
        "Era", "Hablando", "Gracias", "Felicito", "Saludo", "Saludamos", "Bienvenido", "Bienvenida", "Ya",
        "Ahora", "Bueno", "Sí", "No", "Pues", "Oye", "Mira", "Miren", "Vamos", "Dice", "Decía",
    )
)
_PARTICLES = {"de", "del", "la", "los", "las", "y", "e", "da", "do", "dos"}


# What a speaker line adds after a name: "(enlace videollamada)", "(vía remota)".
_ASIDE = re.compile(r"\s*\([^)]*\)?")


# Names repeat: a transcript names its speakers in every turn and compares each name found with every
# official found before, so each distinct name (or pair) is cleaned, cased and compared once.
@lru_cache(maxsize=16_384)
def clean_name(raw):
    """The name as written, without asides, leading sentence words or titles; None if it is no person's name."""
    words = _ASIDE.sub(" ", raw).split()
    while words and fold(words[0].rstrip(".,")) in SENTENCE_WORDS | _PARTICLES | TITLES:
        words.pop(0)
    while words and fold(words[-1]) in _PARTICLES:
        words.pop()
    if not words or any(w[0].isupper() and fold(w) in NOT_NAMES for w in words):
        return None
    return " ".join(_without_repeat(words))


def _without_repeat(words):
    """Words of a name written twice over dropped ("Esteban Moctezuma Barragán Moctezuma Barragán")."""
    for size in range(len(words) // 2, 0, -1):
        if [fold(w) for w in words[-size:]] == [fold(w) for w in words[-2 * size:-size]]:
            return words[:-size]
    return words


@lru_cache(maxsize=16_384)
def title_case(text):
    """A name written in capitals as names are written ("MONTES DE OCA" → "Montes de Oca")."""
    words = []
    for word in text.split():
        lower = word.lower()
        words.append(lower if lower in _PARTICLES else "-".join(p[:1].upper() + p[1:] for p in lower.split("-")))
    return " ".join(words)


@lru_cache(maxsize=65_536)
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
    # "María Albores González" in "María Luisa Albores González": same first name, the rest in order;
    # "Evelyn Salgado" in "Evelyn Cecia Salgado Pineda": the first name and the first surname.
    if len(short) == 2 and len(long_) >= 4:
        return short[0] == long_[0] and short[1] == long_[-2]
    return len(short) >= 3 and short[0] == long_[0] and _in_order(short[1:], long_[1:])


def _in_order(words, within):
    rest = iter(within)
    return all(word in rest for word in words)
