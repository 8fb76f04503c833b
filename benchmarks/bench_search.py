"""Hemeroteca against SQLite FTS5 on one synthetic corpus: build speed, size and query latency.

Run on demand, never as a timed test:

    python benchmarks/bench_search.py --docs 10000 [--queries 200] [--seed 7] [--workdir DIR] [--keep]
                                      [--profile N] [--archive FILE [--archive-limit N]]

The build of the whole pipeline (reading, extraction, statements, both
indexes) is printed in releases per second and CPU seconds (this process and
its extraction workers) beside FTS5 and, when the optional ``bench`` extra is
installed, tantivy with a Spanish analyzer, on the same documents in the same
run. ``--archive`` does the same for a real archive (JSON Lines, gzipped or
not), after the synthetic corpus or instead of it when ``--docs`` is left out.

The corpus is generated from a fixed seed, so two runs with the same
arguments index the same text and run the same queries; only the machine
differs. FTS5 is the yardstick: it is what the stdlib gives for free, so
Hemeroteca's costs are read against it, doing the same work per query
(count, ten ranked hits with snippets, the year, month, official, topic and
source facets; Hemeroteca may count more facets than these).

Progress goes to stderr; results go to stdout, the summary table last.
"""

import argparse
import cProfile
import gzip
import inspect
import json
import os
import platform
import pstats
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import date, datetime
from itertools import accumulate
from pathlib import Path

# Benchmark the code of this checkout, even if another copy is installed.
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from index.sources import reader_for  # noqa: E402
from index.writer import build_index  # noqa: E402
from search.engine import Engine  # noqa: E402
from search.params import SearchParams  # noqa: E402

# Names of what the script writes into the work dir; only these are removed.
CORPUS_FILE = "bench-corpus.jsonl"
INDEX_DIR = "bench-index"
FTS_FILE = "bench-fts5.sqlite"
TANTIVY_DIR = "bench-tantivy"
ARCHIVE_FILE = "bench-archive.jsonl.gz"
ARCHIVE_INDEX_DIR = "bench-archive-index"
ARCHIVE_FTS_FILE = "bench-archive-fts5.sqlite"
ARCHIVE_TANTIVY_DIR = "bench-archive-tantivy"

WARMUP_QUERIES = 10
PER_PAGE = 10
# Facets of officials, topics and sources list this many values, as Hemeroteca's do.
FACET_SIZE = 20

FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2026, 12, 31)
MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)

# ---------------------------------------------------------------------------
# Vocabulary. Order is frequency rank: words early in GENERAL are drawn far
# more often (Zipf), so queries can pick common and rare words on purpose.

GENERAL = """
programa gobierno atención servicios población colonia vecinos familias personas
comunidad trabajos acciones ciudad alcaldía estado año años proyecto zona calles
recursos habitantes jornada beneficio autoridades dependencias secretaría dirección
ciudadanía mejora espacios públicos pública calidad vida estrategia información
servidores entrega entregó millones pesos días semana meses campaña registro
colonias municipio solicitudes trámites módulos oficinas horario evento reunión
acuerdos convenio firma plan metas resultados avances compromiso responsabilidad
cuidado derechos niñas niños jóvenes adultos instituciones coordinación
informó informa informaron realizó realizan realizará realizaron atendió atienden
beneficiadas beneficiados recorrido recorridos recorrió supervisó supervisión
demarcación territorio región regiones municipal municipales estatal federal
nacional local locales centro norte sur oriente poniente barrio barrios pueblo
pueblos unidad habitacional avenida avenidas parque parques plaza mercado mercados
equipo equipos personal funcionarios titular encargado responsables integrantes
señaló añadió acompañó destacó explicó aseguró afirmó subrayó reconoció anunció
detalló precisó indicó agregó invitó convocó exhortó llamó pidió propuso
inauguró arrancó inició concluyó presentó firmó encabezó visitó escuchó entregaron
mañana tarde noche fines lunes martes miércoles jueves viernes sábado domingo
primera segunda tercera etapa etapas fase fases periodo temporada calendario
objetivo objetivos finalidad propósito necesidades demandas peticiones reportes
atención ciudadana línea teléfono aplicación página sitio redes digital digitales
gratuito gratuita gratuitos gratuitas costo costos monto montos fondo fondos
compañía diseño señalética campaña enseñanza pequeños dueños daños montaña
otoño reseña sueño español españoles compañeros cabaña baños viñedos mañanas
mejoramiento fortalecimiento impulso crecimiento bienestar desarrollo
construcción instalación ampliación modernización sustitución colocación
entrega rehabilitadas nuevas nuevos modernas modernos amplios amplias limpios
comités vecinales asambleas consulta opiniones propuestas iniciativas decisiones
""".split()

# Words seen in a handful of releases at most: the rare end of the queries.
RARE = """
xoconostle huapango tlayuda otomí ñandú guanajuatense henequén cenote cenotes
alebrije alebrijes jarana zapateado cochinita marquesitas huipil huipiles
chinampa chinampas ajolote ajolotes trajinera trajineras nixtamal tejocote
mezquite huizache ocotillo pitahaya guanábana mamey chicozapote jícama
ñame cañaveral añejamiento ensueño pestañas leñadores rebaño otoñal
espeleología herpetología vexilología apicultores apicultura melipona
palafitos albarradón acueducto hemeroteca mapoteca ludoteca
""".split()

