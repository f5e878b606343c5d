"""What the coder reads off a spaCy parse: lemmas (repaired where the lemmatizer slips),
objects, particles, prepositions, subjects through control and coordination, the extent of a
noun phrase, and whether a noun names an actor at all."""

from __future__ import annotations

from functools import lru_cache

from .lexicon import Lexicon, lexicon


SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


def lemma_of(tok) -> str:
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


def noun_keys(tok) -> list[str]:
    """Ways to look a noun up: 'travel warning', 'state of emergency', then its lemma."""
    keys = []
    lemma = lemma_of(tok)
    for c in tok.children:
        if c.dep_ == "compound" and c.i == tok.i - 1:
            keys.append(f"{lemma_of(c)} {lemma}")
        if c.dep_ == "prep" and c.text.lower() == "of":
            for p in c.children:
                if p.dep_ == "pobj":
                    keys.append(f"{lemma} of {lemma_of(p)}")
    keys.append(lemma)
    if "-" in tok.text and tok.i + 1 < len(tok.doc):
        keys.append(tok.text.lower())
    keys.extend(lemma_of(c) for c in tok.children if c.dep_ in ("compound", "amod"))  # "curfew hours", "congratulatory message"
    return keys


def object_of(verb):
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
            if pobj is not None and (lemma_of(pobj) == "alert" or lemma_of(verb) in ("go", "remain", "stay", "put", "place")):
                return pobj
    return None


def particle_of(verb) -> str | None:
    for c in verb.children:
        if c.dep_ == "prt":
            return c.text.lower()
    if verb.i + 1 < len(verb.doc):  # "let free", "let go": an adjective or verb right after
        nxt = verb.doc[verb.i + 1]
        if lemma_of(verb) == "let" and nxt.text.lower() in ("free", "go", "in"):
            return nxt.text.lower()
    return None


def preps_of(verb) -> list[str]:
    return [c.text.lower() for c in verb.children if c.dep_ in ("prep", "agent", "dative")]


def subject_token(verb):
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    return None


def prep_keys(tok) -> set[str]:
    return {f"prep:{c.text.lower()}" for c in tok.children if c.dep_ == "prep"}


def verbal_noun(tok) -> bool:
    """A token tagged NOUN that the parser still uses as a clause head (a tagging slip)."""
    return tok.dep_ in ("ROOT", "conj", "ccomp", "xcomp") and any(c.dep_ in ("nsubj", "dobj") for c in tok.children)


RAISING = frozenset({"expect", "schedule", "set", "due", "slate", "poise", "say", "report", "believe", "think", "suppose",
                     "plan", "ask", "urge", "force", "invite", "allow", "permit", "require", "tell", "order"})


def subject_of(verb, depth: int = 0):
    """(subject token, passive?) of a verb, inherited through xcomp, conj and participles."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
        if c.dep_ == "nsubjpass" and depth > 0 and lemma_of(verb) in RAISING:
            return c, False  # "Trump is expected to attend": Trump attends
        if c.dep_ == "nsubjpass":
            agent = next((a for a in verb.children if a.dep_ == "agent"), None)
            pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
            return (pobj, True) if pobj is not None else (None, True)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        agent = next((a for a in verb.children if a.dep_ == "agent"), None)
        pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
        return (pobj, True) if pobj is not None else (None, True)
    if depth < 4 and verb.head.i != verb.i:
        if verb.dep_ == "xcomp":
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None and lemma_of(verb.head) in ("urge", "ask", "press", "call", "invite", "tell", "order", "encourage", "help", "force", "allow"):
                return obj, False
            return subject_of(verb.head, depth + 1)
        if verb.dep_ in ("conj", "acomp") or (verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBG"):
            return subject_of(verb.head, depth + 1)
    return None, False


def conjuncts(head) -> list:
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


def span_offsets(head) -> tuple[int, int]:
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


def agentive(tok, lex: Lexicon) -> bool:
    """Can this noun phrase act or be acted on as an actor (a name, people, an institution)?"""
    if tok.pos_ == "PROPN":
        return True
    lemma = lemma_of(tok)
    if tok.pos_ != "NOUN" or not (lemma in AGENT_WORDS or any(lex.in_class(lemma, k) for k in AGENT_CLASSES)):
        return False
    # "leaders are attending": a bare plural names nobody in particular
    return tok.tag_ != "NNS" or any(c.dep_ in ("det", "poss", "nummod", "amod", "compound", "prep") for c in tok.children)


def phrase_of(tok) -> str:
    parts = []
    for head in conjuncts(tok):
        start, end = span_offsets(head)
        parts.append(tok.doc.text[start:end])
    return " and ".join(parts)


TEMPORAL = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
                     "august september october november december week month year day time today yesterday tomorrow night "
                     "morning afternoon evening weekend decade period hour minute jan feb mar apr jun jul aug sep sept "
                     "oct nov dec".split())


def temporal(tok) -> bool:
    return lemma_of(tok).rstrip(".") in TEMPORAL or tok.like_num
