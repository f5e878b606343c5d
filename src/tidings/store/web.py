"""The queries behind the API and the web pages that the other store modules do not answer:
pages of articles, actors and failures with totals, one article with what it names and
tells, and one actor with its counterparts."""

from __future__ import annotations

import sqlite3
from typing import Any

from .memo import memoised
from .queries import _article, article_filters


def article_page(conn: sqlite3.Connection, since: str | None = None, until: str | None = None, outlet: str | None = None,
                 limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Articles newest first, without their text: (rows, total)."""
    sql, args = article_filters(since, until, outlet)
    total = memoised(conn, ("articles", sql, *args), lambda: conn.execute(f"SELECT COUNT(*) FROM articles{sql}", args).fetchone()[0])
    if total <= offset:
        return [], total
    # The page is found on the index (newest first puts the undated last, as SQLite sorts NULL
    # first) and only its rows are read: skipping `offset` rows never reads their text.
    rows = conn.execute(
        f"""SELECT id, url, source, kind, outlet, title, published, published_precision, dateline, wire, authors, language,
                   words, reading_minutes, key_terms, summary, reference_time
            FROM articles WHERE rowid IN (SELECT rowid FROM articles{sql} ORDER BY published_day DESC, id LIMIT ? OFFSET ?)
            ORDER BY published_day DESC, id""",
        [*args, limit, offset]).fetchall()
    return [_article(r) for r in rows], total


def article_detail(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """One article with its text, the actors it names (offsets), the events it tells (the
    sentences' offsets), its story, its original if it is a copy, and its copies."""
    row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    data = _article(row)
    data["actor_mentions"] = [dict(r) for r in conn.execute(
        """SELECT m.start, m.end, m.text, m.actor_id, m.how, m.role, x.name, x.kind, x.country
           FROM actor_mentions m JOIN actors x ON x.id = m.actor_id WHERE m.article_id = ? ORDER BY m.start""", (article_id,))]
    data["events"] = [dict(r) for r in conn.execute(
        """SELECT id, type, mode, date, start, end, sentence, trigger, negated, hypothetical, event_id
           FROM event_mentions WHERE article_id = ? ORDER BY start, id""", (article_id,))]
    for e in data["events"]:
        e["negated"], e["hypothetical"] = bool(e["negated"]), bool(e["hypothetical"])
    story = conn.execute("SELECT s.story_id, s.reason, t.title FROM story_articles s LEFT JOIN stories t ON t.id = s.story_id "
                         "WHERE s.article_id = ?", (article_id,)).fetchone()
    data["story"] = {"id": story["story_id"], "title": story["title"], "reason": story["reason"]} if story else None
    original = conn.execute("""SELECT c.original_id, c.containment, a.title, a.outlet FROM article_copies c
                               JOIN articles a ON a.id = c.original_id WHERE c.article_id = ?""", (article_id,)).fetchone()
    data["copy_of"] = dict(original) if original else None
    data["copies"] = [dict(r) for r in conn.execute(
        """SELECT c.article_id AS id, c.containment, a.title, a.outlet FROM article_copies c
           JOIN articles a ON a.id = c.article_id WHERE c.original_id = ? ORDER BY a.published, a.id""", (article_id,))]
    return data


def actor_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Of every actor: (event mentions it takes part in, articles naming it). Counted over the
    whole store, so kept until the store changes (see `memoised`)."""
    def count() -> dict[str, tuple[int, int]]:
        events = dict(conn.execute("SELECT actor_id, COUNT(*) FROM event_participants WHERE actor_id IS NOT NULL "
                                   "GROUP BY actor_id").fetchall())
        articles = dict(conn.execute("SELECT actor_id, COUNT(DISTINCT article_id) FROM actor_mentions GROUP BY actor_id").fetchall())
        return {a: (events.get(a, 0), articles.get(a, 0)) for a in {*events, *articles}}

    return memoised(conn, ("actor_counts",), count)


def counterpart_counts(conn: sqlite3.Connection) -> dict[str, list[tuple[str, int]]]:
    """For every actor on a side of an asserted event, the other actors on its events with how
    many events each, most first. One pass over the whole store (a second or two for 300,000
    events), kept until the store changes: cheaper than one pass per actor page for the
    United States alone."""
    def count() -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        for actor, other, n in conn.execute(
                """SELECT s.actor_id, o.actor_id, COUNT(DISTINCT o.event_id)
                   FROM event_sides s JOIN event_sides o ON o.event_id = s.event_id AND o.actor_id != s.actor_id
                   JOIN events e ON e.id = s.event_id WHERE e.asserted = 1 GROUP BY 1, 2"""):
            out.setdefault(actor, []).append((other, n))
        for pairs in out.values():
            pairs.sort(key=lambda p: (-p[1], p[0]))
        return out

    return memoised(conn, ("counterpart_counts",), count)


def warm(conn: sqlite3.Connection) -> None:
    """Count the whole-store aggregates now (a server calls this at start, in the background),
    so that the first readers of the front page and the actor pages do not wait for them."""
    store_counts(conn)
    actor_counts(conn)
    counterpart_counts(conn)


def actor_page(conn: sqlite3.Connection, kind: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Actors by how many events they take part in: (rows, total)."""
    where, args = "", []
    if kind:
        where, args = " WHERE x.kind = ?", [kind]
    counts = actor_counts(conn)
    ids = [r[0] for r in conn.execute(f"SELECT x.id FROM actors x{where}", args)]
    ids.sort(key=lambda i: (-counts.get(i, (0, 0))[0], -counts.get(i, (0, 0))[1], i))
    page = ids[offset:offset + limit]
    rows = {r["id"]: r for r in conn.execute(
        f"SELECT id, name, kind, country, wikidata FROM actors WHERE id IN ({', '.join('?' for _ in page)})", page)}
    return [{**dict(rows[i]), "events": counts.get(i, (0, 0))[0], "articles": counts.get(i, (0, 0))[1]} for i in page], len(ids)


def actor_detail(conn: sqlite3.Connection, actor_id: str, counterparts: int = 15) -> dict[str, Any] | None:
    """One actor: what the store knows of it, how many articles name it, and the actors it
    meets most often in events (either side)."""
    row = conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if row is None:
        return None
    data = dict(row)
    data["articles"] = actor_counts(conn).get(actor_id, (0, 0))[1]
    data["roles_seen"] = [dict(r) for r in conn.execute(
        """SELECT m.role, MIN(a.published_day) AS first, MAX(a.published_day) AS last, COUNT(*) AS mentions
           FROM actor_mentions m JOIN articles a ON a.id = m.article_id
           WHERE m.actor_id = ? AND m.role IS NOT NULL GROUP BY m.role ORDER BY first""", (actor_id,))]

    side = conn.execute("SELECT COALESCE(country, id) FROM actors WHERE id = ? AND kind = 'person'",
                        (actor_id,)).fetchone()
    ranked = counterpart_counts(conn).get(side[0] if side else actor_id, [])[:counterparts]
    names = {r["id"]: r for r in conn.execute(
        f"SELECT id, name, kind FROM actors WHERE id IN ({', '.join('?' for _ in ranked)})", [i for i, _ in ranked])}
    data["counterparts"] = [{"id": i, "name": names[i]["name"] if i in names else None,
                             "kind": names[i]["kind"] if i in names else None, "events": n} for i, n in ranked]
    return data


def failure_page(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    total = conn.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
    rows = conn.execute("SELECT id, source, code, reason, failed_at FROM failures ORDER BY id LIMIT ? OFFSET ?",
                        (limit, offset)).fetchall()
    return [dict(r) for r in rows], total


RANK_WINDOW = 5000  # most matches ranked for one query: the latest stored, when there are more


def search_page(conn: sqlite3.Connection, query: str, limit: int = 20, offset: int = 0) -> tuple[list[dict[str, Any]], int, int]:
    """Ranked full-text matches with highlighted snippets (between U+E000 and U+E001 marks, so
    that a page can escape the text and still highlight): (rows, matches, ranked). A query
    matching more than RANK_WINDOW articles ranks the RANK_WINDOW stored last (ranking costs a
    few microseconds a match: 50,000 matches would take a tenth of a second), and pages walk
    those. Only the page's matches get a snippet (making one reads the article's text)."""
    try:
        total = memoised(conn, ("search", query), lambda: conn.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,)).fetchone()[0])
        ranked = min(total, RANK_WINDOW)
        if ranked <= offset:
            return [], total, ranked
        floor = 0
        if total > RANK_WINDOW:
            floor = conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC "
                                 "LIMIT 1 OFFSET ?", (query, RANK_WINDOW - 1)).fetchone()[0]
        page = _ranked(conn, query, min(limit, ranked - offset), offset, floor)
        marks = ", ".join("?" for _ in page)
        # snippets from the index alone (joined to articles, SQLite reads every match instead)
        snippets = {r[0]: (r[1], r[2]) for r in conn.execute(
            f"""SELECT rowid, snippet(articles_fts, 1, char(57344), char(57345), ' … ', 16),
                       bm25(articles_fts, 5.0, 1.0)
                FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN ({marks})""", (query, *page))}
        heads = {r["rowid"]: r for r in conn.execute(
            f"SELECT rowid, id, title, outlet, published, url FROM articles WHERE rowid IN ({marks})", page)}
        rows = [{**{k: heads[i][k] for k in ("id", "title", "outlet", "published", "url")},
                 "snippet": snippets[i][0], "rank": snippets[i][1]} for i in page if i in heads and i in snippets]
    except sqlite3.OperationalError as exc:
        from ..errors import QueryError

        raise QueryError(f"bad search query {query!r} ({exc})") from exc
    return rows, total, ranked


