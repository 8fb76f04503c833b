"""Statements of a release: direct quotes, reported speech and the turns of transcripts.

- Direct quotes in “ ”, « » or " " (other marks may nest inside), attributed by a speech verb
  after them (``“…”, afirmó el alcalde``) or before them (``La gobernadora señaló: “…”``);
  a quote that is a sentence of its own goes to whoever the text spoke of last. Short quotes
  inside a sentence (names of programmes, slogans) are not statements.
- Reported speech: ``señaló que …``, ``De acuerdo con la titular, …``, up to the end of the sentence.
- Stenographic versions: each turn between ``---`` lines opens with its speaker in capitals and is
  one statement; questions from the press are kept as questions, never given to an official.

Speakers are resolved by :mod:`index.speakers`.
"""

import re
from bisect import bisect_right
from itertools import accumulate

from search.statements import DIRECT, OFFICIAL, QUESTION, REPORTED, TURN, UNNAMED, Statement

from .names import NAME
from .sentences import OPENING, clause_start, inside, is_title_like, quote_spans, sentence_end, sentence_start
from .speakers import CUE_WORDS, NOBODY, RELATIVE, Speaker, Speakers, is_object, resolve
from .text_utils import RELEASE_CUES, Cues, fold, literal_head, search_at, tried_at
from .turns import speakers_of_labels, split_turns

# Speech verbs, as press offices write them (past, plural and present). The lookahead of their first
# letters says nothing new but lets the regex engine skip to them.
_VERB_STEMS = (
    "afirm|señal|destac|subray|asegur|indic|agreg|expres|enfatiz|puntualiz|explic|coment|mencion|declar|"
    "manifest|precis|detall|recalc|resalt|apunt|relat|cont|narr|sentenci|plante|asever|remarc|argument|inform|"
    "anunci|reiter|consider|lament|celebr|extern|aclar|cuestion|pregunt|exclam|record|adelant|confirm|acot|"
    "opin|estim|abund|comunic|garantiz|reafirm|resum|solicit"
)
_VERB_FORMS = (
    "agradeci[óo]|agradecieron|agradece|insisti[óo]|insistieron|admiti[óo]|advirti[óo]|advierte|"
    "compartió|respondi[óo]|reconoci[óo]|reconoce|sostuvo|sostiene|añadi[óo]|añade|añadieron|concluy[óo]|"
    "expuso|coincidi[óo]|dijo|dijeron|dice|refiri[óo]|refiere|prometi[óo]|agreg[óo]|pidi[óo]|pidieron|pide|"
    "exigi[óo]|exigieron|exige|propuso|propusieron|propone"
)
VERB = (
    r"(?i:(?=[acdegilmnoprs]))(?:"
    rf"(?i:{_VERB_STEMS})(?:ó|aron|a|an)"
    rf"|(?i:{_VERB_FORMS}))"
)
# After a closing mark: ", afirmó", ", así lo expresó", " —dijo".
AFTER_QUOTE = re.compile(
    rf"\s*[,—–-]?\s*[—–]?\s*(?i:(?:y|e|por su parte,?|también|además|finalmente|luego|después|así lo|lo)\s+)?"
    rf"(?P<verb>{VERB})\b")
# Before an opening mark: "afirmó: ", "señaló que ", "agregó, ", or a colon after the subject.
BEFORE_QUOTE = re.compile(rf"(?:\b(?P<verb>{VERB})\s*(?:[:,]|\s+que)|(?P<colon>:))\s*$")
# "En palabras de la gobernadora, “…”" · "De acuerdo con el alcalde, …"
ACCORDING_TO = re.compile(
    r"\b(?i:de acuerdo con|seg[uú]n|a decir de|en palabras de|en opini[oó]n de|a juicio de)\s+"
    rf"(?P<who>[^,.;:“«\"]{{3,120}}(?:,\s+{NAME.replace('?P<name>', '?:')}(?=,))?),\s*")
