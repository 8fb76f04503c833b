"""The shortcuts that make extraction fast find what the rules they stand for find.

A case-blind rule is skipped on a paragraph without its words, or tried only where one of them opens a
word; such a shortcut must never skip a match. Each is checked here against the plain rule, paragraph by
paragraph, over every text of our corpora and over paragraphs written to trip them (capitals, accents,
words inside words, odd spaces); and the two facts about Python's lower case that they rest on are
checked for every character.
"""

import re
import sys
from pathlib import Path

import pytest

import index.doctypes as doctypes
import index.organizations as organizations
import index.places as places
import index.speakers as speakers
import index.statements as statements
import index.topics as topics
from index.extract import default_registry, to_release
from index.roles import _ROLE_OPENS_ANYWHERE, release_role_starts, role_starts
from index.sentences import CLOSING, OPENING, quote_spans
from index.sources import Skipped, reader_for
from index.text_utils import _ODD_CASES, RELEASE_CUES, fold_text, lowered, search_at, tried_at, word_openings
from index.topics import LONG_TEXT, Taxonomy, _Occurrences

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("index/demo_corpus", "tests/extraction/releases", "tests/statements/releases")
TRICKY = [
    "LA VECINA Rosa Pérez Gómez dijo que no. Los HABITANTES   de la colonia opinaron.",
    "Una vecina, la ciudadana Marta Ruiz, y uno de los beneficiarios\u00a0dijeron algo.",
    "Rosa Hernández, vecina de la colonia Albert, y Juan López, UNA DE LAS beneficiarias, hablaron.",
    "El programa donde la madre de familia Ana Gil participó; don Pedro y doña Carmen López asistieron.",
    "SEGÚN el alcalde, la obra terminará. De acuerdo con la titular, habrá agua. En opinión de la jueza, no.",
    "El alcalde SEÑALÓ QUE la obra avanza, y AGREGÓ que habrá más; se informó que no, e indicó que sí.",
    "La funcionaria, el mandatario estatal, la jefa del ejecutivo y el LEGISLADOR dijeron; la Presidenta también.",
    "La reportera preguntó. La dependencia informó. El Ayuntamiento de Mérida y la Secretaría de Salud respondieron.",
    "“Es una obra que nos llena de orgullo a todos”, afirmó el alcalde. «Basta», dijo la vecina.",
    "Afirmó que sí.\tvecinos Juan Pérez\tHabitantes. estudiantes Ana Díaz Ruiz",
    "Programación, comerciantes, usuarias, productoras y taxistas: todos pidieron que se atienda.",
    "A juicio de la titular, falta agua. A decir de la jueza, sí. En palabras del alcalde, bien. En opinion de "
    "la vecina, no. Segun el edil, pronto.",
    "El servidor público, la entrevistada, la titular del poder ejecutivo, la parlamentaria, el munícipe y el "
    "comunicador hablaron; el periodista preguntó.",
    "La institución, la corporación, la comuna, la administración municipal, la Fiscalía, el Instituto Nacional, "
    "la Comisión, la Coordinación, la Dirección, el Sistema, la Procuraduría, el Consejo y el Congreso opinaron.",
    "ſeñaló que la vecına dijo; İnformó que sí.",  # Characters lower case reads otherwise: the plain rules read them.
]


# The letters of the words the shortcuts look for in lower case.
LETTERS = "abcdefghijklmnopqrstuvwxyzáéíóúñü"


def _texts():
    """The titles and bodies of every record of our corpora."""
    found = []
    for corpus in CORPORA:
        for path in sorted(p for p in (ROOT / corpus).rglob("*") if p.is_file() and reader_for(p)):
            for record in reader_for(path).read(path):
                if not isinstance(record, Skipped):
                    found.extend([record.get("title") or "", record.get("body") or ""])
    return found


@pytest.fixture(scope="module")
def texts():
    return _texts() + TRICKY


@pytest.fixture(scope="module")
def paragraphs(texts):
    return [line for text in texts for line in text.split("\n") if line.strip()] + TRICKY


def _cues(text):
    low = lowered(text)
    return None if low is None else statements._CUES.find(text, low)


