"""Who a phrase names: dictionary actors within it, pronouns and 'the two leaders' resolved to
earlier actors, the person quoted as 'I', and the recipient of an event among the objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .actorindex import ActorIndex
from .lexicon import Lexicon, lexicon
from .records import ActorRef
from .syntax import conjuncts, lemma_of, span_offsets, temporal

if TYPE_CHECKING:
    from .compose import Candidate


TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "into", "upon", "for", "from", "over", "at")
CONSULT_PREPS = frozenset({"with", "to", "between", "in"})
IN_PREP_TYPES = frozenset({"COOPERATE", "AID"})  # "invest in Japan", "aid in Gaza" name the recipient


def is_country(tok, index: ActorIndex, offset: int) -> bool:
    """Does this object name a country or its capital ('reached Beijing')?"""
    start, end = span_offsets(tok)
    return any(m.actor.kind == "country" for m in index.within(start + offset, end + offset))


def is_person(tok, index: ActorIndex, offset: int, lex: Lexicon) -> bool:
    """Is this object a person (or a delegation): 'welcomed Ishiba' rather than 'welcomed the move'."""
    if lex.in_class(lemma_of(tok), "person"):
        return True
    if tok.pos_ != "PROPN":
        return False
    start, end = span_offsets(tok)
    kinds = {m.actor.kind for m in index.within(start + offset, end + offset)}
    if kinds:
        return "person" in kinds
    return tok.text[:1].isupper()


def same_actor(a, b, index: ActorIndex, offset: int) -> bool:
    """Do two phrases name the same actor, or a person and their country?"""
    ids_a = {x for r in refs_for(a, index, offset) for x in (r.id, r.country) if x}
    ids_b = {x for r in refs_for(b, index, offset) for x in (r.id, r.country) if x}
    return bool(ids_a & ids_b) or a.text.lower() in ("it", "he", "she", "they", "we", "i")


def refs_for(tok, index: ActorIndex, offset: int, exclude: set[str] | None = None) -> list[ActorRef]:
    """The actors a noun phrase names, each conjunct in turn; pronouns and 'the two leaders'
    resolve to earlier actors (other than those in exclude: 'Trump praised her')."""
    refs: list[ActorRef] = []
    for head in conjuncts(tok):
        start, end = span_offsets(head)
        found = index.refs_within(start + offset, end + offset)
        if found and lemma_of(head) in GOVERNMENT_WORDS:  # "the Trump administration" is the US government
            found = governments(found, index)
        if not found and head.lower_ in ("i", "we", "me", "us"):
            found = quoted_speaker(head, index, offset)
        if not found and head.lower_ in ("he", "she"):
            found = governing_person(head, index, offset, exclude or set())
        if not found:
            found = index.resolve_reference(head, start + offset, exclude or set())
        for ref in found:
            if ref not in refs:
                refs.append(ref)
    return refs


GOVERNMENT_WORDS = frozenset({"administration", "government", "cabinet", "camp", "team", "office", "regime", "side"})


def governments(refs: list[ActorRef], index: ActorIndex) -> list[ActorRef]:
    """A person named before 'administration' or 'government' stands for their country."""
    from ..actors import dictionary

    out = []
    for ref in refs:
        if ref.kind == "person" and ref.country:
            country = dictionary().countries.get(ref.country)
            ref = ActorRef(country.id, country.name, "country", country.id) if country else ref
        if ref not in out:
            out.append(ref)
    return out


def quoted_speaker(pronoun, index: ActorIndex, offset: int) -> list[ActorRef]:
    """'I' or 'we' inside a quotation: whoever the sentence says is speaking (the subject of
    a verb of saying, or the one 'quoted as saying')."""
    lex = lexicon()
    for tok in pronoun.sent:
        if tok.i == pronoun.i or lemma_of(tok) not in lex.reporting | {"quote"}:
            continue
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subject is not None and any(t.i == pronoun.i for t in subject.subtree):
            continue  # "Trump and I agreed": the pronoun's own verb, not a verb of saying about it
        speaker = next((c for c in tok.children if c.dep_ == "dobj"), None) if lemma_of(tok) == "quote" else subject
        if speaker is None or speaker.pos_ == "PRON":
            continue
        start, end = span_offsets(speaker)
        refs = index.refs_within(start + offset, end + offset)
        if refs:
            return refs[:1] if pronoun.lower_ in ("i", "me") else refs
    return []


def governing_person(pronoun, index: ActorIndex, offset: int, exclude: set[str]) -> list[ActorRef]:
    """'The president said he would…', 'the tariff he imposed': a he or she inside a clause
    points first to the person who is the subject of a clause above it."""
    for verb in pronoun.ancestors:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < pronoun.i and c.i != pronoun.i), None)
        if subject is None or subject.pos_ == "PRON":
            continue
        start, end = span_offsets(subject)
        refs = index.refs_within(start + offset, end + offset) or index.resolve_reference(subject, start + offset, exclude)
        people = [r for r in refs if r.kind == "person" and r.id not in exclude]
        if people:
            return people[:1]
    return []


def recipient_token(verb, cand: Candidate, index: ActorIndex, offset: int, lex: Lexicon):
    """Who the event is done to. Candidates, in order: the object (not the event noun
    itself) or the subject of a passive, then the object of a preposition on the event noun
    ("sanctions on Iran", "the release of prisoners") or on the verb ("returned the
    artifacts to Italy"). The first that names a known actor wins, then one whose
    possessor does ("rejected Trump's proposal"), then a name or a word for people, then
    whatever came first."""
    options = []
    not_noun = lambda c: cand.noun is None or c.i != cand.noun.i  # noqa: E731
    if cand.spec.type == "REQUEST":  # "demanded that Takaichi retract": the one asked is the clause's subject
        for c in verb.children:
            if c.dep_ == "ccomp":
                options.extend(s for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))
    for c in verb.children:
        if c.dep_ in ("nsubjpass", "dobj", "dative") and not_noun(c) and c.pos_ in ("PROPN", "NOUN", "PRON"):
            options.append(c)
    holders = [h for h in (cand.noun, verb) if h is not None]
    for holder in holders:
        for c in holder.children:
            word = c.text.lower()
            if c.dep_ not in ("prep", "dative"):
                continue
            if cand.spec.type == "CONSULT" and word not in CONSULT_PREPS:
                continue  # "met on the sidelines of the APEC forum": a setting, not a participant
            if word in TARGET_PREPS or word == "between" or (word in ("of", "by") and holder is cand.noun) or (
                    word == "in" and ((cand.original or cand.spec).type in IN_PREP_TYPES or cand.spec.mode == "visit")):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and not temporal(pobj):
                    options.append(pobj)
    for tok in list(options):  # "returned a manuscript to Venafro, Italy": a preposition on the object
        if tok.pos_ == "NOUN" and not index.within(*(x + offset for x in span_offsets(tok))):
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("to", "on", "against", "from", "with", "by"):
                    options.extend(p for p in c.children if p.dep_ == "pobj" and not temporal(p))
    if not options:
        return None
    for tok in options:
        start, end = span_offsets(tok)
        if index.within(start + offset, end + offset):
            return tok
    for tok in options:
        for c in tok.children:
            if c.dep_ == "poss":
                start, end = span_offsets(c)
                if index.within(start + offset, end + offset) or c.pos_ == "PROPN":
                    return c
    for tok in options:  # "nominate him for the prize": the person pointed to, not the prize
        if tok.lower_ in ("him", "her", "them", "us"):
            return tok
    for tok in options:
        if tok.pos_ == "PROPN" or any(lex.in_class(lemma_of(tok), k) for k in ("person", "crowd", "troops", "captives")):
            return tok
    return options[0]
