"""Storing coded events and the queries over them: who did what to whom, when, and where it is said.

An article's coding is replaced whole on every save (delete, then insert), so coding the same
article again, or with a new coder version, never leaves two copies. Writers do not commit:
the caller codes a batch of articles inside one `transaction`, as ingest stores one batch.
"""

from __future__ import annotations

import calendar
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ..errors import SettingError, StoreError

if TYPE_CHECKING:
    from ..actors import Mention
    from ..events.records import EventMention

MAX_LIMIT = 10_000
_LONGEST_SPAN = timedelta(days=365)  # a year-precision date: the widest span date_start..date_end
# Walking the date index costs about a third of reading one match through the actor indexes
# (measured on a 300,000-event store): walk when the rows walked to fill the page, about
# (offset + limit) x stored / matches, are fewer than this many times the matches.
_WALK_ADVANTAGE = 3

_EVENT_COLUMNS = (
    "id", "article_id", "type", "mode", "date", "date_precision", "date_from", "date_start", "date_end",
    "location", "location_from", "sentence", "start", "end", "trigger", "line", "quote",
    "speaker_id", "speaker_name", "speaker_kind", "speaker_country", "speaker_role",
    "negated", "hypothetical", "intent", "confidence", "cameo", "quad_class", "actor_text", "recipient_text",
    "coded_at",
)
_INSERT_EVENT = (f"INSERT INTO event_mentions ({', '.join(_EVENT_COLUMNS)}) "
                 f"VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)})")
_INSERT_PARTICIPANT = ("INSERT INTO event_participants (event_id, side, position, actor_id, name, kind, country, role) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_MENTION = ("INSERT INTO actor_mentions (article_id, start, end, text, actor_id, how, role) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, start) DO NOTHING")
# Rewrite an actor's row only when the dictionary changed it: most saves name known actors.
_UPSERT_ACTOR = """INSERT INTO actors (id, name, kind, country, wikidata) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, country = excluded.country,
                                   wikidata = COALESCE(excluded.wikidata, actors.wikidata)
    WHERE (actors.name, actors.kind, actors.country, actors.wikidata)
          IS NOT (excluded.name, excluded.kind, excluded.country, COALESCE(excluded.wikidata, actors.wikidata))"""


def _types() -> tuple[str, ...]:
    """PLOVER's types, imported when needed: importing the events package loads the coder."""
    from ..events.records import TYPES

    return TYPES


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction around a batch of saves: committed at the end, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def day_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """A since/until filter as ISO days: a month or year since starts on its first day, a month
    or year until ends on its last ("2025-10".."2025-10" -> 2025-10-01..2025-10-31). A value
    that is no date passes through unchanged (so it matches nothing sensible, never everything)."""
    return (date_span(since)[0] or since) if since else None, (date_span(until)[1] or until) if until else None


def date_span(value: str | None, precision: str | None = None) -> tuple[str | None, str | None]:
    """First and last ISO day a coded date covers ("2025-10" -> 2025-10-01, 2025-10-31).

    A week is given by its Monday (or as "2025-W44"); without a precision the form decides.
    (None, None) for no date or one that cannot be read.
    """
    if not value:
        return None, None
    value = value.strip()
    if precision is None:
        precision = "week" if "W" in value else {4: "year", 7: "month"}.get(len(value), "day")
    try:
        if precision == "year":
            year = int(value[:4])
            return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
        if precision == "month":
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1).isoformat(), date(year, month, calendar.monthrange(year, month)[1]).isoformat()
        if precision == "week" and "W" in value:
            first = date.fromisocalendar(int(value[:4]), int(value.split("W", 1)[1][:2]), 1)
        else:
            first = date.fromisoformat(value[:10])
    except ValueError:
        return None, None
    last = first + timedelta(days=6) if precision == "week" else first
    return first.isoformat(), last.isoformat()


# ── writing ──────────────────────────────────────────────────────────────────