def _ranked(conn: sqlite3.Connection, query: str, limit: int, offset: int, floor: int = 0) -> list[int]:
    """The rowids of one page of matches in order of rank, then article id. Ranks are sorted
    without reading the articles; only matches tied with the page's last rank are looked up
    for their ids (reading an article row for every match would cost more than ranking)."""
    wanted, fetch = offset + limit, offset + limit + 16
    while True:
        ranked = conn.execute("""SELECT rowid, bm25(articles_fts, 5.0, 1.0) AS rank FROM articles_fts
                                 WHERE articles_fts MATCH ? AND rowid >= ? ORDER BY rank LIMIT ?""",
                              (query, floor, fetch)).fetchall()
        if len(ranked) < fetch or ranked[-1][1] > ranked[wanted - 1][1]:
            break  # every match tied with the last wanted one is among those fetched
        fetch *= 4
    if len(ranked) >= wanted:
        ranked = [r for r in ranked if r[1] <= ranked[wanted - 1][1]]
    ids = dict(conn.execute(f"SELECT rowid, id FROM articles WHERE rowid IN ({', '.join('?' for _ in ranked)})",
                            [r[0] for r in ranked]).fetchall())
    ranked.sort(key=lambda r: (r[1], ids.get(r[0]) or ""))
    return [r[0] for r in ranked[offset:wanted]]


def store_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many articles, stories, events, actors and failures the store holds (kept until it changes)."""
    def count() -> dict[str, int]:
        return dict(conn.execute("""SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM stories) AS stories,
                                           (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM actors) AS actors,
                                           (SELECT COUNT(*) FROM failures) AS failures""").fetchone())

    return dict(memoised(conn, ("store_counts",), count))


def actor_names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The name and kind of each known actor among ids (for pages that show events by actor id)."""
    wanted = sorted({i for i in ids if i})
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for r in conn.execute(f"SELECT id, name, kind, country FROM actors WHERE id IN ({marks})", chunk):
            out[r["id"]] = dict(r)
    return out


def actor_choices(conn: sqlite3.Connection, limit: int = 2000) -> list[dict[str, Any]]:
    """Actor ids and names by name, for the pick lists of a filter form."""
    return [dict(r) for r in conn.execute("SELECT id, name FROM actors ORDER BY name COLLATE NOCASE, id LIMIT ?", (limit,))]
