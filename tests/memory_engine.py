"""An engine over a few releases written for one test, in memory: for rules that need a tiny, exact corpus."""

from whoosh.filedb.filestore import RamStorage

from search.collection import RELEASES
from search.engine import Engine
from search.release import to_document
from search.schema import press_release_schema
from search.store.reader import Store


def engine_of(releases, schema=None):
    """The one engine over ``releases``, indexed with ``schema`` (today's by default), without a result cache."""
    ix = RamStorage().create_index(schema or press_release_schema())
    with ix.writer() as w:
        for r in releases:
            w.add_document(**to_document(r))
    return Engine(Store(ix, RELEASES.layout), cache_size=0)
