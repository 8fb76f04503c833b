"""A text too long for one release is indexed as several releases, each a part of it.

The longest real communication seen (a stenographic version) holds about 230,000 characters; a
file many times that is a dump or a mistake, and read as one release it would take minutes and
gigabytes to index and could not be paged through. Cut into parts at turn or paragraph
boundaries, every word of it is still found, and each part is an ordinary release.
"""

# Characters of body a release holds at most: four times the longest real communication seen.
MAX_RELEASE_CHARS = 1_000_000
# Where a part may end, best first: between turns of a transcript, between paragraphs, lines, words.
CUT_MARKS = ("\n---\n", "\n\n", "\n", " ")
# The key of a part's place in its text, ``(k, n)``; read by the writer's report, never indexed.
PART = "_part"


def parts_of(record, limit=MAX_RELEASE_CHARS):
    """``record`` alone, or the records of its parts when its body is longer than ``limit``.

    A part keeps every field of the record; its title says which part it is («… (parte 2 de 7)»)
    and a stated id gets the part's number (``id-parte-2``).
    """
    body, title = record.get("body"), record.get("title")
    if not isinstance(body, str) or not isinstance(title, str) or len(body) <= limit:
        return [record]
    pieces = list(_pieces(body, limit))
    parts = []
    for k, piece in enumerate(pieces, 1):
        part = {**record, "body": piece, "title": f"{title} (parte {k} de {len(pieces)})", PART: (k, len(pieces))}
        if record.get("id"):
            part["id"] = f"{record['id']}-parte-{k}"
        parts.append(part)
    return parts


def _pieces(body, limit):
    """``body`` in pieces of at most ``limit`` characters, each cut at the best mark before its end."""
    start = 0
    while len(body) - start > limit:
        end = after = start + limit
        for mark in CUT_MARKS:
            # A cut in the first half of the window would make a part of almost nothing: look for a better mark.
            cut = body.rfind(mark, start + limit // 2, end)
            if cut != -1:
                end, after = cut, cut + len(mark)
                break
        piece = body[start:end].strip()
        if piece:
            yield piece
        start = after
    rest = body[start:].strip()
    if rest:
        yield rest
