"""Measure extraction against an answer key: precision and recall per field.

A key is a JSON Lines file, one object a release: ``file`` (relative to the
corpus folder), ``id`` (for files holding several releases) and the expected
fields. A field a key does not give is not scored, so the demo corpus's key
(dates, sources, officials, topics) and the annotated set's fuller key both
work.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from search.analysis import fold
from search.release import key_for

from .extract import to_release
from .roles import office_of
from .sources import Skipped, reader_for

# Fields scored as sets of values, and the Release attribute holding each.
SET_FIELDS = {"officials": "officials", "topics": "topics", "places": "places", "organizations": "organizations"}
# Fields scored as one value each.
ONE_FIELDS = {"date": "date", "source": "source", "type": "doc_type"}


def load_key(path):
    """The key's rows; raises ValueError naming the file and line of a bad row."""
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: JSON no válido ({exc.msg})") from exc
        if not isinstance(row, dict) or not row.get("file"):
            raise ValueError(f"{path}:{n}: cada fila necesita «file»")
        rows.append(row)
    return rows


def extract_key(corpus, rows, taxonomy, registry=None):
    """Each row with the release extracted from its file (None when the file gives none)."""
    by_file = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    pairs = []
    for name, file_rows in by_file.items():
        path = Path(corpus) / name
        records = [r for r in reader_for(path).read(path) if not isinstance(r, Skipped)]
        for row in file_rows:
            if row.get("id"):
                record = next((r for r in records if str(r.get("id")) == str(row["id"])), None)
            else:
                record = records[0] if records else None
            release = to_release(record, taxonomy, registry) if record else None
            pairs.append((row, release))
    return pairs


def _body_key(text):
    """Loose form of a body's name: folded words without particles."""
    return " ".join(w for w in key_for(text or "").split("-") if w not in {"de", "del", "la", "el", "los", "las"})


@dataclass
class SetScore:
    """Micro-averaged counts over every release for one set-valued field."""

    true_positives: int = 0
    predicted: int = 0
    expected: int = 0
    misses: list = field(default_factory=list)

    @property
    def precision(self):
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self):
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class OneScore:
    """Exact-match accuracy for a one-valued field."""

    right: int = 0
    total: int = 0
    misses: list = field(default_factory=list)

    @property
    def accuracy(self):
        return self.right / self.total if self.total else 1.0


def _values(name, release):
    if name == "officials":
        return {key_for(o.name): o for o in release.officials}
    return {key_for(v): v for v in getattr(release, SET_FIELDS[name])}


def _expected_values(name, row):
    if name == "officials":
        return {key_for(o["name"]): o for o in row[name]}
    return {key_for(v): v for v in row[name]}


def _one_value(name, release):
    value = getattr(release, ONE_FIELDS[name]) if release else None
    if isinstance(value, date):
        return value.isoformat()
    return value


def _same(name, got, want):
    if name == "source":
        return _body_key(got) == _body_key(want)
    if name == "type":
        return fold(got or "") == fold(want or "")
    return got == want


def score(pairs):
    """Scores per field, plus role, body and boilerplate checks on what matched."""
    scores = {}
    for row, release in pairs:
        where = row["file"] + (f"#{row['id']}" if row.get("id") else "")
        for name in SET_FIELDS:
            if name not in row:
                continue
            s = scores.setdefault(name, SetScore())
            want = _expected_values(name, row)
            got = _values(name, release) if release else {}
            s.predicted += len(got)
            s.expected += len(want)
            s.true_positives += len(got.keys() & want.keys())
            extra = sorted(str(_label(got[k])) for k in got.keys() - want.keys())
            missing = sorted(str(_label(want[k])) for k in want.keys() - got.keys())
            if extra or missing:
                s.misses.append((where, missing, extra))
            if name == "officials":
                _score_officials(scores, where, got, want)
        for name in ONE_FIELDS:
            if name not in row:
                continue
            s = scores.setdefault(name, OneScore())
            got, want = _one_value(name, release), row[name]
            s.total += 1
            if _same(name, got, want):
                s.right += 1
            else:
                s.misses.append((where, want, got))
        if "ends" in row:
            s = scores.setdefault("boilerplate", OneScore())
            s.total += 1
            body = " ".join((release.body if release else "").split())
            if body.endswith(" ".join(row["ends"].split())):
                s.right += 1
            else:
                s.misses.append((where, row["ends"], body[-80:]))
    return scores


def _label(value):
    if isinstance(value, dict):
        return f"{value['name']} ({value.get('role', '')})"
    if hasattr(value, "name"):
        return f"{value.name} ({value.role})"
    return value


def _score_officials(scores, where, got, want):
    """Whether each official found under the right name also got the right office and body."""
    for k in got.keys() & want.keys():
        role = scores.setdefault("officials.role", OneScore())
        role.total += 1
        if office_of(got[k].role) == office_of(want[k].get("role", "")):
            role.right += 1
        else:
            role.misses.append((where, want[k].get("role"), got[k].role))
        if "body" in want[k]:
            body = scores.setdefault("officials.body", OneScore())
            body.total += 1
            if _body_key(getattr(got[k], "body", "")) == _body_key(want[k]["body"]):
                body.right += 1
            else:
                body.misses.append((where, want[k]["body"], getattr(got[k], "body", "")))


def report_lines(scores, errors=False):
    """The scores as a table a person reads, misses after it when asked for."""
    lines = [f"{'campo':<16} {'precisión':>9} {'exhaust.':>9} {'F1':>6}   n"]
    for name, s in scores.items():
        if isinstance(s, SetScore):
            lines.append(f"{name:<16} {s.precision:>9.3f} {s.recall:>9.3f} {s.f1:>6.3f}   {s.expected}")
        else:
            lines.append(f"{name:<16} {'aciertos':>9} {s.accuracy:>9.3f} {'':>6}   {s.right}/{s.total}")
    if errors:
        for name, s in scores.items():
            for miss in s.misses:
                if isinstance(s, SetScore):
                    where, missing, extra = miss
                    lines.append(f"[{name}] {where}: faltan {missing}; sobran {extra}")
                else:
                    where, want, got = miss
                    lines.append(f"[{name}] {where}: se esperaba {want!r}; se obtuvo {got!r}")
    return lines