def test_lower_case_reads_each_letter_as_a_case_blind_regex_does():
    # The cue words' and place names' letters: a character a case-blind regex takes for one of them is that
    # letter in lower case.
    letters = LETTERS
    any_letter = re.compile(f"[{letters}]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in _ODD_CASES or not any_letter.fullmatch(char):
            continue
        for letter in letters:
            if re.fullmatch(letter, char, re.IGNORECASE):
                assert char.lower() == letter, hex(code)


def test_lower_case_keeps_each_character_in_or_out_of_words():
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        low = char.lower()
        if len(low) == 1:
            assert bool(word.match(char)) == bool(word.match(low)), hex(code)


def _quote_spans_char_by_char(paragraph):
    spans, stack = [], []
    for i, ch in enumerate(paragraph):
        if stack and ch == CLOSING[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                spans.append((start + 1, i))
        elif ch in OPENING:
            stack.append((ch, i))
    return spans


def test_quotations_are_found_as_reading_every_character_finds_them(paragraphs):
    extra = ["“a «b» c” y \"d\" ‘e’", "“sin cerrar «ni esto", "»” sueltos \" y “doble “anidado” fin”", ""]
    assert sum(len(quote_spans(p)) for p in paragraphs) > 20
    for paragraph in paragraphs + extra:
        assert quote_spans(paragraph) == _quote_spans_char_by_char(paragraph)


def _spans(matches):
    return [m.span() for m in matches]


def test_the_rules_tried_where_their_words_open_find_what_they_find_everywhere(paragraphs):
    found = {"before": 0, "unnamed": 0, "reported": 0}
    for text in paragraphs:
        cues = _cues(text)
        if cues is None:
            continue
        plain = _spans(speakers.CITIZEN_BEFORE_NAME.finditer(text))
        assert _spans(tried_at(speakers.CITIZEN_BEFORE_NAME, text, cues["citizen"])) == plain, text
        found["before"] += len(plain)
        plain = _spans(speakers.CITIZEN_UNNAMED.finditer(text))
        starts = speakers._unnamed_starts(text, cues["citizen"])
        assert _spans(tried_at(speakers.CITIZEN_UNNAMED, text, starts)) == plain, text
        found["unnamed"] += len(plain)
        plain = _spans(statements.REPORTED_SPEECH.finditer(text))
        assert _spans(tried_at(statements.REPORTED_SPEECH, text, cues["verb"])) == plain, text
        found["reported"] += len(plain)
        # The first match in a stretch of the text (a reported clause, up to its end).
        for start, end in [(0, len(text)), *((s + 1, e) for s, e in plain), *((s, e - 1) for s, e in plain)]:
            first = statements.REPORTED_SPEECH.search(text, start, end)
            near = search_at(statements.REPORTED_SPEECH, text, cues["verb"], start, end)
            assert (near and near.span()) == (first and first.span()), (text, start, end)
    assert all(n >= 3 for n in found.values()), found


def test_a_rule_skipped_for_want_of_its_words_has_no_match(paragraphs):
    rules = {
        **{rule: pattern for pattern, _, rule in speakers.GENERIC},
        "press": speakers.PRESS_WORDS, "institution": speakers.INSTITUTION_WORDS,
        "according": statements.ACCORDING_TO,
    }
    matched = dict.fromkeys([*rules, "after a comma"], 0)
    for text in paragraphs:
        cues = _cues(text)
        if cues is None:
            continue
        # Each match holds one of its rule's words: the rule would be read for it alone.
        for rule, pattern in rules.items():
            for m in pattern.finditer(text):
                matched[rule] += 1
                assert any(m.start() <= at < m.end() for at in cues[rule]), (rule, m.group())
        for m in speakers.CITIZEN_AFTER_NAME.finditer(text):
            matched["after a comma"] += 1
            assert any(m.start() <= at < m.end() and speakers._after_comma(text, at) for at in cues["citizen"]), text
    assert all(n >= 1 for n in matched.values()), matched


def test_a_line_reads_its_words_from_the_pass_over_its_release(texts):
    taxonomy = Taxonomy.load()
    lines = 0
    for text in texts[1::2]:
        release = to_release({"title": "Comunicado", "body": text}, taxonomy)
        speaker_cues = speakers.Speakers(release, default_registry(), statements._CUES)
        offset = 0
        for line in release.body.split("\n"):
            if line.strip() and lowered(release.title + release.body) is not None:
                where = speaker_cues.line_of(line, offset)
                assert where is not None
                assert speaker_cues.cues(line, where) == _cues(line)
                lines += 1
            offset += len(line) + 1
    assert lines > 100


def test_the_officials_name_forms_are_found_as_their_regex_finds_them(texts):
    taxonomy = Taxonomy.load()
    checked = 0
    for text in texts[1::2] + TRICKY:
        release = to_release({"title": "Comunicado", "body": text}, taxonomy)
        found = speakers.Speakers(release, default_registry())
        if not found._name_forms:
            continue
        regex = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, found._name_forms)) + r")(?!\w)")
        for line in text.split("\n"):
            expected = [(m.start(), m.end(), m.group()) for m in regex.finditer(line)]
            assert found._forms_in(line) == expected
            checked += len(expected)
    assert checked > 20


