"""The event coder: PLOVER-typed events from the lexicon over a sentence's dependency parse.

For one parsed sentence:
1. find triggers: verbs of the lexicon (given their particle, object, preposition or
   subject), light-verb pairs ("lift sanctions") and support verbs carrying an event noun
   ("carried out strikes");
2. compose: a control verb governs its infinitive ("agreed to cooperate" is one AGREE,
   "refused to meet" one REJECT, "urged Washington to stop" one REQUEST), a verb of saying
   lends its subject as the speaker of the event in its clause ("Trump said Japan would
   invest"), and a "must" in reported speech is a request;
3. for each event: actors from the subject (the agent of a passive; coordinated subjects
   give several; "he", "it", "the two leaders" resolve to earlier actors), recipients from
   the object or a prepositional object, flags (negated, hypothetical, intent), the tense
   the date resolver needs, and the PLOVER rule that a promised cooperative act is AGREE.
Precision first: an event with no actor the text names is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable

from .actorindex import ActorIndex
from .lexicon import CONFLICT, NO_EVENT, Lexicon, Spec, lexicon
from .records import ActorRef, Evidence, EventMention

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "into", "upon", "for", "from", "over", "at")
IN_PREP_TYPES = frozenset({"COOPERATE", "AID"})  # "invest in Japan", "aid in Gaza" name the recipient
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
HEDGE_AUX = frozenset({"could", "might", "may"})
OBLIGATION = frozenset({"must", "should", "ought"})
VAGUE_SUBJECTS = frozenset({"it", "this", "that", "which", "what", "who", "there", "something", "anyone", "nobody", "none", "one"})
QUAD = {
    "AGREE": "verbal cooperation", "CONSULT": "verbal cooperation", "SUPPORT": "verbal cooperation", "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation", "AID": "material cooperation", "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict", "ACCUSE": "verbal conflict", "REJECT": "verbal conflict", "THREATEN": "verbal conflict",
    "PROTEST": "material conflict", "SANCTION": "material conflict", "MOBILIZE": "material conflict",
    "COERCE": "material conflict", "ASSAULT": "material conflict",
}
VERBAL = frozenset({"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
REQUEST_MODES = {"AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist", "CONSULT": "meet", "AGREE": "meet",
                 "RETREAT": "yield", "CONCEDE": "yield"}


@dataclass
class Candidate:
    """An event under construction, tied to the tokens it came from."""

    spec: Spec
    verb: object  # the governing verb token (spaCy Token)
    trigger: object  # the token that names the event (verb or event noun)
    noun: object | None = None  # the event noun of a light or support construction
    actors_from: object | None = None  # token whose subject gives the actors (default: verb)
    recipient_tok: object | None = None
    speaker_tok: object | None = None
    negated: bool = False
    hypothetical: bool = False
    intent: bool = False
    tense: str = "past"
    swap: bool = False  # host and visitor: the object is the actor
    dropped: bool = False


@dataclass(frozen=True)
class Coded:
    """One event mention and what the date resolver needs to know about its sentence."""

    mention: EventMention
    tense: str  # past, past perfect, present, future


def code_sentence(sent, index: ActorIndex, *, article: str | None = None, line: int | None = None,
                  offset: int = 0, lex: Lexicon | None = None) -> list[Coded]:
    """Events of one parsed sentence (a spaCy Span). offset shifts the Span's character
    positions to the coded text's when the sentence was parsed on its own."""
    lex = lex or lexicon()
    candidates = _triggers(sent, lex, index, offset)
    if not candidates:
        return []
    _compose(candidates, lex, index, offset)
    out: list[Coded] = []
    quote = _quote(sent.text)
    for cand in candidates:
        if cand.dropped or not cand.spec.is_event:
            continue
        coded = _finish(cand, sent, index, lex, article=article, line=line, offset=offset, quote=quote)
        if coded is not None:
            out.append(coded)
    return out


