"""Serving benchmark: `tidings serve` over a synthetic store, driven from this process.

1. build (or reuse) a synthetic store of N articles and about K events each (synthetic_store.py);
2. draw varied requests from it: real ids, actors, dyads, queries, offsets and filters;
3. start `tidings serve` as a separate process on a free loopback port and wait until it answers;
4. drive every endpoint in turn with a lean keep-alive client (load.py), `concurrency` requests
   in flight, a fixed number of requests each, sampling the server's memory and CPU meanwhile;
5. report requests, errors, requests per second and p50/p95/p99 latency per endpoint, and
   pass or fail against the target (p95 under 100 ms and no errors).
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from .load import CLIENT, Outcome, get_once, percentile, run_endpoints
from .synthetic_store import BuildReport, SyntheticOptions, build_store, words

HOST = "127.0.0.1"
VARIANTS = 400  # distinct requests drawn per endpoint


@dataclass(frozen=True)
class ServeOptions:
    """One benchmark run, from code or from `tidings bench serve`."""

    articles: int = 100_000
    events_per_article: int = 3
    concurrency: int = 50
    requests: int = 1000  # measured requests per endpoint
    warmup: int = 0  # unmeasured requests per endpoint between first sight and the repeats
    cache_mb: float = 64  # the server's answer cache (tidings serve --cache-mb)
    workers: int = 1  # uvicorn worker processes
    store: Path | None = None  # where the synthetic store lives; reused when built with the same options
    keep: bool = False  # keep the store (in the cache folder when no store path is given)
    seed: int = 7
    target_ms: float = 100.0  # p95 target
    only: tuple[str, ...] = ()  # endpoint names (or prefixes) to drive; all when empty

    def synthetic(self) -> SyntheticOptions:
        return SyntheticOptions(articles=self.articles, events_per_article=self.events_per_article, seed=self.seed)


@dataclass
class EndpointResult:
    name: str
    kind: str  # api or page
    outcome: Outcome | None  # repeated requests (None until driven)
    first: Outcome | None = None  # every distinct request once, before any repeat

    def verdict(self, target_ms: float, first: bool = False) -> str:
        o = self.first if first else self.outcome
        if o.errors:
            return "ERRORS"
        return "ok" if o.percentile(95) < target_ms else "SLOW"


@dataclass
class ServeBench:
    options: ServeOptions
    store: BuildReport
    results: list[EndpointResult]
    seconds: float
    server_rss_mb: float  # peak, summed over the server's processes
    server_pss_mb: float  # peak proportional set size (shared pages split between processes)
    server_cpu: float  # CPU seconds of the server's processes over the measured runs
    client_cpu: float  # CPU seconds of this process over the same time
    notes: list[str] = field(default_factory=list)

    def phase_passed(self, first: bool) -> bool:
        return all(r.verdict(self.options.target_ms, first) == "ok" for r in self.results)

    @property
    def passed(self) -> bool:
        return self.phase_passed(False) and self.phase_passed(True)

    def overall(self, first: bool = False) -> Outcome:
        total = Outcome("all endpoints")
        for r in self.results:
            o = r.first if first else r.outcome
            if o is not None:
                total.requests += o.requests
                total.errors += o.errors
                total.seconds += o.seconds
                total.latencies.extend(o.latencies)
        return total

    def table(self) -> list[list[str]]:
        """Header and one row per endpoint, then the overall row: repeated requests, then the
        first sight of each distinct request."""
        head = ["endpoint", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "result",
                "first: req/s", "p50 ms", "p95 ms", "result"]
        rows = [head]
        every = EndpointResult("all endpoints", "", self.overall(), self.overall(first=True))
        for r in [*self.results, every]:
            o, f = r.outcome, r.first
            ordered, seen = sorted(o.latencies), sorted(f.latencies)
            if r.kind == "":
                verdicts = ["PASS" if self.phase_passed(False) else "FAIL", "PASS" if self.phase_passed(True) else "FAIL"]
            else:
                verdicts = [r.verdict(self.options.target_ms), r.verdict(self.options.target_ms, first=True)]
            rows.append([r.name, f"{o.requests + f.requests:,}", f"{o.errors + f.errors:,}", f"{o.rps:,.0f}",
                         f"{percentile(ordered, 50):.1f}", f"{percentile(ordered, 95):.1f}",
                         f"{percentile(ordered, 99):.1f}", verdicts[0], f"{f.rps:,.0f}", f"{percentile(seen, 50):.1f}",
                         f"{percentile(seen, 95):.1f}", verdicts[1]])
        return rows

    def header(self) -> list[tuple[str, str]]:
        o = self.options
        busy = self.server_cpu + self.client_cpu
        return [
            *self.store.rows(),
            ("server", f"tidings serve --workers {o.workers} (uvicorn), a separate process on {HOST}"),
            ("client", CLIENT.format(concurrency=o.concurrency)),
            ("load", f"{o.concurrency} concurrent; per endpoint {VARIANTS} distinct requests once each (first "
                     f"sight), {o.warmup} unmeasured, then {o.requests:,} repeats of them"),
            ("answer cache", f"{o.cache_mb:g} MB per server process, kept until the store changes"
                             if o.cache_mb else "off (--cache-mb 0)"),
            ("server memory", f"peak RSS {self.server_rss_mb:,.0f} MB (PSS {self.server_pss_mb:,.0f} MB) over "
                              f"its processes"),
            ("CPU over the runs", f"server {self.server_cpu:.0f} s, client {self.client_cpu:.0f} s "
                                  f"({100 * self.client_cpu / busy if busy else 0:.0f}% client) in {self.seconds:.0f} s "
                                  f"on {os.cpu_count()} cores"),
            ("target", f"p95 < {o.target_ms:.0f} ms for every endpoint, no errors: repeated requests "
                       f"{'PASS' if self.phase_passed(False) else 'FAIL'}, first sight "
                       f"{'PASS' if self.phase_passed(True) else 'FAIL'}"),
        ]


# ── the requests ─────────────────────────────────────────────────────────────
def _sample(conn: sqlite3.Connection, sql: str, n: int, rng: random.Random, args: tuple = ()) -> list[Any]:
    values = [r[0] for r in conn.execute(sql, args)]
    return rng.sample(values, min(n, len(values))) if values else []


def _offset(rng: random.Random, limit: int) -> int:
    """Pages people reach: mostly the first few, now and then one far down."""
    roll = rng.random()
    if roll < 0.4:
        return 0
    if roll < 0.95:
        return limit * rng.randint(1, 20)
    return limit * rng.randint(21, 100)


def plan(db: Path, seed: int = 7, n: int = VARIANTS) -> list[tuple[str, str, list[str]]]:
    """(name, kind, paths) of every endpoint, each with n varied requests drawn from the store."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rowids = conn.execute("SELECT MAX(rowid) FROM articles").fetchone()[0] or 0
        picks = ",".join(str(rng.randint(1, rowids)) for _ in range(n * 2)) or "0"
        articles = [r[0] for r in conn.execute(f"SELECT id FROM articles WHERE rowid IN ({picks})")][:n]
        stories = _sample(conn, "SELECT id FROM stories", n - n // 10, rng)
        stories += [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY n_articles DESC LIMIT ?", (n // 10,))]
        heavy = [r[0] for r in conn.execute(
            "SELECT actor_id FROM event_sides GROUP BY actor_id ORDER BY COUNT(*) DESC LIMIT 12")]
        light = _sample(conn, "SELECT DISTINCT actor_id FROM event_participants WHERE actor_id IS NOT NULL", n, rng)
        actors = [heavy[i % len(heavy)] if i % 3 == 0 else light[i % len(light)] for i in range(n)] if light else heavy
        pairs = [tuple(r) for r in conn.execute(
            """SELECT a.actor_id, b.actor_id FROM event_sides a JOIN event_sides b ON b.event_id = a.event_id
               AND b.actor_id > a.actor_id WHERE a.actor_id IN (SELECT id FROM actors) AND b.actor_id IN (SELECT id FROM actors)
               GROUP BY 1, 2 ORDER BY COUNT(*) DESC LIMIT 400""")]
        months = sorted({r[0] for r in conn.execute("SELECT DISTINCT substr(date_start, 1, 7) FROM events "
                                                    "WHERE date_start IS NOT NULL")})
        outlets = [r[0] for r in conn.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")]
        days = [r[0] for r in conn.execute("SELECT DISTINCT published_day FROM articles WHERE published_day IS NOT NULL")]
    finally:
        conn.close()
    w = words()
    types = sorted(w["type_weights"])
    dyads = [pairs[min(len(pairs) - 1, int(rng.random() ** 2 * len(pairs)))] for _ in range(n)] if pairs else [("USA", "JPN")]
    queries = _queries(rng, w, n)

    def each(make) -> list[str]:
        return [make(i) for i in range(n)]

    def q(path: str, **params: Any) -> str:
        params = {k: v for k, v in params.items() if v not in (None, "", 0) or k == "offset" and v}
        return f"{path}?{urlencode(params)}" if params else path

    def window(i: int) -> dict[str, str]:
        if not months:
            return {}
        first = rng.randrange(len(months))
        return {"since": months[first], "until": months[min(len(months) - 1, first + rng.randint(0, 2))]}

    def article_list(i: int) -> str:
        roll = rng.random()
        extra = ({"outlet": rng.choice(outlets)} if roll < 0.2 and outlets else
                 {"since": (d := rng.choice(days)), "until": d} if roll < 0.4 and days else {})
        return q("/api/articles", **extra, offset=_offset(rng, 50))

    def csv(i: int) -> str:  # selective: a dyad within a few months, so the stream stays short
        a, b = dyads[i]
        return q("/events.csv", actor=a, **{"with": b}, **window(i))

    api = [
        ("/api/articles", article_list),
        ("/api/articles/{id}", lambda i: f"/api/articles/{articles[i % len(articles)]}"),
        ("/api/events", lambda i: q("/api/events", offset=_offset(rng, 50))),
        ("/api/events?actor", lambda i: q("/api/events", actor=actors[i], offset=_offset(rng, 50) if i % 4 == 0 else 0)),
        ("/api/events?actor&with", lambda i: q("/api/events", actor=dyads[i][0], **{"with": dyads[i][1]})),
        ("/api/events?type", lambda i: q("/api/events", type=rng.choice(types), offset=_offset(rng, 50) if i % 4 == 0 else 0)),
        ("/api/events?since&until", lambda i: q("/api/events", **window(i))),
        ("/api/events?min_outlets", lambda i: q("/api/events", min_outlets=rng.randint(2, 4))),
        ("/api/stories", lambda i: q("/api/stories", actor=actors[i] if i % 4 == 1 else None, offset=_offset(rng, 20))),
        ("/api/stories/{id}", lambda i: f"/api/stories/{stories[i % len(stories)]}"),
        ("/api/actors", lambda i: q("/api/actors", kind=rng.choice((None, None, "person", "country", "organisation")),
                                    offset=_offset(rng, 50) // 10)),
        ("/api/actors/{id}", lambda i: f"/api/actors/{quote(actors[i])}"),
        ("/api/dyads/{a}/{b}", lambda i: f"/api/dyads/{quote(dyads[i][0])}/{quote(dyads[i][1])}"),
        ("/api/search?q", lambda i: q("/api/search", q=queries[i])),
        ("/api/failures", lambda i: q("/api/failures", offset=rng.choice((0, 0, 50, 100, 500)))),
    ]
    pages = [
        ("/", lambda i: "/"),
        ("/stories/{id}", lambda i: f"/stories/{stories[i % len(stories)]}"),
        ("/articles/{id}", lambda i: f"/articles/{articles[i % len(articles)]}"),
        ("/actors/{id}", lambda i: f"/actors/{quote(actors[i])}"),
        ("/dyads/{a}/{b}", lambda i: f"/dyads/{quote(dyads[i][0])}/{quote(dyads[i][1])}"),
        ("/search?q", lambda i: q("/search", q=queries[i])),
        ("/events?actor", lambda i: q("/events", actor=actors[i])),
        ("/events.csv?actor&with&since&until", csv),
        ("/docs", lambda i: "/docs"),
    ]
    return [(name, "api", each(make)) for name, make in api] + [(name, "page", each(make)) for name, make in pages]


def _queries(rng: random.Random, w: dict[str, Any], n: int) -> list[str]:
    """Searches people type: a word, a place, a phrase, a prefix, two words, an OR."""
    topics, places, nouns = w["topics"], w["places"], w["nouns"]
    out = []
    for i in range(n):
        kind = i % 6
        if kind == 0:
            out.append(rng.choice(topics).split()[-1])
        elif kind == 1:
            out.append(rng.choice(places))
        elif kind == 2:
            out.append(f'"{rng.choice(topics)}"')
        elif kind == 3:
            out.append(rng.choice(topics)[:4] + "*")
        elif kind == 4:
            out.append(f"{rng.choice(places)} {rng.choice(nouns)}")
        else:
            out.append(f"{rng.choice(topics).split()[0]} OR {rng.choice(topics).split()[0]}")
    return out


# ── the server ───────────────────────────────────────────────────────────────
def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """`tidings serve` in a child process, with its memory and CPU read from /proc."""

    def __init__(self, db: Path, workers: int, cache_mb: float = 64) -> None:
        self.db, self.workers, self.cache_mb = db, workers, cache_mb
        self.port = _free_port()
        self.log = tempfile.TemporaryFile()
        self.proc: subprocess.Popen | None = None
        self.peak_rss = self.peak_pss = 0.0
        self._stop = threading.Event()

    def __enter__(self) -> "Server":
        command = [sys.executable, "-m", "tidings.cli", "serve", "--db", str(self.db), "--host", HOST,
                   "--port", str(self.port), "--workers", str(self.workers), "--cache-mb", str(self.cache_mb)]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tidings serve exited ({self.proc.returncode}): {self.stderr()}")
            try:
                status, _ = asyncio.run(get_once(HOST, self.port, "/api"))
                if status == 200:
                    threading.Thread(target=self._watch, daemon=True).start()
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"tidings serve did not answer within 120 s: {self.stderr()}")

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace").strip()[-2000:]

    def pids(self) -> list[int]:
        """The server process and its descendants (uvicorn's workers)."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(parent, []).append(int(entry))
        out, todo = [], [self.proc.pid] if self.proc else []
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    def memory(self) -> tuple[float, float]:
        """(RSS, PSS) in MB, summed over the server's processes."""
        rss = pss = 0.0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/smaps_rollup") as handle:
                    for line in handle:
                        if line.startswith("Rss:"):
                            rss += int(line.split()[1]) / 1024
                        elif line.startswith("Pss:"):
                            pss += int(line.split()[1]) / 1024
            except OSError:
                continue
        return rss, pss

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                continue
        return total / os.sysconf("SC_CLK_TCK")

    def _watch(self) -> None:
        while not self._stop.wait(1.0):
            rss, pss = self.memory()
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)


# ── the run ──────────────────────────────────────────────────────────────────
def default_store(options: ServeOptions) -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tidings"
    return cache / f"bench-serve-{options.articles}x{options.events_per_article}-s{options.seed}.db"


def run(options: ServeOptions, progress=None) -> ServeBench:
    """Build or reuse the store, serve it, drive every endpoint, and measure."""
    started = time.perf_counter()
    temporary = None
    if options.store is not None:
        path = Path(options.store)
    elif options.keep:
        path = default_store(options)
    else:
        temporary = tempfile.TemporaryDirectory(prefix="tidings-bench-serve-")
        path = Path(temporary.name) / "store.db"
    try:
        report = build_store(path, options.synthetic())
        if progress:
            progress(f"store ready: {report.rows()[0][1]}")
        endpoints = plan(path, options.seed)
        if options.only:
            endpoints = [e for e in endpoints if any(e[0] == o or e[0].startswith(o) for o in options.only)]
        results = {name: EndpointResult(name, kind, None) for name, kind, _ in endpoints}
        drive = [(name, paths) for name, _, paths in endpoints]

        def done(first: Outcome, outcome: Outcome) -> None:
            results[outcome.name].first, results[outcome.name].outcome = first, outcome
            if progress:
                progress(f"{outcome.name}: first sight p95 {first.percentile(95):.1f} ms; {outcome.requests} repeats, "
                         f"{first.errors + outcome.errors} errors, p95 {outcome.percentile(95):.1f} ms")

        with Server(path, options.workers, options.cache_mb) as server:
            cpu_server, cpu_client = server.cpu_seconds(), time.process_time()
            asyncio.run(run_endpoints(HOST, server.port, drive, options.requests, options.concurrency,
                                      options.warmup, done))
            cpu_server, cpu_client = server.cpu_seconds() - cpu_server, time.process_time() - cpu_client
            rss, pss = server.memory()
            peak_rss, peak_pss = max(rss, server.peak_rss), max(pss, server.peak_pss)
        bench = ServeBench(options, report, list(results.values()), time.perf_counter() - started,
                           peak_rss, peak_pss, cpu_server, cpu_client)
        for r in bench.results:
            for o in (r.first, r.outcome):
                if o is not None:
                    bench.notes.extend(f"{r.name}: {e}" for e in o.examples)
        if temporary is None:
            bench.notes.append(f"store kept at {path}")
        return bench
    finally:
        if temporary is not None:
            temporary.cleanup()


def markdown(rows: list[list[str]]) -> list[str]:
    right = {1, 2, 3, 4, 5, 6, 8, 9, 10}
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---:" if i in right else "---" for i in range(len(rows[0]))) + "|"]
    lines += ["| " + " | ".join(f"`{c}`" if i == 0 and c.startswith("/") else c for i, c in enumerate(row)) + " |"
              for row in rows[1:]]
    return lines


def text(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) if i in (0, 7, 11) else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()
            for row in rows]
