"""Writing articles and failures, and the queries behind the CLI's read commands."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator

from ..errors import StoreError
from ..records import Article, Failure
from .events import day_bounds

_JSON_LISTS = ("authors", "wire", "tags", "warnings")
ARTICLE_COLUMNS = (
    "id", "url", "body_hash", "source", "kind", "outlet", "title", "text", "published", "published_day",
    "published_precision", "published_from", "authors", "dateline", "wire", "tags", "language", "warnings",
    "reference_time", "words", "ingested_at",
)


def body_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:32]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _row(article: Article, now: str) -> tuple[Any, ...]:
    return (
        article.id, article.url, body_hash(article.text), article.source, article.kind, article.outlet,
        article.title, article.text, article.published, (article.published or "")[:10] or None,
        article.published_precision, article.published_from, json.dumps(list(article.authors), ensure_ascii=False),
        article.dateline, json.dumps(list(article.wire)), json.dumps(list(article.tags), ensure_ascii=False),
        article.language, json.dumps(list(article.warnings), ensure_ascii=False), article.reference_time,
        article.words, now,
    )


def save_articles(conn: sqlite3.Connection, articles: Iterable[Article], failures: Iterable[Failure] = (),
                  coded: Iterable[Any] = (), coder_version: str = "", new_ids: list[str] | None = None,
                  digests: dict[str, tuple[str, list[str], float]] | None = None) -> tuple[int, int]:
    """Store a batch in one transaction: (new articles, copies already stored).

    An article whose id is already stored is skipped, so ingesting the same input
    twice changes nothing; a source that now succeeds loses its old failure row. `coded`
    holds the coding of some of the articles (objects with article_id, events,
    actor_mentions, skipped and warnings); that of each new article is stored with it.
    The ids of the new articles are appended to `new_ids` when a list is given.
    """
    from .events import save_coded

    now = _now()
    added = skipped = 0
    placeholders = ", ".join("?" for _ in ARTICLE_COLUMNS)
    new_ids_set = set()
    try:
        conn.execute("BEGIN IMMEDIATE")
        for article in articles:
            cursor = conn.execute(
                f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({placeholders}) ON CONFLICT (id) DO NOTHING",
                _row(article, now),
            )
            if cursor.rowcount:
                added += 1
                new_ids_set.add(article.id)
                conn.execute("DELETE FROM failures WHERE source = ?", (article.source,))
            else:
                skipped += 1
        for failure in failures:
            _insert_failure(conn, failure, now)
        for c in coded:
            if c.article_id in new_ids_set:
                save_coded(conn, c.article_id, c.events, c.actor_mentions, coder_version, c.skipped, c.warnings)
        if digests:
            from .stories import save_digests

            save_digests(conn, [(i, *digests[i]) for i in sorted(new_ids_set) if i in digests])
        conn.execute("COMMIT")
        if new_ids is not None:
            new_ids.extend(sorted(new_ids_set))
    except (sqlite3.Error, StoreError) as exc:
        conn.execute("ROLLBACK")
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"could not store the batch ({exc})") from exc
    return added, skipped


def article_ids(conn: sqlite3.Connection) -> list[str]:
    """Every stored article's id, in the order they were stored."""
    return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY rowid")]


def source_stored(conn: sqlite3.Connection, source: str) -> bool:
    """Has an article from this input (path, URL or archive record) been stored?"""
    return conn.execute("SELECT 1 FROM articles WHERE source = ? LIMIT 1", (source,)).fetchone() is not None


def load_articles(conn: sqlite3.Connection, ids: Iterable[str]) -> list[Article]:
    """Stored articles as Article records, in the order of ids (missing ids are left out)."""
    ids = list(ids)
    rows = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
            rows[row["id"]] = _article(row)
    fields = set(Article.__dataclass_fields__)
    out = []
    for i in ids:
        if i in rows:
            data = {k: v for k, v in rows[i].items() if k in fields}
            for key in _JSON_LISTS:
                data[key] = tuple(data.get(key) or ())
            out.append(Article(**data))
    return out


def record_failure(conn: sqlite3.Connection, failure: Failure) -> None:
    save_articles(conn, [], [failure])


def _insert_failure(conn: sqlite3.Connection, failure: Failure, now: str) -> None:
    conn.execute(
        "INSERT INTO failures (source, code, reason, failed_at) VALUES (?, ?, ?, ?) ON CONFLICT (source, code) DO NOTHING",
        (failure.source, failure.code, failure.reason, now),
    )


def _article(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    for key in (*_JSON_LISTS, "key_terms", "summary"):
        if key in data and isinstance(data[key], str):
            data[key] = json.loads(data[key])
    return data


def article_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Ranked full-text matches (FTS5 query syntax) with highlighted snippets."""
    try:
        rows = conn.execute(
            """SELECT a.id, a.title, a.outlet, a.published, a.url, a.source,
                      snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snippet,
                      bm25(articles_fts, 5.0, 1.0) AS rank
               FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
               WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",
            (query, limit),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"bad search query {query!r} ({exc})") from exc
    return [dict(r) for r in rows]


def article_filters(since: str | None, until: str | None, outlet: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause (empty, or starting with a space) and its arguments for articles
    published from since to until (days, months or years) by an outlet (any case)."""
    since, until = day_bounds(since, until)
    where, args = [], []
    if since:
        where.append("published_day >= ?")
        args.append(since[:10])
    if until:
        where.append("published_day <= ?")
        args.append(until[:10])
    if outlet:
        where.append("outlet = ? COLLATE NOCASE")
        args.append(outlet)
    return (f" WHERE {' AND '.join(where)}" if where else ""), args


def list_articles(conn: sqlite3.Connection, since: str | None = None, until: str | None = None,
                  outlet: str | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
    """Articles newest first, filtered by publication day and outlet."""
    where, args = article_filters(since, until, outlet)
    sql = "SELECT * FROM articles" + where
    sql += " ORDER BY published_day IS NULL, published_day DESC, id"
    if limit:
        sql += " LIMIT ?"
        args.append(limit)
    return [_article(r) for r in conn.execute(sql, args)]


def failure_rows(conn: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT source, code, reason, failed_at FROM failures ORDER BY id"
    return [dict(r) for r in conn.execute(sql + (f" LIMIT {int(limit)}" if limit else ""))]


def export_rows(conn: sqlite3.Connection, table: str) -> Iterator[dict[str, Any]]:
    """Every row of articles, failures or events (as nested records), streamed, for exports."""
    if table == "articles":
        for row in conn.execute("SELECT * FROM articles ORDER BY rowid"):
            yield _article(row)
    elif table == "failures":
        yield from (dict(r) for r in conn.execute("SELECT * FROM failures ORDER BY id"))
    elif table == "events":
        from .events import export_event_rows

        yield from export_event_rows(conn)
    else:
        raise StoreError(f"no table {table!r}; choose articles, failures or events")
