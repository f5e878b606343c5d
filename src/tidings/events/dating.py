"""When an event happened: time expressions tied to the event's own verb, then to the verbs
that govern it, then the neighbouring sentences and the article's lead, each anchored to the
publication day (or the fetch time when that is unknown).

The event date is never the publication date by default: a past-perfect event with no time
given stays unknown, a promise is dated to when it was made, and every date says how it was
found (date_from).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .coder import Coded
from .when import TimeExpr, When, find_times, resolve, shift

LEAD_SENTENCES = 3  # sentences whose date counts as the article's lead
NEIGHBOURS = 2  # how many sentences back a date may be borrowed
BOUNDS = ("since", "until", "till", "by", "before", "after", "through", "from", "between", "as of", "as early as", "as late as")


@dataclass(frozen=True)
class Anchor:
    day: date | None
    name: str  # "published", "fetched" or "unknown"


@dataclass
class _Time:
    expr: TimeExpr
    token: int  # the token the expression hangs from (its governing verb or noun)


class DateContext:
    """Dates within one article, sentence by sentence, in reading order."""

    def __init__(self, anchor: Anchor, dateline: str | None = None) -> None:
        self.anchor = anchor
        self.lead: When | None = None
        self.last: tuple[int, When] | None = None
        self.number = 0
        self.times: list[_Time] = []

    def new_sentence(self, number: int, doc, start: int) -> None:
        self.number = number
        self.times = []
        for expr in find_times(doc.text):
            if expr.kind == "decade" or _is_bound(doc.text, expr):
                continue
            tok = _token_at(doc, expr.start)
            if tok is None:
                continue
            self.times.append(_Time(expr, _attachment(tok, expr, doc)))
        if self.lead is None and number < LEAD_SENTENCES:  # the lead's main clause dates what follows
            for t in sorted(self.times, key=lambda t: not _in_main_clause(doc[t.token])):
                when = resolve(t.expr, self.anchor.day, "past", self.anchor.name) if t.expr.kind != "anaphoric" else None
                if when and when.precision == "day":
                    self.lead = when
                    break

    def date(self, coded: Coded, doc) -> When | None:
        """The event's date, with precision and how it was found; None when unknown."""
        verb = doc[coded.verb]
        own = {verb.i} | ({coded.noun} if coded.noun is not None else set())
        controls, coordinated, statements = _ancestors(verb)
        mention = coded.mention
        tense = coded.tense
        if tense in ("past perfect", "present") and any(doc[i].tag_ == "VBD" for i in statements):
            tense = "past"  # "Trump said China had agreed", '"We urge…," Lin said': told in the past
        planned = mention.intent or tense == "future"
        direction = "future" if planned else ("any" if tense == "present" else "past")
        siblings = {c.i for c in verb.children if c.dep_ == "conj"}  # "traveled … and arrived on Tuesday"
        if verb.dep_ == "relcl":  # "his stop in Tokyo over the weekend, where he met …": the nouns above
            tok = verb.head
            while tok.pos_ in ("NOUN", "PROPN", "ADP") and tok.head.i != tok.i:
                siblings.add(tok.i)
                tok = tok.head
        tiers = [controls] if planned else [own, controls, coordinated, siblings]  # a plan's own time is the plan's
        for tier in tiers:
            when = self._from(tier, direction)
            if when:
                return self._remember(when)
        when = self._from(statements, "past")
        if when:
            return self._remember(replace_how(when, "the time of the statement: " + when.how))
        day, name = self.anchor.day, self.anchor.name
        if planned:
            if self.lead:
                return replace_how(self.lead, f"a promise or plan, dated to the article's lead ({self.lead.how})")
            if day is None:
                return None
            return When(day.isoformat(), "day", f"a promise or plan, dated to the day it was reported ({name})")
        if tense == "past perfect":
            return None
        if tense == "present":
            return When(day.isoformat(), "day", f"present tense: the {name} day") if day else None
        if self.lead:  # an undated sentence of a news story is most often about its lead event
            return replace_how(self.lead, f"the article's lead ({self.lead.how})")
        if self.last and self.number - self.last[0] <= NEIGHBOURS:
            return replace_how(self.last[1], f"from a neighbouring sentence ({self.last[1].how})")
        if day is None:
            return None
        return When(day.isoformat(), "day", f"no time expression: the {name} day")

    def _from(self, tokens: set[int], direction: str) -> When | None:
        best: When | None = None
        previous: When | None = None
        for t in self.times:
            if t.expr.kind == "anaphoric":
                base = previous or (self.last[1] if self.last else None)
                when = shift(base, t.expr) if base and base.precision == "day" else None
            else:
                when = resolve(t.expr, self.anchor.day, direction, self.anchor.name)
            if when and t.expr.kind != "anaphoric":
                previous = when
            if t.token not in tokens or when is None:
                continue
            if best is None or RANK[when.precision] > RANK[best.precision]:
                best = when
        return best

    def _remember(self, when: When) -> When:
        if when.precision == "day":
            self.last = (self.number, when)
            if self.lead is None and self.number < LEAD_SENTENCES:
                self.lead = when
        return when


RANK = {"year": 0, "month": 1, "week": 2, "day": 3}


def replace_how(when: When, how: str) -> When:
    return When(when.date, when.precision, how)


def _is_bound(text: str, expr: TimeExpr) -> bool:
    before = text[max(0, expr.start - 14): expr.start].lower().rstrip()
    return any(before.endswith(" " + b) or before == b for b in BOUNDS)


def _token_at(doc, char: int):
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text) + 1:
            return tok
    return None


def _attachment(tok, expr: TimeExpr, doc) -> int:
    """The verb (or event noun) a time expression modifies: up the parse from the expression's
    head word, out of the expression itself."""
    inside = {t.i for t in doc if expr.start <= t.idx < expr.end}
    head = tok
    steps = 0
    while head.i in inside and head.head.i != head.i and steps < 8:
        head, steps = head.head, steps + 1
    while head.pos_ not in ("VERB", "AUX", "NOUN", "PROPN") and head.head.i != head.i and steps < 12:
        head, steps = head.head, steps + 1
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("pobj",) and head.head.dep_ == "prep":
        return head.head.head.i  # "in talks on Tuesday": the time modifies the talks' verb
    return head.i


def _in_main_clause(tok) -> bool:
    """Is this token in its sentence's main clause (not a relative or adverbial clause)?"""
    steps = 0
    while tok.head.i != tok.i and steps < 12:
        if tok.dep_ in ("relcl", "acl", "advcl", "pcomp"):
            return False
        tok, steps = tok.head, steps + 1
    return True


def _ancestors(verb) -> tuple[set[int], set[int], set[int]]:
    """The verbs above the event's own: controlling verbs ('agreed to…', 'plans to…'),
    coordinated ones ('arrived … and called on'), and verbs of saying ('said … that')."""
    controls, coordinated, statements = set(), set(), set()
    tok, steps = verb, 0
    while tok.head.i != tok.i and steps < 8:
        participle = tok.dep_ == "advcl" and tok.tag_ == "VBG"  # "held talks …, agreeing to a truce"
        dep, tok, steps = ("conj" if participle else tok.dep_), tok.head, steps + 1
        if dep in ("xcomp", "acomp", "aux"):
            controls.add(tok.i)
            if statements or coordinated:
                break
        elif dep == "conj":
            coordinated.add(tok.i)
        elif dep in ("ccomp", "parataxis"):
            statements.add(tok.i)
        elif dep == "advcl" and statements:  # "said on Tuesday …, while adding that …"
            statements.add(tok.i)
        else:
            break
    return controls, coordinated, statements
