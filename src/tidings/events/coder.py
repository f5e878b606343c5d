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
from functools import lru_cache

from ..resources import load
from .actorindex import ActorIndex
from .lexicon import CONFLICT, Lexicon, Spec, lexicon
from .records import ActorRef, Evidence, EventMention

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "into", "upon", "for", "from", "over", "at")
CONSULT_PREPS = frozenset({"with", "to", "between", "in"})
IN_PREP_TYPES = frozenset({"COOPERATE", "AID"})  # "invest in Japan", "aid in Gaza" name the recipient
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
HEDGE_AUX = frozenset({"could", "might", "may"})
OBLIGATION = frozenset({"must", "should", "ought"})
FUTURE_WORDS = frozenset({"next", "tomorrow", "upcoming", "later", "soon"})
PROVISION_SUBJECTS = frozenset({"agreement", "deal", "framework", "pact", "treaty", "accord", "plan", "law", "bill", "resolution",
                                "document", "statement", "declaration", "proposal", "rule", "measure", "package", "memorandum", "text"})
WH_WORDS = frozenset({"what", "whether", "how", "why", "if", "who", "when", "where", "which"})
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
    original: Spec | None = None  # the type before a promise turned it into AGREE or CONCEDE


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
    """The token's lemma, repaired where the lemmatizer slips on a verb the lexicon knows
    ('hoped' -> 'hop' instead of 'hope')."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") and lemma not in lexicon().known:
        return _repair_lemma(tok.lower_, lemma)
    return lemma


@lru_cache(maxsize=20_000)
def _repair_lemma(word: str, lemma: str) -> str:
    known = lexicon().known
    for suffix, replacement in (("ed", "e"), ("d", ""), ("ing", "e"), ("es", "e"), ("s", ""), ("ed", "")):
        if word.endswith(suffix):
            base = word[: len(word) - len(suffix)] + replacement
            if base in known:
                return base
    return lemma


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
    keys.extend(_lemma(c) for c in tok.children if c.dep_ in ("compound", "amod"))  # "curfew hours", "congratulatory message"
    return keys


def _object(verb):
    """The direct object of a verb, or the subject of its passive."""
    for c in verb.children:
        if c.dep_ in ("dobj", "obj"):
            return c
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return c
    if verb.dep_ == "relcl" and verb.head.pos_ == "NOUN" and not any(c.dep_ == "dobj" for c in verb.children) and any(
            c.dep_ == "nsubj" for c in verb.children):
        return verb.head  # "the duty Trump imposed": the noun the clause describes
    for c in verb.children:  # "put on alert", "went on strike": the noun under "on"
        if c.dep_ == "prep" and c.text.lower() == "on":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None and (_lemma(pobj) == "alert" or _lemma(verb) in ("go", "remain", "stay", "put", "place")):
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
        if obj is not None and lemma in lex.support and " " in obj_keys[0] and obj_keys[0] in lex.nouns:
            noun_spec, _ = lex.resolve(lex.nouns[obj_keys[0]])  # "war games", "hunger strike": the compound decides
            if noun_spec is not None and noun_spec.is_event:
                spec, noun = noun_spec, obj
        if obj is not None and spec is None:
            light = lex.light_pair(lemma, obj_keys)
            if light is not None:
                spec, noun = light, obj
        if spec is None and entry is not None:
            subj = _subject_token(tok)
            spec, via = lex.resolve(entry, particle=_particle(tok), obj=obj_keys, preps=_preps(tok),
                                    subj=_lemma(subj) if subj is not None else None,
                                    is_person=lambda: obj is not None and _is_person(obj, index, offset, lex),
                                    is_country=lambda: obj is not None and _is_country(obj, index, offset))
            if via == "obj" and obj.pos_ == "NOUN" and not _agentive(obj, lex):
                noun = obj  # "signed a framework": the object names the event, not who receives it
        if (spec is None or not spec.is_event) and obj is not None and lemma in lex.support:
            for key in obj_keys:
                noun_entry = lex.nouns.get(key)
                if noun_entry is not None:
                    subj = _subject_token(tok)
                    noun_spec, _ = lex.resolve(noun_entry, subj=_lemma(subj) if subj is not None else None)
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
        if lemma == "call" and spec.type == "REQUEST" and "prep:for" not in _preps_key(tok) and not any(
                c.dep_ in ("xcomp", "ccomp") for c in tok.children):
            spec = Spec("CONSULT", "visit")  # "called on the Emperor": a courtesy visit
        found.append(Candidate(spec=spec, verb=tok, trigger=noun if noun is not None and spec.type != "CONSULT" and lemma in lex.support else tok, noun=noun))
    return found


def _preps_key(tok) -> set[str]:
    return {f"prep:{c.text.lower()}" for c in tok.children if c.dep_ == "prep"}


def _passive_modifier(tok, lex: Lexicon) -> Candidate | None:
    """A past participle with an agent modifying a noun ('Japanese citizens abducted by North
    Korea'): the agent acts, the noun receives."""
    agent = next((a for a in tok.children if a.dep_ == "agent"), None)
    if agent is None or not any(p.dep_ == "pobj" for p in agent.children) or not _agentive(tok.head, lex):
        return None  # "a fact sheet released by the White House" tells of no event
    entry = lex.verbs.get(_lemma(tok))
    if entry is None:
        return None
    spec, _ = lex.resolve(entry, obj=_noun_keys(tok.head), preps=_preps(tok))
    if spec is None or not spec.is_event:
        return None
    return Candidate(spec=spec, verb=tok, trigger=tok, recipient_tok=tok.head)


def _verbal_noun(tok) -> bool:
    """A token tagged NOUN that the parser still uses as a clause head (a tagging slip)."""
    return tok.dep_ in ("ROOT", "conj", "ccomp", "xcomp") and any(c.dep_ in ("nsubj", "dobj") for c in tok.children)


def _is_country(tok, index: ActorIndex, offset: int) -> bool:
    """Does this object name a country or its capital ('reached Beijing')?"""
    start, end = _span_offsets(tok)
    return any(m.actor.kind == "country" for m in index.within(start + offset, end + offset))


def _adjective_event(tok, lex: Lexicon):
    """'had been critical of Japan', 'remained opposed to the plan': (spec, adjective) for a
    verb of being with an adjective the lexicon knows, else None."""
    if _lemma(tok) not in ("be", "remain", "become", "stay", "grow"):
        return None
    for c in tok.children:
        if c.dep_ == "acomp" and c.lower_ in lex.adjectives:
            return lex.adjectives[c.lower_], c
    return None


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
        child = verb
        while child.dep_ == "conj" and child.head.pos_ in ("VERB", "AUX") and child.head.i != child.i:
            child = child.head  # "agreed to keep up visits and (to) expand cooperation"
        head = child.head
        while child.dep_ == "xcomp" and head.i != child.i:
            behaviour = _control(head, lex)
            governing = by_verb.get(head.i)
            if behaviour in ("AGREE", "REJECT", "THREATEN", "REQUEST", "promise"):
                if governing is not None:
                    governing.recipient_tok = governing.recipient_tok or _recipient_token(verb, cand, index, offset, lex)
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
                        cand.recipient_tok = _object(head) or cand.recipient_tok
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
    lemma = _lemma(head)
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
    return verb.dep_ == "xcomp" and _lemma(head) == "go" and head.tag_ == "VBG"


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


RAISING = frozenset({"expect", "schedule", "set", "due", "slate", "poise", "say", "report", "believe", "think", "suppose",
                     "plan", "ask", "urge", "force", "invite", "allow", "permit", "require", "tell", "order"})
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
    subject = _subject_token(cand.verb)
    if subject is not None and any(c.dep_ == "conj" for c in subject.children):
        joint = True
    if joint:
        cand.spec = Spec("COOPERATE", "military")


def _purpose(cand: Candidate, lex: Lexicon) -> None:
    """Troops sent 'to support Russia's war' are military aid to Russia, not a show of force."""
    if cand.spec.type != "MOBILIZE" or _lemma(cand.verb) not in ("send", "deploy", "dispatch", "provide", "supply"):
        return
    for c in cand.verb.children:
        if c.dep_ in ("advcl", "xcomp") and _lemma(c) in PURPOSE_AID:
            cand.spec = Spec("AID", "military")
            target = _object(c)
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
            if subject is not None and _lemma(subject) in PROVISION_SUBJECTS:
                return True
    return False


def _travel_warning(tok):
    """'warned its citizens against travelling to Japan', 'advised them to avoid trips to
    Japan': a travel advisory, whose recipient is the destination. Returns the destination
    token, or None when this is no travel advisory."""
    for d in tok.subtree:
        if _lemma(d) not in ("travel", "travelling", "traveling", "visit", "trip", "go"):
            continue
        chain = [a for a in d.ancestors]
        if not any(a.i == tok.i for a in chain):
            continue
        deterred = any(_lemma(a) in ("against", "avoid", "refrain") for a in [d.head, *chain[:3]]) or any(
            c.dep_ == "neg" for c in d.children)
        if not deterred:
            continue
        for prep in d.children:
            if prep.dep_ == "prep" and prep.text.lower() in ("to", "in"):
                pobj = next((p for p in prep.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


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
    """Do two phrases name the same actor, or a person and their country?"""
    ids_a = {x for r in _refs_for(a, index, offset) for x in (r.id, r.country) if x}
    ids_b = {x for r in _refs_for(b, index, offset) for x in (r.id, r.country) if x}
    return bool(ids_a & ids_b) or a.text.lower() in ("it", "he", "she", "they", "we", "i")


# ── 3. actors, recipients, the mention ───────────────────────────────────────
def _subject(verb, depth: int = 0):
    """(subject token, passive?) of a verb, inherited through xcomp, conj and participles."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
        if c.dep_ == "nsubjpass" and depth > 0 and _lemma(verb) in RAISING:
            return c, False  # "Trump is expected to attend": Trump attends
        if c.dep_ == "nsubjpass":
            agent = next((a for a in verb.children if a.dep_ == "agent"), None)
            pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
            return (pobj, True) if pobj is not None else (None, True)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        agent = next((a for a in verb.children if a.dep_ == "agent"), None)
        pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            return pobj, True
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
    """A noun and the nouns coordinated with it ("Lee and Ishiba"), including one the parser
    hung under a participle ("Takaichi and visiting President Trump")."""
    out = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for c in tok.children:
            if c.dep_ != "conj":
                continue
            if c.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
                out.append(c)
                stack.append(c)
            elif c.pos_ == "VERB" and c.tag_ in ("VBG", "VBN"):
                obj = next((o for o in c.children if o.dep_ in ("dobj", "pobj") and o.pos_ == "PROPN"), None)
                if obj is not None:
                    out.append(obj)
                    stack.append(obj)
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


AGENT_CLASSES = ("person", "crowd", "troops", "captives", "diplomats")
AGENT_WORDS = frozenset("government administration ministry authority official officer police military army navy court judge "
                        "parliament congress senate lawmaker legislator party opposition rebel militant insurgent fighter group "
                        "company firm bank agency council committee commission cabinet regime coalition alliance delegation "
                        "prosecutor investigator negotiator side state country nation family leadership".split())


def _agentive(tok, lex: Lexicon) -> bool:
    """Can this noun phrase act or be acted on as an actor (a name, people, an institution)?"""
    if tok.pos_ == "PROPN":
        return True
    lemma = _lemma(tok)
    if tok.pos_ != "NOUN" or not (lemma in AGENT_WORDS or any(lex.in_class(lemma, k) for k in AGENT_CLASSES)):
        return False
    # "leaders are attending": a bare plural names nobody in particular
    return tok.tag_ != "NNS" or any(c.dep_ in ("det", "poss", "nummod", "amod", "compound", "prep") for c in tok.children)


def _refs_for(tok, index: ActorIndex, offset: int, exclude: set[str] | None = None) -> list[ActorRef]:
    """The actors a noun phrase names, each conjunct in turn; pronouns and 'the two leaders'
    resolve to earlier actors (other than those in exclude: 'Trump praised her')."""
    refs: list[ActorRef] = []
    for head in _conjuncts(tok):
        start, end = _span_offsets(head)
        found = index.refs_within(start + offset, end + offset)
        if found and _lemma(head) in GOVERNMENT_WORDS:  # "the Trump administration" is the US government
            found = _governments(found, index)
        if not found and head.lower_ in ("i", "we", "me", "us"):
            found = _quoted_speaker(head, index, offset)
        if not found and head.lower_ in ("he", "she"):
            found = _governing_person(head, index, offset, exclude or set())
        if not found:
            found = index.resolve_reference(head, start + offset, exclude or set())
        for ref in found:
            if ref not in refs:
                refs.append(ref)
    return refs


GOVERNMENT_WORDS = frozenset({"administration", "government", "cabinet", "camp", "team", "office", "regime", "side"})


def _governments(refs: list[ActorRef], index: ActorIndex) -> list[ActorRef]:
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


def _quoted_speaker(pronoun, index: ActorIndex, offset: int) -> list[ActorRef]:
    """'I' or 'we' inside a quotation: whoever the sentence says is speaking (the subject of
    a verb of saying, or the one 'quoted as saying')."""
    lex = lexicon()
    for tok in pronoun.sent:
        if tok.i == pronoun.i or _lemma(tok) not in lex.reporting | {"quote"}:
            continue
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subject is not None and any(t.i == pronoun.i for t in subject.subtree):
            continue  # "Trump and I agreed": the pronoun's own verb, not a verb of saying about it
        speaker = next((c for c in tok.children if c.dep_ == "dobj"), None) if _lemma(tok) == "quote" else subject
        if speaker is None or speaker.pos_ == "PRON":
            continue
        start, end = _span_offsets(speaker)
        refs = index.refs_within(start + offset, end + offset)
        if refs:
            return refs[:1] if pronoun.lower_ in ("i", "me") else refs
    return []


def _governing_person(pronoun, index: ActorIndex, offset: int, exclude: set[str]) -> list[ActorRef]:
    """'The president said he would…', 'the tariff he imposed': a he or she inside a clause
    points first to the person who is the subject of a clause above it."""
    for verb in pronoun.ancestors:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < pronoun.i and c.i != pronoun.i), None)
        if subject is None or subject.pos_ == "PRON":
            continue
        start, end = _span_offsets(subject)
        refs = index.refs_within(start + offset, end + offset) or index.resolve_reference(subject, start + offset, exclude)
        people = [r for r in refs if r.kind == "person" and r.id not in exclude]
        if people:
            return people[:1]
    return []


def _phrase(tok) -> str:
    parts = []
    for head in _conjuncts(tok):
        start, end = _span_offsets(head)
        parts.append(tok.doc.text[start:end])
    return " and ".join(parts)


def _recipient_token(verb, cand: Candidate, index: ActorIndex, offset: int, lex: Lexicon):
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
            if word in TARGET_PREPS or word == "between" or (word == "of" and holder is cand.noun) or (
                    word == "in" and ((cand.original or cand.spec).type in IN_PREP_TYPES or cand.spec.mode == "visit")):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and not _temporal(pobj):
                    options.append(pobj)
    if not options:
        return None
    for tok in options:
        start, end = _span_offsets(tok)
        if index.within(start + offset, end + offset):
            return tok
    for tok in options:
        for c in tok.children:
            if c.dep_ == "poss":
                start, end = _span_offsets(c)
                if index.within(start + offset, end + offset) or c.pos_ == "PROPN":
                    return c
    for tok in options:  # "nominate him for the prize": the person pointed to, not the prize
        if tok.lower_ in ("him", "her", "them", "us"):
            return tok
    for tok in options:
        if tok.pos_ == "PROPN" or any(lex.in_class(_lemma(tok), k) for k in ("person", "crowd", "troops", "captives")):
            return tok
    return options[0]


TEMPORAL = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
                     "august september october november december week month year day time today yesterday tomorrow night "
                     "morning afternoon evening weekend decade period hour minute".split())


def _temporal(tok) -> bool:
    return _lemma(tok) in TEMPORAL or tok.like_num


def _finish(cand: Candidate, sent, index: ActorIndex, lex: Lexicon, *, article, line, offset, quote) -> Coded | None:
    subj_from = cand.actors_from or cand.verb
    subject, passive = _subject(subj_from)
    if (subject is not None and subj_from.dep_ == "conj" and subj_from.head.dep_ == "ccomp"
            and not _agentive(subject, lex) and subject.pos_ != "PRON"):
        subject, passive = _subject(subj_from.head.head)  # a parse that hung the verb on the wrong clause
    if subject is None:
        return None
    if subject.pos_ == "PRON" and cand.speaker_tok is not None and not index.resolve_reference(subject, subject.idx + offset):
        subject, cand.speaker_tok = cand.speaker_tok, None  # "the rebels said they will release…"
    if subject.pos_ == "PRON" and subject.text.lower() in VAGUE_SUBJECTS and not index.resolve_reference(subject, subject.idx + offset):
        return None
    actors = _refs_for(subject, index, offset)
    actor_text = _phrase(subject)
    if not actors:
        if not _agentive(subject, lex):
            return None  # "The agreement commits…": a thing, not an actor
        actors = [ActorRef(None, actor_text, "other")]
    recipient_tok = cand.recipient_tok if cand.recipient_tok is not None else _recipient_token(cand.verb, cand, index, offset, lex)
    if passive and recipient_tok is None:
        recipient_tok = next((c for c in cand.verb.children if c.dep_ == "nsubjpass"), None)
    recipients: list[ActorRef] = []
    recipient_text = None
    if recipient_tok is not None and recipient_tok.i != subject.i:
        recipients = _refs_for(recipient_tok, index, offset, exclude={a.id for a in actors if a.id})
        recipient_text = _phrase(recipient_tok)
        if not recipients and _agentive(recipient_tok, lex):
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
    lemma = _lemma(cand.verb)
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
