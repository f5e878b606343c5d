"""What an article brings to story clustering: its day, the people, countries and places of
its headline and lead, the content words of both, and its coded events."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterable

from .cluster import StoryDoc

LEAD_CHARS = 700  # the lead: the headline and about the first two paragraphs
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]{2,}")
# Words every story of this kind uses: they say nothing about which happening it is.
STOP = frozenset("""the and for that with from this have has had was were are been will would said says say told
after before about over into their there they them his her its our out who what when where which while also than
then more most some such only other into new first last year years week weeks day days month months time today
yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december president prime minister ministers leader leaders government
officials official country countries talks meeting meetings summit visit statement spokesman spokeswoman
spokesperson news report reported reports according added including under both two three one during amid
against between since still just even could should might must can may not nor but however because people
national state states united foreign ministry news agency per cent percent""".split())


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _terms(text: str) -> frozenset[str]:
    out = set()
    for word in WORD.findall(text):
        lower = word.lower().replace("\u2019", "'")
        if lower.endswith("'s"):
            lower = lower[:-2]
        if lower not in STOP and len(lower) > 2:
            out.add(_singular(lower))
    return frozenset(out)


def _singular(word: str) -> str:
    """'missiles' -> 'missile', 'launches' -> 'launch', 'talks' stays close enough."""
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def lead_end(text: str) -> int:
    """Where the lead ends: after the second paragraph, or near LEAD_CHARS."""
    paragraphs = [m.end() for m in re.finditer(r"\n\s*\n", text)]
    end = paragraphs[1] if len(paragraphs) > 1 else len(text)
    return min(end, LEAD_CHARS) if end > LEAD_CHARS * 1.5 else end


def story_doc(article: dict[str, Any], mentions: Iterable[dict[str, Any]], events: Iterable[dict[str, Any]],
              copy_of: str | None) -> StoryDoc:
    """A StoryDoc from stored rows: the article, its actor mentions (start, actor_id, kind,
    country) and its event mentions (type, date, date_precision, negated, hypothetical,
    participants)."""
    from ..actors import dictionary

    text = article.get("text") or ""
    title = article.get("title") or ""
    when = article.get("published") or article.get("reference_time")
    day = _day(article.get("published")) or _day(article.get("reference_time"))
    end = lead_end(text)
    persons, countries, organisations = set(), set(), set()

    def take(actor_id: str, kind: str, country: str | None) -> None:
        if kind == "person":
            persons.add(actor_id)
            if country:
                countries.add(country)
        elif kind == "country":
            countries.add(actor_id)
        elif kind == "organisation":
            organisations.add(actor_id)

    first = first_sentence_end(text)
    core_persons, core_countries, core_organisations = set(), set(), set()

    def take_core(actor_id: str, kind: str, country: str | None) -> None:
        if kind == "person":
            core_persons.add(actor_id)
        if kind in ("person", "country") and (country or actor_id):
            core_countries.add(country if kind == "person" else actor_id)
        if kind == "organisation":
            core_organisations.add(actor_id)

    for m in dictionary().find(title, day):
        take(m.actor.id, m.actor.kind, m.actor.country)
        take_core(m.actor.id, m.actor.kind, m.actor.country)
    for m in mentions:
        if m["start"] < end:
            take(m["actor_id"], m["kind"], m.get("country"))
            if m["start"] < first:
                take_core(m["actor_id"], m["kind"], m.get("country"))
    places = set()
    if article.get("dateline"):
        places.add(article["dateline"].lower())
    keys = set()
    for e in events:  # the events the lead sentence tells, by who took part
        if e.get("negated") or e.get("hypothetical") or (e.get("start") or 0) >= first:
            continue
        participants = frozenset(p.get("id") or p.get("country") for p in e.get("participants", ()) if p.get("id"))
        # One participant says too little of a meeting or an agreement to tell two apart; of a
        # launch or an attack it is enough.
        if len(participants) >= 2 or (participants and e["type"] not in ("CONSULT", "AGREE", "SUPPORT", "COOPERATE")):
            keys.add((e["type"], participants))
    lead = text[:end]
    return StoryDoc(
        id=article["id"], day=day, when=_iso(when), outlet=article.get("outlet"), title=title or None,
        persons=frozenset(persons), core_persons=frozenset(core_persons), core_countries=frozenset(core_countries),
        core_organisations=frozenset(core_organisations), countries=frozenset(countries),
        organisations=frozenset(organisations), terms=_terms(f"{title} {lead}"),
        core_terms=_terms(f"{title} {text[:first]}"), events=frozenset(keys), places=frozenset(places), copy_of=copy_of,
    )


def first_sentence_end(text: str) -> int:
    """Where the body's first sentence ends."""
    from ..sentences import split_sentences

    sentences = split_sentences(text[:1500])
    if not sentences:
        return 0
    found = text.find(sentences[0])
    return found + len(sentences[0]) if found != -1 else min(len(text), 300)


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return value
