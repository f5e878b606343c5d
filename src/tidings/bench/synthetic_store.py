"""A synthetic store for the serving benchmark: articles with generated text (indexed for search
as ingest indexes them), coded event mentions with evidence sentences and participants, merged
events, stories with members, reasons and wire copies, actors and failures, written straight
into the store's own schema, so that every query behind the API and the pages meets tables of
a realistic size and shape.

    build_store(Path("bench.db"), SyntheticOptions(articles=100_000))  ->  BuildReport

Distributions follow a news store about East Asia: a few heavy actors (USA, JPN, KOR, CHN)
and a long tail, outlets of very different output, stories of one article up to dozens,
two years of dates with more news lately. Actors come from tidings' own dictionary; the
words come from bench/synthetic_words.json.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

SIDECAR_FORMAT = 1
FLUSH_STORIES = 400  # stories per write batch
HEAVY_COUNTRIES = {"USA": 30, "JPN": 26, "KOR": 22, "CHN": 22, "PRK": 12, "RUS": 9, "TWN": 7, "IND": 6, "PHL": 5,
                   "VNM": 4, "AUS": 4, "GBR": 4, "FRA": 3, "DEU": 3, "UKR": 3}
WIRES = ("IANS", "Reuters", "AFP", "AP", "Yonhap", "Kyodo")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class SyntheticOptions:
    """What to build: how many articles, event mentions per article on average, the seed, and
    the span of days ending on last_day."""

    articles: int = 100_000
    events_per_article: int = 3
    seed: int = 7
    last_day: date = date(2026, 11, 23)
    days: int = 730
    outlets: int = 60

    def key(self) -> dict[str, Any]:
        return {"format": SIDECAR_FORMAT, "articles": self.articles, "events_per_article": self.events_per_article,
                "seed": self.seed, "last_day": self.last_day.isoformat(), "days": self.days, "outlets": self.outlets}


@dataclass
class BuildReport:
    path: Path
    articles: int
    event_mentions: int
    events: int
    stories: int
    actors: int
    copies: int
    failures: int
    seconds: float  # time to build (of the first build, for a reused store)
    bytes: int
    reused: bool = False

    def rows(self) -> list[tuple[str, str]]:
        how = "reused, built earlier in" if self.reused else "built in"
        return [("synthetic store", f"{self.path} ({self.bytes / 1e6:,.0f} MB; {how} {self.seconds:.0f} s)"),
                ("holds", f"{self.articles:,} articles, {self.event_mentions:,} event mentions, {self.events:,} merged "
                          f"events, {self.stories:,} stories, {self.actors:,} actors, {self.copies:,} wire copies, "
                          f"{self.failures:,} failures")]


class Party(NamedTuple):
    id: str
    name: str
    kind: str
    country: str | None
    role: str | None
    phrase: str  # as the text names it

    @property
    def level(self) -> str:
        """The id at country level, as merged events key their participants."""
        return self.country or self.id


@dataclass
class Happening:
    type: str
    mode: str | None
    actors: tuple[Party, ...]
    recipients: tuple[Party, ...]
    date: str | None
    precision: str | None
    topic: str
    place: str
    mentions: list[dict[str, Any]] = field(default_factory=list)


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    with resources.files("tidings.bench").joinpath("synthetic_words.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _hash(*parts: Any, n: int = 16) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:n]


class _Weighted:
    """Weighted draws from a fixed population."""

    def __init__(self, items: list[Any], weights: list[float]) -> None:
        self.items = items
        self.cum = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)

    def draw(self, rng: random.Random) -> Any:
        return rng.choices(self.items, cum_weights=self.cum)[0]


class _World:
    """The fixed parts: actors with their weights, outlets, words."""

    def __init__(self, options: SyntheticOptions, rng: random.Random) -> None:
        from ..actors import dictionary

        d = dictionary()
        self.words = words()
        self.rng = rng
        others = sorted(c for c in d.countries if c not in HEAVY_COUNTRIES)
        rng.shuffle(others)
        weight = dict(HEAVY_COUNTRIES)
        weight.update({c: 2.0 / (i + 1) ** 0.8 for i, c in enumerate(others)})
        self.countries = {c: a for c, a in d.countries.items()}
        self.country_pick = _Weighted(sorted(self.countries), [weight[c] for c in sorted(self.countries)])
        people = sorted(d.people.values(), key=lambda p: p.id)
        per_country: dict[str | None, int] = {}
        for p in people:
            per_country[p.country] = per_country.get(p.country, 0) + 1
        self.people = {p.id: p for p in people}
        self.person_pick = _Weighted([p.id for p in people],
                                     [weight.get(p.country, 0.05) * 4 / per_country[p.country] for p in people])
        self.orgs = {o.id: o for o in d.organisations.values()}
        org_ids = sorted(self.orgs)
        self.org_pick = _Weighted(org_ids, [3.0 if o in ("UN", "NATO", "ASEAN", "EU", "IAEA") else 0.3 for o in org_ids])
        first, second = self.words["outlet_first"], self.words["outlet_second"]
        names = sorted({f"{a} {b}" for a in first for b in second})
        rng.shuffle(names)
        self.outlets = names[:options.outlets]
        self.outlet_pick = _Weighted(self.outlets, [1 / (i + 1) ** 0.9 for i in range(len(self.outlets))])
        types = self.words["type_weights"]
        self.type_pick = _Weighted(sorted(types), [types[t] for t in sorted(types)])
        self.actor_rows: dict[str, tuple[Any, ...]] = {}

    def party(self, day: date, kind: str | None = None) -> Party:
        rng = self.rng
        roll = rng.random() if kind is None else {"country": 0.0, "person": 0.6, "organisation": 0.95}[kind]
        if roll < 0.55:
            a = self.countries[self.country_pick.draw(rng)]
            party = Party(a.id, a.name, "country", a.id, None, a.name)
        elif roll < 0.9:
            p = self.people[self.person_pick.draw(rng)]
            role = _role(p, day, self.countries)
            title = role.split(" of ")[0] if role else ""
            party = Party(p.id, p.name, "person", p.country, role, f"{title} {p.name}".strip())
        else:
            o = self.orgs[self.org_pick.draw(rng)]
            party = Party(o.id, o.name, "organisation", o.country, None, f"the {o.name}" if o.name.startswith("United") else o.name)
        wikidata = self.people[party.id].wikidata if party.kind == "person" else None
        self.actor_rows.setdefault(party.id, (party.id, party.name, party.kind, party.country, wikidata))
        if party.country in self.countries:  # an article naming a minister names the country too
            c = self.countries[party.country]
            self.actor_rows.setdefault(c.id, (c.id, c.name, "country", c.id, None))
        return party

    def pseudo_name(self) -> str:
        syl, rng = self.words["syllables"], self.rng
        given = "".join(rng.choice(syl) for _ in range(2)).capitalize()
        family = "".join(rng.choice(syl) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        return f"{given} {family}"


def _role(person: Any, day: date, countries: dict[str, Any]) -> str | None:
    held = [r for r in person.roles if r.start <= day and (r.end is None or r.end > day)] or list(person.roles)
    if not held:
        return None
    role = max(held, key=lambda r: r.start)
    where = countries.get(role.country)
    return f"{role.title} of {where.name}" if where is not None else role.title


# ── one story at a time ──────────────────────────────────────────────────────
@dataclass
class _Rows:
    articles: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    participants: list[tuple] = field(default_factory=list)
    actor_mentions: list[tuple] = field(default_factory=list)
    coded: list[tuple] = field(default_factory=list)
    copies: list[tuple] = field(default_factory=list)
    stories: list[tuple] = field(default_factory=list)
    members: list[tuple] = field(default_factory=list)
    story_actors: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    sides: list[tuple] = field(default_factory=list)

    def count(self) -> int:
        return len(self.articles)


_ARTICLE_COLUMNS = ("id", "url", "body_hash", "source", "kind", "outlet", "title", "text", "published", "published_day",
                    "published_precision", "published_from", "authors", "dateline", "wire", "tags", "language",
                    "warnings", "reference_time", "words", "ingested_at", "summary", "reading_minutes", "key_terms")
_MENTION_COLUMNS = ("id", "article_id", "type", "mode", "date", "date_precision", "date_from", "date_start", "date_end",
                    "location", "location_from", "sentence", "start", "end", "trigger", "line", "quote", "speaker_id",
                    "speaker_name", "speaker_kind", "speaker_country", "speaker_role", "negated", "hypothetical",
                    "intent", "confidence", "cameo", "quad_class", "actor_text", "recipient_text", "coded_at",
                    "merge_key", "event_id")
_EVENT_COLUMNS = ("id", "merge_key", "type", "mode", "date", "date_precision", "date_start", "date_end", "first_seen",
                  "first_article", "first_outlet", "n_mentions", "n_articles", "n_outlets", "story_id", "asserted",
                  "actors", "recipients", "evidence", "score")
_STORY_COLUMNS = ("id", "title", "summary", "first_article", "first_outlet", "first_seen", "last_seen", "day_start",
                  "day_end", "n_articles", "n_originals", "n_outlets", "updated_at")


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


class _Builder:
    def __init__(self, options: SyntheticOptions) -> None:
        from ..events.records import QUAD
        from ..resources import load
        from ..stories.merge import RECIPROCAL

        self.options = options
        self.rng = random.Random(options.seed)
        self.world = _World(options, self.rng)
        self.w = self.world.words
        self.quad = QUAD
        self.reciprocal = RECIPROCAL
        self.scores = load("plover_scores")["scores"]
        self.first_day = options.last_day - timedelta(days=options.days - 1)
        self.now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.made = 0  # articles made so far
        self.counts = {"copies": 0, "mentions": 0, "events": 0, "stories": 0}

    # sizes and days
    def story_size(self) -> int:
        roll, rng = self.rng.random(), self.rng
        if roll < 0.55:
            return 1
        if roll < 0.80:
            return rng.randint(2, 3)
        if roll < 0.92:
            return rng.randint(4, 8)
        if roll < 0.985:
            return rng.randint(9, 20)
        return rng.randint(21, 80)

    def story_day(self) -> date:
        # more news lately: the density grows linearly over the span
        x = self.rng.random() ** 0.7
        return self.first_day + timedelta(days=min(self.options.days - 1, int(x * self.options.days)))

    def event_counts(self, n: int) -> list[int]:
        """n per-article mention counts averaging events_per_article exactly (pairs of +d, -d)."""
        k = self.options.events_per_article
        out = []
        while len(out) < n:
            d = self.rng.randint(-min(2, k), min(2, k))
            out.extend((k + d, k - d))
        return out[:n]

    def happening(self, cast: list[Party], day: date, topic: str, place: str, background: bool) -> Happening:
        rng, world = self.rng, self.world
        kind = world.type_pick.draw(rng)
        pool = list(cast)
        if background or len(pool) < 2:
            pool.append(world.party(day))
        rng.shuffle(pool)
        n_actors = 2 if len(pool) >= 3 and rng.random() < 0.2 else 1
        actors = tuple(pool[:n_actors])
        rest = [p for p in pool[n_actors:] if p.level not in {a.level for a in actors}]
        recipients = tuple(rest[:rng.choice((0, 1, 1, 1, 2))])
        when = day - timedelta(days=rng.randint(0, 40)) if background else day
        roll = rng.random()
        if roll < 0.8:
            value, precision = when.isoformat(), "day"
        elif roll < 0.85:
            value, precision = (when - timedelta(days=when.weekday())).isoformat(), "week"
        elif roll < 0.95:
            value, precision = when.isoformat()[:7], "month"
        else:
            value, precision = None, None
        mode = rng.choice((None, None, None, "visit", "phone")) if kind == "CONSULT" else None
        return Happening(kind, mode, actors, recipients, value, precision, topic, place)

    def sentence(self, h: Happening, variant: int) -> tuple[str, str, list[tuple[int, Party]]]:
        """(sentence, trigger, [(offset, party)]) telling the happening."""
        trigger, template = self.w["events"][h.type][variant % len(self.w["events"][h.type])]
        a = " and ".join(p.phrase for p in h.actors)
        b = " and ".join(p.phrase for p in h.recipients) or self.rng.choice(("regional partners", "its neighbours",
                                                                             "foreign governments"))
        text = template.format(a=a, b=b, topic=h.topic)
        if h.precision == "day":
            text += f" {'on ' + WEEKDAYS[date.fromisoformat(h.date).weekday()]}"
        elif h.precision == "week":
            text += " last week"
        elif h.precision == "month":
            text += " earlier this month"
        text = f"{text[0].upper()}{text[1:]}, {self.rng.choice(self.w['attributions'])}."
        found, at = [], 0
        for p in (*h.actors, *h.recipients):
            i = text.find(p.name, at)
            if i >= 0:
                found.append((i, p))
                at = i + len(p.name)
        return text, trigger, found

    def filler(self, topic: str, place: str, cast: list[Party]) -> tuple[str, list[tuple[int, Party]]]:
        w, rng = self.w, self.rng
        roll = rng.randrange(6)
        if roll == 0:
            return (f"{rng.choice(w['subjects'])} {rng.choice(w['speech_verbs'])} the {rng.choice(w['adjectives'])} "
                    f"{rng.choice(w['nouns'])} {rng.choice(w['outcomes'])}."), []
        if roll == 1:
            return (f"{self.world.pseudo_name()}, {rng.choice(w['roles'])} at {rng.choice(w['institutions'])}, "
                    f"{rng.choice(w['speech_verbs'])} that the {rng.choice(w['nouns'])} on {topic} {rng.choice(w['outcomes'])}."), []
        if roll == 2:
            return (f"The {rng.choice(w['adjectives'])} {rng.choice(w['nouns'])} is expected to be discussed again in "
                    f"{rng.choice(w['places'])} {rng.choice(w['times'])}."), []
        if roll == 3:
            return (f"Trade in {rng.choice(w['topics'])} reached {rng.randint(2, 900)} billion dollars last year, "
                    f"{rng.choice(('up', 'down'))} {rng.randint(1, 40)} percent from a year earlier."), []
        if roll == 4:
            return (f"{rng.choice(w['subjects'])} in {place} {rng.choice(w['speech_verbs'])} that "
                    f"{rng.choice(w['topics'])} remained a concern {rng.choice(w['times'])}."), []
        who = rng.choice(cast)
        return (f"{who.phrase[0].upper()}{who.phrase[1:]} has proposed a {rng.choice(w['adjectives'])} "
                f"{rng.choice(w['nouns'])} on {topic} {rng.choice(w['times'])}."), [(who.phrase.find(who.name), who)]

    def story(self, rows: _Rows, size: int) -> None:
        rng, world, w = self.rng, self.world, self.w
        day0 = self.story_day()
        topic, place = rng.choice(w["topics"]), rng.choice(w["places"])
        cast = [world.party(day0, "country"), world.party(day0)]
        if rng.random() < 0.4:
            cast.append(world.party(day0))
        span = 0 if size == 1 else min(30, max(2, size // 3))
        happenings = [self.happening(cast, day0 + timedelta(days=rng.randint(0, span)), topic, place, False)
                      for _ in range(min(12, 1 + size // 3))]
        offsets = sorted(rng.randint(0, span) if i else 0 for i in range(size))
        counts = self.event_counts(size)
        articles: list[dict[str, Any]] = []
        for i in range(size):
            day = min(self.options.last_day, day0 + timedelta(days=offsets[i]))
            originals = [a for a in articles if a["copy_of"] is None]
            if originals and rng.random() < 0.1:
                articles.append(self.copy(rng.choice(originals), day, topic))
            else:
                articles.append(self.article(day, topic, place, cast, happenings, counts[i]))
        for a in articles:
            rows.articles.append(a["row"])
            rows.actor_mentions.extend(a["actor_mentions"])
            rows.coded.append((a["id"], "synthetic-1", self.now, len(a["mentions"]), None, "[]"))
            if a["copy_of"]:
                rows.copies.append((a["id"], a["copy_of"], 1.0, 0.97))
        self.counts["copies"] += sum(a["copy_of"] is not None for a in articles)
        self.stories(rows, articles, cast, happenings)

    def article(self, day: date, topic: str, place: str, cast: list[Party], happenings: list[Happening],
                n_events: int) -> dict[str, Any]:
        rng, w, world = self.rng, self.w, self.world
        self.made += 1
        outlet = world.outlet_pick.draw(rng)
        domain = outlet.lower().replace(" ", "") + ".example"
        url = f"https://{domain}/{day.year}/{day.month:02d}/{topic.replace(' ', '-')}-{self.made}"
        article_id = _hash(url)
        told: list[Happening] = []
        for k in range(n_events):
            if k == 0 or rng.random() < 0.55:
                told.append(happenings[0] if k == 0 else rng.choice(happenings))
            else:
                told.append(self.happening(cast, day, rng.choice(w["topics"]), place, True))
                happenings.append(told[-1])
        sentences: list[tuple[str, list[tuple[int, Party]], int | None]] = []  # (text, names, index into told)
        for k, h in enumerate(told):
            text, trigger, names = self.sentence(h, rng.randrange(4))
            sentences.append((text, names, k))
        fill = [self.filler(topic, place, cast) for _ in range(rng.randint(10, 20))]
        body = sentences[:1] + [(t, n, None) for t, n in fill[:2]]
        rest = sentences[1:] + [(t, n, None) for t, n in fill[2:]]
        rng.shuffle(rest)
        body += rest
        text_parts, at, spans = [], 0, []
        lead = f"{place.upper()}: " if rng.random() < 0.5 else ""
        i = 0
        while i < len(body):
            paragraph = body[i:i + rng.randint(1, 3)]
            i += len(paragraph)
            if text_parts:
                text_parts.append("\n\n")
                at += 2
            for j, (sentence, names, k) in enumerate(paragraph):
                if j:
                    text_parts.append(" ")
                    at += 1
                if lead:
                    text_parts.append(lead)
                    at += len(lead)
                    lead = ""
                spans.append((at, at + len(sentence), sentence, names, k))
                text_parts.append(sentence)
                at += len(sentence)
        text = "".join(text_parts)
        published_dt = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.choice((0, 15, 30, 45)))
        precise = rng.random() < 0.9
        published = published_dt.isoformat() + "+00:00" if precise else day.isoformat()
        fetched = (published_dt + timedelta(hours=rng.randint(1, 30))).isoformat() + "+00:00"
        names_cast = [p.name for p in cast]
        title = self.title(told[0], topic, place)
        n_words = len(text.split())
        summary = [{"start": s, "end": e, "sentence": t} for s, e, t, _, _ in spans[:3]]
        key_terms = (names_cast + topic.split() + [place])[:8]
        row = (article_id, url, _hash(text, n=32), url, rng.choice(("html", "html", "text")), outlet, title, text,
               published, day.isoformat(), "second" if precise else "day", "meta article:published_time",
               json.dumps([world.pseudo_name()]), place.title(), "[]", "[]", "en", "[]", fetched, n_words, self.now,
               json.dumps(summary), round(n_words / 238, 1), json.dumps(key_terms))
        actor_mentions, seen = [], set()
        mentions = []
        for start, end, sentence, names, k in spans:
            for offset, p in names:
                if offset < 0 or start + offset in seen:
                    continue
                seen.add(start + offset)
                actor_mentions.append((article_id, start + offset, start + offset + len(p.name), p.name, p.id,
                                       "name" if p.kind == "person" else p.kind, p.role))
            if k is not None:
                mentions.append(self.mention(article_id, told[k], sentence, start, end, place, published))
        return {"id": article_id, "row": row, "outlet": outlet, "published": published, "day": day.isoformat(),
                "copy_of": None, "mentions": mentions, "actor_mentions": actor_mentions, "title": title,
                "summary": summary, "text": text, "fetched": fetched}

    def title(self, h: Happening, topic: str, place: str) -> str:
        names = [(self.world.people[p.id].surname or p.name) if p.kind == "person" else p.name
                 for p in (*h.actors, *h.recipients)][:2]
        head = " and ".join(names)
        verb = self.w["headline_verbs"][h.type]
        tail = self.rng.choice(("", "", f" in {place}", " as talks continue", " amid tension", ": officials"))
        return f"{head} {verb} {topic}{tail}"

    def mention(self, article_id: str, h: Happening, sentence: str, start: int, end: int, place: str,
                published: str) -> dict[str, Any]:
        rng = self.rng
        from ..store.events import date_span

        trigger = next((t for t, tpl in self.w["events"][h.type] if f" {t} " in f" {sentence} "), self.w["events"][h.type][0][0])
        roll = rng.random()
        negated, hypothetical = int(roll < 0.03), int(0.03 <= roll < 0.06)
        flag = "h" if negated or hypothetical else "a"
        actors, recipients = sorted({p.level for p in h.actors}), sorted({p.level for p in h.recipients})
        if h.type in self.reciprocal:
            key = f"{h.type}|{flag}|{'+'.join(sorted(set(actors) | set(recipients)))}"
        else:
            key = f"{h.type}|{flag}|{'+'.join(actors)}>{'+'.join(recipients)}"
        speaker = None
        if rng.random() < 0.1:
            speaker = self.world.party(date.fromisoformat(published[:10]), "person")
        first, last = date_span(h.date, h.precision)
        m = {"id": _hash(article_id, start, end, h.type), "article_id": article_id, "happening": h, "flag": flag,
             "key": key, "sentence": sentence, "published": published, "confidence": rng.choice((0.7, 0.75, 0.8, 0.85, 0.9))}
        m["row"] = [m["id"], article_id, h.type, h.mode, h.date, h.precision,
                    f"'{h.precision or 'no date'}' before {published[:10]} (published)", first, last, place, "dateline",
                    sentence, start, end, trigger, None, None, speaker and speaker.id, speaker and speaker.name,
                    speaker and speaker.kind, speaker and speaker.country, speaker and speaker.role, negated, hypothetical,
                    0, m["confidence"], self.w["cameo"][h.type], self.quad[h.type],
                    " and ".join(p.phrase for p in h.actors), " and ".join(p.phrase for p in h.recipients) or None,
                    self.now, key, None]
        m["participants"] = [(m["id"], side, n, p.id, p.name, p.kind, p.country, p.role)
                             for side, parties in (("actor", h.actors), ("recipient", h.recipients))
                             for n, p in enumerate(parties)]
        h.mentions.append(m)
        return m

    def copy(self, original: dict[str, Any], day: date, topic: str) -> dict[str, Any]:
        rng, world = self.rng, self.world
        self.made += 1
        outlet = world.outlet_pick.draw(rng)
        url = f"https://{outlet.lower().replace(' ', '')}.example/{day.year}/{day.month:02d}/{topic.replace(' ', '-')}-{self.made}"
        article_id = _hash(url)
        row = list(original["row"])
        published = f"{day.isoformat()}T{rng.randint(0, 23):02d}:00:00+00:00"
        row[0], row[1], row[3], row[5], row[8], row[9] = article_id, url, url, outlet, published, day.isoformat()
        row[14] = json.dumps([rng.choice(WIRES)])
        mentions = []
        for m in original["mentions"]:
            h = m["happening"]
            mentions.append(self.mention(article_id, h, m["sentence"], m["row"][12], m["row"][13], m["row"][9], published))
        return {"id": article_id, "row": tuple(row), "outlet": outlet, "published": published, "day": day.isoformat(),
                "copy_of": original["id"], "mentions": mentions,
                "actor_mentions": [(article_id, *r[1:]) for r in original["actor_mentions"]],
                "title": original["title"], "summary": original["summary"], "text": original["text"],
                "fetched": original["fetched"]}

    def stories(self, rows: _Rows, articles: list[dict[str, Any]], cast: list[Party], happenings: list[Happening]) -> None:
        rng = self.rng
        first = min(articles, key=lambda a: (a["published"], a["id"]))
        story_id = "s" + _hash(first["id"], n=12)
        by_id = {a["id"]: a for a in articles}
        originals = [a for a in articles if a["copy_of"] is None]
        summary = [{"article": a["id"], **a["summary"][0]} for a in originals[:3] if a["summary"]]
        days = sorted(a["day"] for a in articles)
        times = sorted(a["published"] for a in articles)
        rows.stories.append((story_id, first["title"], json.dumps(summary), first["id"], first["outlet"], times[0],
                             times[-1], days[0], days[-1], len(articles), len(originals),
                             len({a["outlet"] for a in originals}), self.now))
        ids = [p.id for p in cast] + sorted({p.country for p in cast if p.kind == "person" and p.country})
        reason_actors = ", ".join(sorted(set(ids)))
        for n, a in enumerate(articles):
            if len(articles) == 1:
                rows.members.append((a["id"], story_id, None, None, "its own story: no other article links to it"))
            elif a["copy_of"]:
                rows.members.append((a["id"], story_id, a["copy_of"], 1.0, f"wire copy of {a['copy_of']}"))
            else:
                other = articles[n - 1] if n else articles[1]
                gap = abs((date.fromisoformat(a["day"]) - date.fromisoformat(other["day"])).days)
                score = round(rng.uniform(0.55, 0.95), 3)
                rows.members.append((a["id"], story_id, other["id"], score,
                                     f"shared actors {reason_actors}; headline and first-sentence similarity "
                                     f"{rng.uniform(0.3, 0.8):.2f}; {gap} day{'s' if gap != 1 else ''} apart"))
        for actor_id in dict.fromkeys(ids):
            rows.story_actors.append((story_id, actor_id, max(1, len(articles) - rng.randint(0, len(articles) // 2))))
        for h in happenings:
            groups: dict[str, list[dict[str, Any]]] = {}
            for m in h.mentions:
                groups.setdefault(m["flag"], []).append(m)
            for flag, members in groups.items():
                self.event(rows, h, flag, members, by_id, story_id)
        self.counts["stories"] += 1

    def event(self, rows: _Rows, h: Happening, flag: str, members: list[dict[str, Any]], by_id: dict[str, Any],
              story_id: str) -> None:
        from ..store.events import date_span

        anchor = min(members, key=lambda m: m["id"])
        event_id = "e" + _hash(anchor["id"], n=15)
        first = min(members, key=lambda m: (m["published"], m["id"]))
        originals = {by_id[m["article_id"]]["copy_of"] or m["article_id"] for m in members}
        outlets = {by_id[o]["outlet"] for o in originals if o in by_id}
        best = max(members, key=lambda m: (m["confidence"], -len(m["sentence"]), m["id"]))
        actors, recipients = sorted({p.level for p in h.actors}), sorted({p.level for p in h.recipients})
        start, end = date_span(h.date, h.precision)
        score = self.scores.get(f"{h.type}/{h.mode}", self.scores.get(h.type))
        rows.events.append((event_id, members[0]["key"], h.type, h.mode, h.date, h.precision, start, end, first["published"],
                            first["article_id"], by_id[first["article_id"]]["outlet"], len(members), len(originals),
                            len(outlets) or 1, story_id, int(flag == "a"), json.dumps(actors), json.dumps(recipients),
                            best["sentence"], score))
        rows.sides.extend((event_id, side, a) for side, ids in (("actor", actors), ("recipient", recipients)) for a in ids)
        for m in members:
            m["row"][-1] = event_id
            rows.mentions.append(tuple(m["row"]))
            rows.participants.extend(m["participants"])
        self.counts["mentions"] += len(members)
        self.counts["events"] += 1
        h.mentions = [x for x in h.mentions if x not in members]

    def failures(self, n: int) -> list[tuple]:
        rng = self.rng
        codes = (("no-article", "no article text found on the page"), ("fetch", "HTTP 404 from the server"),
                 ("not-a-page", "binary content, not a web page"), ("input", "unreadable file"))
        out = []
        for i in range(n):
            code, reason = rng.choice(codes)
            outlet = self.world.outlet_pick.draw(rng).lower().replace(" ", "")
            out.append((f"https://{outlet}.example/page/{i}", code, reason, self.now))
        return out


def _write(conn: Any, rows: _Rows, actors: dict[str, tuple[Any, ...]]) -> None:
    conn.execute("BEGIN")
    conn.executemany("INSERT OR IGNORE INTO actors (id, name, kind, country, wikidata) VALUES (?, ?, ?, ?, ?)",
                     actors.values())
    conn.executemany(_insert("articles", _ARTICLE_COLUMNS), rows.articles)
    conn.executemany(_insert("event_mentions", _MENTION_COLUMNS), rows.mentions)
    conn.executemany("INSERT INTO event_participants (event_id, side, position, actor_id, name, kind, country, role) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows.participants)
    conn.executemany("INSERT OR IGNORE INTO actor_mentions (article_id, start, end, text, actor_id, how, role) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rows.actor_mentions)
    conn.executemany("INSERT INTO coded_articles (article_id, coder_version, coded_at, events, skipped, warnings) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows.coded)
    conn.executemany("INSERT INTO article_copies (article_id, original_id, containment, similarity) VALUES (?, ?, ?, ?)",
                     rows.copies)
    conn.executemany(_insert("stories", _STORY_COLUMNS), rows.stories)
    conn.executemany("INSERT INTO story_articles (article_id, story_id, linked_to, score, reason) VALUES (?, ?, ?, ?, ?)",
                     rows.members)
    conn.executemany("INSERT OR REPLACE INTO story_actors (story_id, actor_id, weight) VALUES (?, ?, ?)", rows.story_actors)
    conn.executemany(_insert("events", _EVENT_COLUMNS), rows.events)
    conn.executemany("INSERT OR IGNORE INTO event_sides (event_id, side, actor_id) VALUES (?, ?, ?)", rows.sides)
    conn.execute("COMMIT")


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def build_store(path: Path, options: SyntheticOptions = SyntheticOptions(), reuse: bool = True) -> BuildReport:
    """The synthetic store at path: reused when one built with the same options is there
    (and reuse is on), built afresh otherwise. A half-built store is never left at path."""
    from ..store import connect

    path = Path(path)
    meta = _sidecar(path)
    if reuse and path.exists() and meta.exists():
        saved = json.loads(meta.read_text(encoding="utf-8"))
        if saved.get("options") == options.key():
            conn = connect(path, create=False)  # applies any newer migration
            conn.close()
            return BuildReport(path=path, reused=True, bytes=path.stat().st_size, **saved["report"])
    started = time.perf_counter()
    building = path.with_name(path.name + ".building")
    for leftover in (path, meta, building, *(p.with_name(p.name + s) for p in (path, building) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    conn = connect(building)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    builder = _Builder(options)
    rows = _Rows()
    stories = 0
    while builder.made < options.articles:
        builder.story(rows, min(builder.story_size(), options.articles - builder.made))
        stories += 1
        if stories % FLUSH_STORIES == 0:
            _write(conn, rows, builder.world.actor_rows)
            rows = _Rows()
    _write(conn, rows, builder.world.actor_rows)
    conn.execute("BEGIN")
    failures = builder.failures(max(1, options.articles // 100))
    conn.executemany("INSERT INTO failures (source, code, reason, failed_at) VALUES (?, ?, ?, ?)", failures)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    building.rename(path)
    seconds = time.perf_counter() - started
    report = {"articles": builder.made, "event_mentions": builder.counts["mentions"], "events": builder.counts["events"],
              "stories": builder.counts["stories"], "actors": len(builder.world.actor_rows),
              "copies": builder.counts["copies"], "failures": len(failures), "seconds": round(seconds, 1)}
    meta.write_text(json.dumps({"options": options.key(), "report": report}, indent=1), encoding="utf-8")
    return BuildReport(path=path, bytes=path.stat().st_size, **report)
