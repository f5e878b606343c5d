"""Where an event happened: a place named in the event's own clause ("in Tokyo", "at the White
House"), else the article's dateline, else unknown."""

from __future__ import annotations

from functools import lru_cache

from ..resources import load
from .actorindex import ActorIndex
from .coder import Coded

PLACE_PREPS = ("in", "at", "near", "inside", "outside", "off")
LANDMARKS = {  # seats that stand for a city in news prose
    "white house": "Washington", "oval office": "Washington", "pentagon": "Washington", "capitol": "Washington",
    "kremlin": "Moscow", "blue house": "Seoul", "yongsan": "Seoul", "zhongnanhai": "Beijing", "great hall of the people": "Beijing",
    "kantei": "Tokyo", "akasaka palace": "Tokyo", "imperial palace": "Tokyo", "elysee": "Paris", "downing street": "London",
}


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Lower-case place name -> its spelling: cities from the dateline list and country names."""
    from ..actors import dictionary

    table = {p.lower(): p for p in load("places")["places"]}
    for form, code in dictionary().country_forms.items():
        if form[:1].isupper() and len(form) > 3 and not form.isupper():
            table.setdefault(form.lower(), form)
    return table


def _known_place(phrase: str) -> str | None:
    """The most specific known place named in a phrase ('a summit in Gyeongju' -> 'Gyeongju')."""
    lower = phrase.lower()
    for landmark, city in LANDMARKS.items():
        if landmark in lower:
            return f"{phrase.strip()} ({city})" if len(phrase) < 60 else city
    best = None
    for name, spelling in _places().items():
        i = lower.find(name)
        if i != -1 and (i == 0 or not lower[i - 1].isalnum()) and (i + len(name) == len(lower) or not lower[i + len(name)].isalnum()):
            if best is None or len(spelling) > len(best):
                best = spelling
    return best


def locate(doc, coded: Coded, index: ActorIndex, offset: int, dateline: str | None) -> tuple[str | None, str | None]:
    """(place, how it was found) for a coded event of a parsed sentence."""
    verb = doc[coded.verb]
    holders = [verb] + ([doc[coded.noun]] if coded.noun is not None else [])
    tok = verb
    for _ in range(3):  # "agreed to meet in Busan": the place may hang from a governing verb
        if tok.dep_ in ("xcomp", "conj") and tok.head.i != tok.i:
            tok = tok.head
            holders.append(tok)
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.text.lower() in PLACE_PREPS:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                phrase = doc[pobj.left_edge.i: pobj.right_edge.i + 1].text
                place = _known_place(phrase)
                if place:
                    return place, f"'{prep.text} {phrase}' in the sentence"
    for tok in _clause(verb):  # "signed a framework on rare earths in Tokyo": deeper in the clause
        if tok.dep_ == "prep" and tok.lower_ in ("in", "at"):
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                phrase = doc[pobj.left_edge.i: pobj.right_edge.i + 1].text
                place = _known_place(phrase)
                if place:
                    return place, f"'{tok.text} {phrase}' in the sentence"
    if dateline:
        return dateline, "dateline"
    return None, None


def _clause(verb):
    """The tokens of the verb's own clause, without the clauses it governs."""
    stack = [c for c in verb.children if c.dep_ not in ("relcl", "ccomp", "advcl", "acl", "conj", "parataxis")]
    while stack:
        tok = stack.pop()
        yield tok
        stack.extend(c for c in tok.children if c.dep_ not in ("relcl", "ccomp", "advcl", "acl", "parataxis"))
