"""The JSON API: read-only views of the store, each the context object of one page.

Context objects hold only what JSON holds (they are read from the store), so every endpoint
hands its object to `Json` and skips FastAPI's generic encoder, which walks every value in
Python first and costs more than the query behind a typical page."""

from __future__ import annotations

import json
import sqlite3
from typing import Annotated, Any, Optional

from fastapi import APIRouter, Depends, Query
from starlette.responses import JSONResponse

from . import context
from .app import connection



class Json(JSONResponse):
    """A JSON answer written by the standard library's C encoder, UTF-8 as it is."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


router = APIRouter(prefix="/api", tags=["api"], default_response_class=Json)
Conn = Annotated[sqlite3.Connection, Depends(connection)]
Limit = Annotated[int, Query(ge=1, le=context.MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many items first.")]
Day = Annotated[Optional[str], Query(max_length=10, description="A day, month or year: YYYY-MM-DD, YYYY-MM or YYYY.")]
Actor = Annotated[Optional[str], Query(max_length=100, description="An actor id: JPN, UN, sanae-takaichi.")]


@router.get("", summary="What the store holds, and where to look")
def overview(conn: Conn) -> dict[str, Any]:
    counts = context.overview(conn)
    return {"counts": counts, "links": {name: f"/api/{name}" for name in
                                        ("articles", "events", "stories", "actors", "search", "failures")}}


@router.get("/articles", summary="Articles, newest first")
def articles(conn: Conn, since: Day = None, until: Day = None,
             outlet: Annotated[Optional[str], Query(max_length=200)] = None, limit: Limit = 50, offset: Offset = 0):
    return Json(context.articles(conn, since, until, outlet, limit, offset))


@router.get("/articles/{article_id}", summary="One article: text, actors named, events told, story, copies")
def article(conn: Conn, article_id: str):
    return Json(context.article(conn, article_id))


@router.get("/events", summary="Merged events (each happening once, with all its mentions), newest first")
def events(conn: Conn, actor: Actor = None, with_: Annotated[Optional[str], Query(alias="with", max_length=100,
                                                                                description="Another actor the event involves.")] = None,
           type: Annotated[Optional[list[str]], Query(description="PLOVER type(s); repeat or comma-separate.")] = None,
           since: Day = None, until: Day = None, outlet: Annotated[Optional[str], Query(max_length=200)] = None,
           min_outlets: Annotated[Optional[int], Query(ge=1, le=10_000, description="Told by at least this many outlets.")] = None,
           limit: Limit = 50, offset: Offset = 0):
    return Json(context.events(conn, actor, with_, type, since, until, outlet, min_outlets, limit, offset))


@router.get("/stories", summary="Stories, latest first")
def stories(conn: Conn, since: Day = None, until: Day = None, actor: Actor = None, limit: Limit = 20, offset: Offset = 0):
    return Json(context.stories(conn, since, until, actor, limit, offset))


@router.get("/stories/{story_id}", summary="One story: summary, outlets, articles and why, events, related stories")
def story(conn: Conn, story_id: str):
    return Json(context.story(conn, story_id))


@router.get("/actors", summary="Actors by how many events they take part in")
def actors(conn: Conn, kind: Annotated[Optional[str], Query(pattern="^(person|country|organisation)$")] = None,
           limit: Limit = 50, offset: Offset = 0):
    return Json(context.actors(conn, kind, limit, offset))


@router.get("/actors/{actor_id}", summary="One actor: offices over time, counterparts, latest events")
def actor(conn: Conn, actor_id: str):
    return Json(context.actor(conn, actor_id))


@router.get("/dyads/{a}/{b}", summary="Events between two actors by month and type, with a cooperation/conflict "
                                      "score; one page of their events, newest first")
def dyad(conn: Conn, a: str, b: str, since: Day = None, until: Day = None, limit: Limit = 50, offset: Offset = 0):
    return Json(context.dyad(conn, a, b, since, until, limit, offset))


@router.get("/search", summary="Full-text search; snippet highlights lie between U+E000 and U+E001")
def search(conn: Conn, q: Annotated[str, Query(max_length=500, description="FTS5 query: words, \"phrases\", AND/OR/NOT, prefix*.")],
           limit: Limit = 20, offset: Offset = 0):
    return Json(context.search(conn, q, limit, offset))


@router.get("/failures", summary="Inputs that could not be stored, with their reasons")
def failures(conn: Conn, limit: Limit = 50, offset: Offset = 0):
    return Json(context.failures(conn, limit, offset))
