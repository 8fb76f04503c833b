"""Behaviour of the saved-HTML reader, as a person searching the releases would notice it."""

from __future__ import annotations

import gzip
import pathlib

import pytest

from index.sources.html import read

CORPUS = pathlib.Path(__file__).parent / "corpus" / "html"

BOILERPLATE = [
    "Todos los derechos reservados",
    "Inicio",
    "Compartir",
    "Facebook",
    "Saltar al contenido",
]


def record(name: str) -> dict:
    records = list(read(CORPUS / name))
    assert len(records) == 1
    return records[0]


def record_from(tmp_path: pathlib.Path, content: str | bytes, name: str = "page.html") -> dict:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    records = list(read(path))
    assert len(records) == 1
    return records[0]


def assert_no_boilerplate(body: str) -> None:
    for text in BOILERPLATE:
        assert text not in body


# --- A ministry page: Open Graph metadata and an <article> -------------------


def test_title_comes_from_open_graph_without_site_suffix():
    assert record("ministerio_meta_article.html")["title"] == (
        "El Gobierno aprueba el Plan Nacional de Agua 2024-2030"
    )


def test_published_time_metadata_is_returned_as_is():
    rec = record("ministerio_meta_article.html")
    assert rec["date"] == "2024-03-14T10:30:00-03:00"
    assert rec["date_text"] is None


def test_release_paragraphs_are_in_the_body_with_entities_decoded():
    body = record("ministerio_meta_article.html")["body"]
    assert body.startswith("El Consejo de Ministros aprobó este jueves el Plan Nacional de Agua")
    assert "3.200 millones de pesos" in body
    assert '"Es la mayor inversión en infraestructura hídrica' in body
    assert "Carmen López" in body
    assert "&" not in body
    assert "portal de transparencia." in body


def test_subheadings_and_list_items_are_their_own_paragraphs():
    paragraphs = record("ministerio_meta_article.html")["body"].split("\n\n")
    assert "Principales medidas" in paragraphs
    assert "Creación de un observatorio nacional de sequías." in paragraphs
    assert (
        "Modernización de los sistemas de riego para reducir un 30 % el consumo agrícola."
        in paragraphs
    )


def test_title_is_not_repeated_as_the_first_paragraph():
    rec = record("ministerio_meta_article.html")
    assert rec["title"] not in rec["body"]


def test_menus_share_buttons_tags_and_footer_are_not_part_of_the_body():
    body = record("ministerio_meta_article.html")["body"]
    assert_no_boilerplate(body)
    for text in ["Sala de Prensa", "Trámites y Servicios", "WhatsApp", "Etiquetas", "Av. Libertador"]:
        assert text not in body


def test_related_news_headlines_are_not_part_of_the_body():
    body = record("ministerio_meta_article.html")["body"]
    assert "Noticias relacionadas" not in body
    assert "planta desaladora" not in body
    assert "Campaña nacional de ahorro de agua" not in body


def test_visible_date_line_is_not_left_in_the_body():
    assert "14 de marzo de 2024" not in record("ministerio_meta_article.html")["body"]


def test_canonical_url_and_site_name_are_reported():
    rec = record("ministerio_meta_article.html")
    assert rec["url"] == "https://www.medioambiente.gob.example/prensa/plan-nacional-agua"
    assert rec["source"] == "Ministerio de Medio Ambiente"
    assert rec["path"] == str(CORPUS / "ministerio_meta_article.html")


# --- A health department page: only a <time datetime> -----------------------


def test_time_in_the_article_wins_over_times_in_the_sidebar():
    rec = record("secretaria_time_only.html")
    assert rec["date"] == "2024-04-08T09:00:00-06:00"
    assert rec["date_text"] is None


def test_title_comes_from_the_article_heading():
    assert record("secretaria_time_only.html")["title"] == (
        "Inicia la campaña de vacunación contra la influenza"
    )


def test_sidebar_headlines_are_not_part_of_the_body():
    body = record("secretaria_time_only.html")["body"]
    assert "vigilancia del dengue" not in body
    assert "Nuevo hospital regional" not in body
    assert "Últimos comunicados" not in body
    assert_no_boilerplate(body)


