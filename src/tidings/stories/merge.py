"""Event merging: the same happening reported in many articles becomes one event.

Mentions merge when they have the same type, the same participants (a person counts as
their country, so "Takaichi and Trump met" and "Japan and the US met" agree) and dates no
more than a day apart (time zones make reports of one meeting differ by a day). The relation
is pairwise, so events are the connected components of it and the same for any order of
arrival. A wire copy counts once: an event's article and outlet counts follow originals.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

RECIPROCAL = frozenset({"CONSULT", "AGREE", "SUPPORT", "COOPERATE"})  # sides are a matter of wording
DAY_SLACK = 1


@dataclass(frozen=True)
class MentionRef:
    """What merging needs of one stored event mention."""

    id: str
    article_id: str
    type: str
    mode: str | None
    date: str | None
    date_precision: str | None
    date_start: str | None
    actors: tuple[str, ...]  # participant ids at country level (a person's country), in coded order
    recipients: tuple[str, ...]
    asserted: bool
    confidence: float
    sentence: str


@dataclass(frozen=True)
class ArticleRef:
    id: str
    when: str | None  # publication (else fetch) time, to find the first report
    outlet: str | None
    original: str  # the article itself, or the original it copies


def merge_key(m: MentionRef) -> str:
    """The key two mentions must share to be one event: type, participants, asserted or not;
    a mention with no known participant only merges within its own article."""
    flag = "a" if m.asserted else "h"
    if not m.actors and not m.recipients:
        return f"{m.type}|{flag}|article:{m.article_id}"
    if m.type in RECIPROCAL:
        return f"{m.type}|{flag}|{'+'.join(sorted(set(m.actors) | set(m.recipients)))}"
    return f"{m.type}|{flag}|{'+'.join(sorted(set(m.actors)))}>{'+'.join(sorted(set(m.recipients)))}"


def _same(a: MentionRef, b: MentionRef) -> bool:
    if a.date_precision == "day" and b.date_precision == "day":
        return abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days) <= DAY_SLACK
    if a.date is None or b.date is None:
        return a.article_id == b.article_id and a.date == b.date
    return a.date == b.date and a.date_precision == b.date_precision


@dataclass
class MergedEvent:
    id: str
    key: str
    type: str
    mode: str | None
    date: str | None
    date_precision: str | None
    mentions: list[str]
    articles: list[str]
    n_articles: int  # distinct originals: a wire copy counts once
    n_outlets: int  # distinct outlets of those originals
    first_seen: str | None
    first_article: str
    first_outlet: str | None
    actors: list[str]
    recipients: list[str]
    evidence: str
    extra: dict = field(default_factory=dict)


def merge(mentions: list[MentionRef], articles: dict[str, ArticleRef]) -> list[MergedEvent]:
    """The events of a set of mentions (all those sharing their merge keys)."""
    by_key: dict[str, list[MentionRef]] = {}
    for m in mentions:
        by_key.setdefault(merge_key(m), []).append(m)
    events: list[MergedEvent] = []
    for key, group in sorted(by_key.items()):
        group.sort(key=lambda m: (m.date_start or "9999", m.id))
        parent = {m.id: m.id for m in group}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, a in enumerate(group):  # sorted by date: only neighbours within the slack can link
            for b in group[i + 1:]:
                if a.date_precision == "day" and b.date_precision == "day" and b.date_start > _plus(a.date_start, DAY_SLACK):
                    break
                if _same(a, b):
                    ra, rb = find(a.id), find(b.id)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
        components: dict[str, list[MentionRef]] = {}
        for m in group:
            components.setdefault(find(m.id), []).append(m)
        for members in components.values():
            events.append(_event(key, members, articles))
    return events


def _plus(day: str, days: int) -> str:
    return date.fromordinal(date.fromisoformat(day).toordinal() + days).isoformat()


def _event(key: str, members: list[MentionRef], articles: dict[str, ArticleRef]) -> MergedEvent:
    first = min(members, key=lambda m: (articles[m.article_id].when or "9999", m.date_start or "9999", m.id))
    day_dates = Counter(m.date for m in members if m.date_precision == "day")
    if day_dates:  # the day most reports give; the earliest among equals
        date_, precision = min(day_dates, key=lambda d: (-day_dates[d], d)), "day"
    else:
        date_, precision = first.date, first.date_precision
    modes = Counter(m.mode for m in members if m.mode)
    originals = {articles[m.article_id].original for m in members}
    outlets = {articles[o].outlet if o in articles else articles[m.article_id].outlet
               for m in members for o in [articles[m.article_id].original]}
    best = max(members, key=lambda m: (m.confidence, -len(m.sentence), m.id))
    anchor = min(members, key=lambda m: (m.date_start or "9999", m.id))
    return MergedEvent(
        id="e" + hashlib.sha256(anchor.id.encode("utf-8")).hexdigest()[:15], key=key, type=first.type,
        mode=min(modes, key=lambda m: (-modes[m], m)) if modes else None, date=date_, date_precision=precision,
        mentions=sorted(m.id for m in members), articles=sorted({m.article_id for m in members}),
        n_articles=len(originals), n_outlets=len({o for o in outlets if o}) or 1,
        first_seen=articles[first.article_id].when, first_article=first.article_id,
        first_outlet=articles[first.article_id].outlet,
        actors=sorted({a for m in members for a in m.actors}), recipients=sorted({r for m in members for r in m.recipients}),
        evidence=best.sentence,
    )