# ── 1. triggers ──────────────────────────────────────────────────────────────
def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _noun_keys(tok) -> list[str]:
    """Ways to look a noun up: 'travel warning', 'state of emergency', then its lemma."""
    keys = []
    lemma = _lemma(tok)
    for c in tok.children:
        if c.dep_ == "compound" and c.i == tok.i - 1:
            keys.append(f"{_lemma(c)} {lemma}")
        if c.dep_ == "prep" and c.text.lower() == "of":
            for p in c.children:
                if p.dep_ == "pobj":
                    keys.append(f"{lemma} of {_lemma(p)}")
    keys.append(lemma)
    if "-" in tok.text and tok.i + 1 < len(tok.doc):
        keys.append(tok.text.lower())
    return keys


def _object(verb):
    """The direct object of a verb, or the subject of its passive."""
    for c in verb.children:
        if c.dep_ in ("dobj", "obj"):
            return c
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return c
    for c in verb.children:  # "put on alert", "remain on alert": the noun under a preposition
        if c.dep_ == "prep" and c.text.lower() == "on":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None and _lemma(pobj) == "alert":
                return pobj
    return None


def _particle(verb) -> str | None:
    for c in verb.children:
        if c.dep_ == "prt":
            return c.text.lower()
    if verb.i + 1 < len(verb.doc):  # "let free", "let go": an adjective or verb right after
        nxt = verb.doc[verb.i + 1]
        if _lemma(verb) == "let" and nxt.text.lower() in ("free", "go", "in"):
            return nxt.text.lower()
    return None


def _preps(verb) -> list[str]:
    return [c.text.lower() for c in verb.children if c.dep_ in ("prep", "agent", "dative")]


def _subject_token(verb):
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    return None


def _triggers(sent, lex: Lexicon, index: ActorIndex, offset: int) -> list[Candidate]:
    found: list[Candidate] = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX", "NOUN") or tok.dep_ == "amod":
            continue
        if tok.pos_ == "NOUN" and not _verbal_noun(tok):
            continue
        lemma = _lemma(tok)
        if tok.pos_ == "NOUN":  # a mis-tagged verb ("Trump hosts ...") keeps its verb reading
            entry = lex.verbs.get(lemma)
        else:
            entry = lex.verbs.get(lemma)
        obj = _object(tok)
        obj_keys = _noun_keys(obj) if obj is not None else []
        spec = None
        noun = None
        if obj is not None:
            light = lex.light_pair(lemma, obj_keys)
            if light is not None:
                spec, noun = light, obj
        if spec is None and entry is not None:
            subj = _subject_token(tok)
            spec, via = lex.resolve(entry, particle=_particle(tok), obj=obj_keys, preps=_preps(tok),
                                    subj=_lemma(subj) if subj is not None else None,
                                    is_person=lambda: obj is not None and _is_person(obj, index, offset, lex))
            if via == "obj" and not lex.in_class(obj_keys[-1], "captives") and not lex.in_class(obj_keys[-1], "troops"):
                noun = obj
        if (spec is None or not spec.is_event) and obj is not None and lemma in lex.support:
            for key in obj_keys:
                noun_entry = lex.nouns.get(key)
                if noun_entry is not None:
                    subj = _subject_token(tok)
                    noun_spec, _ = lex.resolve(noun_entry, subj=_lemma(subj) if subj is not None else None)
                    if noun_spec is not None and noun_spec.is_event:
                        spec, noun = noun_spec, obj
                    break
        if spec is None or not spec.is_event:
            continue
        found.append(Candidate(spec=spec, verb=tok, trigger=noun if noun is not None and spec.type != "CONSULT" and lemma in lex.support else tok, noun=noun))
    return found


def _verbal_noun(tok) -> bool:
    """A token tagged NOUN that the parser still uses as a clause head (a tagging slip)."""
    return tok.dep_ in ("ROOT", "conj", "ccomp", "xcomp") and any(c.dep_ in ("nsubj", "dobj") for c in tok.children)


def _is_person(tok, index: ActorIndex, offset: int, lex: Lexicon) -> bool:
    """Is this object a person (or a delegation): 'welcomed Ishiba' rather than 'welcomed the move'."""
    if lex.in_class(_lemma(tok), "person"):
        return True
    if tok.pos_ != "PROPN":
        return False
    start, end = _span_offsets(tok)
    kinds = {m.actor.kind for m in index.within(start + offset, end + offset)}
    if kinds:
        return "person" in kinds
    return tok.text[:1].isupper()