# Themes: the words a release about that subject leans on. Labels are the
# shipped taxonomy's, so Hemeroteca's classifier can find them from the text.
THEMES = {
    "Seguridad": """
        seguridad policía policías patrullaje patrullajes patrullas vigilancia delito delitos
        detenidos detenido robo robos videovigilancia cámaras elementos operativo operativos
        denuncia denuncias víctimas delincuencia homicidios fiscalía blindaje cuadrantes agentes
        investigación extorsión""",
    "Salud": """
        salud vacunación vacuna vacunas vacunados sarampión médico médicos médica hospital
        hospitales clínica clínicas enfermedad enfermedades consulta consultas dengue influenza
        enfermeras pacientes medicamentos diagnóstico sanitario epidemiológica mastografías
        nutrición dosis quirófanos""",
    "Protección civil": """
        protección civil simulacro simulacros sismo sismos emergencia emergencias evacuación
        desalojo lluvias inundación inundaciones encharcamiento encharcamientos riesgo riesgos
        alerta sísmica bomberos incendio incendios huracán huracanes refugio refugios damnificados
        rescate brigadistas tormenta""",
    "Medio ambiente": """
        medio ambiente árbol árboles reforestación áreas verdes composta reciclaje residuos
        contaminación aire ambiental sustentable biodiversidad plantación plantaron especies
        nativas camellones jardines viveros reverdece ecológico emisiones captación humedal
        bosque barrancas""",
    "Deporte": """
        deporte deportes deportivo deportiva deportivas atletas atleta maratón carrera atlética
        torneo torneos futbol activación física entrenadores medallas medallistas gimnasio
        gimnasios juegos competencia cancha canchas béisbol básquetbol natación ciclismo
        olímpicos""",
    "Desarrollo económico": """
        desarrollo económico empleo empleos mipymes emprendedores emprendimiento empresas
        inversión feria comercio comerciantes créditos crédito economía turismo turistas
        cooperativas vacantes financiamiento negocios productores exportaciones artesanos
        capacitación bazar industria derrama""",
    "Desarrollo social": """
        social sociales apoyo apoyos adultos mayores discapacidad vulnerable vulnerables
        bienestar despensas comedores comunitarios inclusión pobreza grupos prioritarios
        humano alimentos alimentaria madres jefas pensión pensiones tarjetas cuidadoras
        albergue indígenas""",
    "Obras y servicios": """
        obra obras bacheo baches pavimentación repavimentación alumbrado luminarias drenaje
        agua potable suministro banquetas urbanos recolección basura rehabilitación
        infraestructura fugas pipas tuberías carpeta asfáltica pozos colector mantenimiento
        cuadrillas limpieza desazolve""",
    "Movilidad": """
        movilidad ciclovía ciclovías bicicleta bicicletas transporte tránsito vialidad vialidades
        peatones cruces seguros semáforos camiones metro señalización estacionamiento ciclistas
        trolebús rutas ruta autobuses cebras velocidad motociclistas tarifa pasajeros estaciones
        ecobici""",
    "Cultura": """
        cultura cultural culturales festival festivales museo museos teatro concierto conciertos
        música danza exposición exposiciones artistas biblioteca bibliotecas patrimonio libro
        libros cine tradiciones muertos ofrendas orquesta talleres lectura artesanías escenario
        poesía""",
    "Educación": """
        educación escuela escuelas becas beca estudiantes alumnos alumnas maestros maestras
        docentes útiles escolares escolar ciclo planteles universidad aprendizaje educativo
        educativa uniformes primaria secundaria preparatoria aulas bachillerato inscripciones
        desayunos computadoras""",
    "Gobierno y transparencia": """
        transparencia rendición cuentas informe cabildo sesión presupuesto acceso abierto
        auditoría auditorías cuenta anticorrupción contraloría licitación licitaciones
        participación ciudadana iniciativa reglamento regidores votación aprobó dictamen
        plataforma datos austeridad""",
}
THEMES = {label: words.split() for label, words in THEMES.items()}

# Stop words and their rough weights: they make sentences look like Spanish
# and are dropped by both engines, so they cost indexing time but no hits.
FUNCTION_WORDS = (
    ("de", 20), ("la", 12), ("el", 9), ("en", 10), ("los", 7), ("las", 5), ("del", 6),
    ("para", 5), ("con", 5), ("por", 4), ("que", 6), ("y", 8), ("a", 4), ("se", 3),
    ("una", 3), ("un", 3), ("al", 2), ("su", 2), ("sus", 2), ("más", 1), ("como", 1),
)

HEADLINE_VERBS = (
    "Arranca", "Inaugura", "Presenta", "Entrega", "Anuncia", "Refuerza", "Amplía", "Lanza",
    "Concluye", "Impulsa", "Reconoce", "Supervisa", "Rehabilita", "Fortalece", "Convoca",
)
SPEECH_VERBS = (
    "informó que", "destacó que", "explicó que", "señaló que", "afirmó que", "anunció que",
    "reconoció que", "detalló que", "aseguró que", "precisó que", "encabezó", "inauguró",
    "supervisó", "presentó",
)
INTROS = (
    "", "", "Durante el evento,", "En conferencia de prensa,", "Al respecto,", "Por su parte,",
    "En su mensaje,", "Durante el recorrido,", "Ante vecinos,",
)

