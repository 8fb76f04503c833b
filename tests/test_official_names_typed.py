"""Filters by official accept names as people type them: case, accents, partial names, hyphens."""

from search.official_names import official_keys

NAMES = frozenset({
    ("hugo", "lopez-gatell", "ramirez"), ("hugo", "lopez-gatell"), ("claudia", "sheinbaum", "pardo"),
    ("marcelo", "ebrard", "casaubon"), ("andres", "manuel", "lopez", "obrador"), ("ramon", "peña", "ortiz"),
})


def test_a_key_stays_the_one_official():
    assert official_keys("claudia-sheinbaum-pardo", NAMES) == ("claudia-sheinbaum-pardo",)
    assert official_keys("hugo-lopez-gatell", NAMES) == ("hugo-lopez-gatell",)


def test_names_typed_without_the_second_surname_find_the_official():
    assert official_keys("claudia sheinbaum", NAMES) == ("claudia-sheinbaum-pardo",)
    assert official_keys("Marcelo Ebrard", NAMES) == ("marcelo-ebrard-casaubon",)


def test_hyphenated_surnames_accents_and_capitals_are_read_alike():
    both = ("hugo-lopez-gatell", "hugo-lopez-gatell-ramirez")
    assert official_keys("hugo lopez-gatell ramírez", NAMES) == ("hugo-lopez-gatell-ramirez",)
    assert set(official_keys("López-Gatell", NAMES)) == set(both)
    assert set(official_keys("LOPEZ GATELL", NAMES)) == set(both)
    assert official_keys("Ramón PEÑA", NAMES) == ("ramon-pena-ortiz",)


def test_a_name_cut_short_while_typing_still_finds_the_official():
    assert official_keys("sheinb", NAMES) == ("claudia-sheinbaum-pardo",)


def test_words_out_of_order_or_of_nobody_find_nobody():
    assert official_keys("sheinbaum claudia", NAMES) == ("sheinbaum-claudia",)
    assert official_keys("Teresa Jiménez", NAMES) == ("teresa-jimenez",)
    # Two letters are no name: nobody is guessed from them.
    assert official_keys("ob", NAMES) == ("ob",)


def test_statements_are_found_by_the_speakers_name_as_typed(client):
    def speakers(official):
        found = client.get("/api/v1/statements", query_string={"official": official, "per_page": 100}).get_json()
        return found["total"], {h["speaker"]["key"] for h in found["hits"]}

    total, keys = speakers("ramon-pena-ortiz")
    assert total > 0 and keys == {"ramon-pena-ortiz"}
    for typed in ("Ramón Peña Ortiz", "ramon pena", "PEÑA ORTIZ", "peña"):
        assert speakers(typed) == (total, keys), typed


def test_releases_are_found_by_the_officials_name_as_typed(client):
    by_key = client.get("/api/v1/search", query_string={"official": "ramon-pena-ortiz"}).get_json()["total"]
    assert by_key > 0
    assert client.get("/api/v1/search", query_string={"official": "ramón peña"}).get_json()["total"] == by_key
    typed = client.get("/api/v1/search", query_string={"q": "oficial:\"Ramon Pena\""}).get_json()["total"]
    assert typed == by_key
