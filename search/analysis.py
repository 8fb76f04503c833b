"""The Spanish analyzer, shared by indexing and querying.

Whoosh pickles analyzers into the index and reruns them on query text, so every
name in this module is part of the on-disk format: never rename or move one, or
existing indexes stop opening.

Order matters: tokens are lowercased, then accent-folded (ñ kept), then stop
words (folded the same way) are dropped, then a light stemmer undoes plural,
gender and verb endings (indexes made before it: a Snowball stemmer whose
suffix tables were folded too). Folding first is what makes "informacion"
and "información" one term, and keeps the suffixes recognisable.
"""

import re
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


# Light stemming: only the inflections of one word meet.
#
# Snowball strips derivational suffixes too, so "seguridad" met "seguro",
# "salud" met "saludo" and "guarderías" met "guardar". The light stemmer
# below (in the spirit of Savoy's Spanish light stemmer, Elasticsearch's
# ``light_spanish``) only undoes plural and gender, and maps the unmistakable
# forms of a verb (gerund, imperfect, preterite, future, conditional, first
# person plural…) to its infinitive, so "saludamos" becomes "saludar", never
# "salud". Forms that nouns share ("guarda", "saludo", "-ía", "-ado") are
# read as nouns. Its output is a key, not always a word ("segura" → "seguro",
# "luces" → "luz", "clases" → "clas").

# Verb endings → the infinitive's ending ("ar", or "er" for both -er and -ir
# verbs, whose forms mostly coincide). Longest first; the part before the
# ending must keep three letters.
_VERB_ENDINGS = tuple(sorted({
    **dict.fromkeys(("ando", "abamos", "abais", "aban", "abas", "aba", "aron", "asteis", "amos",
                     "arian", "ariamos", "ariais", "aremos", "areis", "aran", "aramos"), "ar"),
    **dict.fromkeys(("iendo", "yendo", "ieron", "yeron", "iamos", "iais", "ian", "isteis",
                     "emos", "erian", "eriamos", "eremos", "eran",
                     "irian", "iriamos", "iremos", "iran", "ieramos", "ieran",
                     "iesen", "yeran", "ir"), "er"),
}.items(), key=lambda e: -len(e[0])))

# Verb endings left out because nouns and adjectives wear them too, and are read as nouns:
# "-ara(s)" (cámara), "-ía(s)" (secretaría, guardería), "-era(s)" (frontera), "-iera" (financiera),
# "-imos" (últimos, próximos), "-aste" (contraste), "-ase(s)" (envase), "-ado"/"-ido" (estado, partido).
# Plurals of nouns that still look like verb forms:
NOT_VERB_FORMS = frozenset((
    "gramos", "kilogramos", "miligramos", "reclamos", "prestamos", "tramos", "subtramos", "ramos",
    "extremos", "supremos", "blasfemos", "problemas",
))

