"""Ingest benchmark: synthetic pages as loose files and as a WARC, into a fresh store.

Reports pages per second from files (text dumps alone, and mixed) and from the WARC,
database bytes per article, and search latency (median, p95) for 20 queries.
"""

from __future__ import annotations

import io
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PLACES = ["Tokyo", "Seoul", "Beijing", "Washington", "Pyongyang", "Busan", "Osaka", "Gyeongju", "Manila", "Hanoi"]
ACTORS = ["ministers", "envoys", "negotiators", "coast guards", "trade officials", "defence chiefs", "lawmakers", "diplomats"]
TOPICS = ["tariffs", "fisheries", "rare earths", "shipbuilding", "missile tests", "student visas", "rail links",
          "power grids", "chip exports", "food safety", "disaster relief", "port fees", "fishing quotas", "airline routes"]
VERBS = ["agreed on", "discussed", "rejected a plan on", "pledged cooperation on", "called for talks on", "criticised delays on"]
FILLER = ("the talks lasted most of the day and officials said a working group would report back within weeks, "
          "while critics at home questioned whether the plan went far enough").split()


def synthetic_page(n: int, rng: random.Random) -> tuple[str, bytes]:
    """("html" or "text", page bytes): a small news page with some furniture."""
    place, actors, topic, verb = rng.choice(PLACES), rng.choice(ACTORS), rng.choice(TOPICS), rng.choice(VERBS)
    day = 1 + n % 28
    paragraphs = [f"{actors.capitalize()} from two countries {verb} {topic} in {place} on Monday, officials said in report {n}."]
    for _ in range(rng.randint(4, 9)):
        words = rng.sample(FILLER, 14)
        paragraphs.append(f"{rng.choice(ACTORS).capitalize()} said {' '.join(words)} on {rng.choice(TOPICS)}.")
    title = f"{actors.capitalize()} {verb} {topic} in {place} ({n})"
    if n % 2:
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
        html = (f"<!DOCTYPE html><html><head><title>{title} | Bench Wire</title>"
                f'<meta property="article:published_time" content="2025-10-{day:02d}T08:00:00Z"></head>'
                f"<body><nav><a href='/'>Home</a> <a href='/asia'>Asia</a></nav><article><h1>{title}</h1>{body}</article>"
                f"<aside>Related Posts <a href='/x'>Other news {n}</a></aside></body></html>")
        return "html", html.encode()
    text = (f"  \u2022 Home\n  \u2022 World\n{title}\n\nOctober {day}, 2025\n\n{place}: " + "\n\n".join(paragraphs)
            + "\n\n(IANS)\n\nTags: Diplomacy\n\nRelated Posts\n\nWeather turns cold\n")
    return "text", text.encode()


@dataclass
class IngestBench:
    pages: int
    text_pages_per_second: float
    files_pages_per_second: float
    warc_pages_per_second: float
    db_bytes_per_article: float
    search_median_ms: float
    search_p95_ms: float
    articles: int
    real_text_pages_per_second: float | None = None
    real_text_pages: int = 0

    def rows(self) -> list[tuple[str, str]]:
        real = ([("ingest, real text dumps (shared)", f"{self.real_text_pages_per_second:.0f} pages/s over {self.real_text_pages} pages")]
                if self.real_text_pages_per_second is not None else [])
        return real + [
            ("synthetic pages", f"{self.pages} (half HTML, half text dumps)"),
            ("ingest, text dumps from files", f"{self.text_pages_per_second:.0f} pages/s"),
            ("ingest, mixed files", f"{self.files_pages_per_second:.0f} pages/s"),
            ("ingest, mixed from one WARC", f"{self.warc_pages_per_second:.0f} pages/s"),
            ("database bytes per article", f"{self.db_bytes_per_article:.0f}"),
            ("search latency, 20 queries", f"median {self.search_median_ms:.1f} ms, p95 {self.search_p95_ms:.1f} ms"),
            ("articles in the store", str(self.articles)),
        ]


def _write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, (kind, data) in enumerate(pages):
            ctype = "text/html" if kind == "html" else "text/plain"
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://bench.example/{n}", "response", payload=io.BytesIO(data),
                                               http_headers=headers, warc_headers_dict={"WARC-Date": "2025-10-30T00:00:00Z"})
            writer.write_record(record)


def run(n: int = 10_000, seed: int = 7, workdir: Path | None = None, shared: Path | None = None) -> IngestBench:
    from ..ingest import IngestOptions, ingest
    from ..store import connect, search

    rng = random.Random(seed)
    pages = [synthetic_page(i, rng) for i in range(n)]
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        root = Path(tmp)
        text_dir, mixed_dir = root / "text", root / "mixed"
        text_dir.mkdir()
        mixed_dir.mkdir()
        for i, (kind, data) in enumerate(pages):
            (mixed_dir / f"{i:06d}.{'html' if kind == 'html' else 'txt'}").write_bytes(data)
            if kind == "text":
                (text_dir / f"{i:06d}.txt").write_bytes(data)
        warc = root / "pages.warc.gz"
        _write_warc(warc, pages)

        text = ingest([str(text_dir)], IngestOptions(db=root / "text.db"))
        mixed = ingest([str(mixed_dir)], IngestOptions(db=root / "mixed.db"))
        from_warc = ingest([str(warc)], IngestOptions(db=root / "warc.db"))
        conn = connect(root / "mixed.db")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = (root / "mixed.db").stat().st_size
        queries = [f'"{t}"' for t in TOPICS] + PLACES[:6]
        timings = []
        for query in queries[:20]:
            started = time.perf_counter()
            search(conn, query, 20)
            timings.append((time.perf_counter() - started) * 1000)
        conn.close()
        real_rate, real_pages = None, 0
        dumps = [shared / "benchmarks" / "extraction" / d / "textdump" for d in ("scrapinghub", "wcxb-dev-articles")] if shared else []
        dumps = [str(d) for d in dumps if d.is_dir()]
        if dumps:
            real = ingest(dumps, IngestOptions(db=root / "real.db"))
            real_rate, real_pages = real.pages_per_second, real.pages
    timings.sort()
    return IngestBench(
        pages=n,
        text_pages_per_second=text.pages_per_second,
        files_pages_per_second=mixed.pages_per_second,
        warc_pages_per_second=from_warc.pages_per_second,
        db_bytes_per_article=size / max(1, mixed.articles_in_store),
        search_median_ms=statistics.median(timings),
        search_p95_ms=timings[int(0.95 * (len(timings) - 1))],
        articles=mixed.articles_in_store,
        real_text_pages_per_second=real_rate,
        real_text_pages=real_pages,
    )
