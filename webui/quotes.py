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


def _mentions(text, officials):
    """``(start, end, officials)`` for each name or role in ``text``; longer ones win where they overlap."""
    found = []
    for official in officials:
        role = _role_word(official, officials)
        for form in _forms(official.name) | ({role} if role else set()):
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                found.append((m.start(), m.end(), official))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    mentions = []
    for start, end, official in found:
        if mentions and start < mentions[-1][1] and (start, end) != mentions[-1][:2]:
            continue
        if mentions and (start, end) == mentions[-1][:2]:
            mentions[-1][2].append(official)
        else:
            mentions.append((start, end, [official]))
    return mentions


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
    for paragraph in release.body.split("\n"):
        mentions = _mentions(paragraph, release.officials)
        for m in QUOTE.finditer(paragraph):
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
