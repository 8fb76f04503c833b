"""The speaker turns of a stenographic version, and who each speaker label names.

Turns are the paragraphs of the body (``---`` lines or blank lines between them); a turn opens
with its speaker in capitals, on a line of its own or before a colon:
``PRESIDENTA DE MÉXICO, CLAUDIA SHEINBAUM PARDO``, ``SECRETARIA DE SALUD, PATRICIA LOZANO IBARRA:``,
``PREGUNTA:``. A paragraph without a label continues the previous speaker.
"""

import re

from search.statements import CITIZEN, OFFICIAL, PRESS, UNNAMED, paragraph_spans

from .names import clean_name, same_person, title_case
from .officials import NOT_PUBLIC, office_form
from .roles import MODIFIER_RE, ROLE_RE, office_of
from .speakers import CITIZEN_COMPLEMENT, CITIZEN_WORD, Speaker
from .text_utils import fold

# A label on a line of its own: capitals, digits and the punctuation of names and roles.
OWN_LINE_LABEL = re.compile(r"[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ0-9 .,;\-()/'’\u200b]{1,300}:?")
# A label before a colon, with the turn's text on the same line.
COLON_LABEL = re.compile(r"(?P<label>[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ0-9 .,\-()/'’\u200b]{2,250}?)\s*:[ \t]*")
# A turn that only notes what happened.
STAGE_DIRECTION = re.compile(r"(?:\([^()]*\)|\[[^\[\]]*\]|\s)+")
# A body is a transcript when this share of its paragraphs, and at least two, open with a label.
MIN_LABELLED_SHARE = 0.3
# ...or when its only label, naming a person with a role, is in one of its first paragraphs.
OPENING_PARAGRAPHS = 2
# Labels of the press asking, of the people running the event, and of the audience (folded).
PRESS_LABEL = re.compile(r"^(?:pregunta|interlocutor|interlocutora|intervencion|voz|voces de|reporter[oa]|periodista)\b")
STAFF_LABEL = re.compile(r"^(?:moderador|moderadora|maestr[oa] de ceremonias|presentador|presentadora|locutor|"
                         r"locutora|conductor|conductora|edecan)\b")
AUDIENCE_LABEL = re.compile(r"^(?:asistentes|voces|publico|todos|coro|ninas?|ninos?|audiencia|participantes?|"
                            r"personas asistentes)\b")
# Words that make a role public even where it names a school or a radio ("directora general del programa La
# Escuela es Nuestra de la Secretaría de Educación", "presidente del Sistema Público de Radiodifusión").
PUBLIC_BODY = re.compile(r"(?i:secretar[ií]a|p[uú]blic[oa]|del estado|programa|gobierno|nacional|federal|instituto)")
# Words of institutions' names that are no person's (folded): "…DE LA SALUD HUGO LÓPEZ-GATELL RAMÍREZ".
INSTITUTION_WORDS = frozenset({
    "salud", "bienestar", "educacion", "seguridad", "hacienda", "economia", "energia", "cultura", "turismo",
    "marina", "defensa", "gobernacion", "trabajo", "comunicaciones", "transportes", "desarrollo", "agricultura",
    "igualdad", "mujeres", "ciudadana", "publica", "social", "civil", "nacional", "federal", "general",
    "republica", "mexico", "imss", "issste", "pemex", "cfe", "epidemiologia", "prevencion", "promocion",
})
# First words of a label's role when no office of the registry's list names it.
ROLE_WORDS = frozenset({
    "jefe", "jefa", "vocero", "vocera", "encargado", "encargada", "integrante", "representante", "asesor",
    "asesora", "vocal", "comandante", "divulgador", "divulgadora", "cadete", "titular", "ministro", "ministra",
    "consejero", "consejera", "investigador", "investigadora", "especialista", "embajador", "embajadora",
    "subprocurador", "subprocuradora", "subdirector", "subdirectora", "general", "almirante", "capitan",
})


def _label(block):
    """``(label, text_offset)`` of a paragraph that opens with a speaker label, else None."""
    first, _, rest = block.partition("\n")
    line = first.strip()
    if rest.strip() and OWN_LINE_LABEL.fullmatch(line) and any(c.isalpha() for c in line):
        return line.rstrip(":").replace("\u200b", "").strip(), block.index("\n") + 1
    m = COLON_LABEL.match(block)
    if m and block[m.end():].strip() and sum(c.isalpha() for c in m.group("label")) >= 4:
        return m.group("label").replace("\u200b", "").strip(), m.end()
    return None


def split_turns(body):
    """``(label, start, end)`` of each turn's text in ``body``, or [] when the body is no transcript.

    A paragraph without a label before the first labelled one (a header) is left out; one after it
    continues that speaker.
    """
    spans = paragraph_spans(body)
    turns = []
    label = None
    labelled = 0
    opening = False
    for n, (a, b) in enumerate(spans):
        found = _label(body[a:b])
        if found:
            label, offset = found
            labelled += 1
            opening = opening or n < OPENING_PARAGRAPHS
            a += offset
        if label is None:
            continue
        text = body[a:b]
        lead = len(text) - len(text.lstrip())
        # "(Aplausos)", "[Inaudible]": what the stenographer notes is nobody's statement.
        if text.strip() and not STAGE_DIRECTION.fullmatch(text.strip()):
            turns.append((label, a + lead, a + lead + len(text.strip())))
    if labelled == 1 and opening and _one_speaker(label):
        # A speech or a message given whole by one person: its one label opens the body.
        return turns
    if labelled < 2 or labelled < MIN_LABELLED_SHARE * len(spans):
        return []
    return turns


