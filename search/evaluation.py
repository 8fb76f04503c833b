"""Measuring search quality on judged queries, beside SQLite FTS5 on the same documents.

The peer is what a team would get from the standard library: an FTS5 table
with ``unicode61 remove_diacritics 2``, BM25 with the same title weight, the
typed words ANDed and the same date filters. Both answer the same queries
over the same documents, in the same run.
"""

import math
import re
import sqlite3
import tomllib
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from .params import SearchParams
from .query import FIELD_BOOSTS
from .syntax import split_filters

DEFAULT_JUDGMENTS = Path(__file__).parent / "data" / "judged_queries.toml"
CUTOFF = 10


def load_judgments(path=None):
    """The judged queries: ``[{"group", "text", "relevant"}]``; raises ValueError when malformed."""
    path = Path(path or DEFAULT_JUDGMENTS)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"No se pudieron leer las consultas juzgadas de {path}: {exc}") from exc
    queries = data.get("query", [])
    for n, q in enumerate(queries, 1):
        if not q.get("text") or not q.get("relevant") or not q.get("group"):
            raise ValueError(f"{path}: la consulta {n} necesita group, text y relevant")
    return queries


def ndcg(ranked, relevant, k=CUTOFF):
    """Normalised discounted cumulative gain at ``k`` with binary gains."""
    gain = sum(1 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return gain / ideal if ideal else 0.0


def reciprocal_rank(ranked, relevant, k=CUTOFF):
    """1/rank of the first relevant result within ``k``, 0 if none."""
    for i, doc in enumerate(ranked[:k]):
        if doc in relevant:
            return 1 / (i + 1)
    return 0.0


class Fts5Peer:
    """The same documents in an in-memory SQLite FTS5 table."""

    def __init__(self, view):
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, day UNINDEXED, title, body,"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )
        rows = []
        for fields in view.all_stored():
            stamp = fields.get("date")
            rows.append((fields["id"], stamp.date().isoformat() if stamp else None, fields["title"], fields["body"]))
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", rows)

    @staticmethod
    def match_expression(text):
        """Quoted phrases as phrases, every other word quoted, all ANDed."""
        phrases = re.findall(r'"([^"]+)"', text)
        words = re.findall(r"\w+", re.sub(r'"[^"]*"', " ", text))
        parts = [f'"{p}"' for p in phrases] + [f'"{w}"' for w in words]
        return " AND ".join(parts)

    def ranked_ids(self, typed, limit=CUTOFF):
        text, filters = split_filters(typed)
        expression = self.match_expression(text)
        if not expression:
            return []
        sql = "SELECT id FROM docs WHERE docs MATCH ?"
        args = [expression]
        if filters.get("from"):
            sql += " AND day >= ?"
            args.append(filters["from"].isoformat())
        if filters.get("to"):
            sql += " AND day <= ?"
            args.append(filters["to"].isoformat())
        sql += f" ORDER BY bm25(docs, 0, 0, {FIELD_BOOSTS['title']}, {FIELD_BOOSTS['body']}) LIMIT ?"
        args.append(limit)
        return [row[0] for row in self.db.execute(sql, args)]


def evaluate(engine, judgments):
    """Score Hemeroteca and the FTS5 peer on every judged query.

    Returns ``{"rows": [per query], "groups": {group: {system: {"ndcg", "mrr"}}}}``.
    """
    peer = Fts5Peer(engine.current())
    rows = []
    for judged in judgments:
        relevant = set(judged["relevant"])
        ours = [h["id"] for h in engine.search(SearchParams(q=judged["text"], per_page=CUTOFF))["hits"]]
        theirs = peer.ranked_ids(judged["text"])
        rows.append({
            "group": judged["group"],
            "text": judged["text"],
            "hemeroteca": {"ndcg": ndcg(ours, relevant), "mrr": reciprocal_rank(ours, relevant)},
            "fts5": {"ndcg": ndcg(theirs, relevant), "mrr": reciprocal_rank(theirs, relevant)},
        })
    groups = defaultdict(lambda: defaultdict(lambda: {"ndcg": 0.0, "mrr": 0.0}))
    counts = defaultdict(int)
    for row in rows:
        for group in (row["group"], "todas"):
            counts[group] += 1
            for system in ("hemeroteca", "fts5"):
                for metric in ("ndcg", "mrr"):
                    groups[group][system][metric] += row[system][metric]
    for group, systems in groups.items():
        for scores in systems.values():
            for metric in scores:
                scores[metric] /= counts[group]
    return {"rows": rows, "groups": {g: {s: dict(v) for s, v in d.items()} for g, d in groups.items()},
            "counts": dict(counts), "when": datetime.now().isoformat(timespec="seconds")}


def report(results):
    """The evaluation as a plain-text table, worst groups visible at a glance."""
    lines = [f"{'grupo':<14}{'n':>4}  {'nDCG@10 hem':>11} {'fts5':>6}  {'MRR hem':>8} {'fts5':>6}"]
    order = sorted(g for g in results["groups"] if g != "todas") + ["todas"]
    for group in order:
        hem, fts = results["groups"][group]["hemeroteca"], results["groups"][group]["fts5"]
        lines.append(f"{group:<14}{results['counts'][group]:>4}  {hem['ndcg']:>11.3f} {fts['ndcg']:>6.3f}"
                     f"  {hem['mrr']:>8.3f} {fts['mrr']:>6.3f}")
    misses = [r for r in results["rows"] if r["hemeroteca"]["ndcg"] < 1]
    if misses:
        lines.append("")
        lines.append("Consultas bajo 1.0 en Hemeroteca:")
        lines += [f"  {r['hemeroteca']['ndcg']:.3f}  [{r['group']}] {r['text']}" for r in misses]
    return "\n".join(lines)
