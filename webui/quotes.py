"""What each official is quoted as saying in a release, for the release page.

Press releases quote people in a few fixed shapes: ``“…”, afirmó el alcalde
Mendoza`` (the speaker after the quote) or ``el alcalde Luis Mendoza detalló
que… “…”, afirmó`` (the speaker named before it in the paragraph). A quote
goes to the official whose name is closest in that order; a bare surname
shared by two officials is settled by the role written before it, a role
held by one official alone ("la gobernadora") names her, and otherwise the
quote is left out rather than given to the wrong person.
"""

import re

from search.analysis import fold

# A quotation in any of the marks Spanish releases use.
QUOTE = re.compile(r"“(?P<a>[^”]+)”|«(?P<b>[^»]+)»|\"(?P<c>[^\"]+)\"")
# Shorter quotations are names of programmes or slogans, not statements.
MIN_QUOTE_WORDS = 8
# Characters after a quotation searched for "…”, señaló Zepeda Lara".
AFTER_CHARS = 120
# Characters before a surname searched for the official's role ("el alcalde Mendoza").
ROLE_CHARS = 40


def _forms(name):
    """How a release may name someone: "Carla Mendoza Ríos", "Mendoza Ríos", "Mendoza".

    Mexican names end in two surnames, the first of them the one used alone.
    """
    words = name.split()
    if not words:
        return set()
    if len(words) >= 3:
        return {name, " ".join(words[-2:]), words[-2]}
    return {name, words[-1]}


def _is_statement(text):
    words = text.split()
    if len(words) < MIN_QUOTE_WORDS:
        return False
    # "Árbol por Árbol tu Ciudad Reverdece 2026" is a programme's name, not something said.
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised * 2 < len(words)


def _role_word(official, officials):
    """"gobernadora" names Teresa Jiménez when no other official of the release holds that role."""
    word = official.role.split()[0].lower() if official.role else ""
    same = [o for o in officials if o.role and o.role.split()[0].lower() == word]
    return word if word and len(same) == 1 else None


def _name_pattern(officials):
    """One pattern for every name and role of the release, longest first, and whom each names."""
    named = {}
    for official in officials:
        role = _role_word(official, officials)
        for form in _forms(official.name) | ({role} if role else set()):
            named.setdefault(form, []).append(official)
    alternatives = "|".join(re.escape(f) for f in sorted(named, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), named


def _mentions(text, pattern, named):
    """``(start, end, officials)`` for each name or role in ``text``; a longer one wins where they overlap."""
    return [(m.start(), m.end(), named[m.group()]) for m in pattern.finditer(text)]


def _speaker(text, mention):
    """The one official a mention names, using the role before it when a surname is shared."""
    start, _, candidates = mention
    if len(candidates) == 1:
        return candidates[0]
    before = fold(text[max(0, start - ROLE_CHARS):start])
    by_role = [o for o in candidates if o.role and fold(o.role.split()[0]) in before]
    return by_role[0] if len(by_role) == 1 else None


def quotes_by_official(release):
    """``[{"official", "quotes"}]`` for each official of ``release``, in the release's order."""
    said = {o.key: [] for o in release.officials}
    pattern, named = _name_pattern(release.officials)
    if not named:
        return [{"official": o, "quotes": []} for o in release.officials]
    for paragraph in release.body.split("\n"):
        quotes = list(QUOTE.finditer(paragraph))
        mentions = _mentions(paragraph, pattern, named) if quotes else []
        for m in quotes:
            quote = (m.group("a") or m.group("b") or m.group("c")).strip()
            if not _is_statement(quote):
                continue
            tail = paragraph[m.end():m.end() + AFTER_CHARS]
            tail = tail[:min((tail.find(c) for c in ".“«\"" if c in tail), default=len(tail))]
            after = [x for x in mentions if m.end() <= x[0] < m.end() + len(tail)]
            before = [x for x in mentions if x[1] <= m.start()]
            mention = after[0] if after else (before[-1] if before else None)
            speaker = _speaker(paragraph, mention) if mention else None
            if speaker is not None:
                said[speaker.key].append(quote)
    return [{"official": o, "quotes": said[o.key]} for o in release.officials]