def save_coded(
    conn: sqlite3.Connection,
    article_id: str,
    mentions: Sequence[EventMention],
    actor_mentions: Sequence[Mention],
    coder_version: str,
    skipped: str | None = None,
    warnings: Sequence[str] = (),
) -> None:
    """Replace everything stored from coding one article with this coding, and record the coder version.

    Runs inside the caller's transaction (see `transaction`); it neither begins nor commits.
    Every mention's evidence must name this article, since the event id is derived from it.
    """
    now = _now()
    events: dict[str, EventMention] = {}
    for mention in mentions:
        if mention.evidence.article != article_id:
            raise StoreError(f"an event's evidence names article {mention.evidence.article!r}, not this one",
                             source=article_id)
        events.setdefault(mention.id, mention)
    warnings = list(warnings)
    if len(events) < len(mentions):
        warnings.append(f"{len(mentions) - len(events)} event mention(s) dropped: same sentence, trigger and type as another")

    actors: dict[str, tuple[Any, ...]] = {}
    for found in actor_mentions:
        a = found.actor
        actors[a.id] = (a.id, a.name, a.kind, a.country, a.wikidata)
    event_rows, participant_rows = [], []
    for event_id, event in events.items():
        for ref in (*event.actors, *event.recipients, event.speaker):
            if ref is not None and ref.id:
                actors.setdefault(ref.id, (ref.id, ref.name, ref.kind, ref.country, ref.wikidata))
        event_rows.append(_event_row(event_id, article_id, event, now))
        for side, refs in (("actor", event.actors), ("recipient", event.recipients)):
            participant_rows.extend((event_id, side, n, r.id, r.name, r.kind, r.country, r.role) for n, r in enumerate(refs))

    try:
        # Participants first: the cascade from event_mentions needs foreign keys on, which a
        # connection not opened by `connect` may lack.
        conn.execute("DELETE FROM event_participants WHERE event_id IN (SELECT id FROM event_mentions WHERE article_id = ?)",
                     (article_id,))
        conn.execute("DELETE FROM event_mentions WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM actor_mentions WHERE article_id = ?", (article_id,))
        conn.executemany(_UPSERT_ACTOR, actors.values())
        conn.executemany(_INSERT_EVENT, event_rows)
        conn.executemany(_INSERT_PARTICIPANT, participant_rows)
        conn.executemany(_INSERT_MENTION, (
            (article_id, m.start, m.end, m.text, m.actor.id, m.how, m.actor.role) for m in actor_mentions))
        conn.execute(
            """INSERT INTO coded_articles (article_id, coder_version, coded_at, events, skipped, warnings)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (article_id) DO UPDATE SET coder_version = excluded.coder_version,
                   coded_at = excluded.coded_at, events = excluded.events, skipped = excluded.skipped,
                   warnings = excluded.warnings""",
            (article_id, coder_version, now, len(event_rows), skipped, json.dumps(warnings, ensure_ascii=False)),
        )
    except sqlite3.Error as exc:
        raise StoreError(f"could not store the coded events ({exc})", source=article_id) from exc


def _event_row(event_id: str, article_id: str, e: EventMention, now: str) -> tuple[Any, ...]:
    ev, sp = e.evidence, e.speaker
    date_start, date_end = date_span(e.date, e.date_precision)
    return (
        event_id, article_id, e.type, e.mode, e.date, e.date_precision, e.date_from, date_start, date_end,
        e.location, e.location_from, ev.sentence, ev.start, ev.end, ev.trigger, ev.line, ev.quote,
        sp and sp.id, sp and sp.name, sp and sp.kind, sp and sp.country, sp and sp.role,
        int(e.negated), int(e.hypothetical), int(e.intent), e.confidence, e.cameo, e.quad_class,
        e.actor_text, e.recipient_text, now,
    )


# ── reading ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EventQuery:
    """Which event mentions to return; every filter is optional and they combine with AND.

    actor matches a participant on the actor side by dictionary id or by country (a Japanese
    minister matches "JPN"); with_ matches any other participant, on either side, the same way.
    since and until (ISO days; a month or year means its first or last day) keep events whose
    date span overlaps them, so an event dated "2025-10" is inside since=2025-10-15.
    """

    actor: str | None = None
    with_: str | None = None
    type: str | Sequence[str] | None = None  # one type or several; stored as a tuple
    since: str | None = None
    until: str | None = None
    article: str | None = None
    outlet: str | None = None
    asserted_only: bool = True  # leave out negated and hypothetical mentions
    limit: int = 100
    offset: int = 0

    def __post_init__(self) -> None:
        types = (self.type,) if isinstance(self.type, str) else tuple(self.type or ())
        types = tuple(t.strip().upper() for t in types)
        unknown = [t for t in types if t not in _types()]
        if unknown:
            raise SettingError(f"unknown event type {', '.join(unknown)}; choose from {', '.join(_types())}")
        object.__setattr__(self, "type", types or None)
        for name, end in (("since", 0), ("until", 1)):
            value = getattr(self, name)
            if value:
                day = date_span(value)[end]
                if day is None:
                    raise SettingError(f"{name} must be an ISO date such as 2025-10-28, not {value!r}")
                object.__setattr__(self, name, day)
        if not 1 <= self.limit <= MAX_LIMIT:
            raise SettingError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if self.offset < 0:
            raise SettingError(f"offset cannot be negative ({self.offset})")