# ── 2. composition ───────────────────────────────────────────────────────────
def _compose(cands: list[Candidate], lex: Lexicon, index: ActorIndex, offset: int) -> None:
    by_verb = {c.verb.i: c for c in cands}
    for cand in cands:
        verb = cand.verb
        _apply_aux(cand, verb)
        # walk up through xcomp links: each control verb on the way has its say
        child, head = verb, verb.head
        while child.dep_ == "xcomp" and head.i != child.i:
            behaviour = _control(head, lex)
            governing = by_verb.get(head.i)
            if behaviour in ("AGREE", "REJECT", "THREATEN", "REQUEST", "promise"):
                if governing is not None:
                    governing.recipient_tok = governing.recipient_tok or _recipient_token(verb, cand)
                    if behaviour == "promise" and cand.spec.type in CONFLICT:
                        governing.spec = lex.future_conflict.get(cand.spec.type, Spec("THREATEN"))
                    if behaviour == "REQUEST":
                        governing.spec = Spec("REQUEST", REQUEST_MODES.get(cand.spec.type, "change"))
                    if behaviour == "THREATEN":
                        mode = lex.future_conflict.get(cand.spec.type)
                        governing.spec = Spec("THREATEN", mode.mode if mode else None)
                    cand.dropped = True
                else:  # "is willing to", or a control verb the lexicon has no entry for
                    spec = _controlled_spec(behaviour, cand.spec, lex)
                    cand.spec = spec
                    cand.actors_from = head
                    if behaviour == "REQUEST":
                        cand.recipient_tok = _object(head) or cand.recipient_tok
                _apply_aux(cand, head)
                break
            if behaviour in ("transparent", "intent", "negate", "hedge"):
                cand.actors_from = head
                if behaviour == "intent":
                    cand.intent = True
                elif behaviour == "negate":
                    cand.negated = True
                elif behaviour == "hedge":
                    cand.hypothetical = True
                if governing is not None and governing is not cand:
                    governing.dropped = governing.spec.type in ("REQUEST", "AGREE") and behaviour in ("intent", "transparent")
                _apply_aux(cand, head)
                child, head = head, head.head
                continue
            break
        _reported(cand, lex, index, offset)
        _apply_future(cand, lex)


def _control(head, lex: Lexicon) -> str | None:
    lemma = _lemma(head)
    if head.pos_ == "ADJ" or (lemma == "be"):
        word = head.text.lower() if head.pos_ == "ADJ" else None
        if word:
            return lex.control.get(f"be {word}")
    if lemma == "be":
        return None
    return lex.control.get(lemma)


def _controlled_spec(behaviour: str, inner: Spec, lex: Lexicon) -> Spec:
    if behaviour == "AGREE":
        return Spec("AGREE")
    if behaviour == "promise":
        return lex.future_conflict.get(inner.type, Spec("THREATEN")) if inner.type in CONFLICT else Spec("AGREE")
    if behaviour == "REJECT":
        return Spec("REJECT", REQUEST_MODES.get(inner.type))
    if behaviour == "THREATEN":
        mode = lex.future_conflict.get(inner.type)
        return Spec("THREATEN", mode.mode if mode else None)
    if behaviour == "REQUEST":
        return Spec("REQUEST", REQUEST_MODES.get(inner.type, "change"))
    return inner


def _apply_aux(cand: Candidate, verb) -> None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.text.lower() for c in aux}
    if any(c.dep_ == "neg" for c in verb.children):
        cand.negated = True
    if words & FUTURE_AUX or _going_to(verb):
        cand.tense = "future"
    elif "would" in words:
        cand.tense = "future"
        if _has_condition(verb):
            cand.hypothetical = True
    elif words & HEDGE_AUX:
        cand.hypothetical = True
    elif words & OBLIGATION:
        cand.tense = "future"
    elif "had" in words and verb.tag_ == "VBN":
        cand.tense = "past perfect"
    elif verb.tag_ in ("VBZ", "VBP") or (words & {"is", "are", "am"} and verb.tag_ == "VBG"):
        cand.tense = "present"
    if _has_condition(verb):
        cand.hypothetical = True


