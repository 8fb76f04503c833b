"""The extractors' text helpers agree with the search side's definitions they speed up."""

from search.analysis import fold

from index.text_utils import fold_text, folded_words


def test_a_whole_text_folds_as_the_search_side_folds_it():
    for text in ("Árbol PEÑA Jiménez", "Ñandú, pingüino y CAÑÓN", "ÆSIR Œuvre straße İstanbul ΟΔΟΣ",
                 "“Comillas” — guion… 3½ €", "", "plain ascii", "AÑO\n\nNiño\tdíaΣ"):
        assert fold_text(text) == fold(text), text


def test_the_folded_words_of_a_release_drop_commas_and_periods():
    assert folded_words("La Gobernadora, en Mérida.\n\nPEÑA") == {"la", "gobernadora", "en", "merida", "peña"}
