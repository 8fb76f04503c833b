"""The Spanish analyzer, shared by indexing and querying.

Whoosh pickles analyzers into the index and reruns them on query text, so every
name in this module is part of the on-disk format: never rename or move one, or
existing indexes stop opening.

Order matters: tokens are lowercased, then accent-folded (ñ kept), then stop
words (folded the same way) are dropped, then a Snowball stemmer whose suffix
tables were folded too stems them. Folding first is what makes "informacion"
and "información" one term; folding the stemmer is what keeps the suffixes
("-ación", "-ía") recognisable after folding.
"""

from functools import lru_cache

from unidecode import unidecode
from .store.analyzers import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from .store.analyzers import stopwords_for_language
from .store.analyzers import SpanishStemmer

# Words joined by a decimal point or comma stay one token ("4.5", "1,200");
# everything else splits on non-word characters, so "360°" gives "360".
TOKEN_PATTERN = r"\w+(?:[.,]\d+)*"

# Whoosh's Spanish list treats these as stop words, but in public
# communications they carry meaning ("estado de Aguascalientes", "en sentido
# contrario"); a search for "estado" must not be empty.
KEPT_STOPWORDS = frozenset(
    {
        "estado", "estados", "estada", "estadas", "estad",
        "sentido", "sentidos", "sentida", "sentidas", "sentid",
        "siente", "sintiendo",
    }
)


def fold(text):
    """Lowercase and strip accents with unidecode, keeping ñ distinct from n.

    >>> fold("Árbol PEÑA Jiménez")
    'arbol peña jimenez'
    """
    text = text.lower()
    if text.isascii():
        return text
    return "ñ".join(unidecode(part) for part in text.split("ñ")).lower()


def _folded_unique(words):
    """Fold each word, keeping the first occurrence's order (longest first)."""
    seen = []
    for word in words:
        folded = fold(word)
        if folded not in seen:
            seen.append(folded)
    return tuple(seen)


# 84 of the 313 stop words carry accents ("más", "también"): fold them the same
# way as the tokens, or their unaccented spellings would leak through.
FOLDED_SPANISH_STOPWORDS = frozenset(
    fold(word) for word in stopwords_for_language("es") if word not in KEPT_STOPWORDS
)


class FoldedSpanishStemmer(SpanishStemmer):
    """Spanish Snowball whose suffix tables are accent-folded.

    The stock stemmer only removes "-ación" when the accent is there, so
    "coordinacion" and "coordinación" would stem apart once folded.
    """

    _SpanishStemmer__vowels = "aeiou"
    _SpanishStemmer__step0_suffixes = _folded_unique(SpanishStemmer._SpanishStemmer__step0_suffixes)
    _SpanishStemmer__step1_suffixes = _folded_unique(SpanishStemmer._SpanishStemmer__step1_suffixes)
    _SpanishStemmer__step2a_suffixes = _folded_unique(SpanishStemmer._SpanishStemmer__step2a_suffixes)
    _SpanishStemmer__step2b_suffixes = _folded_unique(SpanishStemmer._SpanishStemmer__step2b_suffixes)
    _SpanishStemmer__step3_suffixes = _folded_unique(SpanishStemmer._SpanishStemmer__step3_suffixes)


    # The stock stemmer treats these suffixes specially only when it sees them
    # accented ("-ución" becomes "u"); given back their accent, the stock
    # stemmer handles them, and "contribucion" stems like "contribuciones".
    REACCENTED = (("acion", "ación"), ("ucion", "ución"), ("logias", "logías"), ("logia", "logía"))

    def stem(self, word):
        for plain, accented in self.REACCENTED:
            if word.endswith(plain):
                return fold(_STOCK_STEMMER.stem(word[: -len(plain)] + accented))
        return super().stem(word)


_STOCK_STEMMER = SpanishStemmer()
_STEMMER = FoldedSpanishStemmer()


@lru_cache(maxsize=200_000)
def stem_spanish(word):
    """Stem an already folded Spanish word.

    Snowball leaves short plurals alone ("años", "mes"); dropping their final
    "s" lets "años" find "año".

    >>> stem_spanish("coordinaciones"), stem_spanish("coordinacion"), stem_spanish("años")
    ('coordin', 'coordin', 'año')
    """
    stem = _STEMMER.stem(word)
    if stem == word and len(word) <= 5 and word.endswith(("as", "es", "os")):
        return word[:-1]
    return stem


# Words repeat: folding each distinct word once makes indexing markedly faster.
fold_token = lru_cache(maxsize=262_144)(fold)


class SpanishFoldFilter(Filter):
    """Folds each token with :func:`fold`, so accents never split a term."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold_token(t.text)
            yield t


def SpanishAnalyzer():
    """The analyzer of the ranked text fields: fold, drop stop words, stem.

    Single characters are kept ("4 mil 983"): the stop list already drops the
    one-letter words that mean nothing ("a", "y", "o").

    >>> [t.text for t in SpanishAnalyzer()("Las vacunas contra el sarampión")]
    ['vacun', 'sarampion']
    """
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | SpanishFoldFilter()
        | StopFilter(stoplist=FOLDED_SPANISH_STOPWORDS, minsize=1)
        | StemFilter(stemfn=stem_spanish, cachesize=0)
    )


def ExactAnalyzer():
    """The analyzer of the phrase and suggestion fields: folded, nothing dropped.

    Quoted phrases match these exact words in order, stop words included, and
    spelling suggestions come from real words rather than stems.

    >>> [t.text for t in ExactAnalyzer()("Árbol por Árbol")]
    ['arbol', 'por', 'arbol']
    """
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | SpanishFoldFilter()


def AccentAnalyzer():
    """The analyzer of the exact-spelling fields: lowercase only, accents and ñ kept.

    Serves the switch "Coincidir tildes y ñ exactamente": there "año" finds
    "año" but not "ano" nor "años", and "informacion" does not find "información".

    >>> [t.text for t in AccentAnalyzer()("Información del Año")]
    ['información', 'del', 'año']
    """
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