# Feminine nouns whose masculine form is another word: gender is not undone for them
# ("casa" is not "caso", "partida" is not "partido", "cuenta" is not "cuento").
DISTINCT_FEMININES = frozenset((
    "casa", "puerta", "plaza", "cuenta", "punta", "carga", "marca", "fruta", "libra", "gira", "trata",
    "cuadra", "bolsa", "fonda", "derecha", "partida", "rama", "moda", "resta", "banca", "palma", "suela",
    "lista", "cara", "rata", "pata", "barca", "costa", "plata", "manga", "cinta", "foca", "puesta",
    "ruta", "hora", "cera", "cura", "caja", "pala", "bota", "tasa", "coma", "paga",
    "sala", "toma", "entrada", "llegada", "salida", "medida", "vida", "comida", "jornada", "parada",
    "temporada", "mirada", "cuota", "bala", "masa", "mina", "cama", "fila", "pieza", "plana", "campana",
    "multa", "obra", "planta", "muestra", "seña", "caña", "leña", "cana", "nota", "orilla", "cuerda",
    "acta", "carretera", "forma", "libreta", "banda", "pasta", "tienda",
))
# Feminines of nouns in "-e" ("presidenta" is "presidente"); other nouns in "-or" take "-ora"
# ("señora", "gobernadora") except these, which are words of their own.
E_FEMININES = frozenset((
    "presidenta", "vicepresidenta", "jefa", "clienta", "sirvienta", "dependienta", "asistenta", "gerenta",
    "parienta", "comandanta",
))
NOT_OR_FEMININES = frozenset((
    "hora", "ahora", "mejora", "demora", "flora", "aurora", "mora", "zamora", "pastora", "cora", "dora",
    "decora", "elabora", "colabora", "implora", "explora", "ignora", "adora", "llora", "evapora",
    "incorpora", "aflora", "añora", "devora", "perfora", "mayora",
))
# Pronouns joined to an infinitive or gerund: "hacerlo" is "hacer", "vacunarse" is "vacunar".
_CLITIC = re.compile(r"(?<=...)(ar|er|ir|ando|iendo|yendo)(?:los|las|les|lo|la|le|se)$")
# Words that end in "-es" in the singular ("interés", "inglés"): no plural to undo.
SINGULAR_ES = frozenset((
    "interes", "ingles", "frances", "japones", "portugues", "holandes", "escoces", "irlandes", "danes",
    "libanes", "aragones", "cordobes", "estres", "marques", "burgues", "reves", "cortes", "andres", "ines",
    "moises",
))
_VOWELS = "aeiou"


def light_stem(word):
    """Undo plural, gender and the unmistakable verb endings of a folded Spanish word.

    >>> [light_stem(w) for w in ("seguras", "seguridad", "saludos", "saludamos", "vacunaciones", "luces")]
    ['seguro', 'seguridad', 'saludo', 'saludar', 'vacunacion', 'luz']
    """
    if len(word) < 4 or not word.isalpha():
        return word
    word = _CLITIC.sub(r"\1", word)
    for ending, infinitive in _VERB_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3 and word not in NOT_VERB_FORMS:
            return word[: -len(ending)] + infinitive
    if word.endswith("eses") and len(word) > 5:
        # "meses", "intereses": a singular in "-és".
        return word[:-2]
    if word in SINGULAR_ES:
        return word
    unstressed = False
    if word.endswith("es") and len(word) > 4 and word[-3] not in _VOWELS:
        word, unstressed = word[:-2], True
    elif word.endswith("s") and word[-2] in "aeo":
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word, unstressed = word[:-1], True
    if unstressed and word.endswith("c"):
        # "luces" → "luz", like "luz"; "avances" → "avanz", like "avance" (but "Mixcoac" stays).
        return word[:-1] + "z"
    if word in E_FEMININES:
        return word[:-1]
    if word.endswith("ora") and len(word) > 4 and word not in NOT_OR_FEMININES:
        return word[:-1]
    if word.endswith("a") and len(word) > 3 and word not in DISTINCT_FEMININES:
        return word[:-1] + "o"
    return word


# Endings that tie a word to its verb: the action noun, the participle, the infinitive.
_FAMILY_SUFFIXES = ("amiento", "imiento", "acion", "icion", "ado", "ido", "ar", "er")


def family_base(stem):
    """The part a light stem shares with its verb's other words, or None when it has no verb.

    "vacunacion", "vacunar", "vacunado" and "vacuno" (vacuna) share "vacun"; "seguridad",
    "salud" and "saludable" have none, so they never meet "seguro" or "saludo".

    >>> family_base("vacunacion"), family_base("vacuno"), family_base("seguridad"), family_base("salud")
    ('vacun', 'vacun', None, None)
    """
    if stem in DISTINCT_FEMININES:
        return None
    for suffix in _FAMILY_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            return stem[: -len(suffix)]
    if stem.endswith("o") and len(stem) >= 5:
        return stem[:-1]
    return None


@lru_cache(maxsize=200_000)
def light_stem_spanish(word):
    """:func:`light_stem`, remembered: the stem function the analyzer pickles (its name is on-disk format)."""
    return light_stem(word)


