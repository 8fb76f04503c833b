"""Exports of a result set as CSV (for spreadsheets) or JSON Lines (for programs), a page at a time.

An export is read in date order (newest first, or oldest with ``sort=antiguos``; ties by id), at most
``EXPORT_LIMIT`` rows a response. A page that is not the last carries ``Link: <…>; rel="next"``: the
same export continued with ``after``, the cursor of its last row's (date, id), so following the links
yields every release once, with no gap, even while releases are added. Each page is one bounded piece
of work: a program asks for the next one when it wants it, instead of one response holding the whole set.

Which releases match is settled, and the page written, before the first byte is sent, so a bad query
or cursor is still a clean 400 and the Link header names exactly the row the page ended on. A page
also has a time budget and a size in bytes: past either it ends early (it always holds at least one
row), and its Link goes on from the last row it holds.
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
# Bytes a page holds before it ends early, when the app sets no EXPORT_BYTES: it is written in memory
# before it is sent, and a page of stenographic versions in JSON Lines (about 50 KB each) would be 100 MB.
DEFAULT_EXPORT_BYTES = 8 * 1024 * 1024


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


def _csv_lines():
    """Each release as one encoded CSV line, by a writer kept for the page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(release):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_row(release_fields(release)))
        return buffer.getvalue().encode("utf-8")

    return line


def _csv_head():
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents, ñ).
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerow(CSV_COLUMNS)
    return buffer.getvalue().encode("utf-8")


def _jsonl_line(release):
    return (json.dumps({**release_fields(release), "body": release.body}, ensure_ascii=False) + "\n").encode("utf-8")


def _page(engine, view, docnums, line, budget, max_bytes):
    """The encoded lines of ``docnums`` in order, until the budget is spent or ``max_bytes`` are written.

    At least one, so every page moves the export on.
    """
    lines, size = [], 0
    for docnum in docnums:
        if lines and (size >= max_bytes or budget.spent()):
            break
        lines.append(line(engine.fetch(view, [docnum])[0]))
        size += len(lines[-1])
    return lines


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
    lines = _page(engine, view, docnums[:limit], _csv_lines() if fmt == "csv" else _jsonl_line, budget,
                  current_app.config.get("EXPORT_BYTES", DEFAULT_EXPORT_BYTES))
    sent = len(lines)
    more = len(docnums) > sent
    response = Response([_csv_head(), *lines] if fmt == "csv" else lines, mimetype=FORMATS[fmt])
    response.headers["Content-Type"] = FORMATS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="hemeroteca-comunicados.{fmt}"'
    response.headers["X-Total-Count"] = str(len(chosen.docnums))
    response.headers["X-Export-Limit"] = str(limit)
    response.headers["X-Export-Count"] = str(sent)
    response.headers["X-Export-Truncated"] = "true" if more else "false"
    if more:
        last = docnums[sent - 1]
        response.headers["Link"] = f'<{_next_url(descending, encode(*view.order_key(last)))}>; rel="next"'
    return response
