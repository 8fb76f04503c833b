"""Extraction gives, field for field, what it gave before it was made faster.

``extraction_golden.json`` holds every field of every release and statement extracted from our own
corpora (the demo corpus and the annotated sets: their text is ours), as the code produced it
before extraction read each text once. Speed work must leave it as it is; a change of what is
extracted is made on purpose, and the file written again with::

    python tests/test_extraction_unchanged.py --write

The real documents of ``tests/real_sample/`` (read from the archive when it is present) cannot be kept
that way: they are checked against their annotations, figure for figure as before, and extracted in
two orders, since what extraction remembers from one release must never change the next.
"""

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from index.extract import to_release  # noqa: E402
from index.pipeline import extract  # noqa: E402
from index.registry import Registry  # noqa: E402
from index.sources import Skipped, jsonl, reader_for  # noqa: E402
from index.statements import extract_statements  # noqa: E402
from index.topics import Taxonomy  # noqa: E402
from search.release import key_for  # noqa: E402
from search.statements import OFFICIAL  # noqa: E402

GOLDEN = Path(__file__).parent / "extraction_golden.json"
# Each corpus, with the registry its evaluation uses (None: the default one, as ``hemeroteca index``).
CORPORA = {
    "index/demo_corpus": None,
    "tests/extraction/releases": "tests/extraction/officials.toml",
    "tests/statements/releases": "tests/statements/officials.toml",
}


def release_fields(release):
    """Every field of a release as plain JSON; the body by its digest and length (a test need not
    carry it twice)."""
    return {
        "id": release.id,
        "title": release.title,
        "body": [hashlib.sha1(release.body.encode("utf-8")).hexdigest(), len(release.body)],
        "date": release.date.isoformat() if release.date else None,
        "source": release.source,
        "url": release.url,
        "officials": [[o.name, o.role, o.body] for o in release.officials],
        "topics": list(release.topics),
        "places": list(release.places),
        "organizations": list(release.organizations),
        "doc_type": release.doc_type,
    }


def statement_fields(statement):
    return [statement.position, statement.kind, statement.start, statement.end, statement.speaker,
            statement.speaker_type, statement.role, statement.institution, list(statement.topics)]


def extracted_fields(release, statements):
    return {**release_fields(release), "statements": [statement_fields(s) for s in statements]}


def snapshot(taxonomy):
    """``{corpus/file#n: fields}`` of every record of our corpora, extracted as the indexer does."""
    found = {}
    for corpus, registry_path in CORPORA.items():
        registry = Registry.load(ROOT / registry_path) if registry_path else None
        folder = ROOT / corpus
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and reader_for(p)):
            records = [r for r in reader_for(path).read(path) if not isinstance(r, Skipped)]
            for n, record in enumerate(records):
                key = f"{path.relative_to(ROOT).as_posix()}#{n}"
                if registry is None:
                    # The indexing workers' own call.
                    done = extract(record, taxonomy)
                    found[key] = extracted_fields(done.release(), done.statements())
                else:
                    release = to_release(record, taxonomy, registry)
                    found[key] = extracted_fields(release, extract_statements(release, registry, taxonomy))
    return found


@pytest.fixture(scope="module")
def golden():
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current():
    return snapshot(Taxonomy.load())


def test_every_record_of_our_corpora_is_extracted(golden, current):
    assert sorted(current) == sorted(golden)


@pytest.mark.parametrize("field", ["id", "title", "body", "date", "source", "url", "officials", "topics",
                                   "places", "organizations", "doc_type", "statements"])
def test_each_field_is_what_it_was(golden, current, field):
    changed = {key: (golden[key][field], current[key][field]) for key in golden
               if key in current and golden[key][field] != current[key][field]}
    assert changed == {}


# Figures of the annotated real documents when the golden was written: documents; officials found,
# officials extracted, officials annotated; speakers right, speakers annotated.
REAL_SAMPLE_FIGURES = (20, 81, 81, 85, 78, 78)


@pytest.fixture(scope="module")
def real_records(tmp_path_factory):
    """The records of ``tests/real_sample/``'s documents, read from the archive by the JSON Lines reader."""
    from test_real_sample import SAMPLE, archive_subset

    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    subset = archive_subset({row["id"] for row in rows}, tmp_path_factory)
    return rows, [r for r in jsonl.read(subset) if isinstance(r, dict)]


def _extracted_in_order(records):
    taxonomy = Taxonomy.load()
    found = {}
    for record in records:
        done = extract(record, taxonomy)
        found[record["id"]] = extracted_fields(done.release(), done.statements())
    return found


def test_real_documents_give_the_annotated_figures_they_gave(real_records):
    rows, records = real_records
    found = _extracted_in_order(records)
    officials_right = officials_found = officials_annotated = speakers_right = speakers_annotated = 0
    for row in rows:
        fields = found[row["id"]]
        got = {key_for(name) for name, _, _ in fields["officials"]}
        officials_right += len(got & set(row["officials"]))
        officials_found += len(got)
        officials_annotated += len(row["officials"])
        said = {str(s[0]): key_for(s[4]) if s[4] and s[5] == OFFICIAL else s[5] for s in fields["statements"]}
        for position, speaker in row["speakers"].items():
            speakers_annotated += 1
            speakers_right += said.get(position) == speaker
    assert (len(found), officials_right, officials_found, officials_annotated, speakers_right,
            speakers_annotated) == REAL_SAMPLE_FIGURES


def test_a_real_document_extracts_alike_whatever_was_extracted_before_it(real_records):
    _, records = real_records
    assert _extracted_in_order(records) == _extracted_in_order(list(reversed(records)))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_extraction_unchanged.py --write")
    data = snapshot(Taxonomy.load())
    # One release a line, so that a change shows as the lines of the releases it changed.
    lines = (f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(data[key], ensure_ascii=False)}" for key in sorted(data))
    GOLDEN.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{GOLDEN.name}: {len(data)} releases, {sum(len(v['statements']) for v in data.values())} statements")