def test_body_keeps_questions_asked_as_subheadings():
    body = record("secretaria_time_only.html")["body"]
    assert "\n\n¿Quiénes deben vacunarse?\n\n" in body
    assert body.startswith("La Secretaría de Salud dio inicio")
    assert "Publicado el" not in body


def test_site_name_after_the_title_in_the_title_tag_is_the_source():
    rec = record("secretaria_time_only.html")
    assert rec["source"] == "Secretaría de Salud"
    assert rec["url"] is None


def test_site_name_before_the_title_in_the_title_tag_is_the_source():
    assert record("gobernacion_div_content.html")["source"] == "Gobernación"


def test_missing_source_is_none(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><title>Reunión bilateral España - Francia</title></head><body>"
        "<p>Los cancilleres de ambos países se reunieron para revisar la agenda común.</p></body></html>",
    )
    assert rec["source"] is None
    assert rec["url"] is None


# --- A WordPress-style page: JSON-LD @graph, no Open Graph title ------------


def test_json_ld_graph_gives_the_article_date_and_publisher():
    rec = record("presidencia_jsonld_graph.html")
    # The NewsArticle's date, not the WebPage's UTC copy.
    assert rec["date"] == "2024-02-21T13:05:12-03:00"
    assert rec["source"] == "Presidencia de la Nación"
    assert rec["url"] == "https://www.presidencia.gob.example/2024/02/acuerdo-federal-educacion-tecnica/"


def test_main_element_body_excludes_sharing_related_posts_and_widgets():
    rec = record("presidencia_jsonld_graph.html")
    assert rec["title"] == "Acuerdo federal para la educación técnica"
    body = rec["body"]
    assert body.startswith("El Presidente firmó hoy junto a los 24 gobernadores")
    assert "pasantías en empresas y organismos públicos." in body
    for text in ["Compartir esto", "Imprimir", "Relacionado", "12 escuelas técnicas",
                 "Entradas recientes", "Reunión de gabinete", "Agenda", "Discursos"]:
        assert text not in body
    assert_no_boilerplate(body)


# --- An older provincial page: div.content next to a sidebar ----------------


def test_content_div_is_found_without_article_or_main():
    rec = record("gobernacion_div_content.html")
    assert rec["title"] == "Entregan 120 viviendas sociales en Villa Esperanza"
    assert rec["body"].startswith("El gobernador encabezó este martes la entrega de 120 viviendas")
    assert "otras 300 viviendas" in rec["body"]


def test_sidebar_with_unlinked_teaser_is_not_part_of_the_body():
    body = record("gobernacion_div_content.html")["body"]
    assert "temporada de pesca" not in body
    assert "Dirección de Fauna" not in body
    assert "donación de sangre" not in body
    assert "Otras noticias" not in body
    assert "Casa de Gobierno" not in body
    assert_no_boilerplate(body)


def test_published_line_is_offered_as_date_text_when_no_machine_date():
    rec = record("gobernacion_div_content.html")
    assert rec["date"] is None
    assert rec["date_text"] == "Publicado el 5 de marzo de 2024"
    assert "Publicado el" not in rec["body"]


# --- A windows-1252 page -----------------------------------------------------


def test_windows_1252_page_keeps_accents_quotes_and_euro_sign():
    rec = record("alcaldia_cp1252.html")
    assert rec["title"] == "Cierre temporal del Puente Viejo por obras"
    body = rec["body"]
    assert "permanecerá cerrado al tránsito vehicular" in body
    assert "1,20 € según la tarifa" in body
    assert "“Pedimos comprensión a los vecinos" in body
    assert "Íñigo Peña" in body
    assert "\ufffd" not in body


def test_date_class_element_is_offered_as_date_text():
    rec = record("alcaldia_cp1252.html")
    assert rec["date"] is None
    assert rec["date_text"] == "Miércoles, 17 de enero de 2024"


def test_old_page_menu_and_footer_divs_are_not_part_of_the_body():
    body = record("alcaldia_cp1252.html")["body"]
    assert "La Alcaldía ·" not in body
    assert "Servicios" not in body
    assert_no_boilerplate(body)


