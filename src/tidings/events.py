"""The event coder: PLOVER-typed events from verb patterns over the dependency parse.

For each sentence, every verb (or light-verb construction such as "hold talks") listed in
the event lexicon becomes a candidate; its source is the subject (the "by" agent of a
passive), its target the object or the object of a preposition; coordinated subjects give
several actors; negation, intent ("will", "pledged to") and conditions ("if") are flagged.
Precision first: a candidate with no subject is dropped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from .actors import dictionary
from .resources import load

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
OBJECT_PREPS = ("with", "to", "on", "against", "at", "for", "into", "of", "from", "toward", "towards", "over")
INTENT_AUX = ("will", "would", "shall", "'ll")
HEDGE_AUX = ("could", "might", "may")
INTENT_HEADS = ("plan", "intend", "pledge", "vow", "promise", "agree", "expect", "aim", "hope", "want", "seek", "prepare")


@dataclass(frozen=True)
class ActorRef:
    id: str | None
    name: str
    kind: str  # person, country, organisation, or other when not in the dictionary
    country: str | None = None
    role: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int  # character offsets of the sentence in the coded text
    end: int
    trigger: str
    line: int | None = None
    article: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class EventMention:
    type: str
    mode: str | None
    actors: tuple[ActorRef, ...]
    recipients: tuple[ActorRef, ...]
    source_text: str
    target_text: str | None
    date: str | None
    date_precision: str | None
    date_from: str | None
    location: str | None
    evidence: Evidence
    negated: bool = False
    hypothetical: bool = False
    intent: bool = False
    confidence: float = 0.0
    cameo: str | None = None
    quad_class: str | None = None
    depth: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("depth")
        return data


QUAD = {
    "AGREE": "verbal cooperation", "CONSULT": "verbal cooperation", "SUPPORT": "verbal cooperation",
    "COOPERATE": "material cooperation", "AID": "material cooperation", "YIELD": "material cooperation",
    "CONCEDE": "material cooperation", "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict", "ACCUSE": "verbal conflict", "REJECT": "verbal conflict", "THREATEN": "verbal conflict",
    "PROTEST": "material conflict", "SANCTION": "material conflict", "MOBILIZE": "material conflict",
    "COERCE": "material conflict", "ASSAULT": "material conflict",
}


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    data = load("event_lexicon")
    return data["verbs"], data["light"]


def _event_type(tok) -> tuple[str, Any] | None:
    """(type, token naming the event) for a verb or light-verb construction, else None."""
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
        return None
    verbs, light = _lexicon()
    lemma = tok.lemma_.lower()
    objects = [c for c in tok.children if c.dep_ in ("dobj", "attr")]
    if lemma in light:
        for obj in objects:
            found = light[lemma].get(obj.lemma_.lower()) or light[lemma].get(obj.text.lower())
            if found:
                return found, obj
    entry = verbs.get(lemma)
    if entry is None:
        return None
    if isinstance(entry, str):
        return entry, tok
    particles = {c.text.lower() for c in tok.children if c.dep_ in ("prt", "prep")}
    for word in particles:
        if word in entry:
            return entry[word], tok
    return (entry["*"], tok) if "*" in entry else None


def _span(head) -> tuple[str, int, int]:
    """The noun phrase headed by head, without relative clauses or trailing commas."""
    tokens = [head]
    stack = [c for c in head.children if c.dep_ not in ("relcl", "acl", "punct", "appos", "cc", "conj", "prep")]
    stack += [c for c in head.children if c.dep_ == "prep" and c.text.lower() == "of"]
    while stack:
        t = stack.pop()
        tokens.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "punct"))
    tokens.sort(key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return head.doc.text[start:end], start, end


def _conjuncts(head) -> list:
    out = [head]
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.append(c)
    return out


def _subject(verb, depth: int = 0):
    """(subject head, passive?) of a verb, inherited through xcomp and conj chains."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
        if c.dep_ == "nsubjpass":
            agent = next((a for a in verb.children if a.dep_ == "agent"), None)
            pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
            return (pobj, True) if pobj is not None else (None, True)
    if depth < 3 and verb.dep_ in ("xcomp", "conj", "advcl", "ccomp") and verb.head is not verb:
        if verb.dep_ == "xcomp":  # "urged X to stop": the object of the head is the subject here
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None and verb.head.lemma_.lower() in ("urge", "ask", "press", "call", "invite", "tell"):
                return obj, False
        return _subject(verb.head, depth + 1)
    return None, False