# The speakers' rules' words, with how every speech verb opens (REPORTED_SPEECH opens with one) and a
# word of each ACCORDING_TO phrase, in lower case.
_OWN_CUES = {
    "verb": [*_VERB_STEMS.split("|"), *(literal_head(f) for f in _VERB_FORMS.split("|"))],
    "according": ["acuerdo", "según", "segun", "decir", "palabras", "opinión", "opinion", "juicio"],
}
_CUES = Cues({**CUE_WORDS, **_OWN_CUES})
# They are looked for in a release's one pass for every module's cue words.
RELEASE_CUES.add(_OWN_CUES)
# "señaló que …"; not "se informó que", which is the release's own voice.
REPORTED_SPEECH = re.compile(
    rf"\b(?<!\b[Ss]e\s)(?P<verb>{VERB})\s+(?:(?i:además|también|asimismo|luego|después)\s+)?(?:(?i:en|de)\s+)?"
    rf"que,?\s+(?![“«\"‘])")
# Where reported speech ends without the sentence ending: another person's clause ("…, mientras que
# Chí Uc pidió…"), a verb of the narrator ("…, y pidió paciencia"), or a colon before a quotation.
CLAUSE_ENDING = re.compile(
    r"(?:,\s*|\s+)(?:y|e)\s+(?:(?i:pidi[óo]|llam[óo]|exhort[óo]|invit[óo]|convoc[óo]|instruy[óo]|solicit[óo]|"
    r"urgi[óo]|conmin[óo]|hizo un llamado|se comprometi[óo])\b)"
    r"|[,;]\s*(?i:mientras que|en tanto que|en cambio)\b|:\s*(?=[“«\"])")
# A quote not attributed by a verb is a statement only when it is a sentence this long.
MIN_BARE_QUOTE_WORDS = 6
# Characters after a speech verb searched for who spoke.
SUBJECT_CHARS = 160


class _Paragraph:
    """One paragraph being read: its text, where it starts in the body, and its quotations."""

    def __init__(self, text, offset):
        self.text = text
        self.offset = offset
        self.quotes = quote_spans(text)
        # Who it names as a subject, once asked (:func:`_subjects`).
        self.subjects = None


def extract_statements(release, registry=None, taxonomy=None):
    """Every statement of ``release``, in the order of its text, numbered from 1.

    :param registry: a :class:`index.registry.Registry`, to resolve roles written alone.
    :param taxonomy: a :class:`index.topics.Taxonomy`; a long statement (a transcript's turn) gets
        the topics of what it says, others those of the release.
    """
    speakers = Speakers(release, registry, _CUES)
    turns = split_turns(release.body)
    if turns:
        found = _from_turns(release, turns, speakers)
    else:
        found = _speech(release, speakers) or _from_prose(release.body, speakers)
    statements = []
    for n, (kind, start, end, speaker) in enumerate(sorted(found, key=lambda f: f[1]), 1):
        text = release.body[start:end]
        topics = list(release.topics)
        if taxonomy is not None and kind in (TURN, QUESTION) and len(text) > 400:
            topics = taxonomy.classify_part(release.body, start, end) or topics
        statements.append(Statement(
            release_id=release.id, position=n, kind=kind, text=text, start=start, end=end,
            speaker=speaker.name, speaker_type=speaker.type, role=speaker.role, institution=speaker.institution,
            date=release.date, release_title=release.title, source=release.source, topics=topics,
        ))
    return statements


def _from_turns(release, turns, speakers):
    by_label = speakers_of_labels([label for label, _, _ in turns], speakers)
    found = []
    for label, start, end in turns:
        speaker, is_question = by_label[label]
        found.append((QUESTION if is_question else TURN, start, end, speaker))
    return found


# Titles of what one person said: "Mensaje del presidente…", "Versión estenográfica | Firma del…".
SPEECH_TITLE = re.compile(r"^(?:version estenografica\b|(?:mensaje|discurso|palabras|intervencion)\b)")


def _speech(release, speakers):
    """A speech whose title names its official, or a stenographic version without turns, as one
    statement; None for other releases.

    Its speaker is the official its title names, else unidentified; the quotations inside it are
    the speaker's own citations ("como decía Juárez: ‘…’"), not statements of those quoted.
    """
    if not SPEECH_TITLE.match(fold(release.title)) or not release.body.strip():
        return None
    named = {m.speaker.name: m.speaker for m in speakers.mentions(release.title)
             if m.speaker is not None and m.speaker.type == OFFICIAL and m.speaker.name}
    if len(named) != 1 and not fold(release.title).startswith("version estenografica"):
        # "Mensaje a la población ante las lluvias": a release like the others, quotes and all.
        return None
    speaker = next(iter(named.values())) if len(named) == 1 else _head_of_source(release, speakers)
    body = release.body
    start = len(body) - len(body.lstrip())
    return [(TURN, start, len(body.rstrip()), speaker)]