def _going_to(verb) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and _lemma(head) == "go" and head.tag_ == "VBG"


def _has_condition(verb) -> bool:
    """The verb sits in an if/unless clause, or in a question."""
    for tok in (verb, verb.head):
        if any(c.dep_ == "mark" and c.text.lower() in ("if", "unless", "whether") for c in tok.children):
            return True
    return verb.sent.text.rstrip().endswith("?")


def _apply_future(cand: Candidate, lex: Lexicon) -> None:
    """PLOVER: promised cooperation is AGREE, an announced retreat CONCEDE; a refusal is REJECT."""
    planned = cand.intent or cand.tense == "future"
    if not planned:
        return
    cand.intent = True
    if cand.negated and not cand.hypothetical and cand.spec.type not in CONFLICT:
        cand.spec = Spec("REJECT", REQUEST_MODES.get(cand.spec.type))
        cand.negated = False
        return
    if cand.spec.type in lex.future:
        cand.spec = lex.future[cand.spec.type]
    elif cand.spec.type in lex.future_conflict and not cand.hypothetical:
        cand.spec = lex.future_conflict[cand.spec.type]


def _reported(cand: Candidate, lex: Lexicon, index: ActorIndex, offset: int) -> None:
    """A verb of saying above the event lends its subject as the speaker; 'X said Y must…'
    is X's request to Y."""
    tok = cand.actors_from or cand.verb
    steps = 0
    while tok.dep_ in ("ccomp", "conj", "xcomp") and tok.head.i != tok.i and steps < 4:
        head = tok.head
        if tok.dep_ == "ccomp" and _lemma(head) in lex.reporting:
            cand.speaker_tok = _subject_token(head)
            obligation = any(c.dep_ == "aux" and c.text.lower() in OBLIGATION for c in cand.verb.children)
            subject = _subject_token(cand.verb)
            if obligation and cand.speaker_tok is not None and subject is not None and not _same_actor(subject, cand.speaker_tok, index, offset):
                cand.recipient_tok = subject
                cand.actors_from = head
                cand.spec = Spec("REQUEST", REQUEST_MODES.get(cand.spec.type, "change"))
                cand.tense = "present"
            return
        tok, steps = head, steps + 1


def _same_actor(a, b, index: ActorIndex, offset: int) -> bool:
    ids_a = {r.id for r in _refs_for(a, index, offset)}
    ids_b = {r.id for r in _refs_for(b, index, offset)}
    return bool(ids_a & ids_b) or a.text.lower() in ("it", "he", "she", "they", "we", "i")


