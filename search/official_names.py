"""Officials as people type them: "claudia sheinbaum", "Hugo López-Gatell", "ebrard".

A filter by official holds an index key ("claudia-sheinbaum-pardo"); people type a name, with
or without accents, capitals, hyphens, the second surname or the given name. A typed value that
is no key stands for every official whose name holds its words in order (the last one may be
the start of a word, as while typing); one that matches nobody is kept as typed and finds nothing.
"""

from .release import key_for

# The last typed word counts as the start of a name's word from this many letters on.
PREFIX_LETTERS = 3


def _in_order(typed, words):
    """Whether ``typed`` appears in ``words`` in order, the last typed word possibly cut short."""
    rest = iter(words)
    *whole, last = typed
    for word in whole:
        if not any(word == w for w in rest):
            return False
    return any(w == last or (len(last) >= PREFIX_LETTERS and w.startswith(last)) for w in rest)


def official_keys(value, names):
    """The index keys a typed official stands for, most specific first; ``(key_for(value),)`` when none.

    :param names: the officials' names in the index, folded, as tuples of words.
    """
    key = key_for(value)
    keys = {key_for(" ".join(name)) for name in names}
    if not key or key in keys:
        return (key,)
    typed = key.split("-")
    found = sorted(k for k in keys if _in_order(typed, k.split("-")))
    return tuple(found) or (key,)


def resolve_officials(values, names):
    """Each typed official of a filter replaced by the keys it names, in order, each once."""
    out = []
    for value in values:
        for key in official_keys(value, names):
            if key not in out:
                out.append(key)
    return tuple(out)