def _head_of_source(release, speakers):
    """Who heads the issuing body on the release's date, by the registry: the voice of a stenographic
    version of the Presidency that names nobody; unidentified when the registry cannot tell."""
    if speakers.registry is None or not release.source or release.date is None:
        return NOBODY
    found = speakers.registry.holder("*", release.date, (), release.source)
    if not found:
        return NOBODY
    person, term = found
    return Speaker(person.name, OFFICIAL, term.role, term.body)


def _from_prose(body, speakers):
    """Quotes and reported speech of a release written as prose, with their speakers."""
    paragraphs = []
    pos = 0
    for line in body.split("\n"):
        if line.strip():
            paragraphs.append(_Paragraph(line, pos))
        pos += len(line) + 1
    # The paragraphs read so far, each with the speakers of its statements: with the people each names
    # as a subject, (position, speaker) of everyone the text has spoken of or quoted.
    history = []
    found = []
    for p in paragraphs:
        said = []
        candidates = _quotes(p) + _reported(p, speakers)
        candidates.sort(key=lambda c: c["at"])
        covered = []
        for c in candidates:
            if c["kind"] == DIRECT and c.get("bare") and inside(c["start"], covered):
                continue
            history_here = _History(history, p, speakers, list(said), p.offset + c["at"])
            speaker = _speaker_of(c, p, speakers, history_here)
            if c["kind"] == REPORTED:
                covered.append((c["start"], c["end"]))
            if speaker is NOBODY and (c.get("bare") or c.get("according")):
                continue
            found.append((c["kind"], p.offset + c["start"], p.offset + c["end"], speaker))
            if speaker is not NOBODY:
                said.append((p.offset + c["at"], speaker))
        history.append((p, said))
    return _drop_nested(found)


def _subjects(p, speakers):
    """(position, speaker) of the people paragraph ``p`` names as a subject, outside its quotations; read
    only when a statement's speaker is looked for that far back (most never are)."""
    if p.subjects is None:
        p.subjects = [(m.start, m.speaker) for m in speakers.subjects(p.text, p.offset)
                      if not inside(m.start - p.offset, p.quotes) and m.speaker is not None]
    return p.subjects


class _History:
    """What the text spoke of before a statement at ``before`` of paragraph ``here``: the earlier paragraphs'
    events, then this one's (its subjects, then the speakers of its statements so far, ``said``), read newest
    first by :func:`index.speakers.resolve`. Not a copy each time: a long release has thousands; and each
    paragraph's subjects are found when the reading reaches them."""

    def __init__(self, earlier, here, speakers, said, before):
        self.earlier, self.here, self.speakers, self.said, self.before = earlier, here, speakers, said, before

    def __reversed__(self):
        events = _subjects(self.here, self.speakers) + self.said
        yield from reversed(sorted(e for e in events if e[0] < self.before))
        for p, said in reversed(self.earlier):
            yield from reversed(sorted(_subjects(p, self.speakers) + said, key=lambda e: e[0]))


def _drop_nested(found):
    """A quote inside reported speech is part of it unless a verb attributes it on its own."""
    # Reported speech by start, with the furthest end reached so far: a quote is inside one when one that
    # starts at or before it ends at or after it.
    reported = sorted((f[1], f[2]) for f in found if f[0] == REPORTED)
    starts = [start for start, _ in reported]
    furthest = list(accumulate((end for _, end in reported), max))
    kept = []
    for item in found:
        kind, start, end, _ = item
        if kind == DIRECT:
            n = bisect_right(starts, start)
            if n and furthest[n - 1] >= end:
                continue
        kept.append(item)
    return kept


