"""A lean HTTP/1.1 load generator for the serving benchmark.

One asyncio event loop in the benchmark's own process keeps `concurrency` keep-alive
connections to the server on loopback, each sending its next GET as soon as the last answer
is read in full (a closed loop: at most `concurrency` requests in flight). Requests are
written and answers parsed by hand (status line, Content-Length or chunked bodies), with no
HTTP library, so that on a small machine the client takes as little CPU from the server as
it can. Latency is from writing the request to reading the last byte of the answer.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field

CLIENT = ("asyncio raw-socket HTTP/1.1 client in the benchmark process: {concurrency} keep-alive loopback "
          "connections, closed loop (each sends its next GET when the last answer is read in full)")
TIMEOUT = 60.0  # seconds for one request before it counts as an error


@dataclass
class Outcome:
    """What one endpoint's run measured."""

    name: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    bytes: int = 0
    latencies: list[float] = field(default_factory=list)  # milliseconds, of every request
    examples: list[str] = field(default_factory=list)  # a few errors, for the report

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        return percentile(sorted(self.latencies), q)


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of sorted values; 0 for none."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(min(rank, len(ordered))) - 1]


class HTTPError(Exception):
    pass


class _Closed(Exception):
    """The server closed the connection before answering (an idle keep-alive connection)."""


class Connection:
    """One keep-alive connection; reopened after the server closes it or an error."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int, bytes]:
        """(status, body bytes, start of the body) of GET path. A kept-alive connection the
        server has closed meanwhile (it closes idle ones after a few seconds) is reopened and
        the request sent again, as browsers and HTTP libraries do."""
        fresh = self.writer is None
        if fresh:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
        try:
            return await self._get(path)
        except _Closed:
            self.close()
            if fresh:
                raise HTTPError("the server closed a new connection without answering") from None
            return await self.get(path)

    async def _get(self, path: str) -> tuple[int, int, bytes]:
        reader, writer = self.reader, self.writer
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: */*\r\n\r\n".encode("latin-1"))
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except ConnectionResetError:
            raise _Closed from None
        except asyncio.IncompleteReadError as exc:
            if exc.partial:
                raise
            raise _Closed from None
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            raise HTTPError(f"bad status line {lines[0][:80]!r}")
        status = int(parts[1])
        length, chunked, close = None, False, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                close = b"close" in value.lower()
        if chunked:
            size, first = 0, b""
            while True:
                n = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if n == 0:
                    while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, then the blank line
                        pass
                    break
                chunk = await reader.readexactly(n + 2)
                if not first:
                    first = chunk[:300]
                size += n
            body_start = first
        elif length is not None:
            body = await reader.readexactly(length)
            size, body_start = length, body[:300]
        else:
            body = await reader.read()
            size, body_start, close = len(body), body[:300], True
        if close:
            self.close()
        return status, size, body_start

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _drive(connections: list[Connection], paths: list[str], count: int, outcome: Outcome | None) -> None:
    """Send count GETs over the connections, cycling through paths; record into outcome."""
    counter = itertools.count()

    async def worker(conn: Connection) -> None:
        while (i := next(counter)) < count:
            path = paths[i % len(paths)]
            started = time.perf_counter()
            error = None
            try:
                async with asyncio.timeout(TIMEOUT):
                    status, size, start = await conn.get(path)
                if not 200 <= status < 300:
                    error = f"{status} {path}: {start[:160].decode('utf-8', 'replace')}"
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, HTTPError, ValueError) as exc:
                conn.close()
                error, size = f"{type(exc).__name__} {path}: {exc}", 0
            ms = (time.perf_counter() - started) * 1000
            if outcome is not None:
                outcome.requests += 1
                outcome.latencies.append(ms)
                outcome.bytes += size
                if error:
                    outcome.errors += 1
                    if len(outcome.examples) < 3:
                        outcome.examples.append(error)

    await asyncio.gather(*(worker(c) for c in connections))


async def run_endpoints(host: str, port: int, endpoints: list[tuple[str, list[str]]], requests: int,
                        concurrency: int, warmup: int = 0, on_done=None) -> list[tuple[Outcome, Outcome]]:
    """Drive each (name, paths) in turn, `concurrency` requests at a time: first every distinct
    path once (first sight: nothing the server keeps between requests has seen it), then
    `warmup` unmeasured requests, then `requests` measured ones cycling through the paths
    (repeats, as a popular page gets). on_done(first, repeat) is called after each endpoint."""
    connections = [Connection(host, port) for _ in range(concurrency)]
    results = []
    try:
        for name, paths in endpoints:
            first = Outcome(name)
            started = time.perf_counter()
            await _drive(connections, paths, len(paths), first)
            first.seconds = time.perf_counter() - started
            if warmup:
                await _drive(connections, paths[::-1], warmup, None)
            outcome = Outcome(name)
            started = time.perf_counter()
            await _drive(connections, paths, requests, outcome)
            outcome.seconds = time.perf_counter() - started
            results.append((first, outcome))
            if on_done is not None:
                on_done(first, outcome)
    finally:
        for c in connections:
            c.close()
    return results


async def get_once(host: str, port: int, path: str) -> tuple[int, bytes]:
    """(status, start of body) of one GET, on a fresh connection."""
    conn = Connection(host, port)
    try:
        status, _, start = await conn.get(path)
        return status, start
    finally:
        conn.close()
