"""Who said what in a release: quotes, reported speech and transcript turns, each with its speaker."""

import textwrap
from datetime import date
from pathlib import Path

import pytest

from index.extract import to_release
from index.registry import Registry
from index.statements import extract_statements
from index.turns import split_label
from index.topics import Taxonomy
from search.statements import CITIZEN, DIRECT, INSTITUTION, OFFICIAL, PRESS, QUESTION, REPORTED, TURN, UNNAMED

REGISTRY_TOML = """
[[official]]
name = "Andrés Solís Barragán"
terms = [{ role = "presidente municipal", body = "Ayuntamiento de Puebla", from = 2024-10-15, to = 2027-10-14 }]

[[official]]
name = "Raúl Medina Ochoa"
terms = [{ role = "presidente municipal", body = "Ayuntamiento de Puebla", from = 2021-10-15, to = 2024-10-14 }]
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = tmp_path_factory.mktemp("registry") / "officials.toml"
    path.write_text(REGISTRY_TOML, encoding="utf-8")
    return Registry.load(path)


@pytest.fixture(scope="module")
def taxonomy():
    return Taxonomy.load()


@pytest.fixture
def said(registry, taxonomy):
    """``said(body, title=…, when=…)`` → the release's statements as (kind, text, speaker, type)."""

    def extract(body, title="Comunicado", when=date(2026, 3, 3), source="Ayuntamiento de Puebla"):
        record = {"title": title, "body": textwrap.dedent(body).strip(), "date": when.isoformat(), "source": source}
        release = to_release(record, taxonomy, registry)
        statements = extract_statements(release, registry, taxonomy)
        for s in statements:
            # Every statement points at its words in the body.
            assert release.body[s.start:s.end] == s.text
        return [(s.kind, s.text, s.speaker, s.speaker_type) for s in statements]

    return extract


def test_a_quote_goes_to_the_official_named_after_it(said):
    found = said("“Vamos a rehacer las calles completas, no a tapar baches”, afirmó el presidente municipal "
                 "Andrés Solís Barragán.")
    assert found == [(DIRECT, "Vamos a rehacer las calles completas, no a tapar baches", "Andrés Solís Barragán",
                      OFFICIAL)]


def test_a_quote_with_no_subject_goes_to_the_person_the_text_spoke_of_last(said):
    found = said("La regidora Patricia Salas Quiroga recorrió el mercado con los locatarios. "
                 "“Sin mantenimiento no hay mercado que aguante”, dijo.")
    assert found == [(DIRECT, "Sin mantenimiento no hay mercado que aguante", "Patricia Salas Quiroga", OFFICIAL)]


def test_a_quote_with_no_subject_looks_back_over_paragraphs_to_the_latest_person_named(said):
    # Who a paragraph names is read only when a statement looks back that far: the nearest one still wins.
    found = said("""
        La regidora Patricia Salas Quiroga recorrió el mercado con los locatarios.

        El presidente municipal Andrés Solís Barragán inauguró después la nueva techumbre del mercado.

        La obra costó 4 millones de pesos y se terminó en seis semanas.

        “Sin mantenimiento no hay mercado que aguante”, dijo.
    """)
    assert found == [(DIRECT, "Sin mantenimiento no hay mercado que aguante", "Andrés Solís Barragán", OFFICIAL)]


def test_a_role_written_alone_is_whoever_held_it_on_the_release_date(said):
    body = "“Hoy el mercado es seguro y digno”, señaló el presidente municipal durante la entrega."
    assert said(body, when=date(2026, 5, 16))[0][2] == "Andrés Solís Barragán"
    assert said(body, when=date(2023, 5, 16))[0][2] == "Raúl Medina Ochoa"


def test_reported_speech_runs_to_the_end_of_the_sentence_or_to_the_next_verb(said):
    found = said("El alcalde Ernesto Villarreal Cantú informó que se invirtieron 38 millones de pesos y que la obra "
                 "terminará en abril, y pidió paciencia a los vecinos. Añadió que habrá vigilancia nocturna.")
    assert found == [
        (REPORTED, "se invirtieron 38 millones de pesos y que la obra terminará en abril", "Ernesto Villarreal Cantú",
         OFFICIAL),
        (REPORTED, "habrá vigilancia nocturna", "Ernesto Villarreal Cantú", OFFICIAL),
    ]


