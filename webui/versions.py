"""A release's earlier versions as a reader compares them: what each edit took out and put in.

The crawler keeps every earlier text of a release (``versions``, oldest first,
each with the dates it was online). Each version is compared with the one
that replaced it, paragraph by paragraph and, inside a changed paragraph, word
by word; unchanged paragraphs are only counted, so a one-word correction in a
long release reads as one line.
"""

from datetime import datetime
from difflib import SequenceMatcher

from markupsafe import Markup, escape

from search.statements import paragraphs


def _words(text):
    """A paragraph's words (its spaces were collapsed to one)."""
    return text.split(" ")


def _word_diff(old, new):
    """One paragraph changed: its words with ``<del>`` and ``<ins>`` where they differ."""
    a, b = _words(old), _words(new)
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(Markup("<del>%s</del>") % " ".join(a[i1:i2]))
        if j2 > j1:
            parts.append(Markup("<ins>%s</ins>") % " ".join(b[j1:j2]))
    return Markup(" ").join(parts)


def compare(old, new):
    """The changes from text ``old`` to ``new``: ``[{"kind": "changed"|"removed"|"added", "html"}]`` and the
    number of paragraphs left as they were."""
    a = [" ".join(p.split()) for p in paragraphs(old)]
    b = [" ".join(p.split()) for p in paragraphs(new)]
    changes, same = [], 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            same += i2 - i1
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # Paragraphs replaced one for one read best as word changes; the rest as whole paragraphs.
        for k in range(max(len(olds), len(news))):
            if k < len(olds) and k < len(news):
                changes.append({"kind": "changed", "html": _word_diff(olds[k], news[k])})
            elif k < len(olds):
                changes.append({"kind": "removed", "html": escape(olds[k])})
            else:
                changes.append({"kind": "added", "html": escape(news[k])})
    return changes, same


def _day(stamp):
    try:
        return datetime.fromisoformat(stamp).date() if stamp else None
    except ValueError:
        return None


def history(record):
    """The release's earlier versions, newest first, each compared with the text that replaced it.

    Each is ``{"number", "from", "until", "title", "title_changed", "changes", "same"}``;
    ``from`` and ``until`` are dates (None when unknown).
    """
    versions = record.get("versions") or []
    texts = [*versions, {"title": record["title"], "body": record["body"]}]
    listed = []
    for n, version in enumerate(versions):
        following = texts[n + 1]
        changes, same = compare(version.get("body") or "", following.get("body") or "")
        listed.append({
            "number": n + 1, "from": _day(version.get("from")), "until": _day(version.get("until")),
            "title": version.get("title") or "", "title_changed": version.get("title") != following.get("title"),
            "changes": changes, "same": same,
        })
    return listed[::-1]
