"""Where each dictionary actor is named in a text, and what a later reference points back to.

The index is built once per article (or sentence) from the actor dictionary, so that a
surname ("Takaichi said") resolves to the person named in full earlier on, and a pronoun or
"the two leaders" to the actors named just before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date

from ..actors import Mention, dictionary
from .records import ActorRef

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
THING_PRONOUNS = frozenset({"it", "its"})
PAIR_WORDS = {
    "leader": "person", "man": "person", "president": "person", "minister": "person", "premier": "person",
    "side": None, "country": "country", "nation": "country", "government": "country", "ally": "country",
    "neighbour": "country", "neighbor": "country", "capital": "country", "power": "country",
}
HOME_WORDS = frozenset({"military", "army", "navy", "police", "court", "assembly", "parliament", "ministry", "prosecutor",
                        "authority", "coast", "chiefs", "office", "cabinet", "legislature", "congress"})
SINGLE_WORDS = {"country": "country", "nation": "country", "government": "country", "administration": "country"}
TITLES = ("president", "prime minister", "premier", "foreign minister", "chancellor", "emperor", "king", "leader", "secretary")
KOREAS = {"North": "PRK", "South": "KOR"}
LOOKBACK = 500  # characters a pronoun may reach back


def to_ref(mention: Mention) -> ActorRef:
    a = mention.actor
    return ActorRef(a.id, a.name, a.kind, a.country, a.role, a.wikidata)


class ActorIndex:
    """Actor mentions of one text, by position."""

    def __init__(self, text: str, day: date | None, mentions: list[Mention] | None = None, home: str | None = None) -> None:
        self.text = text
        self.mentions = mentions if mentions is not None else dictionary().find(text, day)
        self._starts = [m.start for m in self.mentions]
        self.home = home  # the country of the dateline: whose "the military" a bare mention means

    def within(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self._starts, start)
        j = bisect_right(self._starts, end)
        return [m for m in self.mentions[i:j] if m.end <= end]

    def refs_within(self, start: int, end: int) -> list[ActorRef]:
        refs: list[ActorRef] = []
        for m in self.within(start, end):
            ref = to_ref(m)
            if ref not in refs:
                refs.append(ref)
        return _prefer_people(refs)

    def before(self, offset: int, kinds: tuple[str, ...], reach: int = LOOKBACK) -> list[Mention]:
        """Mentions of these kinds ending before offset, nearest first, within reach."""
        i = bisect_left(self._starts, offset)
        out = []
        for m in reversed(self.mentions[:i]):
            if m.start < offset - reach:
                break
            if m.actor.kind in kinds and m.end <= offset:
                out.append(m)
        return out

    def resolve_reference(self, tok, offset: int, exclude: set[str] = frozenset()) -> list[ActorRef]:
        """A pronoun, 'the two leaders', 'both countries' or a bare title ('the president'),
        resolved to the actors named just before (not those in exclude); [] when nothing fits."""
        word = tok.text.lower()
        if word in PERSON_PRONOUNS:
            return self._nearest(offset, ("person",), 1, exclude=exclude)
        if word in THING_PRONOUNS:
            return self._nearest(offset, ("country", "organisation"), 1, reach=250, exclude=exclude)
        lemma = tok.lemma_.lower()
        dets = {c.text.lower() for c in tok.children if c.dep_ in ("det", "nummod", "predet", "amod")}
        if tok.text in KOREAS and "the" in dets:  # "the North", "the South" once a Korea has been named
            return self._nearest(offset, ("country",), 1, reach=offset, only=KOREAS[tok.text])
        if lemma in PAIR_WORDS and tok.tag_ in ("NNS", "NNPS") and dets & {"two", "both", "the"}:
            kind = PAIR_WORDS[lemma]
            kinds = (kind,) if kind else ("person", "country")
            return self._pair(offset, kinds)
        if lemma in SINGLE_WORDS and tok.tag_ == "NN" and "the" in dets and not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children):
            return self._nearest(offset, ("country",), 1, reach=400)
        if self.home and lemma in HOME_WORDS and "the" in dets and not any(c.dep_ in ("poss", "amod") for c in tok.children):
            home = dictionary().countries.get(self.home)  # "SEOUL -- The military said…": South Korea's
            return [ActorRef(home.id, home.name, "country", home.id)] if home else []
        phrase = self.text[tok.idx: tok.idx + len(tok.text)].lower()
        if phrase in TITLES or lemma in TITLES:
            if "the" in dets or tok.i == 0:
                return self._titled(offset, lemma)
        return []

    def _titled(self, offset: int, title: str) -> list[ActorRef]:
        """'The president': the holder of that title named most often so far, or among equals
        the one named first."""
        counts: dict[str, int] = {}
        latest: dict[str, Mention] = {}
        for m in self.before(offset, ("person",), reach=offset):
            if m.actor.role and title in m.actor.role.lower():
                counts[m.actor.id] = counts.get(m.actor.id, 0) + 1
                latest.setdefault(m.actor.id, m)
        if not counts:
            return []
        first: dict[str, int] = {}
        for m in self.mentions:
            if m.actor.id in counts:
                first.setdefault(m.actor.id, m.start)
        # the holder named most often; among equals, the one the article named first
        best = min(counts, key=lambda i: (-counts[i], first[i]))
        return [to_ref(latest[best])]

    def _pair(self, offset: int, kinds: tuple[str, ...]) -> list[ActorRef]:
        """'The two leaders': the two actors of these kinds named most often so far (the
        nearer first among equals)."""
        counts: dict[str, int] = {}
        latest: dict[str, Mention] = {}
        for m in self.before(offset, kinds, reach=offset):
            counts[m.actor.id] = counts.get(m.actor.id, 0) + 1
            latest.setdefault(m.actor.id, m)
        if len(counts) < 2:
            return []
        ranked = sorted(counts, key=lambda i: (-counts[i], -latest[i].start))[:2]
        return [to_ref(latest[i]) for i in sorted(ranked, key=lambda i: latest[i].start)]

    def _nearest(self, offset: int, kinds: tuple[str, ...], n: int, reach: int = LOOKBACK,
                 exclude: set[str] = frozenset(), only: str | None = None) -> list[ActorRef]:
        refs: list[ActorRef] = []
        for m in self.before(offset, kinds, reach):
            if m.actor.id in exclude or (only and m.actor.id != only):
                continue
            ref = to_ref(m)
            if all(r.id != ref.id for r in refs):
                refs.append(ref)
            if len(refs) == n:
                return refs
        return refs if len(refs) == n else []


def _prefer_people(refs: list[ActorRef]) -> list[ActorRef]:
    """'Japanese Prime Minister Sanae Takaichi' names one person, not Japan and her: a country
    is dropped when a person of that country is named in the same phrase."""
    people = {r.country for r in refs if r.kind == "person"}
    return [r for r in refs if not (r.kind == "country" and r.id in people)]