def test_roles_and_places_open_where_their_rules_find_them(texts):
    cued = 0
    for text in texts:
        if word_openings(text, places._CUE_OPENINGS) is None:
            continue
        assert role_starts(text) == [m.start() for m in _ROLE_OPENS_ANYWHERE.finditer(text)]
        # Read from the one pass over a release for every module's cue words, as alone.
        assert release_role_starts(text) == role_starts(text)
        assert RELEASE_CUES.of_rule("place", text, lowered(text)) == word_openings(text, places._CUE_OPENINGS)
        plain = _spans(places.CUED.finditer(text))
        assert _spans(tried_at(places.CUED, text, word_openings(text, places._CUE_OPENINGS))) == plain
        cued += len(plain)
    assert cued > 10


def test_a_part_of_a_text_counts_the_terms_the_part_alone_holds(texts):
    taxonomy = Taxonomy.load()
    body = "\n\n".join(texts)
    whole = _Occurrences(body, taxonomy._by_last)
    cuts = [m.start() for m in re.finditer(r"\s+", body)][::97]
    # Parts one after the other (as a transcript's turns come), overlapping, and back to the start.
    parts = [*zip(cuts, cuts[1:]), *zip(cuts, cuts[3:]), *reversed(list(zip(cuts, cuts[2:])))]
    for start, end in parts:
        assert whole.counts(start, end) == _Occurrences(body[start:end], taxonomy._by_last).counts()
    assert sum(whole.counts().values()) > 100
    # A short text reads where its stems end only for a part; a long one while it finds them.
    assert len(body) >= LONG_TEXT
    for text in [t for t in texts if 1000 < len(t) < LONG_TEXT][:20]:
        short = _Occurrences(text, taxonomy._by_last)
        cuts = [m.start() for m in re.finditer(r"\s+", text)][::13]
        for start, end in zip(cuts, cuts[2:]):
            assert short.counts(start, end) == _Occurrences(text[start:end], taxonomy._by_last).counts()


def test_a_token_gets_the_stem_the_topics_analyzer_gives_it(texts):
    # Odd letters too: ones that fold to symbols, to two letters or to nothing, a joined accent, a stop word.
    odd = ["ʼ", "ǂ", "ª", "º", "Ⅻ", "ß", "İnformó", "ﬁn", "4.5", "1,200", "_", "ـ", "\u0301a", "Ñandú", "DEL", "sí"]
    tokens = {token for text in texts for token in topics._TOKEN.findall(text)} | set(odd)
    assert len(tokens) > 1000
    for token in tokens:
        stem = topics._analysed(token)
        assert (None if stem is False else stem) == next((t.text for t in topics._ANALYZER(token)), None), token
    assert [None if stem is False else stem for stem in topics._stems_of(odd)] == [
        next((t.text for t in topics._ANALYZER(token)), None) for token in odd]


