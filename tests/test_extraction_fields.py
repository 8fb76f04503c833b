"""Places, organisations, document types and boilerplate, and their facets in a real index."""

import contextlib
from pathlib import Path

import pytest

from index.doctypes import doc_type_of
from index.organizations import extract_organizations
from index.places import extract_places
from index.sources.text import parse
from index.writer import build_index
from search.engine import Engine
from search.params import SearchParams

SET = Path(__file__).parent / "extraction"


def test_a_word_like_colonias_introduces_each_place_of_its_list():
    text = "Habrá cortes en las colonias Albert, Mixcoac y Portales, y en las comisarías de Cholul y Caucel."
    assert extract_places(text) == ["Albert", "Mixcoac", "Portales", "Cholul", "Caucel"]


def test_states_alcaldias_and_cities_are_known_by_name_and_abbreviation():
    text = "Monterrey, N.L., 7 de mayo de 2025.- Brigadas de Iztapalapa y de Zapopan llegaron."
    assert extract_places(text) == ["Monterrey", "Nuevo León", "Iztapalapa", "Zapopan"]


def test_streets_people_and_countries_are_not_places():
    text = ("El desfile irá por la avenida Miguel Ángel de Quevedo y el Jardín Hidalgo; el presidente Benito "
            "Juárez es recordado. Llegaron familias de comunidades de Estados Unidos.")
    assert extract_places(text) == []


def test_a_name_that_is_also_a_person_counts_after_a_cue():
    assert extract_places("Vecinos de la alcaldía Benito Juárez y de Iztapalapa y Gustavo A. Madero.") == [
        "Benito Juárez", "Iztapalapa", "Gustavo A. Madero"]


def test_bodies_by_full_name_initials_and_the_release_own_definitions():
    text = ("El Consejo Estatal para el Fomento Deportivo (CODE Jalisco) y la SSC trabajaron con el INEGI. "
            "El CODE Jalisco informó que la Secretaría de Seguridad Ciudadana de la Ciudad de México apoyó.")
    assert extract_organizations(text) == ["Consejo Estatal para el Fomento Deportivo", "Secretaría de Seguridad Ciudadana",
                                           "INEGI"]


def test_governments_of_places_and_business_councils_are_not_organizations():
    text = ("El Gobierno de Jalisco, la Alcaldía Coyoacán y el Ayuntamiento de Mérida se reunieron con el "
            "Consejo Coordinador Empresarial.")
    assert extract_organizations(text) == []


def test_one_body_written_two_ways_is_one_organization():
    text = "El Congreso de Querétaro aprobó la reforma. El Pleno del Congreso del Estado de Querétaro votó."
    assert extract_organizations(text) == ["Congreso del Estado de Querétaro"]


@pytest.mark.parametrize(
    "title, body, url, expected",
    [
        ("Aviso: cierres viales en el centro", "El Ayuntamiento informa…", None, "Aviso"),
        ("Versión estenográfica de la conferencia de prensa", "GOBERNADOR: Buenos días.", None, "Versión estenográfica"),
        ("Detienen a ocho personas", "BOLETÍN 112/2026\n\nCiudad de México…", None, "Boletín"),
        ("Inicia la Línea 14", "La jefa de Gobierno…", "https://ejemplo.gob.mx/comunicados/2026/04/linea-14", "Comunicado"),
        ("Avisan a vecinos del corte de agua", "El Sistema de Aguas avisó…", "https://ejemplo.gob.mx/noticias/1", None),
        ("Comunicado conjunto SEP–Gobierno de Jalisco", "La SEP y el Gobierno…", None, "Comunicado conjunto"),
        ("Declaración conjunta de los gobiernos de México y Canadá", "Ambos gobiernos…", None, "Comunicado conjunto"),
        ("Remarks by the President of Mexico at the Summit", "Thank you…", None, "Discurso"),
        ("Agenda oficial del presidente, 3 de marzo", "10:00 Conferencia…", None, "Agenda"),
        ("Mensaje a la nación", "Buenas noches.", None, "Mensaje"),
        # No word of the title says it, but the body is laid out in turns of several speakers.
        ("Diálogo con la comunidad de Tlaxiaco", "PRESIDENTE: Buenas tardes.\nINTERLOCUTORA: Gracias.\n"
         "PRESIDENTE: Adelante.", None, "Versión estenográfica"),
        # One speaker quoted in capitals is no transcript.
        ("Inauguran hospital", "GOBERNADOR: inauguramos hoy.\nEl hospital atiende…\nGOBERNADOR: gracias.\n"
         "GOBERNADOR: adiós.", None, None),
    ],
)
def test_the_document_type_is_taken_only_where_the_source_or_its_layout_states_it(title, body, url, expected):
    assert doc_type_of(title, body, url) == expected


def test_end_marks_share_blocks_and_tags_do_not_enter_the_body():
    text = ("Título del comunicado\n\nEne 13, 2026\n\nPrimer párrafo del comunicado.\n\nÚltimo párrafo.\n\n-o0o-\n\n"
            "Coordinación de Comunicación Social\nTel. 55 1234 5678\n")
    assert parse(text)["body"] == "Primer párrafo del comunicado.\n\nÚltimo párrafo."
    shared = "Título\n\nEne 13, 2026\n\nEl texto.\n\nCompartir:\nFacebook\nX\n\nEtiquetas: obras, agua\n"
    assert parse(shared)["body"] == "El texto."


@pytest.fixture(scope="module")
def annotated_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("annotated-index")
    report = build_index(path, [SET / "releases"])
    assert report.ok, report.failures
    with contextlib.closing(Engine.open(path)) as engine:
        yield engine


def test_places_organizations_and_types_are_facets_and_filters(annotated_index):
    result = annotated_index.search(SearchParams(per_page=100))
    facets = {name: {f["label"]: f["count"] for f in values} for name, values in result["facets"].items()}
    assert facets["place"]["Coyoacán"] == 5
    assert facets["organization"]["C5"] == 3
    assert annotated_index.search(SearchParams(organization=("inegi",)))["hits"][0]["title"].endswith("según el INEGI")
    assert facets["type"]["Aviso"] == 2
    avisos = annotated_index.search(SearchParams(type=("aviso",), per_page=100))
    assert {h["title"].split(":")[0] for h in avisos["hits"]} == {"Aviso", "Aviso a la población"}
    in_coyoacan = annotated_index.search(SearchParams(place=("coyoacan",), per_page=100))
    assert in_coyoacan["total"] == 5 and all("Coyoacán" in [p["label"] for p in h["places"]] for h in in_coyoacan["hits"])