def _where(q: EventQuery, walk: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause for q; walk picks the form of the participant filter (see `_participant_filter`)."""
    where: list[str] = []
    args: list[Any] = []
    if q.asserted_only:
        where.append("e.negated = 0 AND e.hypothetical = 0")
    if q.type:
        where.append(f"e.type IN ({', '.join('?' for _ in q.type)})")
        args.extend(q.type)
    if q.since:
        # The first bound is implied by the second; it lets the date_start index bound the scan.
        lower = (date.fromisoformat(q.since) - _LONGEST_SPAN).isoformat()
        where.append("e.date_start >= ? AND e.date_end >= ?")
        args.extend((lower, q.since))
    if q.until:
        where.append("e.date_start <= ?")
        args.append(q.until)
    if q.article:
        where.append("e.article_id = ?")
        args.append(q.article)
    if q.outlet:
        where.append("e.article_id IN (SELECT id FROM articles WHERE outlet = ? COLLATE NOCASE)")
        args.append(q.outlet)
    if q.actor or q.with_:
        sql, more = _participant_filter(q, walk)
        where.append(sql)
        args.extend(more)
    return (" WHERE " + " AND ".join(where)) if where else "", args


def _participant_filter(q: EventQuery, walk: bool) -> tuple[str, list[Any]]:
    """actor and with_ as SQL, in one of two forms that select the same events.

    The list form reads the matching participants from the actor and country indexes, so its
    cost grows with the number of matches; the walk form probes each event's participants by
    primary key, for a walk down the date index that stops once the page is full.
    """
    if walk:
        tables, conditions, args = [], [], []
        if q.actor:
            tables.append("pa")
            conditions.append("pa.side = 'actor' AND (pa.actor_id = ? OR pa.country = ?)")
            args.extend((q.actor, q.actor))
        if q.with_:
            tables.append("pw")
            conditions.append("(pw.actor_id = ? OR pw.country = ?)")
            args.extend((q.with_, q.with_))
        conditions.extend(f"{t}.event_id = e.id" for t in tables)
        if q.actor and q.with_:
            conditions.append("(pw.side, pw.position) IS NOT (pa.side, pa.position)")
        joined = ", ".join(f"event_participants {t}" for t in tables)
        return f"EXISTS (SELECT 1 FROM {joined} WHERE {' AND '.join(conditions)})", args

    def matching(side: str) -> str:  # by id or by country: a UNION lets each use its index; IN drops repeats
        return (f"SELECT event_id, side, position FROM event_participants WHERE actor_id = ?{side} "
                f"UNION ALL SELECT event_id, side, position FROM event_participants WHERE country = ?{side}")

    actor_side = " AND side = 'actor'"
    if q.actor and q.with_:
        return (f"""e.id IN (SELECT pa.event_id FROM ({matching(actor_side)}) pa
                    JOIN event_participants pw ON pw.event_id = pa.event_id
                     AND (pw.side, pw.position) IS NOT (pa.side, pa.position)
                    WHERE pw.actor_id = ? OR pw.country = ?)""", [q.actor, q.actor, q.with_, q.with_])
    if q.actor:
        return f"e.id IN (SELECT event_id FROM ({matching(actor_side)}))", [q.actor, q.actor]
    return f"e.id IN (SELECT event_id FROM ({matching('')}))", [q.with_, q.with_]


def query_events(conn: sqlite3.Connection, q: EventQuery) -> tuple[list[dict[str, Any]], int]:
    """One page of event mentions, newest event date first (undated last), and how many match in all.

    Each row has the shape of EventMention.to_dict() plus "article": {id, title, outlet, published}.
    """
    where, args = _where(q)
    total: int | None = None
    walk = False
    if q.actor or q.with_:
        # Count first, then fetch the page the cheaper way: through the list of matches when
        # they are few, by walking the date index when they are many.
        total, stored = conn.execute(
            f"SELECT COUNT(*), (SELECT MAX(rowid) FROM event_mentions) FROM event_mentions e{where}", args).fetchone()
        if total == 0 or total <= q.offset:
            return [], total
        walk = (q.offset + q.limit) * stored < _WALK_ADVANTAGE * total * total
        if walk:
            where, args = _where(q, walk=True)
    rows = conn.execute(
        f"""SELECT e.*, s.wikidata AS speaker_wikidata,
                   a.title AS article_title, a.outlet AS article_outlet, a.published AS article_published
            FROM event_mentions e {"INDEXED BY event_mentions_date" if walk else ""}
            JOIN articles a ON a.id = e.article_id LEFT JOIN actors s ON s.id = e.speaker_id
            {where}
            ORDER BY e.date_start DESC NULLS LAST, e.article_id, e.start, e.rowid
            LIMIT ? OFFSET ?""",
        [*args, q.limit, q.offset],
    ).fetchall()
    if total is None:
        if rows and len(rows) < q.limit or not rows and q.offset == 0:
            total = q.offset + len(rows)
        else:
            total = conn.execute(f"SELECT COUNT(*) FROM event_mentions e{where}", args).fetchone()[0]
    sides = _participants(conn, [r["id"] for r in rows])
    return [_event(r, sides) for r in rows], total


def export_event_rows(conn: sqlite3.Connection, page: int = 1000) -> Iterator[dict[str, Any]]:
    """Every stored event mention, negated and hypothetical ones included, in query order."""
    offset = 0
    while True:
        rows, _ = query_events(conn, EventQuery(asserted_only=False, limit=page, offset=offset))
        yield from rows
        if len(rows) < page:
            return
        offset += page


def _participants(conn: sqlite3.Connection, ids: list[str]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Actors and recipients of the given events, in coded order, keyed by (event id, side)."""
    sides: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if not ids:
        return sides
    for r in conn.execute(
        """SELECT p.event_id, p.side, p.actor_id, p.name, p.kind, p.country, p.role, x.wikidata
           FROM event_participants p LEFT JOIN actors x ON x.id = p.actor_id
           WHERE p.event_id IN (SELECT value FROM json_each(?))
           ORDER BY p.event_id, p.side, p.position""",
        (json.dumps(ids),),
    ):
        sides.setdefault((r["event_id"], r["side"]), []).append(_actor_ref(
            r["actor_id"], r["name"], r["kind"], r["country"], r["role"], r["wikidata"]))
    return sides


def _actor_ref(id: str | None, name: str, kind: str, country: str | None, role: str | None,
               wikidata: str | None) -> dict[str, Any]:
    return {"id": id, "name": name, "kind": kind, "country": country, "role": role, "wikidata": wikidata}


def _event(r: sqlite3.Row, sides: dict[tuple[str, str], list[dict[str, Any]]]) -> dict[str, Any]:
    speaker = None
    if r["speaker_name"] is not None:
        speaker = _actor_ref(r["speaker_id"], r["speaker_name"], r["speaker_kind"], r["speaker_country"],
                             r["speaker_role"], r["speaker_wikidata"])
    return {
        "id": r["id"], "type": r["type"], "mode": r["mode"],
        "actors": sides.get((r["id"], "actor"), []), "recipients": sides.get((r["id"], "recipient"), []),
        "actor_text": r["actor_text"], "recipient_text": r["recipient_text"],
        "date": r["date"], "date_precision": r["date_precision"], "date_from": r["date_from"],
        "location": r["location"], "location_from": r["location_from"],
        "evidence": {"sentence": r["sentence"], "start": r["start"], "end": r["end"], "trigger": r["trigger"],
                     "article": r["article_id"], "line": r["line"], "quote": r["quote"]},
        "speaker": speaker,
        "negated": bool(r["negated"]), "hypothetical": bool(r["hypothetical"]), "intent": bool(r["intent"]),
        "confidence": r["confidence"], "cameo": r["cameo"], "quad_class": r["quad_class"],
        "article": {"id": r["article_id"], "title": r["article_title"], "outlet": r["article_outlet"],
                    "published": r["article_published"]},
    }


def actor_summary(conn: sqlite3.Connection, limit: int = 50) -> list[dict[str, Any]]:
    """Dictionary actors ranked by the number of event mentions they take part in, on either side."""
    rows = conn.execute(
        """SELECT a.id, a.name, a.kind, a.country, p.events
           FROM (SELECT actor_id, COUNT(DISTINCT event_id) AS events FROM event_participants
                 WHERE actor_id IS NOT NULL GROUP BY actor_id) p
           JOIN actors a ON a.id = p.actor_id
           ORDER BY p.events DESC, a.id LIMIT ?""",
        (limit,),
    )
    return [dict(r) for r in rows]


def uncoded_articles(conn: sqlite3.Connection, coder_version: str, limit: int | None = None) -> list[str]:
    """Ids of articles never coded, or coded by another coder version, in the order they were stored."""
    sql = """SELECT a.id FROM articles a LEFT JOIN coded_articles c ON c.article_id = a.id
             WHERE c.article_id IS NULL OR c.coder_version IS NOT ? ORDER BY a.rowid"""
    args: list[Any] = [coder_version]
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [r[0] for r in conn.execute(sql, args)]


def event_counts(conn: sqlite3.Connection) -> dict[str, Any]:
    """Totals for a status line: event mentions, articles coded and skipped, and mentions per type."""
    per_type = dict.fromkeys(_types(), 0)
    per_type.update(conn.execute("SELECT type, COUNT(*) FROM event_mentions GROUP BY type").fetchall())
    coded, skipped = conn.execute(
        "SELECT COUNT(*) - COUNT(skipped), COUNT(skipped) FROM coded_articles").fetchone()
    return {"event_mentions": sum(per_type.values()), "coded_articles": coded, "skipped_articles": skipped,
            "types": per_type}