# Issuing bodies: (name with its article, place, city for the dateline).
SOURCES = (
    ("la", "Alcaldía Benito Juárez", "Benito Juárez", "Ciudad de México"),
    ("el", "Gobierno del Estado de Aguascalientes", "Aguascalientes", "Aguascalientes"),
    ("el", "Ayuntamiento de Mérida", "Mérida", "Mérida, Yucatán"),
    ("el", "Gobierno de la Ciudad de México", "la Ciudad de México", "Ciudad de México"),
    ("la", "Secretaría de Salud de Jalisco", "Jalisco", "Guadalajara, Jalisco"),
    ("el", "Municipio de Zapopan", "Zapopan", "Zapopan, Jalisco"),
    ("el", "Gobierno del Estado de Yucatán", "Yucatán", "Mérida, Yucatán"),
    ("la", "Alcaldía Coyoacán", "Coyoacán", "Ciudad de México"),
)

# Fictional officials: (name, feminine, role, complement, index of their source).
OFFICIALS = (
    ("Luis Mendoza Ríos", False, "alcalde", "de Benito Juárez", 0),
    ("Fernando Arriaga Solís", False, "director", "de Obras y Servicios", 0),
    ("Patricia Salas Ortiz", True, "directora", "de Protección Civil", 0),
    ("Andrés Villanueva Prado", False, "coordinador", "de Seguridad Ciudadana", 0),
    ("Teresa Jiménez Lara", True, "gobernadora", "del estado de Aguascalientes", 1),
    ("Rodrigo Peña Castillo", False, "secretario", "de Salud", 1),
    ("Verónica Ibarra Delgado", True, "secretaria", "de Educación", 1),
    ("Jorge Esparza Muñoz", False, "secretario", "de Desarrollo Económico", 1),
    ("Sofía Cámara Peniche", True, "presidenta municipal", "de Mérida", 2),
    ("Gabriel Canto Baqueiro", False, "director", "de Desarrollo Social", 2),
    ("Mariana Pech Couoh", True, "directora", "de Cultura", 2),
    ("Emilio Dzib Chan", False, "regidor", "de Mérida", 2),
    ("Alejandra Robles Vega", True, "jefa de gobierno", "de la Ciudad de México", 3),
    ("Ricardo Ochoa Téllez", False, "secretario", "de Movilidad", 3),
    ("Daniela Fuentes Cruz", True, "secretaria", "del Medio Ambiente", 3),
    ("Héctor Zamudio Rangel", False, "fiscal", "de Investigación Territorial", 3),
    ("Claudia Navarro Íñiguez", True, "secretaria", "de Salud de Jalisco", 4),
    ("Martín Orozco Gallardo", False, "director", "de Epidemiología", 4),
    ("Lucía Quintero Bravo", True, "coordinadora", "de Vacunación", 4),
    ("Ernesto Plascencia Ruelas", False, "presidente municipal", "de Zapopan", 5),
    ("Adriana Saldívar Nuño", True, "síndica", "de Zapopan", 5),
    ("Tomás Cervantes Luna", False, "director", "del Deporte", 5),
    ("Beatriz Ávila Cordero", True, "regidora", "de Zapopan", 5),
    ("Joaquín Herrera Canul", False, "gobernador", "de Yucatán", 6),
    ("Irene Montalvo Sosa", True, "secretaria", "de Fomento Turístico", 6),
    ("Óscar Briceño Aké", False, "titular", "de la Agencia de Transporte", 6),
    ("Elena Manzanero Pool", True, "diputada", "del distrito quinto", 6),
    ("Raúl Benítez Olmedo", False, "alcalde", "de Coyoacán", 7),
    ("Natalia Gómez Ruiz", True, "directora general", "de Servicios Urbanos", 7),
    ("Santiago Ferrer Olmos", False, "comisionado", "de Transparencia", 7),
)

# Per content word: chance it comes from the release's main theme, its second
# theme, a number, or the rare list; otherwise from GENERAL.
P_THEME, P_SECOND, P_NUMBER, P_RARE = 0.15, 0.09, 0.025, 0.002
P_FUNCTION_WORD = 0.5


def zipf_cum_weights(n, exponent, offset=0.0):
    """Cumulative weights giving rank r a share proportional to 1 / (r + offset)**exponent.

    The offset (Zipf-Mandelbrot) flattens the head, so the commonest content
    word is a few percent of the text rather than a sixth of it.
    """
    return list(accumulate(1 / ((rank + offset) ** exponent) for rank in range(1, n + 1)))


