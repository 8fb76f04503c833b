"""Exports of a result set as CSV (for spreadsheets) or JSON Lines (for programs), a page at a time.

An export is read in date order (newest first, or oldest with ``sort=antiguos``; ties by id), at most
``EXPORT_LIMIT`` rows a response. A page that is not the last carries ``Link: <…>; rel="next"``: the
same export continued with ``after``, the cursor of its last row's (date, id), so following the links
yields every release once, with no gap, even while releases are added. Each page is one bounded piece
of work: a program asks for the next one when it wants it, instead of one response holding the whole set.

Which releases match is settled, and the page written, before the first byte is sent, so a bad query
or cursor is still a clean 400 and the Link header names exactly the row the page ended on. A page
also has a time budget: past it the page ends early (it always holds at least one row), and its Link
goes on from the last row it holds.
"""

import csv
import io
import json
import time
from urllib.parse import urlencode

from flask import Response, current_app, request, url_for

from search import settings
from search.cursor import decode, encode
from search.records import release_fields

# Rows written, at most, unless the EXPORT_LIMIT setting says otherwise.
DEFAULT_EXPORT_LIMIT = settings.BY_NAME["EXPORT_LIMIT"].default
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}
# Spreadsheet columns, in Spanish for the people who open them.
CSV_COLUMNS = ("id", "fecha", "titulo", "fuente", "url", "funcionarios", "temas", "lugares", "dependencias", "tipo")
# Separates several values inside one cell.
CELL_SEPARATOR = "; "
# Spreadsheets run a cell that starts with these as a formula; a leading ' keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Seconds an export page may spend reading releases when the app sets no EXPORT_SECONDS: past them the
# page ends early and its Link goes on from there, so no response nears the 2 s a request may take.
DEFAULT_EXPORT_SECONDS = 1.0


class Budget:
    """When an export page must stop growing."""

    def __init__(self, seconds):
        self.ends = time.monotonic() + seconds if seconds else None

    def spent(self):
        return self.ends is not None and time.monotonic() > self.ends


def _cell(text):
    text = text or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(fields):
    """A release's metadata as the cells of one spreadsheet row."""
    officials = [f"{o['name']} ({o['role']})" if o["role"] else o["name"] for o in fields["officials"]]
    labels = {name: CELL_SEPARATOR.join(i["label"] for i in fields[name]) for name in ("topics", "places", "organizations")}
    cells = [fields["id"], fields["date"], fields["title"], fields["source"], fields["url"],
             CELL_SEPARATOR.join(officials), labels["topics"], labels["places"], labels["organizations"],
             fields["type"]]
    return [_cell(c) for c in cells]


def _csv_page(releases):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents, ñ).
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for release in releases:
        writer.writerow(csv_row(release_fields(release)))
    return buffer.getvalue()


def _jsonl_page(releases):
    return "".join(json.dumps({**release_fields(release), "body": release.body}, ensure_ascii=False) + "\n"
                   for release in releases)


def _written(engine, view, docnums, budget):
    """The releases of ``docnums`` read in order until the budget is spent (at least one)."""
    releases = []
    for docnum in docnums:
        if releases and budget.spent():
            break
        releases.append(engine.fetch(view, [docnum])[0])
    return releases


def _next_url(descending, token):
    """This export continued after ``token``: the request's arguments, its date order made explicit."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", "after", "sort")]
    args += [("sort", "recientes" if descending else "antiguos"), ("after", token)]
    return f"{url_for('api.search')}?{urlencode(args)}"


def export(engine, params, fmt, limit, token=""):
    """One page of an export in ``fmt``: at most ``limit`` releases the search matches, after cursor ``token``.

    Date order, newest first unless sorted "antiguos"; ``token`` empty starts at the first release.
    Raises QueryError (a 400) for a token we did not hand out.
    """
    after = decode(token) if token else None
    budget = Budget(current_app.config.get("EXPORT_SECONDS", DEFAULT_EXPORT_SECONDS))
    chosen = engine.matching(params)
    descending = chosen.params.sort != "antiguos"
    view = chosen.view
    docnums = [docnum for docnum, _ in engine.ordered(chosen, limit + 1, after, descending)]
    releases = _written(engine, view, docnums[:limit], budget)
    more = len(docnums) > len(releases)
    body = (_csv_page if fmt == "csv" else _jsonl_page)(releases)
    response = Response(body, mimetype=FORMATS[fmt])
    response.headers["Content-Type"] = FORMATS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="hemeroteca-comunicados.{fmt}"'
    response.headers["X-Total-Count"] = str(len(chosen.docnums))
    response.headers["X-Export-Limit"] = str(limit)
    response.headers["X-Export-Count"] = str(len(releases))
    response.headers["X-Export-Truncated"] = "true" if more else "false"
    if more:
        last = docnums[len(releases) - 1]
        response.headers["Link"] = f'<{_next_url(descending, encode(*view.order_key(last)))}>; rel="next"'
    return response
