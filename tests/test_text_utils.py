"""The extractors' text helpers agree with the search side's definitions they speed up."""

from search.analysis import fold

from index.text_utils import fold_text, folded_words


def test_a_whole_text_folds_as_the_search_side_folds_it():
    for text in ("Árbol PEÑA Jiménez", "Ñandú, pingüino y CAÑÓN", "ÆSIR Œuvre straße İstanbul ΟΔΟΣ",
                 "“Comillas” — guion… 3½ €", "", "plain ascii", "AÑO\n\nNiño\tdíaΣ"):
        assert fold_text(text) == fold(text), text


def test_the_folded_words_of_a_release_drop_commas_and_periods():
    assert folded_words("La Gobernadora, en Mérida.\n\nPEÑA") == {"la", "gobernadora", "en", "merida", "peña"}


def _plain(forms, literal=()):
    from index.text_utils import accent_insensitive
    import re
    return "|".join(re.escape(f) if f in literal else accent_insensitive(f) for f in forms)


def test_a_factored_list_of_names_matches_what_the_plain_alternation_matches():
    import re

    from index.text_utils import alternation

    # Forms that begin alike, end inside one another, differ by an accent or ü, and initials written
    # exactly beside names with optional accents (whose first letters overlap).
    forms = sorted(["Álvaro Obregón", "Alvarado", "Benito Juárez", "Benito", "Gustavo A. Madero", "Güémez",
                    "Guerrero", "ONU", "Organización de las Naciones Unidas", "Oaxaca", "Santa Cruz Atoyac",
                    "Santa Cruz", "San Juan", "San  Juan", "Úrsulo Galván", "Uruapan", "UNAM"], key=len, reverse=True)
    literal = ["ONU", "UNAM"]
    text = ("En Alvaro  Obregón y Benito Juárez, benito, la ONU y la Organizacion de las Naciones Unidas, "
            "Güémez, Guemez, GUERRERO, Santa   Cruz Atoyac, Santa Cruz, San Juan y San  Juan, Ursulo Galvan, "
            "UNAM, Unam, Uruapan, Gustavo A.  Madero, Oaxacas.")
    for flags in (0, re.IGNORECASE):
        factored = re.compile(rf"(?<![\w.])(?:{alternation(forms, bool(flags), literal)})(?![\w])", flags)
        plain = re.compile(rf"(?<![\w.])(?:{_plain(forms, literal)})(?![\w])", flags)
        found = [(m.span(), m.group()) for m in factored.finditer(text)]
        assert found == [(m.span(), m.group()) for m in plain.finditer(text)]
        assert len(found) >= 12
