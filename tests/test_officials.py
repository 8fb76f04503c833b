"""Officials named with their role, found as a careful reader would."""

from index.officials import TextMentions, extract_officials, mentions


def found(text, **context):
    return [(o.name, o.role) for o in extract_officials(text, **context)]


def test_role_with_place_then_name():
    text = "La gobernadora del estado de Aguascalientes, Teresa Jiménez, y el alcalde de Benito Juárez, Luis Mendoza, sostuvieron una reunión."
    assert found(text) == [("Teresa Jiménez", "gobernadora"), ("Luis Mendoza", "alcalde")]


def test_role_with_office_keeps_the_office_and_names_the_body():
    officials = extract_officials("El secretario de Salud, Ramón Peña Ortiz, encabezó la jornada.")
    assert [(o.name, o.role, o.body) for o in officials] == [("Ramón Peña Ortiz", "secretario de Salud", "Secretaría de Salud")]


def test_name_then_role():
    text = "Teresa Jiménez, gobernadora de Aguascalientes, inauguró la obra."
    assert found(text) == [("Teresa Jiménez", "gobernadora")]


def test_same_person_mentioned_several_ways_is_one_official():
    text = "El alcalde Luis Mendoza recorrió la zona. Más tarde, el alcalde de Benito Juárez, Luis Mendoza, dijo que…"
    assert found(text) == [("Luis Mendoza", "alcalde")]


def test_two_officials_sharing_a_surname_stay_apart():
    text = ("El alcalde Luis Mendoza y la directora de Obras, Carla Mendoza Ríos, recorrieron la obra. "
            "Mendoza Ríos explicó los trabajos y Mendoza los inauguró.")
    assert [name for name, _ in found(text)] == ["Luis Mendoza", "Carla Mendoza Ríos"]


def test_surnames_alone_join_the_full_name_found_earlier():
    text = "El alcalde de Monterrey, Rodrigo Garza Leal, habló. Garza Leal informó que el alcalde Garza Leal firmará."
    assert found(text) == [("Rodrigo Garza Leal", "alcalde")]


def test_names_with_particles_and_titles():
    text = "La titular de la Fiscalía General de Justicia, Dra. María de la Luz Ortega, presentó el informe."
    assert found(text)[0][0] == "María de la Luz Ortega"


def test_institutions_are_not_people():
    text = "El alcalde de Benito Juárez, Secretaría de Seguridad Ciudadana, coordinó."
    assert found(text) == []


def test_a_name_does_not_run_across_lines():
    text = "Encabeza alcalde Luis Mendoza\nSimulacro Metropolitano por Sismo"
    assert found(text) == [("Luis Mendoza", "alcalde")]


def test_citizens_quoted_and_heads_of_associations_are_not_officials():
    text = ("La vecina Rosa Elena Campos dijo que el agua llega poco. Jorge Anaya Lira, presidente de la "
            "Asociación de Colonos de Santa Úrsula, pidió más pipas, y el director de la escuela primaria, "
            "Pedro Gil Soto, agradeció.")
    assert found(text) == []


def test_former_officials_are_not_counted():
    text = "El parque fue inaugurado por el entonces alcalde Jesús Treviño Marroquín y el exgobernador Juan Ruiz Paz."
    assert found(text) == []


def test_a_list_after_a_plural_role_names_each_official():
    text = "Los regidores Mauricio Couoh Ek, Silvia Dzib Canul y Roberto Loría Patrón votaron en contra."
    assert found(text) == [("Mauricio Couoh Ek", "regidor"), ("Silvia Dzib Canul", "regidor"),
                           ("Roberto Loría Patrón", "regidor")]


def test_speaker_lines_of_a_transcript_name_officials_but_not_reporters():
    text = ("GOBERNADOR ERNESTO CARRILLO NAVARRO: Buenos días.\n---\n"
            "SECRETARIA DE SALUD, PATRICIA LOZANO IBARRA: Gracias.\n---\n"
            "PREGUNTA: Carlos Medina, de Radio Metrópoli.\n---\nINTERLOCUTORA: Gracias.")
    assert found(text) == [("Ernesto Carrillo Navarro", "gobernador"), ("Patricia Lozano Ibarra", "secretaria de Salud")]


def test_one_pass_over_a_release_gives_each_line_what_reading_it_alone_gives():
    # "la gobernadora" ends the title and her name opens the body: the whole text names her there,
    # the body's line alone names nobody; "la exgobernadora" and "el entonces alcalde" are read
    # with only their own line before them.
    text = ("Reunión con la gobernadora\n\nTeresa Jiménez Lara encabezó la firma. El alcalde Luis Mendoza "
            "Ríos, y el entonces\nalcalde Jesús Treviño Marroquín asistieron.\nLuis Mendoza Ríos, alcalde\n"
            "de Benito Juárez, dijo.")
    one_pass = TextMentions(text)
    assert one_pass.all() == mentions(text)
    start = 0
    for line in text.split("\n"):
        assert one_pass.of_line(start, start + len(line)) == mentions(line), line
        start += len(line) + 1
    assert [m[1] for m in mentions(text)][0] == "Teresa Jiménez Lara"
    assert "Teresa Jiménez Lara" not in [m[1] for m in mentions("Teresa Jiménez Lara encabezó la firma.")]