def test_the_gazetteer_and_the_directory_find_what_their_plain_rules_find(texts):
    gazetteer = places.default_gazetteer()
    # Its names are written in letters lower case reads as a case-blind regex does (the first test).
    assert {ch for form in gazetteer.forms for ch in form if ch.isalpha()} <= set(LETTERS)
    found = 0
    directory = organizations.default_directory()
    bodies = 0
    for text in texts + ["EN YUCATÁN y yucatan, Gustavo a. madero; MÉRIDA.Mérida", "SSC-SSC SSC,INEGI(ONU)"]:
        low = lowered(text)
        if low is not None:
            plain = _spans(gazetteer.pattern.finditer(text))
            assert gazetteer.spans(text, low) == plain, text
            found += len(plain)
        # The directory's rule, tried after the characters its lookbehind leaves out.
        plain = _spans(directory.rule.pattern.finditer(text))
        assert directory.rule.spans(text) == plain, text
        bodies += len(plain)
    assert found > 50 and bodies > 20


def test_a_line_left_unfolded_is_no_head_line_and_turns_are_found_after_line_breaks(texts):
    heads = ["BOLETÍN 112/2026", "Comunicado No. 45", "\tBoletín n.o 12 ", "Comunicado núm. 3", "AVISO", "Boletín Nº 7",
             "COMUNICADO NÚMERO 8-A", "Boletín\u00a0de prensa 1/2", "ﬁcha 3", "Comunicado 45, 2026", "Aviso: cierre"]
    lines = [line for text in texts for line in text.split("\n") if line.strip()] + heads
    matched = 0
    for line in lines:
        if doctypes._HEAD_LINE.match(fold_text(line).strip()):
            matched += 1
            assert doctypes._may_be_head(line), line
    assert matched >= 8
    assert doctypes.doc_type_of("Sin tipo", "\n\nBOLETÍN 112/2026\nEl texto.") == "Boletín"
    turns = 0
    for text in texts + ["A B C:\nDEF G:\n\nHIJK: y\nxLMNO:\nPQRS:"]:
        plain = [m.group(0) for m in doctypes._TURN.finditer(text)]
        assert doctypes._turns(text) == plain
        turns += len(plain)
    assert turns > 20


def test_the_word_before_a_mark_is_read_near_it_as_in_all_the_text_before_it(paragraphs):
    from index.sentences import _word_before
    long_word = "x" * 60
    checked = 0
    for text in paragraphs + [f"Dijo {long_word}. Y", f"{long_word}. Sí", "a\n. b", "Lic. " * 30 + "Ana."]:
        for at in [m.start() for m in re.finditer(r"[.!?…]", text)] + [0, len(text)]:
            plain = re.search(r"(\w+)$", text[:at])
            near = _word_before(text, at)
            assert (near and near.group(1)) == (plain and plain.group(1)), (text, at)
            checked += 1
    assert checked > 1000


def test_a_text_read_chunk_by_chunk_gets_the_stems_of_its_tokens(texts):
    odd = ["1,200.50 pesos, 4.5%", "a\u00a0b\u2003c\x1cd\u200be", "obras,obras. «obras» _x_ ﬁn", "", "  \n "]
    for text in texts + odd:
        plain = topics._stems_of(topics._TOKEN.findall(text))
        assert topics._text_stems(text) == plain
        assert topics._text_stems(text) == plain  # Read again, from the memo.


def test_the_rule_name_then_role_is_tried_before_commas_as_it_is_everywhere(texts):
    from index.officials import _NAME_THEN_ROLE, _names_then_roles
    tricky = ["Lic. Juan Pérez, el secretario de Salud, dijo.", "Ana Ruiz,  LA  alcaldesa, y Dr.\nLuis Gil, edil.",
              "María de la Luz Ortega, secretaria de Salud, y Juan Díaz, alcalde de Mérida, e Inés Paz, la regidora.",
              "En la reunión, el titular, la gobernadora. Teresa Jiménez, gobernadora, y Pedro-Ángel Sosa Díaz, diputado."]
    found = 0
    for text in texts + tricky:
        plain = _spans(_NAME_THEN_ROLE.finditer(text))
        assert _spans(_names_then_roles(text, role_starts(text), 0, len(text))) == plain, text
        found += len(plain)
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            roles = role_starts(text, start, end)
            assert (_spans(_names_then_roles(text, roles, start, end))
                    == _spans(_NAME_THEN_ROLE.finditer(text, start, end))), line
            start = end + 1
    assert found >= 20