def _target(verb, trigger):
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return c
    holders = [trigger, verb] if trigger is not verb else [verb]
    for holder in holders:
        for c in holder.children:
            if c.dep_ in ("dobj", "dative") and c is not trigger:
                return c
        for c in holder.children:
            if c.dep_ == "prep" and c.text.lower() in OBJECT_PREPS:
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def _flags(verb) -> tuple[bool, bool, bool]:
    negated = any(c.dep_ == "neg" for c in verb.children)
    aux = {c.text.lower() for c in verb.children if c.dep_ in ("aux", "auxpass")}
    intent = bool(aux & set(INTENT_AUX))
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in INTENT_HEADS:
        intent = True
    hypothetical = bool(aux & set(HEDGE_AUX)) or any(
        c.dep_ == "mark" and c.text.lower() in ("if", "unless") for t in (verb, head) for c in t.children)
    return negated, hypothetical, intent


def _actors(text: str, day: date | None) -> tuple[ActorRef, ...]:
    found = dictionary().find(text, day)
    if not found:
        return ()
    refs, seen = [], set()
    for m in found:
        if m.actor.id in seen:
            continue
        seen.add(m.actor.id)
        a = m.actor
        refs.append(ActorRef(a.id, a.name, a.kind, a.country, a.role, a.wikidata))
    return tuple(refs)


def code_doc(doc, day: date | None = None, line: int | None = None, article: str | None = None) -> list[EventMention]:
    """Events of every sentence of a parsed document."""
    events: list[EventMention] = []
    for sent in doc.sents:
        for tok in sent:
            typed = _event_type(tok)
            if typed is None:
                continue
            etype, trigger = typed
            subject, passive = _subject(tok)
            if subject is None or subject.pos_ == "PRON" and subject.text.lower() in ("it", "this", "that", "which"):
                continue
            sources = [_span(s) for s in _conjuncts(subject)]
            target = _target(tok, trigger)
            target_span = _span(target) if target is not None else None
            negated, hypothetical, intent = _flags(tok)
            actors = tuple(a for s in sources for a in _actors(s[0], day)) or tuple(
                ActorRef(None, s[0], "other") for s in sources)
            recipients = _actors(target_span[0], day) if target_span else ()
            if not recipients and target_span and target.pos_ in ("PROPN", "NOUN"):
                recipients = (ActorRef(None, target_span[0], "other"),)
            known = any(a.id for a in actors)
            confidence = 0.9 if known else 0.6
            if negated or hypothetical:
                confidence -= 0.2
            depth = 0
            t = tok
            while t.head is not t and depth < 10:
                t, depth = t.head, depth + 1
            events.append(EventMention(
                type=etype, mode=None, actors=actors, recipients=recipients,
                source_text=" and ".join(s[0] for s in sources), target_text=target_span[0] if target_span else None,
                date=day.isoformat() if day else None, date_precision="day" if day else None,
                date_from="given date" if day else None, location=None,
                evidence=Evidence(sent.text, sent.start_char, sent.end_char, tok.text, line, article),
                negated=negated, hypothetical=hypothetical, intent=intent, confidence=round(confidence, 2),
                quad_class=QUAD.get(etype), depth=depth,
            ))
    return events


def main_event(events: list[EventMention]) -> EventMention | None:
    """The event a sentence is mostly about: the one closest to the root, then leftmost."""
    return min(events, key=lambda e: (e.depth, e.evidence.trigger != e.evidence.trigger)) if events else None


def code_sentences(sentences: Iterable[str], model: str, day: date | None = None) -> list[list[EventMention]]:
    """Events for each sentence (one list per input), parsed in batches."""
    from .nlp import pipeline

    nlp = pipeline(model)
    return [code_doc(doc, day, line=i + 1) for i, doc in enumerate(nlp.pipe(sentences, batch_size=64))]
