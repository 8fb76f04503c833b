"""Bytes from sites to text: wrong declarations, Windows-1252, entities and mojibake."""

from index.encoding import decode, repair

TEXT = "La Alcaldía informó: “año de obras” — niñas y niños, 5 €"


def test_windows_1252_declared_as_utf8_reads_right():
    raw = f'<meta charset="utf-8"><p>{TEXT}</p>'.encode("cp1252")
    assert TEXT in decode(raw, "text/html; charset=utf-8")


def test_the_iso_8859_1_label_reads_as_windows_1252_keeping_quotes_and_dashes():
    raw = TEXT.encode("cp1252")
    assert decode(raw, "text/html; charset=ISO-8859-1") == TEXT


def test_valid_utf8_wins_over_a_wrong_declaration():
    assert decode(TEXT.encode("utf-8"), "text/html; charset=iso-8859-1") == TEXT


def test_a_declared_encoding_other_than_windows_1252_is_used():
    raw = '<meta charset="iso-8859-15"><p>Cuota: 10 €</p>'.encode("iso-8859-15")
    assert "10 €" in decode(raw)


def test_a_utf8_byte_order_mark_is_dropped():
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == TEXT


def test_mojibake_is_repaired_and_good_text_left_alone():
    assert repair("AlcaldÃ­a Benito JuÃ¡rez") == "Alcaldía Benito Juárez"
    assert repair("â€œBienvenidosâ€\x9d") == "“Bienvenidos”"
    assert repair(TEXT) == TEXT
