"""Composing a sentence's triggers into events: control verbs govern their complements
("agreed to cooperate" is one AGREE), verbs of saying lend their speaker, auxiliaries and
conditions set tense and flags, and PLOVER's rules turn promises into AGREE or CONCEDE."""

from __future__ import annotations

from dataclasses import dataclass

from .actorindex import ActorIndex
from .lexicon import CONFLICT, Lexicon, Spec
from .referents import recipient_token, same_actor
from .syntax import lemma_of, object_of, subject_token


FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
HEDGE_AUX = frozenset({"could", "might", "may"})
OBLIGATION = frozenset({"must", "should", "ought"})
FUTURE_WORDS = frozenset({"next", "tomorrow", "upcoming", "later", "soon"})
PROVISION_SUBJECTS = frozenset({"agreement", "deal", "framework", "pact", "treaty", "accord", "plan", "law", "bill", "resolution",
                                "document", "statement", "declaration", "proposal", "rule", "measure", "package", "memorandum", "text"})
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
    original: Spec | None = None  # the type before a promise turned it into AGREE or CONCEDE


def compose(cands: list[Candidate], lex: Lexicon, index: ActorIndex, offset: int) -> None:
    by_verb = {c.verb.i: c for c in cands}
    for cand in cands:
        verb = cand.verb
        _apply_aux(cand, verb)
        # walk up through xcomp links: each control verb on the way has its say
        child = verb
        while child.dep_ == "conj" and child.head.pos_ in ("VERB", "AUX") and child.head.i != child.i:
            child = child.head  # "agreed to keep up visits and (to) expand cooperation"
        head = child.head
        while child.dep_ == "xcomp" and head.i != child.i:
            behaviour = _control(head, lex)
            governing = by_verb.get(head.i)
            if behaviour in ("AGREE", "REJECT", "THREATEN", "REQUEST", "promise"):
                if governing is not None:
                    governing.recipient_tok = governing.recipient_tok or recipient_token(verb, cand, index, offset, lex)
                    if behaviour == "promise" and cand.spec.type in CONFLICT:
                        governing.spec = lex.future_conflict.get(cand.spec.type, Spec("THREATEN"))
                    if behaviour == "promise" and cand.spec.type in ("RETREAT", "CONCEDE"):
                        governing.spec = Spec("CONCEDE", cand.spec.mode)  # a promised concession stays CONCEDE;
                        # "agreed to withdraw" stays AGREE, as PLOVER's own coders code it
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
                        cand.recipient_tok = object_of(head) or cand.recipient_tok
                _apply_aux(cand, head)
                break
            if behaviour == "fail":  # "failed to reach agreement" refuses; "failed to stop the attack" did not
                behaviour = "REJECT" if cand.spec.type in ("AGREE", "SUPPORT", "CONSULT", "COOPERATE", "CONCEDE") else "negate"
                if behaviour == "REJECT":
                    cand.spec = Spec("REJECT", REQUEST_MODES.get(cand.spec.type))
                    cand.actors_from = head
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
        _purpose(cand, lex)
        _joint(cand)
        if _prescribed(cand.actors_from or cand.verb):
            cand.hypothetical = True  # "The framework calls for the two countries to coordinate…"
        _apply_future(cand, lex)


def _control(head, lex: Lexicon) -> str | None:
    lemma = lemma_of(head)
    if lemma == "call" and not any(c.dep_ == "prep" and c.text.lower() in ("on", "upon") for c in head.children):
        return None  # "called Erdogan to congratulate him" is a call, not a request
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
    elif words & {"is", "are", "am"} and verb.tag_ == "VBG" and any(t.lower_ in FUTURE_WORDS for t in verb.subtree):
        cand.tense = "future"  # "South Korea is hosting the summit next week"
    elif verb.tag_ in ("VBZ", "VBP") or (words & {"is", "are", "am"} and verb.tag_ == "VBG"):
        cand.tense = "present"
    if _has_condition(verb):
        cand.hypothetical = True


def _going_to(verb) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and lemma_of(head) == "go" and head.tag_ == "VBG"


