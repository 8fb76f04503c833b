"""Officials as real transcripts and speeches write them: titles, asides, bodies in a name's place, cut roles,
and the shipped registry's terms deciding who held an office on a date."""

from datetime import date

from index.extract import default_registry
from index.officials import extract_officials


def found(text, when, source="Presidencia de la República"):
    return [(o.name, o.role) for o in extract_officials(text, when, source, default_registry())]


def test_titles_before_a_name_are_not_part_of_it():
    text = ("Saludo a la senadora Olga Sánchez Cordero. Está con nosotros el presidente, Amigo Evo Morales.\n"
            "SENADORA OLGA SÁNCHEZ CORDERO, PRESIDENTA DE LA MESA DIRECTIVA DEL SENADO: Buenos días.")
    names = [name for name, _ in found(text, date(2019, 6, 5))]
    assert "Olga Sánchez Cordero" in names and "Evo Morales" in names
    assert not any(n.startswith(("Senadora", "Amigo")) for n in names)


def test_a_speaker_lines_aside_and_a_surname_written_twice_are_dropped():
    text = ("DIRECTOR GENERAL DEL INSTITUTO MEXICANO DEL SEGURO SOCIAL, ZOÉ ROBLEDO ABURTO (ENLACE VIDEOLLAMADA): "
            "Gracias.\nSECRETARIO DE EDUCACIÓN PÚBLICA, ESTEBAN MOCTEZUMA BARRAGÁN MOCTEZUMA BARRAGÁN: Gracias.")
    assert [name for name, _ in found(text, date(2020, 5, 4))] == ["Zoé Robledo Aburto", "Esteban Moctezuma Barragán"]


def test_variants_of_a_registered_name_are_one_official_across_releases():
    one = found("El canciller Marcelo Ebrard informó del acuerdo.", date(2020, 3, 2))
    other = found("Lo explicó el secretario de Relaciones Exteriores, Marcelo Ebrard Casaubon.", date(2021, 3, 2))
    assert one[0][0] == other[0][0] == "Marcelo Ebrard Casaubon"
    assert found("Lo dijo el doctor Hugo López-Gatell, subsecretario de Salud.", date(2020, 4, 1))[0][0] \
        == "Hugo López-Gatell Ramírez"


def test_bodies_and_slogans_in_a_names_place_are_no_officials():
    text = ("Visitamos con el director general, Complejo Petroquímico Cangrejera, la planta. El secretario, "
            "Humanismo Mexicano, es la guía, y el gobernador Gabinete de Seguridad lo sabe.")
    names = [name for name, _ in found(text, date(2023, 2, 1), source="")]
    assert not any(word in name for name in names for word in ("Complejo", "Humanismo", "Gabinete"))


def test_a_role_cut_where_the_sentence_goes_on_keeps_only_the_role():
    roles = dict(found("Nos acompaña el secretario de Salud y Jorge Alcocer Varela, secretario de Salud y, "
                       "además, la gente.", date(2021, 6, 1)))
    assert roles["Jorge Alcocer Varela"] == "secretario de Salud"
    roles = dict(found("Lo dijo David Kershenobich Stalnikowitz, secretario de Salud— a veces pensamos.",
                       date(2025, 6, 1)))
    assert roles["David Kershenobich Stalnikowitz"] == "secretario de Salud"


def test_a_bare_role_resolves_to_whoever_held_it_on_the_releases_date():
    before = found("El secretario de Salud informó que habrá vacunas.", date(2021, 6, 1))
    after = found("El secretario de Salud informó que habrá vacunas.", date(2025, 6, 1))
    assert before[0][0] == "Jorge Alcocer Varela" and after[0][0] == "David Kershenobich Stalnikowitz"


def test_the_registrys_role_of_the_day_wins_over_a_misread_one():
    text = "El secretario de la Defensa Nacional, Presidenta Claudia Sheinbaum, encabezó la ceremonia."
    assert found(text, date(2025, 2, 19)) == [("Claudia Sheinbaum Pardo", "presidenta de México")]


def test_people_of_history_and_officials_out_of_every_term_are_not_officials_of_the_day():
    text = ("Como decía el presidente Lázaro Cárdenas, y como hizo el gobernador Carlos Salinas de Gortari, "
            "lo dijo el presidente Andrés Manuel López Obrador.")
    assert [name for name, _ in found(text, date(2021, 3, 18))] == ["Andrés Manuel López Obrador"]


def test_a_president_named_for_another_country_is_not_the_one_in_office():
    text = ("Saludamos a Juan Pérez Gómez, presidente constitucional de los Estados Unidos Mexicanos, dijo el "
            "locutor. Andrés Manuel López Obrador, presidente constitucional de los Estados Unidos Mexicanos.")
    assert [name for name, _ in found(text, date(2021, 3, 18))] == ["Andrés Manuel López Obrador"]


def test_a_foreign_president_is_not_given_the_issuing_presidency():
    officials = extract_officials("Se reunió con el presidente Mateo Ferreira Lins, de Brasil, y habló el presidente "
                                  "Andrés Manuel López Obrador.", date(2021, 3, 18), "Presidencia de la República",
                                  default_registry())
    bodies = {o.name: o.body for o in officials}
    assert bodies == {"Mateo Ferreira Lins": "", "Andrés Manuel López Obrador": "Presidencia de la República"}