def _one_speaker(label):
    """Whether a label names a person with a role ("PRESIDENTA DE MÉXICO, CLAUDIA SHEINBAUM PARDO")."""
    name, role = split_label(label)
    return bool(name and role and _is_name(name) and office_of(role))


def _role_text(role):
    """A label's role as a reader writes it: "SECRETARIA DE SALUD" → "secretaria de Salud"."""
    words = role.split()
    lead = office_form(role)
    head = lead.split() if office_of(lead) else words[:1]
    rest = words[len(head):]
    return " ".join([" ".join(head).lower(), title_case(" ".join(rest))]).strip()


def _is_role(part):
    words = fold(part).split()
    return bool(office_of(part)) or bool(words and words[0] in ROLE_WORDS) \
        or bool(re.match(rf"(?i:{CITIZEN_WORD})\b", part))


def _is_name(text):
    """Whether capitals read as a person's name: two or more name words, none of an institution's."""
    shown = title_case(text)
    return (len(text.split()) >= 2 and clean_name(shown) == shown and not office_of(text)
            and not set(fold(text).split()) & INSTITUTION_WORDS)


def split_label(label):
    """``(name, role)`` of a speaker label, either may be empty, as written in capitals."""
    # "NAME, ROLE" and "ROLE, NAME"; some transcripts write "NAME. ROLE".
    parts = [p.strip() for p in re.split(r",|\.\s", label) if p.strip()]
    if len(parts) >= 2:
        if _is_role(parts[0]):
            return parts[-1], ", ".join(parts[:-1])
        return parts[0], ", ".join(parts[1:])
    head = re.match(rf"(?P<role>{ROLE_RE}(?:\s+{MODIFIER_RE})?)\s+(?P<rest>.+)$", label)
    if head and _is_name(head.group("rest")):
        return head.group("rest"), head.group("role")
    # "JOSÉ LUIS ALOMÍA ZEGARRA DIRECTOR GENERAL DE EPIDEMIOLOGÍA": a name, then a role.
    tail = re.match(rf"(?P<name>.+?)\s+(?P<role>{ROLE_RE}\b.*)$", label)
    if tail and _is_name(tail.group("name")):
        return tail.group("name"), tail.group("role")
    if _is_role(label):
        # "COORDINADOR NACIONAL DE BECAS PARA EL BIENESTAR JULIO CÉSAR LEÓN TRUJILLO": the last words that
        # read as a person's name (two to four of them) are the name.
        words = label.split()
        for n in (4, 3, 2):
            if len(words) > n and _is_name(" ".join(words[-n:])):
                return " ".join(words[-n:]), " ".join(words[:-n])
        return "", label
    return label, ""


def speakers_of_labels(labels, speakers):
    """``{label: (speaker, is_question)}`` for the labels of one transcript.

    A label that gives only a name ("HUGO LÓPEZ-GATELL RAMÍREZ") is the official another label
    of the same transcript names with a role.
    """
    found = {label: speaker_of_label(label, speakers) for label in dict.fromkeys(labels)}
    officials = [speaker for speaker, _ in found.values() if speaker.type == OFFICIAL and speaker.role]
    for label, (speaker, question) in found.items():
        if speaker.type == UNNAMED and speaker.name and not speaker.role:
            same = {o.name: o for o in officials if same_person(o.name, speaker.name)}
            if len(same) == 1:
                found[label] = (next(iter(same.values())), question)
    return found


def speaker_of_label(label, speakers):
    """The speaker a label names, and whether the turn is a question from the press.

    :param speakers: the release's :class:`index.speakers.Speakers`.
    """
    folded = " ".join(re.sub(r"\d+", " ", fold(label)).split())
    shown = title_case(label.lower())
    if PRESS_LABEL.match(folded):
        return Speaker(shown, PRESS), True
    if STAFF_LABEL.match(folded):
        return Speaker(shown, UNNAMED), False
    if AUDIENCE_LABEL.match(folded) or re.fullmatch(rf"(?i:{CITIZEN_WORD}|enfermer[oa]s?|m[eé]dic[oa]s?)", label):
        return Speaker(shown, CITIZEN), False
    raw_name, raw_role = split_label(label)
    name = clean_name(title_case(raw_name)) if raw_name else None
    role = _role_text(raw_role) if raw_role else ""
    if role and not PUBLIC_BODY.search(role) and (NOT_PUBLIC.search(role) or CITIZEN_COMPLEMENT.search(role)
                                                  or re.match(rf"(?i:{CITIZEN_WORD})\b", role)):
        return Speaker(name or shown, CITIZEN, role), False
    office = office_of(role)
    if name:
        head = office_form(role) if office else ""
        complement = role[len(head):].strip() if head else role
        found = speakers.named_official(name, head, complement) if office else speakers.named_official(name)
        if found:
            return found, False
        if role:
            return Speaker(name, OFFICIAL, role, speakers.source or ""), False
        # A name alone that no label, mention or registry entry gives a role: not an official, and
        # not known to be a citizen either (a journalist, a guest, an official the registry lacks).
        return Speaker(name, UNNAMED), False
    if office:
        head = office_form(role)
        found = speakers.holder(head, role[len(head):].strip())
        return (found or Speaker(shown, UNNAMED, role)), False
    return Speaker(shown, UNNAMED), False