def strip_accents(word):
    """The word as typed on a keyboard without accents: "vacunación" → "vacunacion", "niños" → "ninos"."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


# ---------------------------------------------------------------------------
# Corpus


class CorpusGenerator:
    """Deterministic synthetic releases: same seed, same corpus."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self._general_cw = zipf_cum_weights(len(GENERAL), 1.0, offset=2.7)
        self._theme_cw = {label: zipf_cum_weights(len(words), 0.8) for label, words in THEMES.items()}
        self._function_words = [w for w, _ in FUNCTION_WORDS]
        self._function_cw = list(accumulate(n for _, n in FUNCTION_WORDS))
        self._labels = list(THEMES)
        self._by_source = [[o for o in OFFICIALS if o[4] == i] for i in range(len(SOURCES))]

    def _theme_word(self, label):
        return self.rng.choices(THEMES[label], cum_weights=self._theme_cw[label])[0]

    def _number(self):
        rng = self.rng
        kind = rng.randrange(4)
        if kind == 0:
            return str(rng.randint(2, 99))
        if kind == 1:
            return f"{rng.randint(1, 9)} mil {rng.randint(100, 999)}"
        if kind == 2:
            return f"{rng.randint(1, 9)},{rng.randint(100, 999)}"
        return str(rng.randint(100, 900))

    def _words(self, n, themes):
        """``n`` content words with stop words between them, as a list of tokens."""
        rng = self.rng
        general = rng.choices(GENERAL, cum_weights=self._general_cw, k=n)
        main, second = themes[0], themes[1] if len(themes) > 1 else None
        out = []
        for i in range(n):
            r = rng.random()
            if r < P_THEME:
                word = self._theme_word(main)
            elif r < P_THEME + P_SECOND and second:
                word = self._theme_word(second)
            elif r < P_THEME + P_SECOND + P_NUMBER:
                word = self._number()
            elif r < P_THEME + P_SECOND + P_NUMBER + P_RARE:
                word = rng.choice(RARE)
            else:
                word = general[i]
            out.append(word)
            if i < n - 1 and rng.random() < P_FUNCTION_WORD:
                out.append(rng.choices(self._function_words, cum_weights=self._function_cw)[0])
        return out

    def _sentence(self, themes):
        words = self._words(self.rng.randint(7, 14), themes)
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words) + "."

    def _mention(self, official, themes):
        """A sentence naming an official with their role, in one of the forms releases use."""
        rng = self.rng
        name, feminine, role, complement, _ = official
        article = "la" if feminine else "el"
        verb = rng.choice(SPEECH_VERBS)
        tail = " ".join(self._words(rng.randint(6, 11), themes))
        form = rng.randrange(3)
        if form == 0:  # el alcalde de Benito Juárez, Luis Mendoza Ríos, informó que …
            phrase = f"{article} {role} {complement}, {name}, {verb}"
        elif form == 1:  # la gobernadora Teresa Jiménez Lara anunció que …
            phrase = f"{article} {role} {name} {verb}"
        else:  # Teresa Jiménez Lara, gobernadora del estado de Aguascalientes, destacó que …
            return f"{name}, {role} {complement}, {verb} {tail}."
        intro = rng.choice(INTROS)
        if intro:
            return f"{intro} {phrase} {tail}."
        return f"{phrase[:1].upper()}{phrase[1:]} {tail}."

    def _title(self, themes, source):
        rng = self.rng
        length = rng.randint(8, 14)
        words = [rng.choice(HEADLINE_VERBS)]
        place = ["en", *source[2].split()] if rng.random() < 0.5 else []
        room = length - len(place)
        while len(words) < room:
            words.append(self._theme_word(themes[0]) if rng.random() < 0.5 else
                         rng.choices(GENERAL, cum_weights=self._general_cw)[0])
            if len(words) < room - 1 and rng.random() < 0.4:
                words.append(rng.choices(self._function_words, cum_weights=self._function_cw)[0])
        return " ".join(words + place)

    def release(self, number):
        """One release as a dict: the JSONL fields plus the truth the FTS5 tables get."""
        rng = self.rng
        day = date.fromordinal(rng.randint(FIRST_DAY.toordinal(), LAST_DAY.toordinal()))
        source_index = rng.randrange(len(SOURCES))
        source = SOURCES[source_index]
        themes = [rng.choice(self._labels)]
        if rng.random() < 0.4:
            themes.append(rng.choice([t for t in self._labels if t != themes[0]]))
        officials = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            pool = self._by_source[source_index] if rng.random() < 0.75 else OFFICIALS
            pick = rng.choice(pool)
            if pick not in officials:
                officials.append(pick)

        sentences = []
        if rng.random() < 0.5:
            dateline = f"{source[3]}, {day.day} de {MONTHS[day.month - 1]} de {day.year}.-"
            sentences.append(dateline + " " + self._sentence(themes))
        if rng.random() < 0.6:
            article, body_name = source[0], source[1]
            tail = " ".join(self._words(rng.randint(8, 14), themes))
            sentences.append(f"{article.capitalize()} {body_name} {rng.choice(SPEECH_VERBS)} {tail}.")
        mention_at = sorted(rng.sample(range(len(sentences), 18), len(officials)))
        target = rng.randint(370, 430)
        words = sum(len(s.split()) for s in sentences)
        while words < target or len(sentences) <= mention_at[-1]:
            if mention_at and len(sentences) in mention_at:
                official = officials[mention_at.index(len(sentences))]
                sentence = self._mention(official, themes)
            else:
                sentence = self._sentence(themes)
            sentences.append(sentence)
            words += len(sentence.split())
        paragraphs, start = [], 0
        while start < len(sentences):
            size = rng.randint(3, 4)
            paragraphs.append(" ".join(sentences[start : start + size]))
            start += size
        return {
            "id": f"bench-{number:06d}",
            "title": self._title(themes, source),
            "date": day.isoformat(),
            "body": "\n\n".join(paragraphs),
            "source": source[1],
            # Truth, not written to the JSONL: Hemeroteca must extract it itself.
            "officials": [o[0] for o in officials],
            "topics": themes,
        }


JSONL_FIELDS = ("id", "title", "date", "body", "source")


def write_corpus(path, releases):
    with open(path, "w", encoding="utf-8") as out:
        for r in releases:
            out.write(json.dumps({k: r[k] for k in JSONL_FIELDS}, ensure_ascii=False) + "\n")


