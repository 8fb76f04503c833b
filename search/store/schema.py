"""The two schemas of a Hemeroteca index, and opening or creating one on disk.

Each facet has two fields: a keyword field of stable keys ("luis-mendoza") to
filter on, and a column of display labels ("Luis Mendoza") to count from.
Counting from columns reads one small value per matching document instead of
loading stored documents. Statements live in a second index, in the
``declaraciones`` folder of the release index.
"""

from pathlib import Path

from whoosh import columns, fields, index

from ..analysis import AccentAnalyzer, ExactAnalyzer, SpanishAnalyzer
from .twins import StemmedTwin

# The statements index, inside the release index folder.
STATEMENTS_FOLDER = "declaraciones"


def press_release_schema():
    """Build the schema of a press-release index.

    The ranked fields (``title``, ``body``) are folded and stemmed, their
    stems read off their ``_exact`` twins (:mod:`search.store.stems`); the
    twins are folded only and keep positions, for quoted phrases and spelling
    suggestions; the ``_accent`` twins keep accents and ñ, for
    searches that ask for exact spelling (only the words whose accents the
    ``_exact`` twins fold away, and their plain twins: see
    :class:`search.analysis.AccentedWordsFilter`).
    """
    spanish = SpanishAnalyzer()
    exact = ExactAnalyzer()
    accent = AccentAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        url=fields.STORED(),
        title=StemmedTwin(spanish, "title_exact", stored=True),
        title_exact=fields.TEXT(analyzer=exact, phrase=True, spelling=True),
        body=StemmedTwin(spanish, "body_exact", stored=True),
        body_exact=fields.TEXT(analyzer=exact, phrase=True, spelling=True),
        title_accent=fields.TEXT(analyzer=accent, phrase=False),
        body_accent=fields.TEXT(analyzer=accent, phrase=False),
        date=fields.DATETIME(stored=True, sortable=True),
        month=fields.ID(),
        month_facet=fields.COLUMN(columns.VarBytesColumn()),
        source=fields.ID(stored=True),
        source_key=fields.ID(),
        source_facet=fields.COLUMN(columns.VarBytesColumn()),
        official=fields.KEYWORD(scorable=False),
        official_facet=fields.COLUMN(columns.VarBytesColumn()),
        officials=fields.STORED(),
        topic=fields.KEYWORD(scorable=False),
        topic_facet=fields.COLUMN(columns.VarBytesColumn()),
        topics=fields.STORED(),
        place=fields.KEYWORD(scorable=False),
        place_facet=fields.COLUMN(columns.VarBytesColumn()),
        places=fields.STORED(),
        organization=fields.KEYWORD(scorable=False),
        organization_facet=fields.COLUMN(columns.VarBytesColumn()),
        organizations=fields.STORED(),
        type=fields.ID(),
        type_facet=fields.COLUMN(columns.VarBytesColumn()),
        doc_type=fields.STORED(),
        origin=fields.STORED(),
        # Kept up to date by the site crawler: when Hemeroteca first and last saw a release on its site,
        # the site's last update, whether it was withdrawn, its earlier versions and the site's own labels.
        first_seen=fields.STORED(),
        last_seen=fields.STORED(),
        updated=fields.STORED(),
        withdrawn=fields.BOOLEAN(stored=True),
        versions=fields.STORED(),
        labels=fields.STORED(),
        # Written by index.stamps: when the release's text or withdrawal last changed in this index, and
        # when it first entered it, so email alerts can send what is new or edited since their last message.
        indexed_at=fields.DATETIME(stored=True, sortable=True),
        first_indexed=fields.STORED(),
    )


