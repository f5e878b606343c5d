"""The context objects of every API answer and web page: plain dicts built from the store,
one function per view, so that `/api/stories` and the stories page show the same thing."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import Any

from ..errors import NotFoundError, SettingError

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MAX_LIMIT = 500
DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int, **filters: Any) -> dict[str, Any]:
    """A page of a list: the items, the total, and the limit and offset to ask for the next."""
    following = offset + limit if offset + limit < total else None
    return {"total": total, "limit": limit, "offset": offset, "next_offset": following,
            "filters": {k: v for k, v in filters.items() if v not in (None, "", [], ())}, "items": items}


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise SettingError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise SettingError(f"offset must be 0 or more, not {offset}")


def _real_day(value: str) -> bool:
    if not DAY.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return False
    return True


def check_days(since: str | None, until: str | None) -> None:
    """Both bounds name a day, month or year that exists: YYYY-MM-DD, YYYY-MM or YYYY."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and not _real_day(value):
            raise SettingError(f"{name} must be a day, month or year that exists (YYYY-MM-DD, YYYY-MM or YYYY), not {value!r}")


def _types(types: list[str] | None) -> list[str] | None:
    if not types:
        return None
    wanted = sorted({t.strip().upper() for value in types for t in value.split(",") if t.strip()})
    unknown = [t for t in wanted if t not in TYPES]
    if unknown:
        raise SettingError(f"unknown event type(s) {', '.join(unknown)}; choose from {', '.join(TYPES)}")
    return wanted


def overview(conn: sqlite3.Connection) -> dict[str, Any]:
    from ..store.web import store_counts

    return store_counts(conn)


def stories(conn: sqlite3.Connection, since: str | None = None, until: str | None = None, actor: str | None = None,
            limit: int = 20, offset: int = 0) -> dict[str, Any]:
    from ..store.stories import list_stories

    check_page(limit, offset)
    check_days(since, until)
    rows, total = list_stories(conn, since, until, actor, limit, offset)
    return _page(rows, total, limit, offset, since=since, until=until, actor=actor)


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any]:
    from ..store.stories import story_detail

    data = story_detail(conn, story_id)
    if data is None:
        raise NotFoundError(f"no story {story_id!r}")
    return data


def articles(conn: sqlite3.Connection, since: str | None = None, until: str | None = None, outlet: str | None = None,
             limit: int = 50, offset: int = 0) -> dict[str, Any]:
    from ..store.web import article_page

    check_page(limit, offset)
    check_days(since, until)
    rows, total = article_page(conn, since, until, outlet, limit, offset)
    return _page(rows, total, limit, offset, since=since, until=until, outlet=outlet)


def article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    from ..store.web import article_detail

    data = article_detail(conn, article_id)
    if data is None:
        raise NotFoundError(f"no article {article_id!r}")
    return data


def events(conn: sqlite3.Connection, actor: str | None = None, with_: str | None = None, types: list[str] | None = None,
           since: str | None = None, until: str | None = None, outlet: str | None = None, min_outlets: int | None = None,
           limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Merged events (each happening once, with its mentions), newest first."""
    from ..store.stories import merged_events

    check_page(limit, offset)
    check_days(since, until)
    wanted = _types(types)
    rows, total = merged_events(conn, actor=actor, with_=with_, since=since, until=until, limit=limit, offset=offset,
                                newest_first=True, types=wanted, outlet=outlet, min_outlets=min_outlets)
    return _page(rows, total, limit, offset, actor=actor, types=wanted, since=since, until=until,
                 outlet=outlet, min_outlets=min_outlets, **{"with": with_})


def actors(conn: sqlite3.Connection, kind: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    from ..store.web import actor_page

    check_page(limit, offset)
    if kind and kind not in ("person", "country", "organisation"):
        raise SettingError(f"kind must be person, country or organisation, not {kind!r}")
    rows, total = actor_page(conn, kind, limit, offset)
    return _page(rows, total, limit, offset, kind=kind)


def actor(conn: sqlite3.Connection, actor_id: str, recent: int = 20) -> dict[str, Any]:
    """One actor: its offices over time (from the dictionary for a person), the actors it
    deals with most, and its latest events."""
    from ..actors import dictionary
    from ..store.stories import merged_events
    from ..store.web import actor_detail

    data = actor_detail(conn, actor_id)
    if data is None:
        raise NotFoundError(f"no actor {actor_id!r}")
    person = dictionary().people.get(actor_id)
    data["roles"] = [] if person is None else [
        {"title": r.title, "office": r.office, "where": r.country, "from": r.start.isoformat(),
         "to": r.end.isoformat() if r.end else None} for r in sorted(person.roles, key=lambda r: r.start)]
    data["recent_events"], data["events_total"] = merged_events(conn, actor=actor_id, limit=recent, newest_first=True)
    return data


def dyad(conn: sqlite3.Connection, a: str, b: str, since: str | None = None, until: str | None = None,
         limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Two actors month by month (every month), and one page of their events, newest first."""
    from ..store.stories import dyad as run

    check_days(since, until)
    check_page(limit, offset)
    if a == b:
        raise SettingError("a dyad needs two different actors")
    data = run(conn, a, b, since, until, limit=limit, offset=offset, newest_first=True)
    following = offset + limit if offset + limit < data["total"] else None
    return {**data, "limit": limit, "offset": offset, "next_offset": following}


def search(conn: sqlite3.Connection, q: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full-text matches; each snippet marks its highlights between U+E000 and U+E001. `total`
    counts the ranked matches that pages walk, `matches` every match (more when only the latest
    RANK_WINDOW of a very common query are ranked)."""
    from ..store.web import search_page

    check_page(limit, offset)
    if not q.strip():
        return {**_page([], 0, limit, offset, q=q), "matches": 0}
    rows, matches, ranked = search_page(conn, q, limit, offset)
    return {**_page(rows, ranked, limit, offset, q=q), "matches": matches}


def failures(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    from ..store.web import failure_page

    check_page(limit, offset)
    rows, total = failure_page(conn, limit, offset)
    return _page(rows, total, limit, offset)