def test_according_to_an_official_is_reported_speech_but_according_to_data_is_not(said):
    found = said("De acuerdo con la tesorera municipal, Laura Garza Elizondo, el 40 por ciento del gasto irá a "
                 "seguridad.\n\nSegún datos del censo, la ciudad creció 8 por ciento.\n\n"
                 "Se informó que los trabajos serán nocturnos.")
    assert found == [(REPORTED, "el 40 por ciento del gasto irá a seguridad", "Laura Garza Elizondo", OFFICIAL)]


def test_a_citizen_quoted_is_kept_as_a_citizen_never_as_an_official(said):
    found = said("La alcaldesa Noemí Arreola Vidal entregó la obra. Rosa Hernández, vecina de la colonia Centro, "
                 "contó que antes se inundaba su calle. “Ahora por fin podemos caminar”, dijo.\n\n"
                 "“Ya era hora de que arreglaran la calle”, comentó una vecina.")
    assert [(kind, speaker, kind_of) for kind, _, speaker, kind_of in found] == [
        (REPORTED, "Rosa Hernández", CITIZEN), (DIRECT, "Rosa Hernández", CITIZEN), (DIRECT, "una vecina", CITIZEN)]


def test_nested_quotes_stay_inside_the_statement(said):
    found = said("La gobernadora Leticia Campos Urrutia afirmó: «Cuando me dijeron “no alcanza el dinero”, "
                 "respondí que alcanza si no se lo roban».")
    assert found == [(DIRECT, "Cuando me dijeron “no alcanza el dinero”, respondí que alcanza si no se lo roban",
                      "Leticia Campos Urrutia", OFFICIAL)]


def test_names_of_programmes_and_words_in_quotes_are_not_statements(said):
    found = said("El Ayuntamiento presentó el programa “Calles Dignas 2026” y nombró “guardianes del agua” a los "
                 "voluntarios.")
    assert found == []


def test_two_officials_in_one_paragraph_each_keep_their_words(said):
    found = said("“No podemos permitir que se repita”, afirmó la alcaldesa Noemí Arreola Vidal. Por su parte, el "
                 "director de Obras, Julián Cortés Rangel, explicó que se construirán 14 pozos. “Cada pozo capta "
                 "200 mil litros”, señaló.")
    assert [(text[:12], speaker) for _, text, speaker, _ in found] == [
        ("No podemos p", "Noemí Arreola Vidal"), ("se construir", "Julián Cortés Rangel"),
        ("Cada pozo ca", "Julián Cortés Rangel")]


def test_a_quote_inside_reported_speech_belongs_to_it(said):
    found = said("Vecinos de San Jerónimo aseguraron que la zona era conocida como \"la boca del lobo\" por su "
                 "oscuridad.")
    assert found == [(REPORTED, "la zona era conocida como \"la boca del lobo\" por su oscuridad", "vecinos",
                      CITIZEN)]


def test_the_release_voice_of_an_institution_is_not_an_officials(said):
    found = said("La dependencia informó que los módulos visitarán 85 comunidades.")
    assert found == [(REPORTED, "los módulos visitarán 85 comunidades", "Ayuntamiento de Puebla", INSTITUTION)]


TRANSCRIPT = """\
MODERADORA
Damos inicio a la conferencia.
---
ALCALDESA DE TLALPAN, NOEMÍ ARREOLA VIDAL
Concluyó la primera etapa de las obras contra inundaciones.
---
PREGUNTA
Alcaldesa, ¿cuánto costaron los pozos?
---
NOEMÍ ARREOLA VIDAL
Costaron 42 millones de pesos.
---
INTERLOCUTOR
¿Y los cortes de agua?
---
ASISTENTES
(Aplausos)
---
VECINA DE LA COLONIA CENTRO, ROSA ELENA MÁRQUEZ
Con las obras ya no se inunda mi calle.
"""


def test_every_turn_of_a_transcript_is_a_statement_and_questions_stay_with_the_press(said):
    found = said(TRANSCRIPT, title="Versión estenográfica de la conferencia de prensa", source="Alcaldía Tlalpan")
    assert [(kind, speaker, kind_of) for kind, _, speaker, kind_of in found] == [
        (TURN, "Moderadora", UNNAMED),
        (TURN, "Noemí Arreola Vidal", OFFICIAL),
        (QUESTION, "Pregunta", PRESS),
        # A label with the name alone is the official another label named with her role.
        (TURN, "Noemí Arreola Vidal", OFFICIAL),
        (QUESTION, "Interlocutor", PRESS),
        (TURN, "Rosa Elena Márquez", CITIZEN),
    ]
    assert found[1][1] == "Concluyó la primera etapa de las obras contra inundaciones."


