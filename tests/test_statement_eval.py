"""The measure of statement extraction: the annotated set meets its targets, and the command reports it."""

import json

from click.testing import CliRunner

from hemeroteca.cli import main
from index.statement_eval import DEFAULT_SET, extract_set, score, survey
from search.statements import OFFICIAL, PRESS, QUESTION

# The targets for the annotated set.
SPAN_F1 = 0.90
SPEAKER_ACCURACY = 0.90


def test_the_annotated_set_has_every_kind_of_statement_it_promises():
    rows = [json.loads(line) for line in (DEFAULT_SET / "expected.jsonl").read_text(encoding="utf-8").splitlines()]
    statements = [s for row in rows for s in row["statements"]]
    assert len(statements) >= 60
    kinds = {s["kind"] for s in statements}
    types = {s["speaker_type"] for s in statements}
    assert kinds == {"cita-textual", "parafrasis", "intervencion", "pregunta"}
    assert {"funcionariado", "ciudadania", "prensa", "institucion"} <= types


def test_the_annotated_set_meets_the_targets():
    pairs = extract_set(DEFAULT_SET)
    scores = score(pairs)
    assert scores.f1 >= SPAN_F1 and scores.speaker_accuracy >= SPEAKER_ACCURACY, scores.misses
    held_out = score([(row, found) for row, found in pairs if row.get("split") == "prueba"])
    assert held_out.expected >= 25 and held_out.f1 >= SPAN_F1 and held_out.speaker_accuracy >= SPEAKER_ACCURACY


def test_a_wrong_speaker_or_a_missed_quote_lowers_the_scores():
    pairs = extract_set(DEFAULT_SET)
    row, found = pairs[0]
    spoiled = [s for s in found[1:]]
    for s in spoiled:
        if s.speaker_type == OFFICIAL:
            s.speaker = "Alguien Más"
    scores = score([(row, spoiled)])
    assert scores.recall < 1 and scores.speaker_accuracy < 1
    assert any(what == "falta" for _, what, _, _ in scores.misses)


def test_eval_statements_prints_precision_recall_and_speaker_accuracy():
    result = CliRunner().invoke(main, ["eval-statements", "--errors"])
    assert result.exit_code == 0, result.output
    assert "precisión" in result.output and "exhaustividad" in result.output and "hablante" in result.output
    assert "parte «prueba»" in result.output


def test_the_survey_of_real_releases_is_skipped_when_the_file_is_absent(tmp_path):
    result = CliRunner().invoke(main, ["eval-statements", "--survey", str(tmp_path / "no-esta.jsonl.gz")])
    assert result.exit_code == 0 and "se omite" in result.output


def test_the_survey_counts_turns_and_questions_of_a_transcript_file(tmp_path):
    text = ("Versión estenográfica de la conferencia\nAlcaldía Tlalpan\n12 de mayo de 2026\n---\n"
            "ALCALDESA DE TLALPAN, NOEMÍ ARREOLA VIDAL\nBuenos días.\n---\nPREGUNTA\n¿Cuándo terminan?\n---\n"
            "NOEMÍ ARREOLA VIDAL\nEn junio.\n---\nMODERADOR\nGracias.\n")
    path = tmp_path / "transcripts.jsonl"
    path.write_text(json.dumps({"id": "t1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    found = survey(path)
    assert found["releases"] == 1 and found["transcripts"] == 1
    assert found["kinds"] == {"intervencion": 3, QUESTION: 1}
    assert found["speaker_types"][OFFICIAL] == 2 and found["speaker_types"][PRESS] == 1
    assert found["turns_not_of_officials"] == [("Moderador (Sin identificar)", 1)]