def _quotes(p):
    """Candidate direct quotes of a paragraph, each with how it is attributed."""
    text = p.text
    out = []
    for start, end in p.quotes:
        quoted = text[start:end].strip()
        if not quoted:
            continue
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        span = (start + lead, start + lead + len(quoted))
        after = AFTER_QUOTE.match(text, end + 1)
        if after:
            out.append({"kind": DIRECT, "start": span[0], "end": span[1], "at": after.start("verb"),
                        "verb_end": after.end("verb"), "side": "after"})
            continue
        sentence = sentence_start(text, start - 1, p.quotes)
        before = BEFORE_QUOTE.search(text[sentence:start - 1])
        according = ACCORDING_TO.search(text[sentence:start - 1])
        if according and according.end() == start - 1 - sentence:
            out.append({"kind": DIRECT, "start": span[0], "end": span[1], "at": sentence + according.start("who"),
                        "who": (sentence + according.start("who"), sentence + according.end("who"))})
        elif before:
            at = sentence + (before.start("verb") if before.group("verb") else before.start("colon"))
            verb_end = {"verb_end": sentence + before.end("verb")} if before.group("verb") else {}
            # A verb's subject is in its own clause ("…, por lo que el presidente propuso:"); a colon's,
            # in the sentence ("Pedro Alcaraz, integrante…, reconoció que…: «…»").
            clause = clause_start(text, at, p.quotes) if verb_end else sentence
            out.append({"kind": DIRECT, "start": span[0], "end": span[1], "at": at, "side": "before",
                        "clause": (clause, at), **verb_end})
        elif _is_bare_statement(text, start, end, quoted, p.quotes):
            out.append({"kind": DIRECT, "start": span[0], "end": span[1], "at": start, "bare": True})
    return out


def _is_bare_statement(text, start, end, quoted, quotes):
    """A quotation that is a sentence of its own, long enough and not a title."""
    if len(quoted.split()) < MIN_BARE_QUOTE_WORDS or is_title_like(quoted):
        return False
    opens_sentence = sentence_start(text, start - 1, quotes) >= start - 1 or not text[:start - 1].strip()
    closes = quoted[-1] in ".!?…" or re.match(r"\s*(?:[.!?…]|$)", text[end + 1:])
    return opens_sentence and bool(closes)


def _reported(p, speakers):
    """Reported speech: "señaló que …" and "De acuerdo con X, …", to the end of the sentence."""
    text = p.text
    out = []
    # Its matches open with a speech verb.
    cues = speakers.cues(text, speakers.line_of(text, p.offset))
    verb_places = None if cues is None else cues["verb"]
    verbs = REPORTED_SPEECH.finditer(text) if cues is None else tried_at(REPORTED_SPEECH, text, verb_places)
    for m in verbs:
        if inside(m.start(), p.quotes):
            continue
        start = m.end()
        end = _clause_end(text, start, p.quotes, verb_places)
        if end - start < 8:
            continue
        sentence = clause_start(text, m.start(), p.quotes)
        out.append({"kind": REPORTED, "start": start, "end": end, "at": m.start("verb"),
                    "verb_end": m.end("verb"), "side": "before", "clause": (sentence, m.start("verb"))})
    for m in ACCORDING_TO.finditer(text) if cues is None or cues["according"] else ():
        if inside(m.start(), p.quotes) or text[m.end():m.end() + 1] in OPENING:
            continue
        start = m.end()
        end = _clause_end(text, start, p.quotes, verb_places)
        if end - start < 8:
            continue
        out.append({"kind": REPORTED, "start": start, "end": end, "at": m.start("who"),
                    "who": (m.start("who"), m.end("who")), "according": True})
    return out


def _clause_end(text, start, quotes, verb_places=None):
    """The end of reported speech: the sentence's end, or where another speech verb takes over.

    :param verb_places: where a speech verb opens a word of ``text`` (its cues), if known.
    """
    end = sentence_end(text, start, quotes)
    ending = CLAUSE_ENDING.search(text, start, end)
    if ending and not inside(ending.start(), quotes):
        end = ending.start()
    following = (REPORTED_SPEECH.search(text, start, end) if verb_places is None
                 else search_at(REPORTED_SPEECH, text, verb_places, start, end))
    if following and not inside(following.start(), quotes):
        end = following.start()
        tail = re.search(r"(?:,?\s+(?:y|e|quien|quienes|además|también)|,)\s*$", text[start:end])
        if tail:
            end = start + tail.start()
    quote_start = next((a - 1 for a, b in quotes if start < a - 1 < end and _attributed_after(text, b)), None)
    if quote_start is not None:
        end = quote_start
    return start + len(text[start:end].rstrip(" ,;:"))


