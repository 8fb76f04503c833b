"""The storage seam: the only package that speaks Whoosh.

Everything above it asks for documents through a small protocol and gets plain data back
(numpy arrays of document numbers, stored fields as dicts, counts):

- read (:class:`search.store.reader.View`, one index generation as one thread sees it):
  ``select``, ``order``, ``fetch``, ``facet_counts``, the catalog's per-document values, ``generation``;
- write (:class:`search.store.writer.Writer`): ``replace``, ``replace_group``, ``delete``, ``commit``,
  ``cancel``, with ``stored``, ``keys`` and ``generation`` of the last commit for the write side.

The query side (:mod:`search.query`, :mod:`search.expand`) builds its queries as trees of
:mod:`search.querytree`, which :mod:`search.store.queries` alone turns into Whoosh's; the syntax of the
search box is read by :mod:`search.store.parsing`, and the analyzer (:mod:`search.analysis`) is built from
the stock parts :mod:`search.store.analyzers` hands out. Only this package imports Whoosh itself.
This module imports nothing, so naming ``search.store`` adds no dependency.
"""