# --- Pages that cannot be indexed --------------------------------------------


def test_page_without_title_or_text_raises_value_error_naming_the_file():
    path = CORPUS / "broken_empty.html"
    with pytest.raises(ValueError, match="broken_empty.html"):
        list(read(path))


def test_binary_file_saved_as_html_raises_value_error(tmp_path):
    path = tmp_path / "comunicado.html"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x00<< /Type /Catalog >>\x00\x81\x8d")
    with pytest.raises(ValueError, match="comunicado.html"):
        list(read(path))


def test_empty_file_raises_value_error(tmp_path):
    path = tmp_path / "vacio.html"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="vacio.html"):
        list(read(path))


# --- Smaller cases -----------------------------------------------------------


def test_title_tag_suffix_is_removed_when_there_is_no_heading(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><title>Nuevo horario de atención al público | Registro Civil</title></head>"
        "<body><div class='texto'><p>Desde el 1 de junio las oficinas del Registro Civil "
        "atenderán de 8 a 17 horas en jornada continua.</p></div></body></html>",
    )
    assert rec["title"] == "Nuevo horario de atención al público"
    assert rec["body"].startswith("Desde el 1 de junio las oficinas")


def test_generic_open_graph_title_falls_back_to_the_heading(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><meta property='og:title' content='Municipalidad de Rosales'>"
        "<meta property='og:site_name' content='Municipalidad de Rosales'></head><body>"
        "<article><h1>Feria del libro en la plaza central</h1><p>La Municipalidad invita "
        "a la feria del libro que se celebrará del 10 al 15 de mayo.</p></article></body></html>",
    )
    assert rec["title"] == "Feria del libro en la plaza central"


def test_date_inside_a_sentence_stays_in_the_body(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><meta property='og:title' content='Firma de convenio'></head><body><article>"
        "<p>El convenio se firmó el <time datetime='2024-05-02'>2 de mayo</time> en la sede "
        "del Ministerio de Trabajo, con la presencia de los sindicatos.</p></article></body></html>",
    )
    assert rec["date"] == "2024-05-02"
    assert "se firmó el 2 de mayo en la sede" in rec["body"]


