"""Answers kept until the store changes.

The server only reads the store, and the store changes only when something is ingested, so an
answer to a GET stays right until the next commit. `ResponseCache` (ASGI middleware) keeps
successful answers, keyed by path and query, each stamped with the store's data version
(`PRAGMA data_version` on a connection of its own, which changes whenever any other connection,
in any process, commits). A stamp that no longer matches is a miss. Every kept answer carries
an ETag, so a browser that sends it back in If-None-Match gets a bodiless 304.

Requests for an answer that is being made wait for it instead of making it again (after an
ingest, fifty readers of the front page cost one query, not fifty).

Bounded: at most `budget` bytes of bodies, least recently used dropped first; an answer larger
than a sixteenth of the budget (a big CSV download, say) passes through without being kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

HEADER = b"x-tidings-cache"


class _Version:
    """The store's data version, read on a connection of the cache's own (event loop only)."""

    def __init__(self, db: Path) -> None:
        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)

    def __call__(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]


class ResponseCache:
    def __init__(self, app: Any, db: Path, budget: int) -> None:
        self.app, self.budget, self.version = app, budget, _Version(db)
        self.largest = max(1, budget // 16)
        self.entries: OrderedDict[bytes, tuple[int, list[tuple[bytes, bytes]], bytes, bytes]] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0
        self.making: dict[bytes, asyncio.Event] = {}  # answers being made now, by key

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.budget <= 0:
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode("utf-8", "surrogateescape") + b"?" + scope.get("query_string", b"")
        version = self.version()
        kept = self.entries.get(key)
        if kept is None or kept[0] != version:
            making = self.making.get(key)
            if making is not None:  # someone is making this answer: wait for it, then look again
                await making.wait()
                version = self.version()
                kept = self.entries.get(key)
        if kept is not None and kept[0] == version:
            self.entries.move_to_end(key)
            self.hits += 1
            await self._replay(scope, send, kept)
            return
        self.misses += 1
        done = self.making.setdefault(key, asyncio.Event())
        try:
            await self._pass_and_keep(scope, receive, send, key, version)
        finally:
            if self.making.get(key) is done:
                del self.making[key]
            done.set()

    async def _replay(self, scope: dict, send: Callable, kept: tuple) -> None:
        _, headers, body, etag = kept
        asked = dict(scope["headers"]).get(b"if-none-match")
        if asked is not None and etag in [t.strip() for t in asked.split(b",")]:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag), (HEADER, b"hit")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [*headers, (HEADER, b"hit")]})
        await send({"type": "http.response.body", "body": body})

    async def _pass_and_keep(self, scope: dict, receive: Callable, send: Callable, key: bytes, version: int) -> None:
        start: dict | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: dict) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = keep and message["status"] == 200
                if keep:
                    message = {**message, "headers": [*message.get("headers", []), (HEADER, b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > self.largest:
                    keep, chunks[:] = False, []
                else:
                    chunks.append(body)
                    if not message.get("more_body", False):
                        self._keep(key, version, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key: bytes, version: int, start: dict | None, body: bytes) -> None:
        if start is None:
            return
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"etag", HEADER)]
        headers.append((b"etag", etag))
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old[2])
        self.entries[key] = (version, headers, body, etag)
        self.size += len(body)
        while self.size > self.budget and self.entries:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped[2])
