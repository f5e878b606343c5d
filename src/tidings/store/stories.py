"""Storing and reading stories: copies, signatures, clustering features, stories with their
members and reasons, merged events, and the queries behind stories, timelines and dyads."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Sequence

from .events import day_bounds
from .memo import memoised


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


# ── what clustering reads ────────────────────────────────────────────────────
def articles_without_story(conn: sqlite3.Connection, limit: int = 10_000) -> list[str]:
    """Articles stored but not yet placed in a story (a run killed between the two steps)."""
    return [r[0] for r in conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id "
        "WHERE s.article_id IS NULL ORDER BY a.rowid LIMIT ?", (limit,))]


def article_rows(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for chunk in _chunks(list(ids)):
        for r in conn.execute(f"""SELECT id, url, outlet, title, text, published, reference_time, dateline, words, wire, summary
                                  FROM articles WHERE id IN ({_marks(chunk)})""", chunk):
            out[r["id"]] = dict(r)
    return out


def actor_mentions_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in _chunks(list(ids)):
        for r in conn.execute(f"""SELECT m.article_id, m.start, m.actor_id, x.kind, x.country
                                  FROM actor_mentions m JOIN actors x ON x.id = m.actor_id
                                  WHERE m.article_id IN ({_marks(chunk)}) ORDER BY m.article_id, m.start""", chunk):
            out.setdefault(r["article_id"], []).append(dict(r))
    return out


def mention_rows(conn: sqlite3.Connection, where: str, args: Sequence[Any]) -> list[dict[str, Any]]:
    """Event mentions with their participants (id, kind, country, side), for merging."""
    rows = [dict(r) for r in conn.execute(
        f"""SELECT id, article_id, type, mode, date, date_precision, date_start, negated, hypothetical,
                   confidence, sentence, start, merge_key FROM event_mentions WHERE {where}""", args)]
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["participants"] = []
    for chunk in _chunks(list(by_id)):
        for p in conn.execute(f"""SELECT event_id, side, actor_id AS id, kind, country FROM event_participants
                                  WHERE event_id IN ({_marks(chunk)}) ORDER BY event_id, side, position""", chunk):
            by_id[p["event_id"]]["participants"].append(dict(p))
    return rows


def mentions_of_articles(conn: sqlite3.Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    for chunk in _chunks(list(ids)):
        out.extend(mention_rows(conn, f"article_id IN ({_marks(chunk)})", chunk))
    return out


def mentions_of_keys(conn: sqlite3.Connection, keys: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    for chunk in _chunks(list(keys)):
        out.extend(mention_rows(conn, f"merge_key IN ({_marks(chunk)})", chunk))
    return out


def set_merge_keys(conn: sqlite3.Connection, keys: dict[str, str]) -> None:
    conn.executemany("UPDATE event_mentions SET merge_key = ? WHERE id = ?", [(k, i) for i, k in keys.items()])


def signatures_between(conn: sqlite3.Connection, first: str | None, last: str | None) -> list[tuple[str, str | None, bytes]]:
    """(article id, day, signature) of articles whose day lies in [first, last], or of the
    undated ones when first is None."""
    if first is None:
        rows = conn.execute("SELECT article_id, day, signature FROM article_signatures WHERE day IS NULL")
    else:
        rows = conn.execute("SELECT article_id, day, signature FROM article_signatures WHERE day BETWEEN ? AND ?",
                            (first, last))
    return [(r[0], r[1], r[2]) for r in rows]


def save_signatures(conn: sqlite3.Connection, rows: Iterable[tuple[str, str | None, bytes]]) -> None:
    conn.executemany("INSERT OR REPLACE INTO article_signatures (article_id, day, signature) VALUES (?, ?, ?)", rows)


def save_copies(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, float, float]]) -> None:
    """(copy, original, containment, similarity); a copy's row is replaced (its original may
    have changed to an earlier article)."""
    conn.executemany("INSERT OR REPLACE INTO article_copies (article_id, original_id, containment, similarity) "
                     "VALUES (?, ?, ?, ?)", rows)


def originals_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    out = {}
    for chunk in _chunks(list(ids)):
        for r in conn.execute(f"SELECT article_id, original_id FROM article_copies WHERE article_id IN ({_marks(chunk)})", chunk):
            out[r[0]] = r[1]
    return out


def copy_pairs_of(conn: sqlite3.Connection, ids: Sequence[str]) -> list[tuple[str, str, float]]:
    """Copy links touching these articles, either side: (copy, original, containment)."""
    out = set()
    for chunk in _chunks(list(ids)):
        marks = _marks(chunk)
        for r in conn.execute(f"""SELECT article_id, original_id, containment FROM article_copies
                                  WHERE article_id IN ({marks}) OR original_id IN ({marks})""", [*chunk, *chunk]):
            out.add((r[0], r[1], r[2]))
    return sorted(out)


def save_story_docs(conn: sqlite3.Connection, rows: Iterable[tuple[str, str | None, str]]) -> None:
    conn.executemany("INSERT OR REPLACE INTO story_docs (article_id, day, doc) VALUES (?, ?, ?)", rows)


def story_docs_between(conn: sqlite3.Connection, first: str, last: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in conn.execute("SELECT article_id, doc FROM story_docs WHERE day BETWEEN ? AND ?", (first, last))]


def story_docs_of(conn: sqlite3.Connection, ids: Sequence[str]) -> list[tuple[str, str]]:
    out = []
    for chunk in _chunks(list(ids)):
        out.extend((r[0], r[1]) for r in conn.execute(
            f"SELECT article_id, doc FROM story_docs WHERE article_id IN ({_marks(chunk)})", chunk))
    return out


def stories_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """Article id -> story id, for those placed."""
    out = {}
    for chunk in _chunks(list(ids)):
        for r in conn.execute(f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({_marks(chunk)})", chunk):
            out[r[0]] = r[1]
    return out


def members_of(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in _chunks(list(story_ids)):
        for r in conn.execute(f"SELECT * FROM story_articles WHERE story_id IN ({_marks(chunk)})", chunk):
            out.setdefault(r["story_id"], []).append(dict(r))
    return out


# ── writing stories and events ───────────────────────────────────────────────
def replace_stories(conn: sqlite3.Connection, removed: Iterable[str], stories: Sequence[dict[str, Any]],
                    members: Sequence[tuple[str, str, str | None, float | None, str]],
                    actors: Sequence[tuple[str, str, int]]) -> None:
    """Drop the stories in `removed` and write these (rows as dicts of the stories columns),
    their members (article, story, linked_to, score, reason) and leading actors."""
    removed = sorted(set(removed) | {s["id"] for s in stories})
    for chunk in _chunks(removed):
        conn.execute(f"DELETE FROM stories WHERE id IN ({_marks(chunk)})", chunk)
        conn.execute(f"DELETE FROM story_actors WHERE story_id IN ({_marks(chunk)})", chunk)
    now = _now()
    conn.executemany(
        """INSERT INTO stories (id, title, summary, first_article, first_outlet, first_seen, last_seen, day_start, day_end,
                                n_articles, n_originals, n_outlets, updated_at)
           VALUES (:id, :title, :summary, :first_article, :first_outlet, :first_seen, :last_seen, :day_start, :day_end,
                   :n_articles, :n_originals, :n_outlets, :updated_at)""",
        [{**s, "summary": json.dumps(s["summary"], ensure_ascii=False), "updated_at": now} for s in stories])
    conn.executemany("INSERT OR REPLACE INTO story_articles (article_id, story_id, linked_to, score, reason) VALUES (?, ?, ?, ?, ?)",
                     members)
    conn.executemany("INSERT OR REPLACE INTO story_actors (story_id, actor_id, weight) VALUES (?, ?, ?)", actors)


def save_digests(conn: sqlite3.Connection, rows: Iterable[tuple[str, float, list[str], str]]) -> None:
    """(article id, summary JSON, key terms, reading minutes) for each article."""
    conn.executemany("UPDATE articles SET summary = ?, key_terms = ?, reading_minutes = ? WHERE id = ?",
                     [(summary, json.dumps(terms, ensure_ascii=False), minutes, article_id)
                      for article_id, summary, terms, minutes in rows])


def replace_events(conn: sqlite3.Connection, keys: Sequence[str], events: Sequence[dict[str, Any]]) -> None:
    """Drop every merged event of these merge keys and write these in their place, with
    each mention's event id."""
    for chunk in _chunks(list(keys)):
        conn.execute(f"DELETE FROM events WHERE merge_key IN ({_marks(chunk)})", chunk)
    conn.executemany(
        """INSERT OR REPLACE INTO events (id, merge_key, type, mode, date, date_precision, date_start, date_end,
                first_seen, first_article, first_outlet, n_mentions, n_articles, n_outlets, story_id, asserted,
                actors, recipients, evidence, score)
           VALUES (:id, :merge_key, :type, :mode, :date, :date_precision, :date_start, :date_end, :first_seen,
                   :first_article, :first_outlet, :n_mentions, :n_articles, :n_outlets, :story_id, :asserted,
                   :actors, :recipients, :evidence, :score)""",
        [{**e, "actors": json.dumps(e["actors"]), "recipients": json.dumps(e["recipients"])} for e in events])
    conn.executemany("INSERT OR REPLACE INTO event_sides (event_id, side, actor_id) VALUES (?, ?, ?)",
                     [(e["id"], side, a) for e in events for side in ("actor", "recipient") for a in e[side + "s"]])
    conn.executemany("UPDATE event_mentions SET event_id = ? WHERE id = ?",
                     [(e["id"], m) for e in events for m in e["mentions"]])


