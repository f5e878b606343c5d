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

from ..resources import load
from .actorindex import ActorIndex
from .compose import Candidate, compose
from .lexicon import Lexicon, Spec, lexicon
from .records import QUAD, ActorRef, Evidence, EventMention
from .referents import is_country, is_person, recipient_token, refs_for
from .syntax import (agentive, span_offsets, lemma_of, noun_keys, object_of, particle_of, phrase_of, prep_keys, preps_of,
                     subject_of, subject_token, verbal_noun)

WH_WORDS = frozenset({"what", "whether", "how", "why", "if", "who", "when", "where", "which"})
VAGUE_SUBJECTS = frozenset({"it", "this", "that", "which", "what", "who", "there", "something", "anyone", "nobody", "none", "one"})
VERBAL = frozenset({"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})


@dataclass(frozen=True)
class Coded:
    """One event mention and what the date and place resolvers need to know about it."""

    mention: EventMention
    tense: str  # past, past perfect, present, future
    verb: int  # token index (in its Doc) of the governing verb
    noun: int | None = None  # token index of the event noun, if a noun names the event


def code_sentence(sent, index: ActorIndex, *, article: str | None = None, line: int | None = None,
                  offset: int = 0, lex: Lexicon | None = None) -> list[Coded]:
    """Events of one parsed sentence (a spaCy Span). offset shifts the Span's character
    positions to the coded text's when the sentence was parsed on its own."""
    lex = lex or lexicon()
    candidates = _triggers(sent, lex, index, offset)
    if not candidates:
        return []
    compose(candidates, lex, index, offset)
    out: list[Coded] = []
    quote = _quote(sent.text)
    for cand in candidates:
        if cand.dropped or not cand.spec.is_event:
            continue
        coded = _finish(cand, sent, index, lex, article=article, line=line, offset=offset, quote=quote)
        if coded is not None:
            out.append(coded)
    return out


def _triggers(sent, lex: Lexicon, index: ActorIndex, offset: int) -> list[Candidate]:
    found: list[Candidate] = []
    for tok in sent:
        adjective = _adjective_event(tok, lex) if tok.pos_ in ("AUX", "VERB") else None
        if adjective is not None:
            spec, adj = adjective
            target = next((p for prep in adj.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj"), None)
            found.append(Candidate(spec=spec, verb=tok, trigger=adj, recipient_tok=target))
            continue
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
            passive = _passive_modifier(tok, lex)  # "citizens abducted by North Korea"
            if passive is not None:
                found.append(passive)
            continue
        if tok.pos_ not in ("VERB", "AUX", "NOUN") or tok.dep_ == "amod":
            continue
        if tok.pos_ == "NOUN" and not verbal_noun(tok):
            continue
        lemma = lemma_of(tok)
        if tok.pos_ == "NOUN":  # a mis-tagged verb ("Trump hosts ...") keeps its verb reading
            entry = lex.verbs.get(lemma)
        else:
            entry = lex.verbs.get(lemma)
        obj = object_of(tok)
        obj_keys = noun_keys(obj) if obj is not None else []
        spec = None
        noun = None
        if obj is not None and lemma in lex.support and " " in obj_keys[0] and obj_keys[0] in lex.nouns:
            noun_spec, _ = lex.resolve(lex.nouns[obj_keys[0]])  # "war games", "hunger strike": the compound decides
            if noun_spec is not None and noun_spec.is_event:
                spec, noun = noun_spec, obj
        if obj is not None and spec is None:
            light = lex.light_pair(lemma, obj_keys)
            if light is not None:
                spec, noun = light, obj
        if spec is None and entry is not None:
            subj = subject_token(tok)
            spec, via = lex.resolve(entry, particle=particle_of(tok), obj=obj_keys, preps=preps_of(tok),
                                    subj=lemma_of(subj) if subj is not None else None,
                                    is_person=lambda: obj is not None and is_person(obj, index, offset, lex),
                                    is_country=lambda: obj is not None and is_country(obj, index, offset))
            if via == "obj" and obj.pos_ == "NOUN" and _names_event(obj, lex):
                noun = obj  # "signed a framework": the object names the event, not who receives it
        if (spec is None or not spec.is_event) and obj is not None and lemma in lex.support:
            for key in obj_keys:
                noun_entry = lex.nouns.get(key)
                if noun_entry is not None:
                    subj = subject_token(tok)
                    noun_spec, _ = lex.resolve(noun_entry, subj=lemma_of(subj) if subj is not None else None)
                    if noun_spec is not None and noun_spec.is_event:
                        spec, noun = noun_spec, obj
                    break
        if lemma in ("warn", "advise", "urge", "tell", "ask", "caution", "call") and (spec is None or spec.type in ("THREATEN", "REQUEST", "-")):
            destination = _travel_warning(tok)
            if destination is not None:
                found.append(Candidate(spec=Spec("SANCTION", "discontinue"), verb=tok, trigger=tok, recipient_tok=destination))
                continue
        if spec is None or not spec.is_event:
            continue
        if lemma in ("ask", "question", "wonder") and any(
                c.dep_ == "ccomp" and c.left_edge.lower_ in WH_WORDS for c in tok.children):
            continue  # "asking what was happening": a question, not a request
        if lemma == "call" and spec.type == "REQUEST" and "prep:for" not in prep_keys(tok) and not any(
                c.dep_ in ("xcomp", "ccomp") for c in tok.children):
            spec = Spec("CONSULT", "visit")  # "called on the Emperor": a courtesy visit
        found.append(Candidate(spec=spec, verb=tok, trigger=noun if noun is not None and spec.type != "CONSULT" and lemma in lex.support else tok, noun=noun))
    return found


EVENT_CLASSES = ("agreement", "meeting", "sanctions", "aid", "restriction", "conflict", "protest_action", "weapons", "ties")


def _names_event(tok, lex: Lexicon) -> bool:
    """Does an object noun name the event itself ('a framework', 'sanctions', 'talks') rather
    than who or what it is done to ('prisoners', 'Japan')?"""
    lemma = lemma_of(tok)
    return lemma in lex.nouns or any(lex.in_class(lemma, k) for k in EVENT_CLASSES)


def _passive_modifier(tok, lex: Lexicon) -> Candidate | None:
    """A past participle with an agent modifying a noun ('Japanese citizens abducted by North
    Korea'): the agent acts, the noun receives."""
    agent = next((a for a in tok.children if a.dep_ == "agent"), None)
    if not agentive(tok.head, lex):
        return None  # "a fact sheet released by the White House" tells of no event
    if agent is None or not any(p.dep_ == "pobj" for p in agent.children):
        if lex.verbs.get(lemma_of(tok)) is None or _place_of(tok) is None:
            return None  # no agent: only a state's coercion "in China" names one (see _finish)
    entry = lex.verbs.get(lemma_of(tok))
    if entry is None:
        return None
    spec, _ = lex.resolve(entry, obj=noun_keys(tok.head), preps=preps_of(tok))
    if spec is None or not spec.is_event or (agent is None and spec.type != "COERCE"):
        return None
    return Candidate(spec=spec, verb=tok, trigger=tok, recipient_tok=tok.head)


def _place_of(verb):
    """The object of 'in' on a verb ('detained in China'), or None."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _adjective_event(tok, lex: Lexicon):
    """'had been critical of Japan', 'remained opposed to the plan': (spec, adjective) for a
    verb of being with an adjective the lexicon knows, else None."""
    if lemma_of(tok) not in ("be", "remain", "become", "stay", "grow"):
        return None
    for c in tok.children:
        if c.dep_ == "acomp" and c.lower_ in lex.adjectives:
            return lex.adjectives[c.lower_], c
    return None


def _travel_warning(tok):
    """'warned its citizens against travelling to Japan', 'advised them to avoid trips to
    Japan': a travel advisory, whose recipient is the destination. Returns the destination
    token, or None when this is no travel advisory."""
    for d in tok.subtree:
        if lemma_of(d) not in ("travel", "travelling", "traveling", "visit", "trip", "go"):
            continue
        chain = [a for a in d.ancestors]
        if not any(a.i == tok.i for a in chain):
            continue
        deterred = any(lemma_of(a) in ("against", "avoid", "refrain") for a in [d.head, *chain[:3]]) or any(
            c.dep_ == "neg" for c in d.children)
        if not deterred:
            continue
        for prep in d.children:
            if prep.dep_ == "prep" and prep.text.lower() in ("to", "in"):
                pobj = next((p for p in prep.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def _finish(cand: Candidate, sent, index: ActorIndex, lex: Lexicon, *, article, line, offset, quote) -> Coded | None:
    subj_from = cand.actors_from or cand.verb
    subject, passive = subject_of(subj_from)
    if (subject is not None and subj_from.dep_ == "conj" and subj_from.head.dep_ == "ccomp"
            and not agentive(subject, lex) and subject.pos_ != "PRON"):
        subject, passive = subject_of(subj_from.head.head)  # a parse that hung the verb on the wrong clause
    if subject is None and passive and cand.spec.type == "COERCE" and _place_of(cand.verb) is not None:
        place = _place_of(cand.verb)  # "Japanese nationals detained in China": the state where it happened
        start, end = span_offsets(place)
        if any(r.kind == "country" for r in index.refs_within(start + offset, end + offset)):
            subject, cand.hypothetical = place, cand.hypothetical
    if subject is None:
        return None
    if subject.pos_ == "PRON" and cand.speaker_tok is not None and not index.resolve_reference(subject, subject.idx + offset):
        subject, cand.speaker_tok = cand.speaker_tok, None  # "the rebels said they will release…"
    if subject.pos_ == "PRON" and subject.text.lower() in VAGUE_SUBJECTS and not index.resolve_reference(subject, subject.idx + offset):
        return None
    actors = refs_for(subject, index, offset)
    actor_text = phrase_of(subject)
    if not actors:
        if not agentive(subject, lex):
            return None  # "The agreement commits…": a thing, not an actor
        actors = [ActorRef(None, actor_text, "other")]
    recipient_tok = cand.recipient_tok if cand.recipient_tok is not None else recipient_token(cand.verb, cand, index, offset, lex)
    if passive and recipient_tok is None:
        recipient_tok = next((c for c in cand.verb.children if c.dep_ == "nsubjpass"), None)
    recipients: list[ActorRef] = []
    recipient_text = None
    if recipient_tok is not None and recipient_tok.i != subject.i:
        recipients = refs_for(recipient_tok, index, offset, exclude={a.id for a in actors if a.id})
        recipient_text = phrase_of(recipient_tok)
        if not recipients and agentive(recipient_tok, lex):
            recipients = [ActorRef(None, recipient_text, "other")]
    actor_ids = {a.id for a in actors if a.id}
    recipients = [r for r in recipients if not (r.id and r.id in actor_ids)]
    spec = cand.spec
    if spec.type == "CONSULT":
        actors, recipients = _consult_sides(spec, cand, actors, recipients)
    speaker = None
    if cand.speaker_tok is not None:
        speakers = refs_for(cand.speaker_tok, index, offset)
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
        confidence=round(max(0.05, min(confidence, 0.99)), 2), cameo=cameo_code(spec.type, spec.mode),
        quad_class=QUAD.get(spec.type), depth=depth,
    )
    return Coded(mention, cand.tense, cand.verb.i, cand.noun.i if cand.noun is not None else None)


def cameo_code(event_type: str, mode: str | None) -> str | None:
    """The CAMEO code that stands for a type and mode, for export (data/cameo.json)."""
    codes = load("cameo")["codes"]
    return codes.get(f"{event_type}/{mode}") or codes.get(event_type)


def _consult_sides(spec: Spec, cand: Candidate, actors: list[ActorRef], recipients: list[ActorRef]):
    """PLOVER's CONSULT: all participants are actors, except a visit, where the visitor acts
    and the host receives ('X hosted Y': Y is the visitor)."""
    lemma = lemma_of(cand.verb)
    if lemma in ("host", "welcome", "receive") and recipients and all(r.kind in ("person", "country") for r in recipients):
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