def _has_condition(verb) -> bool:
    """The verb sits in an if/unless clause, governs one ('If Iran resumes…, Israel would
    strike'), or stands in a question."""
    for tok in (verb, verb.head):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
            return True
    for c in verb.children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
            return True
    return verb.sent.text.rstrip().endswith("?")


def _apply_future(cand: Candidate, lex: Lexicon) -> None:
    """PLOVER: promised cooperation is AGREE, an announced retreat CONCEDE; a refusal is REJECT."""
    planned = cand.intent or cand.tense == "future"
    if not planned:
        return
    cand.intent = True
    cand.original = cand.original or cand.spec
    if cand.negated and not cand.hypothetical and cand.spec.type not in CONFLICT:
        cand.spec = Spec("REJECT", REQUEST_MODES.get(cand.spec.type))
        cand.negated = False
        return
    if cand.spec.type in lex.future:
        cand.spec = lex.future[cand.spec.type]
    elif cand.spec.type in lex.future_conflict and not cand.hypothetical:
        cand.spec = lex.future_conflict[cand.spec.type]


PURPOSE_AID = frozenset({"support", "help", "aid", "assist", "back", "bolster", "reinforce", "strengthen"})
JOINT = frozenset({"joint", "combined", "bilateral", "trilateral", "multilateral", "multinational"})


def _joint(cand: Candidate) -> None:
    """Exercises held jointly ('joint drills', 'X and Y held exercises', 'drills with Japan')
    are military cooperation; one country's alone are a show of force (PLOVER 3.14)."""
    if cand.spec.type != "MOBILIZE" or cand.noun is None:
        return
    noun = cand.noun
    joint = any(c.lower_ in JOINT for c in noun.children) or any(
        c.dep_ == "prep" and c.lower_ in ("with", "alongside") for c in (*noun.children, *cand.verb.children))
    subject = subject_token(cand.verb)
    if subject is not None and any(c.dep_ == "conj" for c in subject.children):
        joint = True
    if joint:
        cand.spec = Spec("COOPERATE", "military")


def _purpose(cand: Candidate, lex: Lexicon) -> None:
    """Troops sent 'to support Russia's war' are military aid to Russia, not a show of force."""
    if cand.spec.type != "MOBILIZE" or lemma_of(cand.verb) not in ("send", "deploy", "dispatch", "provide", "supply"):
        return
    for c in cand.verb.children:
        if c.dep_ in ("advcl", "xcomp") and lemma_of(c) in PURPOSE_AID:
            cand.spec = Spec("AID", "military")
            target = object_of(c)
            if target is not None:
                poss = next((p for p in target.children if p.dep_ == "poss"), None)
                cand.recipient_tok = poss if poss is not None else target
            return


def _prescribed(verb) -> bool:
    """Is this clause what a document provides for, rather than something done? ('The
    agreement commits both governments to cooperate')"""
    tok, steps = verb, 0
    while tok.head.i != tok.i and steps < 5 and tok.dep_ in ("xcomp", "ccomp", "advcl", "pcomp", "pobj", "prep", "conj"):
        tok, steps = tok.head, steps + 1
        if tok.pos_ in ("VERB", "AUX"):
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and lemma_of(subject) in PROVISION_SUBJECTS:
                return True
    return False


def _reported(cand: Candidate, lex: Lexicon, index: ActorIndex, offset: int) -> None:
    """A verb of saying above the event lends its subject as the speaker; 'X said Y must…'
    is X's request to Y."""
    tok = cand.actors_from or cand.verb
    steps = 0
    while tok.dep_ in ("ccomp", "conj", "xcomp") and tok.head.i != tok.i and steps < 4:
        head = tok.head
        if tok.dep_ == "ccomp" and lemma_of(head) in lex.reporting:
            cand.speaker_tok = subject_token(head)
            obligation = any(c.dep_ == "aux" and c.text.lower() in OBLIGATION for c in cand.verb.children)
            subject = subject_token(cand.verb)
            if obligation and cand.speaker_tok is not None and subject is not None and not same_actor(subject, cand.speaker_tok, index, offset):
                cand.recipient_tok = subject
                cand.actors_from = head
                cand.spec = Spec("REQUEST", REQUEST_MODES.get(cand.spec.type, "change"))
                cand.tense = "present"
            return
        tok, steps = head, steps + 1