def test_speaker_labels_before_a_colon_open_turns_too(said):
    body = ("GOBERNADOR ERNESTO CARRILLO NAVARRO: Buenos días a todos.\n\n"
            "REPORTERA: ¿Cuándo abren los hospitales?\n\n"
            "GOBERNADOR ERNESTO CARRILLO NAVARRO: El lunes.")
    found = said(body, title="Versión estenográfica de la rueda de prensa", source="Gobierno de Jalisco")
    assert [(kind, text, speaker) for kind, text, speaker, _ in found] == [
        (TURN, "Buenos días a todos.", "Ernesto Carrillo Navarro"),
        (QUESTION, "¿Cuándo abren los hospitales?", "Reportera"),
        (TURN, "El lunes.", "Ernesto Carrillo Navarro")]


def test_a_speech_opened_by_its_one_speakers_label_is_that_officials_turn(said):
    body = ("PRESIDENTA MUNICIPAL, LETICIA CAMPOS URRUTIA\n"
            "Amigas y amigos, hoy abrimos el mercado.\n\n"
            "Es de ustedes, lo construimos juntos.")
    found = said(body, title="Palabras en la inauguración del mercado", source="Ayuntamiento de Puebla")
    assert [(kind, speaker, kind_of) for kind, _, speaker, kind_of in found] == [
        (TURN, "Leticia Campos Urrutia", OFFICIAL), (TURN, "Leticia Campos Urrutia", OFFICIAL)]


def test_a_release_opened_by_a_line_in_capitals_is_no_transcript(said):
    body = ("AYUNTAMIENTO DE PUEBLA, BOLETÍN 45\n"
            "El mercado abrió hoy sus puertas.")
    assert all(kind != TURN for kind, *_ in said(body, title="Abre el mercado"))


def test_a_speech_is_one_statement_of_the_official_its_title_names(said):
    found = said("Amigas y amigos: decía Juárez: ‘nada por la fuerza, todo por la razón’. Hoy cumplimos.",
                 title="Mensaje de la gobernadora Leticia Campos Urrutia en el aniversario de la ciudad")
    assert found == [(TURN, "Amigas y amigos: decía Juárez: ‘nada por la fuerza, todo por la razón’. Hoy cumplimos.",
                      "Leticia Campos Urrutia", OFFICIAL)]


def test_the_demo_corpus_quotes_its_officials(registry, taxonomy):
    corpus = Path(__file__).parent.parent / "index" / "demo_corpus" / "texto"
    record = {"title": "Arranca en Benito Juárez “Árbol por Árbol tu Ciudad Reverdece 2026”",
              "body": (corpus / "benito-juarez-2026-03-05-arbol-por-arbol.txt").read_text(encoding="utf-8"),
              "date": "2026-03-05"}
    statements = extract_statements(to_release(record, taxonomy, registry), registry, taxonomy)
    by_speaker = {(s.speaker, s.kind) for s in statements}
    assert ("Luis Mendoza", DIRECT) in by_speaker and ("Carla Mendoza Ríos", DIRECT) in by_speaker
    assert [s.position for s in statements] == list(range(1, len(statements) + 1))


@pytest.mark.parametrize("label, name, role", [
    ("COORDINADORA ESTATAL DE BECAS PARA EL BIENESTAR ANA LUCÍA TORRES VEGA", "ANA LUCÍA TORRES VEGA",
     "COORDINADORA ESTATAL DE BECAS PARA EL BIENESTAR"),
    ("SUBSECRETARIO DE PREVENCIÓN DE LA SALUD RAMIRO OCHOA PAZ", "RAMIRO OCHOA PAZ",
     "SUBSECRETARIO DE PREVENCIÓN DE LA SALUD"),
    ("TOMÁS AGUIRRE LOMELÍ DIRECTOR DE MEDIO AMBIENTE", "TOMÁS AGUIRRE LOMELÍ", "DIRECTOR DE MEDIO AMBIENTE"),
    ("LETICIA CAMPOS URRUTIA. GOBERNADORA DE QUERÉTARO", "LETICIA CAMPOS URRUTIA", "GOBERNADORA DE QUERÉTARO"),
    ("SECRETARIA DE SALUD", "", "SECRETARIA DE SALUD"),
])
def test_a_speaker_label_splits_into_name_and_role_however_it_is_written(label, name, role):
    assert split_label(label) == (name, role)
