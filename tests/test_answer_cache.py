"""The server's answer cache on its own: one answer made for many waiting readers, answers too
big for it passed through unkept, and the least recently used dropped when it is full."""

from __future__ import annotations

import asyncio
import sqlite3

from tidings.web.cache import ResponseCache


class Counting:
    """An ASGI app whose answer is its path, counting how often it is asked and slow to answer."""

    def __init__(self, size: int = 10) -> None:
        self.calls, self.size = 0, size

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": scope["path"].encode().ljust(self.size, b".")})


def _get(cache: ResponseCache, path: str) -> tuple[int, dict, bytes]:
    async def go():
        out: list[dict] = []

        async def send(message):
            out.append(message)

        await cache({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}, None, send)
        return out
    return asyncio.run(go())


def _store(tmp_path):
    db = tmp_path / "store.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
    return db


def test_many_readers_of_an_answer_being_made_wait_for_it(tmp_path):
    app = Counting()
    cache = ResponseCache(app, db=_store(tmp_path), budget=1 << 20)

    async def many():
        bodies = []

        async def one():
            out = []

            async def send(message):
                out.append(message)
            await cache({"type": "http", "method": "GET", "path": "/front", "query_string": b"", "headers": []}, None, send)
            bodies.append(out[-1]["body"])
        await asyncio.gather(*(one() for _ in range(20)))
        return bodies

    bodies = asyncio.run(many())
    assert app.calls == 1 and len(bodies) == 20 and set(bodies) == {b"/front...."}


def test_big_answers_pass_through_and_the_oldest_go_first(tmp_path):
    db = _store(tmp_path)
    big = Counting(size=200)
    cache = ResponseCache(big, db=db, budget=1600)  # keeps answers up to 100 bytes
    _get(cache, "/download")
    _get(cache, "/download")
    assert big.calls == 2 and cache.size == 0
    small = Counting(size=100)
    cache = ResponseCache(small, db=db, budget=1600)
    for i in range(17):  # 17 answers of 100 bytes: the first no longer fits
        _get(cache, f"/p{i}")
    assert cache.size <= 1600 and small.calls == 17
    _get(cache, "/p16")
    assert small.calls == 17  # kept
    _get(cache, "/p0")
    assert small.calls == 18  # dropped, made again


def test_whole_store_counts_are_counted_again_after_any_commit(tmp_path):
    from tidings.store.memo import memoised

    db = _store(tmp_path)
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    calls = []

    def count() -> int:
        calls.append(1)
        return reader.execute("SELECT COUNT(*) FROM t").fetchone()[0]

    assert memoised(reader, ("rows",), count) == 0 and memoised(reader, ("rows",), count) == 0
    assert len(calls) == 1
    with sqlite3.connect(db) as writer:  # another connection, as an ingest would be
        writer.execute("INSERT INTO t VALUES (1)")
    assert memoised(reader, ("rows",), count) == 1 and len(calls) == 2