# ── 3. actors, recipients, the mention ───────────────────────────────────────
def _subject(verb, depth: int = 0):
    """(subject token, passive?) of a verb, inherited through xcomp, conj and participles."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
        if c.dep_ == "nsubjpass":
            agent = next((a for a in verb.children if a.dep_ == "agent"), None)
            pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
            return (pobj, True) if pobj is not None else (None, True)
    if depth < 4 and verb.head.i != verb.i:
        if verb.dep_ == "xcomp":
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None and _lemma(verb.head) in ("urge", "ask", "press", "call", "invite", "tell", "order", "encourage", "help", "force", "allow"):
                return obj, False
            return _subject(verb.head, depth + 1)
        if verb.dep_ in ("conj", "acomp") or (verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBG"):
            return _subject(verb.head, depth + 1)
    return None, False


def _conjuncts(head) -> list:
    out = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
                out.append(c)
                stack.append(c)
    return out


def _span_offsets(head) -> tuple[int, int]:
    """Character offsets (in the Doc) of the noun phrase headed by head, without clauses."""
    tokens = [head]
    stack = [c for c in head.children if c.dep_ not in ("relcl", "acl", "punct", "cc", "conj", "prep", "advcl", "appos")]
    stack += [c for c in head.children if c.dep_ == "prep" and c.text.lower() in ("of", "from")]
    while stack:
        t = stack.pop()
        tokens.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "punct", "advcl"))
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _refs_for(tok, index: ActorIndex, offset: int) -> list[ActorRef]:
    """The actors a noun phrase names, each conjunct in turn; pronouns and 'the two leaders'
    resolve to earlier actors."""
    refs: list[ActorRef] = []
    for head in _conjuncts(tok):
        start, end = _span_offsets(head)
        found = index.refs_within(start + offset, end + offset)
        if not found:
            found = index.resolve_reference(head, start + offset)
        for ref in found:
            if ref not in refs:
                refs.append(ref)
    return refs


def _phrase(tok) -> str:
    parts = []
    for head in _conjuncts(tok):
        start, end = _span_offsets(head)
        parts.append(tok.doc.text[start:end])
    return " and ".join(parts)


def _recipient_token(verb, cand: Candidate):
    """Who the event is done to: the object (not the event noun itself), a dative, or the
    object of a preposition on the event noun or the verb."""
    for c in verb.children:
        if c.dep_ == "nsubjpass" and (cand.noun is None or c.i != cand.noun.i):
            return c
    for c in verb.children:
        if c.dep_ in ("dobj", "dative") and (cand.noun is None or c.i != cand.noun.i) and c.pos_ in ("PROPN", "NOUN", "PRON"):
            return c
    holders = [h for h in (cand.noun, verb) if h is not None]
    for holder in holders:
        for c in holder.children:
            if c.dep_ in ("prep", "dative") and c.text.lower() in TARGET_PREPS:
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and not _temporal(pobj):
                    return pobj
            if c.dep_ == "prep" and c.text.lower() == "in" and cand.spec.type in IN_PREP_TYPES:
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
            if c.dep_ == "prep" and c.text.lower() == "between":
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    for c in verb.children:  # "dobj" that is a clause subject: "urged Washington to stop"
        if c.dep_ == "dobj" and (cand.noun is None or c.i != cand.noun.i):
            return c
    return None


TEMPORAL = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
                     "august september october november december week month year day time today yesterday tomorrow night "
                     "morning afternoon evening weekend decade period hour minute".split())


def _temporal(tok) -> bool:
    return _lemma(tok) in TEMPORAL or tok.like_num


def _finish(cand: Candidate, sent, index: ActorIndex, lex: Lexicon, *, article, line, offset, quote) -> Coded | None:
    subj_from = cand.actors_from or cand.verb
    subject, passive = _subject(subj_from)
    if subject is None:
        return None
    if subject.pos_ == "PRON" and subject.text.lower() in VAGUE_SUBJECTS and not index.resolve_reference(subject, subject.idx + offset):
        return None
    actors = _refs_for(subject, index, offset)
    actor_text = _phrase(subject)
    if not actors:
        if subject.pos_ not in ("PROPN", "NOUN"):
            return None
        actors = [ActorRef(None, actor_text, "other")]
    recipient_tok = cand.recipient_tok if cand.recipient_tok is not None else _recipient_token(cand.verb, cand)
    if passive and recipient_tok is None:
        recipient_tok = next((c for c in cand.verb.children if c.dep_ == "nsubjpass"), None)
    recipients: list[ActorRef] = []
    recipient_text = None
    if recipient_tok is not None and recipient_tok.i != subject.i:
        recipients = _refs_for(recipient_tok, index, offset)
        recipient_text = _phrase(recipient_tok)
        if not recipients and recipient_tok.pos_ in ("PROPN", "NOUN"):
            recipients = [ActorRef(None, recipient_text, "other")]
    actor_ids = {a.id for a in actors if a.id}
    recipients = [r for r in recipients if not (r.id and r.id in actor_ids)]
    spec = cand.spec
    if spec.type == "CONSULT":
        actors, recipients = _consult_sides(spec, cand, actors, recipients)
    speaker = None
    if cand.speaker_tok is not None:
        speakers = _refs_for(cand.speaker_tok, index, offset)
        speaker = speakers[0] if speakers else None
        if speaker is not None and any(a.id == speaker.id for a in actors):
            speaker = None
    known = any(a.id for a in actors)
    confidence = 0.55 + (0.25 if known else 0.0) + (0.1 if recipients and any(r.id for r in recipients) else 0.0)
    confidence += 0.05 if cand.verb.dep_ == "ROOT" else 0.0
    if cand.negated or cand.hypothetical:
        confidence -= 0.25
    depth, t = 0, cand.verb
    while t.head.i != t.i and depth < 12:
        t, depth = t.head, depth + 1
    start, end = sent.start_char + offset, sent.end_char + offset
    mention = EventMention(
        type=spec.type, mode=spec.mode, actors=tuple(actors), recipients=tuple(recipients),
        actor_text=actor_text, recipient_text=recipient_text,
        date=None, date_precision=None, date_from=None, location=None, location_from=None,
        evidence=Evidence(sent.text, start, end, cand.trigger.text, article, line,
                          quote if quote and (spec.type in VERBAL or _inside(cand.trigger, quote, sent)) else None),
        speaker=speaker, negated=cand.negated, hypothetical=cand.hypothetical, intent=cand.intent,
        confidence=round(max(0.05, min(confidence, 0.99)), 2), quad_class=QUAD.get(spec.type), depth=depth,
    )
    return Coded(mention, cand.tense)


def _consult_sides(spec: Spec, cand: Candidate, actors: list[ActorRef], recipients: list[ActorRef]):
    """PLOVER's CONSULT: all participants are actors, except a visit, where the visitor acts
    and the host receives ('X hosted Y': Y is the visitor)."""
    lemma = _lemma(cand.verb)
    if lemma in ("host", "welcome", "receive") and recipients:
        return recipients, actors
    if spec.mode == "visit" or spec.mode == "phone":
        return actors, recipients
    merged = list(actors) + [r for r in recipients if r not in actors and (r.id or not any(a.id for a in actors))]
    return [a for a in merged if a.kind != "other" or not any(x.id for x in merged)] or merged, []


def _quote(text: str) -> str | None:
    """The longest quoted passage of a sentence, without its quote marks."""
    best = None
    for open_, close in (("\u201c", "\u201d"), ('"', '"'), ("\u2018", "\u2019")):
        start = text.find(open_)
        while start != -1:
            end = text.find(close, start + 1)
            if end == -1:
                break
            inner = text[start + 1:end].strip()
            if len(inner.split()) >= 2 and (best is None or len(inner) > len(best)):
                best = inner
            start = text.find(open_, end + 1)
    return best


def _inside(tok, quote: str, sent) -> bool:
    where = sent.text.find(quote)
    rel = tok.idx - sent.start_char
    return where != -1 and where <= rel < where + len(quote)


# ── entry points ─────────────────────────────────────────────────────────────
def code_doc(doc, day: date | None = None, line: int | None = None, article: str | None = None,
             index: ActorIndex | None = None) -> list[EventMention]:
    """Events of every sentence of a parsed document, dated to `day` when one is given."""
    index = index or ActorIndex(doc.text, day)
    mentions = []
    for sent in doc.sents:
        for coded in code_sentence(sent, index, article=article, line=line):
            mention = coded.mention
            if day is not None:
                mention = replace(mention, date=day.isoformat(), date_precision="day", date_from="given date")
            mentions.append(mention)
    return mentions


def main_event(events: list[EventMention]) -> EventMention | None:
    """The event a sentence is mostly about: asserted first, then closest to the root, then leftmost."""
    return min(events, key=lambda e: (not e.asserted, e.depth)) if events else None


def code_sentences(sentences: Iterable[str], model: str, day: date | None = None) -> list[list[EventMention]]:
    """Events for each sentence (one list per input, line numbers from 1), parsed in batches."""
    from ..nlp import pipeline

    nlp = pipeline(model)
    out = []
    for i, doc in enumerate(nlp.pipe(sentences, batch_size=64)):
        out.append(code_doc(doc, day, line=i + 1))
    return out
