"""Whoosh's collectors run within the search deadline, and what a searcher may keep between searches."""

from whoosh.collectors import FilterCollector, WrappingCollector

from ..limits import check, checked

# Terms whose idf a searcher remembers; Whoosh's own cache of them never forgets one.
IDF_KEPT = 4096


class _DeadlineCollector(WrappingCollector):
    """Checks the deadline while its child collects.

    Not Whoosh's TimeLimitCollector: wrapped around a filtering collector it
    skips the filter, and it starts a timer thread for every search.
    """

    def matches(self):
        return checked(self.child.matches(), every=256)

    def collect_matches(self):
        # As Collector.collect_matches, through the checked matches: the child's own
        # matches() still skips the posting blocks that cannot reach the top.
        collect = self.child.collect
        for sub_docnum in self.matches():
            collect(sub_docnum)


def collect(searcher, q, limit, filter=None, **sorting):
    """The top ``limit`` results of ``q`` among the documents in ``filter``, within the deadline.

    :param sorting: ``sortedby`` and ``reverse``, as for ``Searcher.search``.
    """
    check()
    inner = _DeadlineCollector(searcher.collector(limit=limit, **sorting))
    collector = FilterCollector(inner, filter) if filter is not None else inner
    searcher.search_with_collector(q, collector)
    return collector.results()


def forget_idf(searcher):
    """Empty the searcher's idf cache once it holds :data:`IDF_KEPT` terms.

    Whoosh keeps the idf of every term ever scored for the searcher's whole
    life, and a searcher lives as long as the index does not change.
    """
    cache = getattr(searcher, "_idf_cache", None)
    if cache is not None and len(cache) > IDF_KEPT:
        cache.clear()
