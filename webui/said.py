"""What the officials of a release said, for the release's page: their quotes and where each statement starts.

Read from the statements' engine; the release page (:mod:`webui.views`) shows it beside the text, and
the statements' section (:mod:`webui.statements`) is where each "more" link leads.
"""

from flask import url_for

from search.release import Official
from search.statements import DIRECT, TURN, anchors_by_paragraph

from .engine import get_statement_engine

# A release's side panel quotes each official this many times, linking to the rest.
QUOTES_PER_OFFICIAL = 3
# Characters of a transcript's turn quoted in the side panel.
TURN_CHARS = 280


def statements_of(release):
    """The release's statements in order; none for an index built before statements existed."""
    try:
        return get_statement_engine().of_release(release.id)
    except ValueError:
        return []


def release_statements(release, statements=None):
    """For a release's page: what each official said (``[{"official", "quotes"}]``) and, for each
    paragraph of its body, the anchors of the statements that start there.

    Quotes are the official's direct quotes and turns, each ``{"text", "anchor"}``; empty lists
    when the index holds no statements.
    """
    if statements is None:
        statements = statements_of(release)
    by_key = {}
    for s in statements:
        if s.official_key and s.kind in (DIRECT, TURN):
            text = s.text if len(s.text) <= TURN_CHARS else s.text[:TURN_CHARS].rsplit(" ", 1)[0] + "…"
            by_key.setdefault(s.official_key, []).append({"text": text, "anchor": s.anchor})
    # The release's officials, then speakers it did not list (a transcript's, resolved by their label).
    officials = list(release.officials)
    for s in statements:
        if s.official_key in by_key and all(o.key != s.official_key for o in officials):
            officials.append(Official(s.speaker, s.role, s.institution))
    said = []
    for o in officials:
        quotes = by_key.get(o.key, [])
        said.append({"official": o, "quotes": quotes[:QUOTES_PER_OFFICIAL], "more": len(quotes),
                     "more_url": url_for("statements.search", release=release.id, official=o.key)})
    return said, anchors_by_paragraph(release.body, statements)
