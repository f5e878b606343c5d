"""The web pages: each route reads its query, asks `context` for the same object the JSON
API returns, and renders it with a template (render.py). Pages need no JavaScript; the
events a filter selects can be downloaded whole as CSV or JSON Lines (downloads.py).

    /                      stories, latest first          /events           filterable events table
    /stories/{id}          one story                      /events.csv       the filtered events, all of them
    /articles              articles, newest first         /events.jsonl     the same as JSON Lines
    /articles/{id}         one article, highlighted       /search?q=        full-text search
    /actors                actors by events               /docs             the API, from its OpenAPI schema
    /actors/{id}           one actor                      /failures         inputs that could not be stored
    /dyads/{a}/{b}         two actors month by month      /static/{name}    the style sheet and icon
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Annotated, Any, Iterable, Optional

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..errors import NotFoundError, SettingError, TidingsError
from . import context
from .app import connection
from .render import link, pager, path, render, render_error

__all__ = ["router", "render_error"]  # what app.py takes from here
router = APIRouter(include_in_schema=False)
Conn = Annotated[sqlite3.Connection, Depends(connection)]
Day = Annotated[Optional[str], Query(max_length=10)]
Id = Annotated[Optional[str], Query(max_length=100)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".js": "text/javascript; charset=utf-8"}
PAGE_SIZES = (25, 50, 100, 200)


def _blank(value: str | None) -> str | None:
    """An empty form field means no filter."""
    value = value.strip() if value is not None else None
    return value or None


def _names(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    from ..store.web import actor_names

    return actor_names(conn, list(ids))


def _event_actors(events: Iterable[dict[str, Any]]) -> list[str]:
    return [a for e in events for a in [*(e.get("actors") or []), *(e.get("recipients") or [])]]


@lru_cache(maxsize=None)
def _static_files() -> dict[str, bytes]:
    from importlib.resources import files

    folder = files("tidings.web") / "static"
    return {f.name: f.read_bytes() for f in folder.iterdir() if f.is_file() and f.name[f.name.rfind("."):] in STATIC_TYPES}


@router.get("/static/{name}")
def static(name: str) -> Response:
    body = _static_files().get(name)
    if body is None:
        raise NotFoundError(f"no file {name!r}")
    return Response(body, media_type=STATIC_TYPES[name[name.rfind("."):]],
                    headers={"Cache-Control": "public, max-age=3600"})


# ── stories ──────────────────────────────────────────────────────────────────
@router.get("/")
def stories_page(request: Request, conn: Conn, since: Day = None, until: Day = None, actor: Id = None,
                 limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0):
    since, until, actor = _blank(since), _blank(until), _blank(actor)
    page = context.stories(conn, since, until, actor, limit, offset)
    params = [("since", since), ("until", until), ("actor", actor)]
    return render(request, "stories.html", title="Stories", page=page, pager=pager("/", params, page),
                  counts=context.overview(conn), names=_names(conn, [a for s in page["items"] for a in s["actors"]]))


@router.get("/stories/{story_id}")
def story_page(request: Request, conn: Conn, story_id: str):
    story = context.story(conn, story_id)
    ids = [*story["actors"], *_event_actors(story["events"])]
    return render(request, "story.html", title=story["title"] or "Story", story=story, names=_names(conn, ids))


# ── articles ─────────────────────────────────────────────────────────────────
@router.get("/articles")
def articles_page(request: Request, conn: Conn, since: Day = None, until: Day = None,
                  outlet: Annotated[Optional[str], Query(max_length=200)] = None,
                  limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Offset = 0):
    since, until, outlet = _blank(since), _blank(until), _blank(outlet)
    page = context.articles(conn, since, until, outlet, limit, offset)
    params = [("since", since), ("until", until), ("outlet", outlet)]
    return render(request, "articles.html", title="Articles", page=page, pager=pager("/articles", params, page),
                  since=since or "", until=until or "", outlet=outlet or "")


@router.get("/articles/{article_id}")
def article_page(request: Request, conn: Conn, article_id: str):
    from .text import article_body

    article = context.article(conn, article_id)
    body = article_body(article.get("text") or "", article["actor_mentions"], article["events"], article.get("summary") or [])
    named: dict[str, dict[str, Any]] = {}
    for m in article["actor_mentions"]:
        entry = named.setdefault(m["actor_id"], {"id": m["actor_id"], "name": m["name"], "kind": m["kind"], "count": 0})
        entry["count"] += 1
    actors = sorted(named.values(), key=lambda a: (-a["count"], a["name"] or a["id"]))
    return render(request, "article.html", title=article.get("title") or "Article", article=article, body=body,
                  actors=actors)


# ── actors and dyads ─────────────────────────────────────────────────────────
@router.get("/actors")
def actors_page(request: Request, conn: Conn, kind: Annotated[Optional[str], Query(max_length=20)] = None,
                limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Offset = 0):
    kind = _blank(kind)
    page = context.actors(conn, kind, limit, offset)
    return render(request, "actors.html", title="Actors", page=page, kind=kind or "",
                  pager=pager("/actors", [("kind", kind)], page))


@router.get("/actors/{actor_id}")
def actor_page(request: Request, conn: Conn, actor_id: str):
    actor = context.actor(conn, actor_id)
    # events are coded between countries, so a person's counterparts meet the country they serve
    side = actor["country"] if actor.get("kind") == "person" and actor.get("country") else actor["id"]
    ids = [side, *(c["id"] for c in actor["counterparts"]), *_event_actors(actor["recent_events"])]
    return render(request, "actor.html", title=actor.get("name") or actor["id"], actor=actor, side=side,
                  names=_names(conn, ids))


@router.get("/dyads/{a}/{b}")
def dyad_page(request: Request, conn: Conn, a: str, b: str, since: Day = None, until: Day = None,
              limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Offset = 0):
    from .charts import dyad_charts

    since, until = _blank(since), _blank(until)
    names = _names(conn, [a, b])
    for who in (a, b):
        if who not in names:
            raise NotFoundError(f"no actor {who!r}")
    dyad = context.dyad(conn, a, b, since, until, limit, offset)
    names.update(_names(conn, _event_actors(dyad["events"])))
    title = f"{names[a]['name'] or a} and {names[b]['name'] or b}"
    return render(request, "dyad.html", title=title, dyad=dyad, names=names, charts=dyad_charts(dyad["months"]),
                  since=since or "", until=until or "",
                  pager=pager(f"/dyads/{path(a)}/{path(b)}", [("since", since), ("until", until)], {**dyad, "items": dyad["events"]}))


# ── search ───────────────────────────────────────────────────────────────────
@router.get("/search")
def search_page(request: Request, conn: Conn, q: Annotated[Optional[str], Query(max_length=500)] = None,
                limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0):
    from .text import snippet_pieces

    query = (q or "").strip()
    if not query:
        return render(request, "search.html", title="Search", q="", page=None, problem=None)
    try:
        page = context.search(conn, query, limit, offset)
    except TidingsError as exc:  # an FTS syntax error is the user's to fix, not a crash
        return render(request, "search.html", status=400, title="Search", q=query, page=None, problem=exc.message)
    for item in page["items"]:
        item["pieces"] = snippet_pieces(item.get("snippet"))
    return render(request, "search.html", title=f"Search: {query}", q=query, page=page, problem=None,
                  pager=pager("/search", [("q", query)], page))


# ── events and their downloads ───────────────────────────────────────────────
def event_filters(actor: Id = None, with_: Annotated[Optional[str], Query(alias="with", max_length=100)] = None,
                  type: Annotated[Optional[list[str]], Query()] = None, since: Day = None, until: Day = None,
                  outlet: Annotated[Optional[str], Query(max_length=200)] = None,
                  min_outlets: Annotated[Optional[str], Query(max_length=6)] = None) -> dict[str, Any]:
    """The events filters of a query string, as `context.events` takes them (empty fields dropped)."""
    fewest = _blank(min_outlets)
    if fewest is not None:
        if not fewest.isdigit() or int(fewest) < 1:
            raise SettingError(f"min_outlets must be a whole number of 1 or more, not {fewest!r}")
    types = [t for t in (type or []) if t.strip()]
    return {"actor": _blank(actor), "with_": _blank(with_), "types": types or None, "since": _blank(since),
            "until": _blank(until), "outlet": _blank(outlet), "min_outlets": int(fewest) if fewest else None}


def _event_params(filters: dict[str, Any], types: list[str] | None) -> list[tuple[str, Any]]:
    """The filters as query-string pairs, types one pair each."""
    return [("actor", filters["actor"]), ("with", filters["with_"]), *(("type", t) for t in types or []),
            ("since", filters["since"]), ("until", filters["until"]), ("outlet", filters["outlet"]),
            ("min_outlets", filters["min_outlets"])]


@router.get("/events")
def events_page(request: Request, conn: Conn, filters: Annotated[dict, Depends(event_filters)],
                limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Offset = 0):
    from ..events.records import QUAD
    from ..store.web import actor_choices
    from .charts import QUADS, QUAD_CLASS
    from .downloads import MAX_ROWS

    page = context.events(conn, **filters, limit=limit, offset=offset)
    types = page["filters"].get("types") or []
    params = _event_params(filters, types)
    groups = [{"name": q, "cls": QUAD_CLASS[q], "types": [t for t in context.TYPES if QUAD[t] == q]} for q in QUADS]
    return render(request, "events.html", title="Events", page=page, filters=filters, types=types, groups=groups,
                  limit=limit, sizes=PAGE_SIZES, pager=pager("/events", [*params, ("limit", limit)], page),
                  csv_url=link("/events.csv", params), api_url=link("/api/events", params), jsonl_url=link("/events.jsonl", params), max_rows=MAX_ROWS,
                  names=_names(conn, _event_actors(page["items"])), choices=actor_choices(conn))


def _download(request: Request, filters: dict[str, Any], kind: str) -> StreamingResponse:
    from .downloads import EventExport

    export = EventExport(request.app.state.store.path, filters)
    body, media = (export.csv(), "text/csv; charset=utf-8") if kind == "csv" else (export.jsonl(), "application/x-ndjson")
    return StreamingResponse(body, media_type=media, headers=export.headers(f"tidings-events.{kind}"))


@router.get("/events.csv")
def events_csv(request: Request, filters: Annotated[dict, Depends(event_filters)]):
    return _download(request, filters, "csv")


@router.get("/events.jsonl")
def events_jsonl(request: Request, filters: Annotated[dict, Depends(event_filters)]):
    return _download(request, filters, "jsonl")


# ── the API's documentation and the failures ─────────────────────────────────
@router.get("/docs")
def docs_page(request: Request):
    from .apidocs import endpoints
    from .downloads import COLUMNS, MAX_ROWS

    schema = request.app.openapi()
    return render(request, "docs.html", title="API documentation", info=schema.get("info", {}),
                  endpoints=endpoints(schema), columns=COLUMNS, max_rows=MAX_ROWS)


@router.get("/failures")
def failures_page(request: Request, conn: Conn, limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Offset = 0):
    page = context.failures(conn, limit, offset)
    return render(request, "failures.html", title="Failures", page=page, pager=pager("/failures", [], page))