def make_queries(count, rng):
    """``count`` distinct one- and two-word queries, mixing frequent and rare words.

    About 40% of the words come from the most frequent general words, 35% from
    the rest of the vocabulary and 25% from the rare list; a fifth of the
    queries are typed without accents. Distinct means distinct once folded.
    """
    frequent = list(dict.fromkeys(GENERAL[:50]))
    middle = list(dict.fromkeys(GENERAL[50:] + [w for words in THEMES.values() for w in words]))
    rare = list(dict.fromkeys(RARE))

    def word():
        r = rng.random()
        return rng.choice(frequent if r < 0.40 else middle if r < 0.75 else rare)

    queries, seen = [], set()
    for _ in range(count * 50):
        if len(queries) == count:
            break
        words = [word()] if rng.random() < 0.6 else [word(), word()]
        if len(set(words)) < len(words):
            continue
        q = " ".join(words)
        if rng.random() < 0.2:
            q = strip_accents(q)
        key = strip_accents(q)
        if key not in seen:
            seen.add(key)
            queries.append(q)
    if len(queries) < count:
        raise SystemExit(f"Only {len(queries)} distinct queries could be made; ask for fewer.")
    return queries


# ---------------------------------------------------------------------------
# SQLite FTS5: the same documents and the same per-query work.

FTS_SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize="unicode61 remove_diacritics 2");
CREATE TABLE meta (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, date TEXT,
                   year INTEGER, month TEXT, source TEXT);
