"""Officials named with their role, found as a careful reader would."""

from index.officials import extract_officials
from search.release import Official


def test_role_with_place_then_name():
    text = "La gobernadora del estado de Aguascalientes, Teresa Jiménez, y el alcalde de Benito Juárez, Luis Mendoza, sostuvieron una reunión."
    assert extract_officials(text) == [Official("Teresa Jiménez", "gobernadora"), Official("Luis Mendoza", "alcalde")]


def test_role_with_office_keeps_the_office():
    text = "El secretario de Salud, Ramón Peña Ortiz, encabezó la jornada."
    assert extract_officials(text) == [Official("Ramón Peña Ortiz", "secretario de Salud")]


def test_name_then_role():
    text = "Teresa Jiménez, gobernadora de Aguascalientes, inauguró la obra."
    assert extract_officials(text) == [Official("Teresa Jiménez", "gobernadora")]


def test_same_person_mentioned_several_ways_is_one_official():
    text = "El alcalde Luis Mendoza recorrió la zona. Más tarde, el alcalde de Benito Juárez, Luis Mendoza, dijo que…"
    assert extract_officials(text) == [Official("Luis Mendoza", "alcalde")]


def test_two_officials_sharing_a_surname_stay_apart():
    text = "El alcalde Luis Mendoza y la directora de Obras, Carla Mendoza Ríos, recorrieron la obra."
    names = [o.name for o in extract_officials(text)]
    assert names == ["Luis Mendoza", "Carla Mendoza Ríos"]


def test_names_with_particles():
    text = "La titular de la Fiscalía General de Justicia, María de la Luz Ortega, presentó el informe."
    assert extract_officials(text)[0].name == "María de la Luz Ortega"


def test_institutions_are_not_people():
    text = "El alcalde de Benito Juárez, Secretaría de Seguridad Ciudadana, coordinó."
    assert extract_officials(text) == []


def test_a_name_does_not_run_across_lines():
    text = "Encabeza alcalde Luis Mendoza\nSimulacro Metropolitano por Sismo"
    assert extract_officials(text) == [Official("Luis Mendoza", "alcalde")]