class StemSet(set):
    """Stems matched by a query, with the stem function of the index they come from."""

    def __init__(self, stems=(), stemmer=None):
        super().__init__(stems)
        self.stemmer = stemmer or light_stem_spanish


def stemmer_of(schema, fieldname="body"):
    """The stem function a field was indexed with: light stemming, or Snowball in an index made before it."""
    for item in getattr(schema[fieldname].analyzer, "items", ()):
        if isinstance(item, StemFilter):
            return item.stemfn
    return light_stem_spanish


def stem_prefix(stem):
    """A prefix shared by every word that :func:`light_stem` maps to ``stem``, for finding them in a text.

    Whatever the stemmer cut from a word, it added at most two letters ("ar", "er", "o", "z").
    """
    return stem[: max(2, len(stem) - 2)]


def light_stem_prefix(stem):
    """The longest prefix shared by every word that :func:`light_stem` maps to ``stem`` (tighter than
    :func:`stem_prefix`, which serves any stemmer): the stemmer adds letters only to make an infinitive
    ("ar", "er", five letters at least), a masculine ("o") or a "z" ("luces" → "luz").

    >>> [light_stem_prefix(s) for s in ("saludar", "vacuno", "luz", "agua", "ver")]
    ['salud', 'vacun', 'lu', 'agua', 'ver']
    """
    if len(stem) >= 5 and stem.endswith(("ar", "er")):
        return stem[:-2]
    if len(stem) >= 3 and stem.endswith(("o", "z")):
        return stem[:-1]
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

    Indexes made before light stemming pickled Snowball (:func:`stem_spanish`)
    and keep it until they are rebuilt.

    >>> [t.text for t in SpanishAnalyzer()("Las vacunas contra el sarampión")]
    ['vacuno', 'sarampion']
    """
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | SpanishFoldFilter()
        | StopFilter(stoplist=FOLDED_SPANISH_STOPWORDS, minsize=1)
        | StemFilter(stemfn=light_stem_spanish, cachesize=0)
    )


def SnowballSpanishAnalyzer():
    """The analyzer before light stemming: Snowball joins a word with its derivatives.

    Too loose for search ("seguridad" met "seguro"), right for spotting a topic's
    keywords in any of their forms ("reforestación" for "reforestar").

    >>> [t.text for t in SnowballSpanishAnalyzer()("Las vacunas contra el sarampión")]
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


class AccentedWordsFilter(Filter):
    """When indexing, keeps only what the folded fields cannot tell: the words written with accents,
    and the words written without them whose accented spelling is in the same text ("esta" beside
    "está"). A query's words all pass.

    Every other word is the same in the folded ``_exact`` field, so the exact-spelling switch finds a
    word typed without accents there, less the texts that hold an accented spelling of it without
    the plain one (:func:`search.expand.plain_spellings`). The field holds about a sixth of the words
    it held whole, and the build writes that much less.
    """

    def __call__(self, tokens):
        tokens = iter(tokens)
        first = next(tokens, None)
        if first is None:
            return
        if first.mode != "index":
            yield first
            yield from tokens
            return
        kept = [first.copy()]
        kept += [t.copy() for t in tokens]
        accented = {fold_token(t.text) for t in kept if fold_token(t.text) != t.text}
        for t in kept:
            if t.text in accented or fold_token(t.text) != t.text:
                yield t


def AccentAnalyzer():
    """The analyzer of the exact-spelling fields: lowercase only, accents and ñ kept.

    Serves the switch "Coincidir tildes y ñ exactamente": there "año" finds
    "año" but not "ano" nor "años", and "informacion" does not find "información".
    Indexes made before :class:`AccentedWordsFilter` hold every word in these fields.

    >>> [t.text for t in AccentAnalyzer()("Información del Año")]
    ['información', 'del', 'año']
    >>> [t.text for t in AccentAnalyzer()("Esta nota está en la información", mode="index")]
    ['esta', 'está', 'información']
    """
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | AccentedWordsFilter()
