"""Every facet and filter, declared once: its name, URL parameter, index field, column, Spanish label and help.

The rest is derived from :data:`FACETS`: the list filters that :func:`search.params.params_from_args`
reads, the keyword fields each filter queries, the columns counted for facets, the Spanish names
typed in the box (``oficial:``), the API's descriptions, the page's headings and the command line's
options. Releases and statements are the two collections; a facet says in which of them it filters
and in which it is counted.
"""

from dataclasses import dataclass

from .keys import key_for

RELEASES = "releases"
STATEMENTS = "statements"
BOTH = (RELEASES, STATEMENTS)


@dataclass(frozen=True)
class Facet:
    """A facet or filter of a collection, as the page, the API, the box and the command line see it."""

    # The name in results; also the URL parameter, the API's and the command line's option.
    name: str
    # What a citizen reads: the page's heading and the help of the API and of the command line.
    label: str
    help: str
    # The keyword field of stable keys a filter queries; None for year and month (from the date).
    field: str | None = None
    # The column of display labels a facet counts from; None for a filter that is never counted.
    column: str | None = None
    # The collections where it filters, and where it is counted.
    filters: tuple = ()
    counted: tuple = ()
    # Spanish names typed in the search box before a colon (folded, as typed).
    typed: tuple = ()
    # Dates facet by their own value, newest first; people, topics, sources by count.
    chronological: bool = False
    # Values are keys made from the labels ("luis-mendoza"); else the label (or ``to_value`` of it).
    keyed: bool = True
    to_value: object = None
    # Its values in a sentence ("ver todos los funcionarios"), when not the label in lower case.
    values_name: str = ""
    # The attribute of a release holding the facet's labels (a list, one value, or officials by name).
    attribute: str = ""

    @property
    def param(self):
        """The URL parameter (and command-line option) that sets this filter."""
        return self.name

    @property
    def plural(self):
        """The facet's values named in a sentence, in lower case."""
        return self.values_name or self.label.lower()

    def value_of(self, label):
        """The facet value of one stored label."""
        if self.to_value:
            return self.to_value(label)
        return key_for(label) if self.keyed else label


def _year(label):
    return label[:4]


# Every facet and filter, in the order the pages show them.
FACETS = (
    Facet("year", "Años", "Año de publicación.", column="month_facet", counted=BOTH,
          chronological=True, keyed=False, to_value=_year),
    Facet("month", "Meses", "Mes de publicación.", column="month_facet", counted=BOTH,
          chronological=True, keyed=False),
    Facet("official", "Funcionarios", "Funcionario (clave o nombre).", "official", "official_facet",
          filters=BOTH, counted=BOTH, typed=("oficial", "funcionario", "funcionaria"), attribute="officials"),
    Facet("topic", "Temas", "Tema (clave o nombre).", "topic", "topic_facet",
          filters=BOTH, counted=BOTH, typed=("tema",), attribute="topics"),
    Facet("source", "Fuentes", "Fuente: dependencia o gobierno (clave o nombre).", "source_key", "source_facet",
          filters=BOTH, counted=(RELEASES,), typed=("fuente",), attribute="source"),
    Facet("place", "Lugares", "Lugar (clave o nombre).", "place", "place_facet",
          filters=(RELEASES,), counted=(RELEASES,), typed=("lugar",), attribute="places"),
    Facet("organization", "Dependencias", "Dependencia mencionada (clave o nombre).", "organization",
          "organization_facet", filters=(RELEASES,), counted=(RELEASES,),
          typed=("dependencia", "organizacion", "organización"), attribute="organizations"),
    Facet("type", "Tipo de documento", "Tipo de documento (clave o nombre).", "type", "type_facet",
          filters=(RELEASES,), counted=(RELEASES,), typed=("tipo",),
          values_name="tipos de documento", attribute="doc_type"),
    Facet("kind", "Tipo de declaración", "Tipo de declaración.", "kind",
          "kind_facet", filters=(STATEMENTS,), counted=(STATEMENTS,)),
    Facet("speaker_type", "Quién habla", "Quién habla.",
          "speaker_type", "speaker_type_facet", filters=(STATEMENTS,), counted=(STATEMENTS,)),
    Facet("release", "Comunicado", "Solo las declaraciones de este comunicado (su identificador).", "release_id",
          filters=(STATEMENTS,), keyed=False),
)
BY_NAME = {f.name: f for f in FACETS}


def counted_in(collection):
    """The facets counted for a collection, in the order the page shows them."""
    return tuple(f for f in FACETS if collection in f.counted)


def filters_of(collection):
    """The list filters of a collection (several values each, OR within one, AND across them)."""
    return tuple(f for f in FACETS if collection in f.filters)


def filter_fields(collection):
    """``{filter name: keyword field}`` of a collection."""
    return {f.name: f.field for f in filters_of(collection)}


def faceted_filters(collection):
    """Names of the filters that are also counted: each is counted without its own filter, to combine with OR."""
    return tuple(f.name for f in filters_of(collection) if collection in f.counted)


def labels():
    """``{name: Spanish label}`` of every facet, for the pages' headings."""
    return {f.name: f.label for f in FACETS}


def plurals():
    """``{name: values named in a sentence}`` of every facet, for the pages' links."""
    return {f.name: f.plural for f in FACETS}


def typed_names():
    """``{Spanish name typed before a colon: filter name}``, in declaration order."""
    return {typed: f.name for f in FACETS for typed in f.typed}