def _attributed_after(text, end):
    return bool(AFTER_QUOTE.match(text, end + 1))


# Words that open a clause without naming anyone ("Asimismo, explicó…", "…, donde señaló…").
CONNECTORS = re.compile(
    r"^(?:(?i:y|e|pero|además|también|asimismo|finalmente|posteriormente|luego|después|por último|"
    r"más adelante|en tanto|mientras tanto|donde|en donde|cuando|por lo que|al respecto|igualmente)\b[\s,]*)*$")
# An explicit subject after a verb that names no one we know: "…”, dijo el director del plantel".
EXPLICIT_SUBJECT = re.compile(r"^\s*,?\s*(?P<phrase>(?i:el|la|los|las|un|una)\s+[\wáéíóúñ]+(?:\s+(?:de|del|de la)\s+"
                              r"[\wáéíóúñ]+)?)")


def _speaker_of(c, p, speakers, history):
    """Resolve the speaker of a candidate statement of paragraph ``p``."""
    text = p.text
    if "who" in c:
        a, b = c["who"]
        # The end mark lets "De acuerdo con el edil" end on a role written alone.
        who = text[a:b] + ","
        ms = [m for m in speakers.mentions(who, p.offset + a, institutions=True) if not is_object(who, m.start - p.offset - a)]
        if not ms and not c.get("according"):
            ms = speakers.mentions(who, p.offset + a, strict=False)
        # "Según datos del censo": a source that names no one is no statement.
        return resolve(ms[0], history) if ms else NOBODY
    if c.get("bare"):
        return resolve(None, history)
    if c["side"] == "after":
        window_end = min(len(text), c["verb_end"] + SUBJECT_CHARS, sentence_end(text, c["verb_end"], p.quotes) + 1)
        window = text[c["verb_end"]:window_end]
        # The end mark lets "…, señaló el coordinador, quien…" end on a role written alone.
        window = re.split(r",?\s+\bquien(?:es)?\b|[;:]", window, maxsplit=1)[0] + "."
        ms = [m for m in speakers.mentions(window, p.offset + c["verb_end"], strict=False)
              if not is_object(window, m.start - p.offset - c["verb_end"])]
        if ms:
            return resolve(ms[0], history)
        explicit = EXPLICIT_SUBJECT.match(window)
        if explicit:
            return Speaker(" ".join(explicit.group("phrase").split()), UNNAMED)
        return resolve(None, history)
    a, b = c["clause"]
    clause = text[a:b]
    relative = RELATIVE.search(clause)
    if relative:
        # "…, quien destacó que": the person named just before "quien".
        ms = speakers.mentions(clause[:relative.start()], p.offset + a, strict=False)
        return resolve(ms[-1] if ms else None, history)
    # With its verb, so that "La gobernadora destacó" ends on a role written alone.
    with_verb = text[a:c["verb_end"]] if "verb_end" in c else clause + ":"
    ms = [m for m in speakers.mentions(with_verb, p.offset + a)
          if m.start < p.offset + b and not is_object(with_verb, m.start - p.offset - a)
          and not inside(m.start - p.offset, p.quotes)]
    if ms:
        return resolve(ms[-1], history)
    # "Aurelio Pérez, quien tiene un puesto desde 1988, afirmó": a name opening the clause.
    ms = [m for m in speakers.mentions(with_verb, p.offset + a, strict=False)
          if m.start < p.offset + b and not is_object(with_verb, m.start - p.offset - a)]
    opening = len(clause) - len(clause.lstrip())
    if ms and ms[0].start - p.offset - a <= opening:
        return resolve(ms[0], history)
    # No one we know: the subject is whatever follows the clause's last comma.
    tail_start = clause.rfind(",") + 1
    tail = clause[tail_start:].strip()
    if CONNECTORS.match(tail):
        return resolve(None, history)
    tail_offset = a + tail_start + clause[tail_start:].find(tail)
    # Only a subject that opens the clause ("La dependencia informó"), not a noun further in.
    ms = [m for m in speakers.mentions(tail + " " + text[b:c.get("verb_end", b)], p.offset + tail_offset, strict=False)
          if m.start == p.offset + tail_offset]
    return resolve(ms[0], history) if ms else NOBODY
