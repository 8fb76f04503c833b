"""Quotes on the release page go to the official who said them, or to no one."""

from search.release import Official, Release
from webui.quotes import quotes_by_official

MAYOR = Official("Luis Mendoza", "alcalde")
SECRETARY = Official("Carla Mendoza Ríos", "secretaria del Medio Ambiente")


def said(body, *officials):
    release = Release(id="x", title="t", body=body, officials=list(officials))
    return {entry["official"].name: entry["quotes"] for entry in quotes_by_official(release)}


def test_a_quote_goes_to_the_name_after_it():
    body = "“La clave ha sido la información que nos dan los vecinos cada día”, señaló Zepeda Lara."
    assert said(body, Official("Omar Zepeda Lara", "director"))["Omar Zepeda Lara"] == [
        "La clave ha sido la información que nos dan los vecinos cada día"]


def test_a_quote_with_no_name_after_it_goes_to_the_one_named_before():
    body = ("El alcalde Luis Mendoza detalló las cifras del año. “Son resultados que nos animan, pero no nos "
            "confiamos nunca”, afirmó.")
    assert said(body, MAYOR, SECRETARY) == {
        "Luis Mendoza": ["Son resultados que nos animan, pero no nos confiamos nunca"], "Carla Mendoza Ríos": []}


def test_a_shared_surname_is_settled_by_the_role_before_it():
    body = ("“Reverdecer es devolverle sombra y vida a las calles donde vivimos todos”, afirmó el alcalde "
            "Mendoza.\n\nLa secretaria Carla Mendoza Ríos explicó el convenio. “Trabajar de manera conjunta con "
            "las alcaldías nos permite llegar calle por calle”, señaló.")
    quotes = said(body, MAYOR, SECRETARY)
    assert quotes["Luis Mendoza"] == ["Reverdecer es devolverle sombra y vida a las calles donde vivimos todos"]
    assert quotes["Carla Mendoza Ríos"] == ["Trabajar de manera conjunta con las alcaldías nos permite llegar calle por calle"]


def test_an_ambiguous_surname_gives_the_quote_to_no_one():
    body = "“Vamos a plantar quince mil árboles antes de que terminen las lluvias”, dijo Mendoza."
    assert said(body, MAYOR, SECRETARY) == {"Luis Mendoza": [], "Carla Mendoza Ríos": []}


def test_a_role_held_by_one_official_names_her():
    body = ("La gobernadora destacó los avances del año. “Rendir cuentas es una obligación democrática de "
            "todo gobierno”, afirmó.")
    assert said(body, Official("Teresa Jiménez", "gobernadora"), Official("Sofía Ramírez Esparza", "diputada")) == {
        "Teresa Jiménez": ["Rendir cuentas es una obligación democrática de todo gobierno"], "Sofía Ramírez Esparza": []}


def test_names_of_programmes_in_quotes_are_not_statements():
    body = "El alcalde Luis Mendoza presentó el “Programa Integral de Bienestar para las Familias de Benito Juárez” en el parque."
    assert said(body, MAYOR) == {"Luis Mendoza": []}


def test_a_release_without_named_officials_has_no_quotes():
    body = "“Esta es una declaración larga de alguien que nadie sabe quién es”, se dijo."
    assert said(body) == {}
    assert said(body, Official("", "")) == {"": []}
