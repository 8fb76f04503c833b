"""Exports of a whole result set as CSV (for spreadsheets) or JSON Lines (for programs).

Rows are streamed as they are read, so memory stays flat however many there
are, up to ``EXPORT_LIMIT``. The order is the search's: by relevance when it
is sorted so and has words, else by date then id. Which releases match is
settled before the first byte is sent, so a bad query is still a clean 400
(and a search too slow to settle is a 503).

An export also has a time budget, so no worker streams long enough to be
killed: past it the export stops between rows and ends with a marker a
program can see (a last CSV line starting with ``#``, a last JSON line with
``"parcial": true``) saying how many rows came and how to go on with the
``after`` cursor.
"""

import csv
import io
import json
import time
from urllib.parse import urlencode

from flask import Response, current_app, request, stream_with_context, url_for

from search import settings
from search.cursor import encode
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
# Rows sent per chunk of the stream.
CHUNK_ROWS = 200
# Seconds an export may stream when the app sets no EXPORT_SECONDS: a request as long as a search may take
# (a server kills a worker at 30).
DEFAULT_EXPORT_SECONDS = 2.0


def ordered_docnums(engine, params, limit):
    """The selection, the number of matches, and the first ``limit`` docnums in the search's order.

    Selected and ranked once, within the search deadline, as the page ranks.
    """
    chosen = engine.matching(params)
    return chosen, len(chosen.docnums), [docnum for docnum, _ in engine.ordered(chosen, limit)]


class Budget:
    """When an export must stop, and what it sent by then."""

    def __init__(self, seconds):
        self.ends = time.monotonic() + seconds if seconds else None
        self.sent = 0
        self.last = None

    def rows(self, docnums):
        """``docnums`` until the budget runs out, counting what was sent."""
        for docnum in docnums:
            if self.ends is not None and time.monotonic() > self.ends:
                return
            yield docnum
            self.sent += 1
            self.last = docnum


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


def _releases(engine, view, docnums):
    """Each release of ``docnums`` as it is read, so a stream holds one at a time."""
    for docnum in docnums:
        yield engine.fetch(view, [docnum])[0]


def _csv_chunks(releases, marker):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents, ñ).
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for done, release in enumerate(releases, 1):
        writer.writerow(csv_row(release_fields(release)))
        if done % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    stopped = marker()
    if stopped:
        buffer.write(f"# {stopped['mensaje']}\r\n")
    yield buffer.getvalue()


def _jsonl_chunks(releases, marker):
    lines = []
    for release in releases:
        record = {**release_fields(release), "body": release.body}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        if len(lines) == CHUNK_ROWS:
            yield "".join(lines)
            lines = []
    stopped = marker()
    if stopped:
        lines.append(json.dumps(stopped, ensure_ascii=False) + "\n")
    yield "".join(lines)


def _continuation(chosen):
    """The API address that goes on from an export's last row, without the token (None in relevance order)."""
    if chosen.by_relevance:
        return None
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("format", "page", "after", "sort")]
    args.append(("sort", "antiguos" if chosen.params.sort == "antiguos" else "recientes"))
    return f"{url_for('api.search')}?{urlencode(args)}&after="


def export(engine, params, fmt, limit):
    """A streaming response with every release the search matches (at most ``limit``), in ``fmt``.

    Stops between rows once the app's EXPORT_SECONDS are spent, and then ends with a marker.
    """
    budget = Budget(current_app.config.get("EXPORT_SECONDS", DEFAULT_EXPORT_SECONDS))
    chosen, total, docnums = ordered_docnums(engine, params, limit)
    following = _continuation(chosen)
    view = chosen.view

    def marker():
        """What a program reads at the end of an export cut short by its budget, or None."""
        if budget.sent == len(docnums):
            return None
        token = encode(*view.order_key(budget.last)) if following and budget.last is not None else ""
        how = (f"siga con {following}{token}" if following else
               "pida el resto por fecha con «after» y sort=recientes, o use palabras más precisas")
        return {
            "parcial": True,
            "enviados": budget.sent,
            "total": total,
            "next": token if following else None,
            "mensaje": f"Exportación parcial: se enviaron {budget.sent:,} de {total:,} comunicados porque se "
                       f"agotó el tiempo de la exportación; para obtener el resto, {how}.",
        }

    chunks = _csv_chunks if fmt == "csv" else _jsonl_chunks
    response = Response(stream_with_context(chunks(_releases(engine, view, budget.rows(docnums)), marker)), mimetype=FORMATS[fmt])
    response.headers["Content-Type"] = FORMATS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="hemeroteca-comunicados.{fmt}"'
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Export-Limit"] = str(limit)
    response.headers["X-Export-Count"] = str(len(docnums))
    response.headers["X-Export-Truncated"] = "true" if total > len(docnums) else "false"
    if following and total > len(docnums) and docnums:
        # Past the cap, the rest is a cursor walk from the last row.
        response.headers["Link"] = f'<{following}{encode(*view.order_key(docnums[-1]))}>; rel="next"'
    return response