def set_event_stories(conn: sqlite3.Connection, article_story: dict[str, str]) -> None:
    """After stories change: each event's story is its first report's story."""
    for chunk in _chunks(sorted(article_story)):
        conn.executemany("UPDATE events SET story_id = ? WHERE first_article = ?",
                         [(article_story[a], a) for a in chunk])


def clear_stories(conn: sqlite3.Connection) -> None:
    """Everything derived by clustering and merging, for a re-cluster from scratch."""
    for table in ("story_articles", "story_actors", "stories", "event_sides", "events", "article_copies"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE event_mentions SET event_id = NULL")


def story_counts(conn: sqlite3.Connection) -> tuple[int, int, int, int]:
    """(articles, stories, copy links, merged events)."""
    return tuple(conn.execute("""SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM stories),
                                        (SELECT COUNT(*) FROM article_copies), (SELECT COUNT(*) FROM events)""").fetchone())


def all_article_days(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT id, COALESCE(published_day, substr(reference_time, 1, 10)) FROM articles ORDER BY rowid")]


# ── reading stories ──────────────────────────────────────────────────────────
def _story_row(r: sqlite3.Row, actors: dict[str, list[str]]) -> dict[str, Any]:
    data = dict(r)
    data["summary"] = json.loads(data["summary"] or "[]")
    data["actors"] = actors.get(data["id"], [])
    return data


def _top_actors(conn: sqlite3.Connection, ids: Sequence[str], top: int = 6) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for chunk in _chunks(list(ids)):
        for r in conn.execute(f"""SELECT story_id, actor_id FROM story_actors WHERE story_id IN ({_marks(chunk)})
                                  ORDER BY story_id, weight DESC, actor_id""", chunk):
            if len(out.setdefault(r[0], [])) < top:
                out[r[0]].append(r[1])
    return out


def list_stories(conn: sqlite3.Connection, since: str | None = None, until: str | None = None, actor: str | None = None,
                 limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Stories, latest first: (rows, total)."""
    since, until = day_bounds(since, until)
    where, args = [], []
    if since:
        where.append("s.day_end >= ?")
        args.append(since)
    if until:
        where.append("s.day_start <= ?")
        args.append(until)
    if actor:
        where.append("s.id IN (SELECT story_id FROM story_actors WHERE actor_id = ?)")
        args.append(actor)
    sql = " WHERE " + " AND ".join(where) if where else ""
    total = memoised(conn, ("stories", sql, *args), lambda: conn.execute(f"SELECT COUNT(*) FROM stories s{sql}", args).fetchone()[0])
    rows = conn.execute(f"""SELECT s.* FROM stories s{sql} ORDER BY s.day_end IS NULL, s.day_end DESC, s.n_outlets DESC, s.id
                            LIMIT ? OFFSET ?""", [*args, limit, offset]).fetchall()
    actors = _top_actors(conn, [r["id"] for r in rows])
    return [_story_row(r, actors) for r in rows], total


def story_detail(conn: sqlite3.Connection, story: str) -> dict[str, Any] | None:
    """One story: its record, articles (copies marked), outlets with the first reporter, merged
    events in time order with every mention, and related stories."""
    row = conn.execute("SELECT * FROM stories WHERE id = ?", (story,)).fetchone()
    if row is None:
        return None
    data = _story_row(row, _top_actors(conn, [story], top=20))
    articles = [dict(r) for r in conn.execute(
        """SELECT a.id, a.title, a.outlet, a.url, a.published, a.reference_time, a.reading_minutes, a.key_terms,
                  s.linked_to, s.score, s.reason, c.original_id AS copy_of, c.containment
           FROM story_articles s JOIN articles a ON a.id = s.article_id
           LEFT JOIN article_copies c ON c.article_id = a.id
           WHERE s.story_id = ? ORDER BY COALESCE(a.published, a.reference_time), a.id""", (story,))]
    for a in articles:
        a["key_terms"] = json.loads(a["key_terms"] or "[]")
    outlets: dict[str, dict[str, Any]] = {}
    for a in articles:
        entry = outlets.setdefault(a["outlet"] or "?", {"outlet": a["outlet"], "articles": 0, "copies": 0,
                                                       "first": a["id"] == data["first_article"]})
        entry["articles"] += 1
        entry["copies"] += a["copy_of"] is not None
        entry["first"] = entry["first"] or a["id"] == data["first_article"]
    data["articles"] = articles
    data["outlets"] = list(outlets.values())
    data["events"] = merged_events(conn, story=story, limit=1000)[0]
    data["related"] = related_stories(conn, story)
    return data


def related_stories(conn: sqlite3.Connection, story: str, days: int = 14, limit: int = 5) -> list[dict[str, Any]]:
    """Stories sharing actors with this one within `days` of it, most alike first."""
    row = conn.execute("SELECT day_start, day_end FROM stories WHERE id = ?", (story,)).fetchone()
    if row is None or row["day_start"] is None:
        return []
    # The stories near in time are read through the date index (a few hundred), each probed for
    # shared actors; going through the actors instead reads every story of the United States.
    # The longest story bounds how late a story that starts within the window can end.
    longest = memoised(conn, ("longest story",), lambda: conn.execute(
        "SELECT COALESCE(MAX(julianday(day_end) - julianday(day_start)), 0) FROM stories").fetchone()[0])
    rows = conn.execute(
        """SELECT o.id, o.title, o.day_start, o.day_end, o.n_outlets, SUM(MIN(a.weight, b.weight)) AS shared,
                  group_concat(a.actor_id, ', ') AS actors
           FROM stories o INDEXED BY stories_day CROSS JOIN story_actors b ON b.story_id = o.id
           CROSS JOIN story_actors a ON a.story_id = ? AND a.actor_id = b.actor_id
           WHERE o.id != ? AND o.day_end >= date(?, ?) AND o.day_end <= date(?, ?) AND o.day_start <= date(?, ?)
           GROUP BY o.id ORDER BY shared DESC, abs(julianday(o.day_start) - julianday(?)), o.id LIMIT ?""",
        (story, story, row["day_start"], f"-{days} days", row["day_end"], f"+{days + int(longest) + 1} days",
         row["day_end"], f"+{days} days", row["day_start"], limit)).fetchall()
    return [dict(r) for r in rows]


# Walking the date index costs about a third of reading one match through the sides' indexes:
# walk when the events walked to fill the page, about (offset + limit) x stored / matches,
# are fewer than this many times the matches (as store/events.py does for mentions).
_WALK_ADVANTAGE = 3
_LONGEST_SPAN = timedelta(days=365)  # a year-precision date: the widest span date_start..date_end


def _is_person(conn: sqlite3.Connection, who: str) -> bool:
    """Whether `who` takes part in events as a person (kept until the store changes: both forms
    of an events query ask it for each actor they filter on)."""
    return memoised(conn, ("person", who), lambda: conn.execute(
        "SELECT 1 FROM event_participants WHERE actor_id = ? AND kind = 'person' LIMIT 1", (who,)).fetchone() is not None)


def _takes_part(conn: sqlite3.Connection, who: str, walk: bool) -> tuple[str, list[str]]:
    """SQL over `e` for the merged events `who` takes part in: on their sides, or for a person
    among the participants of their mentions (sides hold participants at country level: a
    person's country, anyone else's own id, so only a person needs the second path). The list
    form reads the matches from the indexes; the walk form probes one event at a time, for a
    walk down the date index that stops once the page is full."""
    person = _is_person(conn, who)
    mentions = ("SELECT m.event_id FROM event_participants p JOIN event_mentions m ON m.id = p.event_id "
                "WHERE p.actor_id = ? AND p.kind = 'person'")
    if not walk:
        return f"e.id IN (SELECT event_id FROM event_sides WHERE actor_id = ?{' UNION ' + mentions if person else ''})", \
            [who, who] if person else [who]
    sides = "EXISTS (SELECT 1 FROM event_sides s WHERE s.event_id = e.id AND s.actor_id = ?)"
    if not person:
        return sides, [who]
    return (f"({sides} OR EXISTS (SELECT 1 FROM event_mentions m JOIN event_participants p ON p.event_id = m.id "
            f"WHERE m.event_id = e.id AND p.actor_id = ? AND p.kind = 'person'))"), [who, who]


def _pair(conn: sqlite3.Connection, a: str, b: str) -> tuple[str, list[str]] | None:
    """SQL over `e` for the merged events with both a and b on their sides: the rarer one's
    events, each probed for the other (reading the commoner one's list, tens of thousands of
    events for the United States, would cost more than the page). None when either is a
    person, who needs the second path of `_takes_part`."""
    if _is_person(conn, a) or _is_person(conn, b):
        return None
    return _both_sides(conn, a, b)


def _both_sides(conn: sqlite3.Connection, a: str, b: str) -> tuple[str, list[str]]:
    """SQL over `e` for the merged events with both a and b on their sides, driven by the rarer."""
    counts = {who: memoised(conn, ("sides", who), lambda who=who: conn.execute(
        "SELECT COUNT(*) FROM event_sides WHERE actor_id = ?", (who,)).fetchone()[0]) for who in (a, b)}
    rare, common = sorted((a, b), key=lambda who: counts[who])
    return ("e.id IN (SELECT s.event_id FROM event_sides s WHERE s.actor_id = ? AND EXISTS "
            "(SELECT 1 FROM event_sides o WHERE o.event_id = s.event_id AND o.actor_id = ?))"), [rare, common]


def merged_events(conn: sqlite3.Connection, story: str | None = None, actor: str | None = None, with_: str | None = None,
                  since: str | None = None, until: str | None = None, asserted_only: bool = True,
                  limit: int = 200, offset: int = 0, newest_first: bool = False, types: Sequence[str] | None = None,
                  outlet: str | None = None, min_outlets: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """Merged events (many mentions each), in time order (newest first if asked), with their
    mentions; filtered by story, actor and co-actor, days, types, an outlet that told them and
    the fewest outlets."""
    since, until = day_bounds(since, until)

    def where(walk: bool) -> tuple[str, list[Any]]:
        terms, args = [], []
        if types:
            terms.append(f"e.type IN ({_marks(types)})")
            args.extend(types)
        if outlet:
            terms.append("e.id IN (SELECT m.event_id FROM event_mentions m JOIN articles a ON a.id = m.article_id "
                         "WHERE a.outlet = ? COLLATE NOCASE)")
            args.append(outlet)
        if min_outlets:
            terms.append("e.n_outlets >= ?")
            args.append(min_outlets)
        if story:
            terms.append("e.story_id = ?")
            args.append(story)
        pair = _pair(conn, actor, with_) if actor and with_ and not walk else None
        if pair:
            terms.append(pair[0])
            args.extend(pair[1])
        else:
            for who in (actor, with_):
                if who:
                    sql, more = _takes_part(conn, who, walk)
                    terms.append(sql)
                    args.extend(more)
        if since:
            terms.append("e.date_end >= ?")
            args.append(since)
            try:  # implied by the last, it bounds a walk down the date index (ISO days only)
                lower = (date.fromisoformat(since if len(since) == 10 else "") - _LONGEST_SPAN).isoformat()
                terms.append("e.date_start >= ?")
                args.append(lower)
            except ValueError:
                pass
        if until:
            terms.append("e.date_start <= ?")
            args.append(until)
        if asserted_only:
            terms.append("e.asserted = 1")
        return (" WHERE " + " AND ".join(terms) if terms else ""), args

    sql, args = where(False)
    total, stored = memoised(conn, ("events", sql, *args), lambda: tuple(conn.execute(
        f"SELECT COUNT(*), (SELECT MAX(rowid) FROM events) FROM events e{sql}", args).fetchone()))
    rows: list[dict[str, Any]] = []
    if total > offset:
        if newest_first:
            # SQLite sorts NULL first, so newest first already puts the undated last
            walk = (offset + limit) * (stored or 0) < _WALK_ADVANTAGE * total * total
            if walk:
                sql, args = where(True)
            rows = [dict(r) for r in conn.execute(
                f"""SELECT e.* FROM events e {'INDEXED BY events_newest' if walk else ''}{sql}
                    ORDER BY e.date_start DESC, e.first_seen, e.id LIMIT ? OFFSET ?""", [*args, limit, offset])]
        else:
            rows = [dict(r) for r in conn.execute(
                f"""SELECT e.* FROM events e{sql} ORDER BY e.date_start IS NULL, e.date_start, e.first_seen, e.id
                    LIMIT ? OFFSET ?""", [*args, limit, offset])]
    ids = [r["id"] for r in rows]
    mentions: dict[str, list[dict[str, Any]]] = {}
    for chunk in _chunks(ids):
        for m in conn.execute(f"""SELECT m.event_id, m.id, m.article_id, m.sentence, m.start, m.end, m.date, a.outlet, a.title
                                  FROM event_mentions m JOIN articles a ON a.id = m.article_id
                                  WHERE m.event_id IN ({_marks(chunk)})
                                  ORDER BY COALESCE(a.published, a.reference_time), m.id""", chunk):
            mentions.setdefault(m["event_id"], []).append({k: m[k] for k in m.keys() if k != "event_id"})
    for r in rows:
        r["actors"] = json.loads(r["actors"])
        r["recipients"] = json.loads(r["recipients"])
        r["asserted"] = bool(r["asserted"])
        r["mentions"] = mentions.get(r["id"], [])
    return rows, total


def dyad(conn: sqlite3.Connection, a: str, b: str, since: str | None = None, until: str | None = None,
         limit: int | None = None, offset: int = 0, newest_first: bool = False) -> dict[str, Any]:
    """Events between two actors (either side, country level): every month's count by type and
    quad class with a cooperation/conflict score (the mean PLOVER score of the month's events),
    the total, and the events themselves in time order (one page of them when limit is given)."""
    since, until = day_bounds(since, until)
    both, args = _both_sides(conn, a, b)
    where = ["e.asserted = 1", both]
    if since:
        where.append("e.date_end >= ?")
        args.append(since)
    if until:
        where.append("e.date_start <= ?")
        args.append(until)
    sql = " AND ".join(where)
    months = memoised(conn, ("dyad", sql, *args), lambda: _dyad_months(conn, sql, args))
    order = "e.date_start DESC, e.id DESC" if newest_first else "e.date_start IS NULL, e.date_start, e.id"
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = [dict(r) for r in conn.execute(
        f"""SELECT e.id, e.type, e.mode, e.date, e.date_precision, e.date_start, e.n_articles, e.n_outlets, e.score,
                   e.actors, e.recipients, e.evidence, e.story_id
            FROM events e WHERE {sql} ORDER BY {order}{page}""", args)]
    for r in rows:
        r["actors"] = json.loads(r["actors"])
        r["recipients"] = json.loads(r["recipients"])
    return {"a": a, "b": b, "total": sum(m["events"] for m in months), "months": [dict(m) for m in months],
            "events": rows}


def _dyad_months(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    from ..events.records import QUAD

    months: dict[str, dict[str, Any]] = {}
    for month, kind, n, scored, total in conn.execute(
            f"""SELECT COALESCE(substr(e.date_start, 1, 7), 'undated'), e.type, COUNT(*), COUNT(e.score), SUM(e.score)
                FROM events e WHERE {sql} GROUP BY 1, 2""", args):
        entry = months.setdefault(month, {"month": month, "events": 0, "types": {}, "quad": {}, "scored": 0, "sum": 0.0})
        entry["events"] += n
        entry["types"][kind] = n
        quad = QUAD.get(kind, "?")
        entry["quad"][quad] = entry["quad"].get(quad, 0) + n
        entry["scored"] += scored
        entry["sum"] += total or 0.0
    for entry in months.values():
        scored, total = entry.pop("scored"), entry.pop("sum")
        entry["score"] = round(total / scored, 2) if scored else None
    return sorted(months.values(), key=lambda m: m["month"])

