"""Exports of a whole result set as CSV (for spreadsheets) or JSON Lines (for programs).

Rows are streamed as they are read, so memory stays flat however many there
are, up to ``EXPORT_LIMIT``. The order is the search's: by relevance when it
is sorted so and has words, else by date then id. Which releases match is
settled before the first byte is sent, so a bad query is still a clean 400.
"""

import csv
import io
import json

from flask import Response, stream_with_context

from search.cursor import result_set
from search.order import in_date_order
from search.engine import release_fields
from search.release import from_stored

# Rows written, at most, when the app sets no EXPORT_LIMIT.
DEFAULT_EXPORT_LIMIT = 10_000
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


def ordered_docnums(engine, params, limit):
    """The searcher, and the matching documents in the search's order, at most ``limit`` of them."""
    searcher, text_q, docnums = result_set(engine, params)
    if text_q is not None and params.sort == "relevancia" and docnums:
        results = searcher.search(text_q, filter=set(docnums), limit=limit)
        return searcher, len(docnums), [hit.docnum for hit in results]
    ordered = in_date_order(searcher.reader(), docnums, descending=params.sort != "antiguos", limit=limit)
    return searcher, len(docnums), ordered


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


def _csv_chunks(searcher, docnums):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents, ñ).
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for done, docnum in enumerate(docnums, 1):
        writer.writerow(csv_row(release_fields(from_stored(searcher.stored_fields(docnum)))))
        if done % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl_chunks(searcher, docnums):
    lines = []
    for docnum in docnums:
        release = from_stored(searcher.stored_fields(docnum))
        record = {**release_fields(release), "body": release.body}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        if len(lines) == CHUNK_ROWS:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def export(engine, params, fmt, limit):
    """A streaming response with every release the search matches (at most ``limit``), in ``fmt``."""
    searcher, total, docnums = ordered_docnums(engine, params, limit)
    chunks = _csv_chunks if fmt == "csv" else _jsonl_chunks
    response = Response(stream_with_context(chunks(searcher, docnums)), mimetype=FORMATS[fmt])
    response.headers["Content-Type"] = FORMATS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="hemeroteca-comunicados.{fmt}"'
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Export-Limit"] = str(limit)
    response.headers["X-Export-Count"] = str(len(docnums))
    response.headers["X-Export-Truncated"] = "true" if total > len(docnums) else "false"
    return response
