"""Measure statement extraction against an annotated set, and survey it over real transcripts.

The set is a folder with ``expected.jsonl`` (one row a release: ``file`` and its ``statements``,
each with ``text``, ``kind``, ``speaker`` and ``speaker_type``) and, optionally, the registry
``officials.toml`` of its officials. A statement is found when its text, spaces and the marks
around it aside, is the text of an extracted one; its speaker is right when the type agrees and,
for a named person, the name does.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from search.release import key_for
from search.statements import INSTITUTION, OFFICIAL, QUESTION, SPEAKER_LABELS, TURN

from .evaluation import load_key
from .extract import default_registry, to_release
from .registry import Registry
from .sources import Skipped, reader_for
from .sources.jsonl import read as read_jsonl
from .statements import extract_statements
from .topics import Taxonomy

# Where the annotated set lives in a checkout.
DEFAULT_SET = Path(__file__).parent.parent / "tests" / "statements"
# Labels of the real transcripts listed as possibly misread, at most.
SURVEY_LABELS = 25


def normalized(text):
    """Text compared as a reader would: spaces collapsed, quotation marks and end punctuation aside."""
    return " ".join(text.split()).strip(" .,;:“”«»\"‘’")


@dataclass
class StatementScores:
    """Counts over the whole set: spans found, and speakers and kinds right among them."""

    expected: int = 0
    predicted: int = 0
    matched: int = 0
    speakers_right: int = 0
    kinds_right: int = 0
    misses: list = field(default_factory=list)

    @property
    def precision(self):
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self):
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self):
        return self.speakers_right / self.matched if self.matched else 1.0

    @property
    def kind_accuracy(self):
        return self.kinds_right / self.matched if self.matched else 1.0

    def as_dict(self):
        return {
            "expected": self.expected, "predicted": self.predicted, "matched": self.matched,
            "span_precision": round(self.precision, 4), "span_recall": round(self.recall, 4),
            "span_f1": round(self.f1, 4), "speaker_accuracy": round(self.speaker_accuracy, 4),
            "kind_accuracy": round(self.kind_accuracy, 4),
        }


def same_speaker(got, want):
    """Whether an extracted statement's speaker is the annotated one."""
    if got.speaker_type != want["speaker_type"]:
        return False
    if want["speaker"]:
        return key_for(got.speaker) == key_for(want["speaker"])
    # Someone the release does not name: a description ("una vecina", a turn's "Pregunta") or an
    # institution is right; a person's name is not.
    return not got.speaker or got.speaker[0].islower() or got.kind in (TURN, QUESTION) \
        or got.speaker_type == INSTITUTION


def score(pairs):
    """Scores of ``(row, statements)`` pairs: the annotated statements and the extracted ones."""
    scores = StatementScores()
    for row, statements in pairs:
        where = row["file"]
        wanted = {normalized(w["text"]): w for w in row["statements"]}
        got = {normalized(s.text): s for s in statements}
        scores.expected += len(wanted)
        scores.predicted += len(got)
        for text, want in wanted.items():
            found = got.get(text)
            if found is None:
                scores.misses.append((where, "falta", text, want["speaker"] or want["speaker_type"]))
                continue
            scores.matched += 1
            scores.kinds_right += found.kind == want["kind"]
            if same_speaker(found, want):
                scores.speakers_right += 1
            else:
                scores.misses.append((where, "hablante", text,
                                      f"se esperaba {want['speaker'] or want['speaker_type']}; "
                                      f"se obtuvo {found.speaker or '—'} ({found.speaker_type})"))
        for text in got.keys() - wanted.keys():
            scores.misses.append((where, "sobra", text, got[text].speaker or got[text].speaker_type))
    return scores


def extract_set(folder, registry=None, taxonomy=None):
    """Each annotated row of ``folder`` with the statements extracted from its release."""
    folder = Path(folder)
    taxonomy = taxonomy or Taxonomy.load()
    if registry is None:
        path = folder / "officials.toml"
        registry = Registry.load(path) if path.exists() else default_registry()
    pairs = []
    for row in load_key(folder / "expected.jsonl"):
        path = folder / row["file"]
        records = [r for r in reader_for(path).read(path) if not isinstance(r, Skipped)]
        release = to_release(records[0], taxonomy, registry)
        pairs.append((row, extract_statements(release, registry, taxonomy)))
    return pairs


def report_lines(scores, errors=False):
    """The scores as a person reads them, each difference after them when asked."""
    lines = [
        f"declaraciones anotadas {scores.expected}, extraídas {scores.predicted}, coincidentes {scores.matched}",
        f"fragmentos   precisión {scores.precision:.3f}  exhaustividad {scores.recall:.3f}  F1 {scores.f1:.3f}",
        f"hablante     aciertos {scores.speaker_accuracy:.3f} ({scores.speakers_right}/{scores.matched})",
        f"tipo         aciertos {scores.kind_accuracy:.3f} ({scores.kinds_right}/{scores.matched})",
    ]
    if errors:
        for where, what, text, detail in scores.misses:
            lines.append(f"[{what}] {where}: «{text[:90]}» — {detail}")
    return lines


def survey(path, limit=None):
    """Figures of the statements of a JSON Lines file of real releases (transcripts among them).

    Returns counts by kind and by speaker type, and the speaker labels of turns that were not
    given to an official nor to the press, most frequent first: where to look for misreadings.
    """
    taxonomy = Taxonomy.load()
    registry = default_registry()
    kinds, types, unresolved = Counter(), Counter(), Counter()
    releases = transcripts = 0
    for record in read_jsonl(path):
        if isinstance(record, Skipped):
            continue
        release = to_release(record, taxonomy, registry)
        statements = extract_statements(release, registry)
        releases += 1
        transcripts += any(s.kind in (TURN, QUESTION) for s in statements)
        for s in statements:
            kinds[s.kind] += 1
            types[s.speaker_type] += 1
            if s.kind == TURN and s.speaker_type != OFFICIAL:
                unresolved[f"{s.speaker} ({SPEAKER_LABELS[s.speaker_type]})"] += 1
        if limit and releases >= limit:
            break
    return {"releases": releases, "transcripts": transcripts, "kinds": dict(kinds), "speaker_types": dict(types),
            "turns_not_of_officials": unresolved.most_common(SURVEY_LABELS)}
