"""Whoosh's stock analysis parts, from which :mod:`search.analysis` composes the Spanish analyzer.

The analyzer itself stays in :mod:`search.analysis`: Whoosh pickles it into every index by its
module path, so that path is part of the on-disk format.
"""

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.spanish import SpanishStemmer

__all__ = ["Filter", "LowercaseFilter", "RegexTokenizer", "StemFilter", "StopFilter",
           "stopwords_for_language", "SpanishStemmer"]