def test_json_ld_as_a_list_gives_date_and_publisher(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><script type='application/ld+json'>[{\"@type\": \"BreadcrumbList\"},"
        "{\"@type\": \"NewsArticle\", \"datePublished\": \"2023-12-01\","
        "\"publisher\": {\"@type\": \"Organization\", \"name\": \"Ministerio de Cultura\"}}]"
        "</script></head><body><article><h1>Premio Nacional de Literatura</h1>"
        "<p>El jurado otorgó el Premio Nacional de Literatura a la poeta Ana Ruiz.</p>"
        "</article></body></html>",
    )
    assert rec["date"] == "2023-12-01"
    assert rec["source"] == "Ministerio de Cultura"


def test_page_wide_aspnet_form_does_not_swallow_the_release(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><title>Comunicado</title></head><body><form id='aspnetForm' method='post'>"
        "<div class='menu'><a href='/'>Inicio</a></div>"
        "<div id='ctl00_PlaceHolderMain_Contenido'><h1>Ampliación del subsidio al transporte</h1>"
        "<p>El subsidio al transporte público se extenderá a estudiantes universitarios "
        "a partir del próximo semestre.</p></div></form></body></html>",
    )
    assert rec["title"] == "Ampliación del subsidio al transporte"
    assert rec["body"].startswith("El subsidio al transporte público se extenderá")
    assert "Inicio" not in rec["body"]


def test_text_separated_by_line_breaks_becomes_paragraphs(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><title>Boletín 45 - Gobierno Regional</title></head><body>"
        "<table><tr><td class='nav'><a href='/'>Inicio</a><br><a href='/b'>Boletines</a></td>"
        "<td>El Gobierno Regional informa que se suspenden las clases presenciales por las lluvias."
        "<br><br>Las actividades se retomarán el lunes, según lo disponga la autoridad educativa regional."
        "</td></tr></table></body></html>",
    )
    assert rec["title"] == "Boletín 45"
    assert rec["body"] == (
        "El Gobierno Regional informa que se suspenden las clases presenciales por las lluvias."
        "\n\nLas actividades se retomarán el lunes, según lo disponga la autoridad educativa regional."
    )


def test_latin1_label_is_read_as_windows_1252(tmp_path):
    page = (
        "<html><head><meta charset='iso-8859-1'><title>Aviso</title></head><body><article>"
        "<p>“Atención”: la oficina de Peñalolén cierra por mantenimiento – vuelve el lunes.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    assert "“Atención”: la oficina de Peñalolén" in record_from(tmp_path, page)["body"]


def test_undeclared_legacy_encoding_falls_back_to_windows_1252(tmp_path):
    page = (
        "<html><head><title>Aviso de corte de agua</title></head><body><article>"
        "<p>Se interrumpirá el suministro en el sector Añañuca el miércoles.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    rec = record_from(tmp_path, page)
    assert "sector Añañuca el miércoles" in rec["body"]


def test_byte_order_mark_is_not_part_of_the_text(tmp_path):
    page = "\ufeff<html><head><title>Aviso</title></head><body><p>Texto del aviso oficial.</p></body></html>"
    rec = record_from(tmp_path, page.encode("utf-8"))
    assert rec["title"] == "Aviso"
    assert rec["body"] == "Texto del aviso oficial."


def test_gzipped_page_is_read_like_a_plain_one(tmp_path):
    path = tmp_path / "comunicado.html.gz"
    path.write_bytes(gzip.compress((CORPUS / "secretaria_time_only.html").read_bytes()))
    rec = next(read(path))
    assert rec["title"] == "Inicia la campaña de vacunación contra la influenza"
    assert rec["date"] == "2024-04-08T09:00:00-06:00"


def test_corrupt_gzip_raises_value_error(tmp_path):
    path = tmp_path / "roto.html.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(ValueError, match="roto.html.gz"):
        list(read(path))


def test_related_cards_marked_up_as_articles_in_an_aside_are_not_the_body(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><title>Plan de invierno 2024 | Gobierno de la Región</title></head><body>"
        "<header><h1 class='logo'><a href='/'>Gobierno de la Región</a></h1></header>"
        "<div class='page'><div class='col'><p>El Gobierno de la Región presentó el plan de invierno "
        "2024, con albergues y refuerzo de la atención primaria de salud.</p></div>"
        "<aside><article><h3><a href='/x'>Entrega de kits de emergencia</a></h3><p>Se entregaron "
        "más de 2.000 kits de emergencia para las familias de las zonas afectadas por el temporal "
        "de lluvia y viento de la semana pasada.</p></article></aside></div></body></html>",
    )
    # The logo's h1 is not the title; the <title> is, without the site name.
    assert rec["title"] == "Plan de invierno 2024"
    assert rec["body"].startswith("El Gobierno de la Región presentó el plan de invierno")
    assert "kits de emergencia" not in rec["body"]


def test_short_paragraph_starting_with_publicado_but_no_date_stays_in_the_body(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><meta property='og:title' content='Nuevo reglamento de tránsito'></head><body>"
        "<article><p>Publicado el decreto 412 en el Boletín Oficial.</p><p>El reglamento entra en "
        "vigor a los treinta días de su publicación.</p></article></body></html>",
    )
    assert rec["date_text"] is None
    assert rec["body"].startswith("Publicado el decreto 412 en el Boletín Oficial.")


def test_open_graph_title_with_site_suffix_is_trimmed_to_the_heading(tmp_path):
    rec = record_from(
        tmp_path,
        "<html><head><meta property='og:title' content='Vacunación antirrábica gratuita | Municipio de Tala'>"
        "</head><body><article><h1>Vacunación antirrábica gratuita</h1><p>El Municipio de Tala "
        "realizará una jornada de vacunación antirrábica gratuita para perros y gatos.</p>"
        "</article></body></html>",
    )
    assert rec["title"] == "Vacunación antirrábica gratuita"
    assert rec["body"].startswith("El Municipio de Tala realizará")