CREATE TABLE doc_labels (doc INTEGER NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL);
CREATE INDEX doc_labels_doc ON doc_labels (doc, kind);
"""


def build_fts5(db_path, releases):
    """Index the releases with their truth metadata; returns seconds for inserts + commit.

    FTS5 gets officials and topics ready-made, while Hemeroteca's build time
    includes extracting them from the text: part of the build gap is that work.
    """
    con = sqlite3.connect(db_path)
    con.executescript(FTS_SCHEMA)
    started = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
            ((n, r["title"], r["body"]) for n, r in enumerate(releases, 1)),
        )
        con.executemany(
            "INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?)",
            ((n, r["id"], r["date"], int(r["date"][:4]), r["date"][:7], r["source"])
             for n, r in enumerate(releases, 1)),
        )
        con.executemany(
            "INSERT INTO doc_labels VALUES (?, ?, ?)",
            ((n, kind, label) for n, r in enumerate(releases, 1)
             for kind in ("official", "topic") for label in r[kind + "s"]),
        )
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def build_tantivy(index_dir, releases):
    """Index the releases' title and body with tantivy (one indexing thread); None without the ``bench`` extra.

    Its Spanish analyzer: simple tokenizer, lowercase, ASCII folding, Snowball's Spanish stemmer.
    """
    try:
        import tantivy
    except ImportError:
        return None
    shutil.rmtree(index_dir, ignore_errors=True)
    Path(index_dir).mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="es")
    builder.add_text_field("body", stored=True, tokenizer_name="es")
    builder.add_text_field("source", stored=True, tokenizer_name="raw")
    index = tantivy.Index(builder.build(), path=str(index_dir))
    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
                .filter(tantivy.Filter.ascii_fold()).filter(tantivy.Filter.stemmer("spanish")).build())
    index.register_tokenizer("es", analyzer)
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for r in releases:
        writer.add_document(tantivy.Document(id=str(r["id"]), title=r["title"], body=r["body"],
                                             source=r.get("source") or ""))
    writer.commit()
    writer.wait_merging_threads()
    return index


def cpu_seconds():
    """CPU time of this process and of its finished children (the extraction workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(build):
    """(result, wall seconds, CPU seconds) of ``build()``."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = build()
    return result, time.perf_counter() - wall, cpu_seconds() - cpu


def compare_builds(label, count, hemeroteca, fts5, tantivy_build):
    """Print each engine's build of the same ``count`` documents, and Hemeroteca's ratio to the others."""
    print(f"\nbuild of {label}: {count} documents, whole pipeline (extraction and statements included)")
    print(f"{'engine':<14}{'wall s':>9}{'rel/s':>9}{'CPU s':>9}{'CPU ms/rel':>12}{'MB':>8}")
    rows = [("hemeroteca", *hemeroteca), ("fts5", *fts5)]
    if tantivy_build is not None:
        rows.append(("tantivy", *tantivy_build))
    for name, wall, cpu, size in rows:
        print(f"{name:<14}{wall:>9.1f}{count / wall:>9.0f}{cpu:>9.1f}{cpu / count * 1000:>12.2f}{size / 1e6:>8.1f}")
    for name, wall, cpu, _ in rows[1:]:
        print(f"hemeroteca / {name}: {ratio(hemeroteca[0], wall)} wall, {ratio(hemeroteca[1], cpu)} CPU")
    if tantivy_build is None:
        print("tantivy: not installed (pip install -e '.[bench]')")


def fts_match(q):
    """The MATCH expression for words typed in a search box: each word quoted, all required."""
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in q.split())


class Fts5Search:
    """The FTS5 equivalent of ``Engine.search``: total, ten hits with snippets, five facets."""

    def __init__(self, db_path):
        self.con = sqlite3.connect(db_path, isolation_level=None)
        self.con.execute("PRAGMA temp_store = MEMORY")
        # The matching rowids, computed once per query and shared by the count and every facet.
        self.con.execute("CREATE TEMP TABLE matched (rowid INTEGER PRIMARY KEY)")

    def search(self, q):
        con = self.con
        match = fts_match(q)
        hits = con.execute(
            "SELECT docs.rowid, bm25(docs, 3.0, 1.0) AS score, docs.title,"
            " snippet(docs, 1, '<mark>', '</mark>', '…', 32), meta.id, meta.date, meta.source"
            " FROM docs JOIN meta ON meta.rowid = docs.rowid"
            f" WHERE docs MATCH ? ORDER BY score LIMIT {PER_PAGE}",
            (match,),
        ).fetchall()
        labels = []
        if hits:
            marks = ",".join("?" * len(hits))
            labels = con.execute(
                f"SELECT doc, kind, label FROM doc_labels WHERE doc IN ({marks})", [h[0] for h in hits]
            ).fetchall()
        con.execute("DELETE FROM matched")
        con.execute("INSERT INTO matched SELECT rowid FROM docs WHERE docs MATCH ?", (match,))
        total = con.execute("SELECT count(*) FROM matched").fetchone()[0]
        facets = {}
        for name in ("year", "month"):
            facets[name] = con.execute(
                f"SELECT meta.{name}, count(*) FROM matched JOIN meta ON meta.rowid = matched.rowid"
                f" GROUP BY meta.{name} ORDER BY meta.{name} DESC"
            ).fetchall()
        facets["source"] = con.execute(
            "SELECT meta.source, count(*) AS n FROM matched JOIN meta ON meta.rowid = matched.rowid"
            f" GROUP BY meta.source ORDER BY n DESC, meta.source LIMIT {FACET_SIZE}"
        ).fetchall()
        for kind in ("official", "topic"):
            facets[kind] = con.execute(
                "SELECT l.label, count(*) AS n FROM matched JOIN doc_labels AS l"
                " ON l.doc = matched.rowid AND l.kind = ?"
                f" GROUP BY l.label ORDER BY n DESC, l.label LIMIT {FACET_SIZE}",
                (kind,),
            ).fetchall()
        return {"total": total, "hits": hits, "labels": labels, "facets": facets}

    def close(self):
        self.con.close()


# ---------------------------------------------------------------------------
# Measuring and reporting


def percentile(values, fraction):
    """Linear-interpolated percentile of a non-empty list (``fraction`` in 0..1)."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * fraction
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(times_ms):
    return {"p50": percentile(times_ms, 0.5), "p95": percentile(times_ms, 0.95), "max": max(times_ms)}


def dir_size(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def open_engine(index_dir):
    """``Engine.open`` with any result cache off: a repeated query must be searched again, not recalled."""
    if "cache_size" in inspect.signature(Engine.open).parameters:
        return Engine.open(index_dir, cache_size=0, **no_deadline())
    return Engine.open(index_dir)


# The benchmark times every query to its end: on a loaded machine the site's deadline would cut some
# short (and stop the run), and a cut query is no timing.
BENCH_SEARCH_SECONDS = 600


def no_deadline():
    if "search_seconds" in inspect.signature(Engine.open).parameters:
        return {"search_seconds": BENCH_SEARCH_SECONDS}
    return {}


def code_version():
    """The checkout's commit, marked when files differ from it: timings belong to a version."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head} + uncommitted changes" if head and dirty else head or "unknown"


def load_average():
    """The 1-minute load average: on a shared machine, other work skews every timing."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"


def progress(message):
    print(message, file=sys.stderr, flush=True)


def extraction_check(engine, releases):
    """How far Hemeroteca's extracted officials and topics agree with the generated truth.

    Not timed; it tells whether the facets both engines count are alike.
    """
    truth = {r["id"]: r for r in releases}
    same_officials = same_topics = found_officials = 0
    for stored in engine.current().all_stored():
        r = truth.get(stored["id"])
        if r is None:
            continue
        names = {o["name"] for o in stored.get("officials") or []}
        found_officials += len(names)
        same_officials += names == set(r["officials"])
        same_topics += set(stored.get("topics") or []) == set(r["topics"])
    generated = sum(len(r["officials"]) for r in releases)
    return same_officials, same_topics, found_officials, generated


def print_profile(engine, queries):
    """Top functions by cumulative time over some Hemeroteca searches."""
    profiler = cProfile.Profile()
    profiler.enable()
    for q in queries:
        engine.search(SearchParams(q=q))
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    rows = sorted(stats.items(), key=lambda kv: -kv[1][3])[:25]
    print(f"\ncProfile of {len(queries)} Hemeroteca queries, by cumulative time:")
    print(f"{'cum ms':>9} {'own ms':>9} {'calls':>9}  function")
    for (filename, line, func), (_, calls, own, cum, _) in rows:
        where = "/".join(Path(filename).parts[-2:]) if filename != "~" else "builtin"
        print(f"{cum * 1000:9.1f} {own * 1000:9.1f} {calls:9d}  {func} ({where}:{line})")


def run(args, workdir):
    corpus_path = workdir / CORPUS_FILE
    index_dir = workdir / INDEX_DIR
    db_path = workdir / FTS_FILE
    reuse = args.reuse and index_dir.exists() and db_path.exists()
    if not reuse:
        shutil.rmtree(index_dir, ignore_errors=True)
        db_path.unlink(missing_ok=True)

    load_before = load_average()
    progress(f"Generating {args.docs} releases (seed {args.seed})…")
    generator = CorpusGenerator(args.seed)
    releases = [generator.release(n) for n in range(1, args.docs + 1)]
    if not reuse:
        write_corpus(corpus_path, releases)
    words = sum(len(r["body"].split()) for r in releases) / len(releases)
    queries = make_queries(args.queries, random.Random(args.seed + 1))
    if reuse:
        progress(f"Reusing the indexes in {workdir} (build figures not measured)")
        hem_build = fts_build = float("nan")
        hem_size, fts_size = dir_size(index_dir), db_path.stat().st_size
        return measure(args, index_dir, db_path, releases, queries, words, load_before,
                       hem_build, hem_size, fts_build, fts_size)

    progress("Indexing with Hemeroteca…")
    report, hem_build, hem_cpu = timed(lambda: build_index(index_dir, [corpus_path]))
    if not report.ok or report.indexed != args.docs:
        raise SystemExit(f"Hemeroteca indexed {report.indexed} of {args.docs}: {report.failures[:5]}")
    hem_size = dir_size(index_dir)
    print(f"hemeroteca build: {hem_build:.1f} s, {args.docs / hem_build:.0f} docs/s, "
          f"{hem_size / 1e6:.1f} MB on disk")

    progress("Indexing with SQLite FTS5…")
    _, fts_wall, fts_cpu = timed(lambda: build_fts5(db_path, releases))
    fts_build = fts_wall
    fts_size = db_path.stat().st_size
    print(f"fts5 build:       {fts_build:.1f} s, {args.docs / fts_build:.0f} docs/s, "
          f"{fts_size / 1e6:.1f} MB on disk")
    progress("Indexing with tantivy…")
    tantivy_dir = workdir / TANTIVY_DIR
    built, tv_wall, tv_cpu = timed(lambda: build_tantivy(tantivy_dir, releases))
    compare_builds(f"the synthetic corpus (seed {args.seed})", args.docs,
                   (hem_build, hem_cpu, hem_size), (fts_wall, fts_cpu, fts_size),
                   None if built is None else (tv_wall, tv_cpu, dir_size(tantivy_dir)))
    shutil.rmtree(tantivy_dir, ignore_errors=True)
    measure(args, index_dir, db_path, releases, queries, words, load_before,
            hem_build, hem_size, fts_build, fts_size)


def measure(args, index_dir, db_path, releases, queries, words, load_before,
            hem_build, hem_size, fts_build, fts_size):
    """Time the queries on both engines and print the table."""
    engine = open_engine(index_dir)
    fts = Fts5Search(db_path)
    try:
        same_officials, same_topics, found, generated = extraction_check(engine, releases)
        print(f"extraction vs truth: officials identical in {same_officials}/{args.docs} releases "
              f"({found} found, {generated} generated); topics identical in {same_topics}/{args.docs}")

        progress(f"Warm-up over {min(WARMUP_QUERIES, len(queries))} queries…")
        for q in queries[:WARMUP_QUERIES]:
            engine.search(SearchParams(q=q))
            fts.search(q)

        progress(f"Timing {len(queries)} queries on both engines, interleaved…")
        hem_ms, fts_ms, hem_hits, fts_hits, any_word = [], [], [], [], 0
        for q in queries:
            started = time.perf_counter()
            result = engine.search(SearchParams(q=q))
            hem_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            found_fts = fts.search(q)
            fts_ms.append((time.perf_counter() - started) * 1000)
            hem_hits.append(result["total"])
            any_word += result.get("mode") == "any"
            fts_hits.append(found_fts["total"])

        progress("Second Hemeroteca pass…")
        hem2_ms = []
        for q in queries:
            started = time.perf_counter()
            engine.search(SearchParams(q=q))
            hem2_ms.append((time.perf_counter() - started) * 1000)

        progress("Repeated queries with the result cache on…")
        cached_engine = Engine.open(index_dir, **no_deadline())
        for q in queries:
            cached_engine.search(SearchParams(q=q))
        cached_ms = []
        for q in queries:
            started = time.perf_counter()
            cached_engine.search(SearchParams(q=q))
            cached_ms.append((time.perf_counter() - started) * 1000)
        cached_engine.close()

        if args.profile:
            print_profile(engine, queries[: args.profile])
    finally:
        fts.close()
        engine.close()

    hem, fts_s, hem2, cached = summary(hem_ms), summary(fts_ms), summary(hem2_ms), summary(cached_ms)
    zero = sum(1 for n in hem_hits if n == 0), sum(1 for n in fts_hits if n == 0)
    print()
    print(f"Hemeroteca vs SQLite FTS5 (sqlite {sqlite3.sqlite_version}) — "
          f"{datetime.now().isoformat(sep=' ', timespec='minutes')}")
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
          f"os.cpu_count()={os.cpu_count()}, load average {load_before} at start, {load_average()} at end")
    print(f"Code {code_version()}")
    print(f"N={args.docs} releases (~{words:.0f} words each), {len(queries)} queries, seed {args.seed}")
    print()
    print(f"{'build':<22}{'seconds':>9}{'docs/s':>9}{'MB':>8}")
    print(f"{'hemeroteca':<22}{hem_build:>9.1f}{args.docs / hem_build:>9.0f}{hem_size / 1e6:>8.1f}")
    print(f"{'fts5':<22}{fts_build:>9.1f}{args.docs / fts_build:>9.0f}{fts_size / 1e6:>8.1f}")
    print()
    print(f"{'query (ms)':<22}{'p50':>9}{'p95':>9}{'max':>9}{'mean hits':>11}{'0 hits':>8}")
    print(f"{'hemeroteca':<22}{hem['p50']:>9.1f}{hem['p95']:>9.1f}{hem['max']:>9.1f}"
          f"{sum(hem_hits) / len(hem_hits):>11.1f}{zero[0]:>8}")
    print(f"{'fts5':<22}{fts_s['p50']:>9.1f}{fts_s['p95']:>9.1f}{fts_s['max']:>9.1f}"
          f"{sum(fts_hits) / len(fts_hits):>11.1f}{zero[1]:>8}")
    print(f"{'hemeroteca 2nd pass':<22}{hem2['p50']:>9.1f}{hem2['p95']:>9.1f}{hem2['max']:>9.1f}")
    print(f"{'hemeroteca cached':<22}{cached['p50']:>9.1f}{cached['p95']:>9.1f}{cached['max']:>9.1f}"
          "   (the same queries again, result cache on)")
    print(f"{'hemeroteca / fts5':<22}{ratio(hem['p50'], fts_s['p50']):>9}{ratio(hem['p95'], fts_s['p95']):>9}")
    if any_word:
        # Those totals count releases with any of the words, so they inflate the mean above.
        print(f"hemeroteca answered {any_word} of {len(queries)} queries with its any-word fallback")


def archive_sample(path, limit, workdir):
    """The archive itself, or its first ``limit`` lines copied into the work dir."""
    if not limit:
        return Path(path)
    sample = workdir / ARCHIVE_FILE
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as source, gzip.open(sample, "wt", encoding="utf-8") as out:
        for n, line in enumerate(source):
            if n == limit:
                break
            out.write(line)
    return sample


def run_archive(args, workdir):
    """The build comparison on a real archive: the same documents for the three engines."""
    path = archive_sample(args.archive, args.archive_limit, workdir)
    records = [r for r in reader_for(path).read(path) if isinstance(r, dict)]
    for n, r in enumerate(records):
        r.setdefault("id", r.get("path") or str(n))
    index_dir, db_path, tantivy_dir = workdir / ARCHIVE_INDEX_DIR, workdir / ARCHIVE_FTS_FILE, workdir / ARCHIVE_TANTIVY_DIR
    shutil.rmtree(index_dir, ignore_errors=True)
    db_path.unlink(missing_ok=True)
    progress(f"Indexing {len(records)} archive documents with Hemeroteca…")
    report, hem_wall, hem_cpu = timed(lambda: build_index(index_dir, [path], fresh=True))
    if report.failures:
        print(f"hemeroteca: {len(report.failures)} failures on the archive, first: {report.failures[:3]}")
    progress("… with SQLite FTS5…")
    fts_records = [{**r, "date": str(r.get("date") or "0000-00-00"), "source": r.get("source") or "",
                    "officials": [], "topics": []} for r in records]
    _, fts_wall, fts_cpu = timed(lambda: build_fts5(db_path, fts_records))
    progress("… with tantivy…")
    built, tv_wall, tv_cpu = timed(lambda: build_tantivy(tantivy_dir, records))
    compare_builds(f"the archive {Path(args.archive).name}" + (f" (first {args.archive_limit})" if args.archive_limit else ""),
                   report.indexed, (hem_wall, hem_cpu, dir_size(index_dir)), (fts_wall, fts_cpu, db_path.stat().st_size),
                   None if built is None else (tv_wall, tv_cpu, dir_size(tantivy_dir)))
    for leftover in (index_dir, tantivy_dir):
        shutil.rmtree(leftover, ignore_errors=True)
    db_path.unlink(missing_ok=True)
    if args.archive_limit:
        path.unlink(missing_ok=True)


def ratio(a, b):
    return f"{a / b:.1f}x" if b > 0 else "n/a"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, help="synthetic releases to generate")
    parser.add_argument("--queries", type=int, default=200, help="distinct queries to time")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="where to write the corpus and indexes (a temp dir by default)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and indexes afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="with --workdir: time the queries on indexes a kept run left there, without rebuilding (with --keep too, or they are deleted at the end)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile N Hemeroteca queries with cProfile")
    parser.add_argument("--archive", type=Path, metavar="FILE",
                        help="also compare the builds on a real archive (JSON Lines, gzipped or not)")
    parser.add_argument("--archive-limit", type=int, default=0, metavar="N",
                        help="with --archive: only its first N documents")
    args = parser.parse_args(argv)
    if args.docs is None and args.archive is None:
        parser.error("give --docs, --archive or both")
    if args.docs is not None and args.docs < 1 or args.queries < 1:
        parser.error("--docs and --queries must be at least 1")
    if args.archive is not None and not args.archive.is_file():
        parser.error(f"{args.archive}: no such file")
    return args


def main(argv=None):
    args = parse_args(argv)
    own_dir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="hemeroteca-bench-")) if own_dir else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        if args.docs:
            run(args, workdir)
        if args.archive:
            run_archive(args, workdir)
    finally:
        if args.keep:
            progress(f"Kept corpus and indexes in {workdir}")
        elif own_dir:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            # A directory the user chose may hold other things: remove only ours.
            shutil.rmtree(workdir / INDEX_DIR, ignore_errors=True)
            (workdir / CORPUS_FILE).unlink(missing_ok=True)
            (workdir / FTS_FILE).unlink(missing_ok=True)
            shutil.rmtree(workdir / TANTIVY_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