def statements_schema():
    """Build the schema of a statements index.

    ``title`` holds the speaker's name and role and ``body`` the statement, each
    with an ``_exact`` twin for quoted phrases and spelling suggestions and an
    ``_accent`` twin for the exact-spelling switch, as in
    :func:`press_release_schema`. The facet columns carry the
    release index's names, so :class:`search.store.columns.ColumnCache` reads both.
    """
    spanish = SpanishAnalyzer()
    exact = ExactAnalyzer()
    accent = AccentAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        release_id=fields.ID(stored=True),
        position=fields.NUMERIC(stored=True, sortable=True),
        kind=fields.ID(stored=True),
        kind_facet=fields.COLUMN(columns.VarBytesColumn()),
        title=StemmedTwin(spanish, "title_exact"),
        title_exact=fields.TEXT(analyzer=exact, phrase=True, spelling=True),
        body=StemmedTwin(spanish, "body_exact", stored=True),
        body_exact=fields.TEXT(analyzer=exact, phrase=True, spelling=True),
        title_accent=fields.TEXT(analyzer=accent, phrase=False),
        body_accent=fields.TEXT(analyzer=accent, phrase=False),
        speaker=fields.STORED(),
        speaker_type=fields.ID(stored=True),
        speaker_type_facet=fields.COLUMN(columns.VarBytesColumn()),
        role=fields.STORED(),
        institution=fields.STORED(),
        official=fields.KEYWORD(scorable=False),
        official_facet=fields.COLUMN(columns.VarBytesColumn()),
        topic=fields.KEYWORD(scorable=False),
        topic_facet=fields.COLUMN(columns.VarBytesColumn()),
        topics=fields.STORED(),
        date=fields.DATETIME(stored=True, sortable=True),
        month_facet=fields.COLUMN(columns.VarBytesColumn()),
        source=fields.STORED(),
        source_key=fields.ID(),
        source_facet=fields.COLUMN(columns.VarBytesColumn()),
        release_title=fields.STORED(),
        start=fields.STORED(),
        end=fields.STORED(),
    )


# Exceptions


class IndexNotFoundError(ValueError):
    """Raised when a directory holds no Hemeroteca index."""


# Raised when another process holds the index's write lock. Whoosh's own class under our name, so a
# caller can catch it without importing Whoosh.
IndexLocked = index.LockError

# Fields added to the schema after the first indexes were made: an older index gets them on its next write.
LATER_FIELDS = ("indexed_at", "first_indexed")


def add_later_fields(writer):
    """Add to an older index, through its open ``writer``, the fields it was made without."""
    schema = None
    for name in LATER_FIELDS:
        if name not in writer.schema:
            schema = schema or press_release_schema()
            writer.add_field(name, schema[name])


def open_or_create(path):
    """Open the index at ``path``, creating the folder and index if missing."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    if index.exists_in(path):
        return index.open_dir(path)
    return index.create_in(path, press_release_schema())


def create_empty(path):
    """Create an empty index at ``path``, replacing any index there (other files are left alone)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(path, press_release_schema())


def open_existing(path):
    """Open the index at ``path`` for reading, or say clearly that there is none."""
    path = Path(path)
    if not index.exists_in(path):
        raise IndexNotFoundError(
            f"No hay un índice en {path}: créelo con «hemeroteca index --index {path} FUENTES…»."
        )
    return index.open_dir(path)


def statements_dir(index_dir):
    return Path(index_dir) / STATEMENTS_FOLDER


def create_statements(index_dir):
    """An empty statements index beside the releases of ``index_dir`` (replacing one there)."""
    path = statements_dir(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(path, statements_schema())


def open_or_create_statements(index_dir):
    """The statements index of ``index_dir``, created empty if missing."""
    path = statements_dir(index_dir)
    if index.exists_in(path):
        return index.open_dir(path)
    return create_statements(index_dir)


def open_statements(index_dir):
    """The statements index of ``index_dir`` for reading, or say clearly that there is none."""
    path = statements_dir(index_dir)
    if not index.exists_in(path):
        raise IndexNotFoundError(
            f"El índice {index_dir} no tiene declaraciones: vuelva a indexar los comunicados con "
            f"«hemeroteca index --index {index_dir} FUENTES…»."
        )
    return index.open_dir(path)
