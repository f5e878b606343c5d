"""Ingest: any mix of files, folders, web archives, feeds and URLs into the store.

1. expand each source into raw pages (or failures): folders recursively, WARC records,
   feed items and URLs fetched with the careful fetcher;
2. skip inputs already stored (a re-run finishes the job without doing it twice);
3. extract each page into an Article, or a Failure with a one-line reason;
4. store them in batches, each batch one transaction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .archives import looks_like_feed, parse_feed, read_warc
from .errors import TidingsError
from .fetch import FetchOptions, Fetcher
from .records import Failure, RawPage
from .settings import Options
from .sources import read_input

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".txt", ".txt.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")


@dataclass(frozen=True)
class IngestOptions:
    db: Path
    extract: Options = field(default_factory=Options)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    batch_size: int = 200


@dataclass
class IngestSummary:
    pages: int = 0  # inputs seen that could be pages
    stored: int = 0  # new articles
    copies: int = 0  # already stored (same input or same article)
    failures: int = 0
    skipped_records: int = 0  # WARC records that are not HTML 200 responses
    seconds: float = 0.0
    articles_in_store: int = 0
    db: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["pages_per_second"] = round(self.pages_per_second, 1)
        data["seconds"] = round(self.seconds, 3)
        return data


Item = RawPage | Failure | str  # "skip" for an archive record that is no page


def expand(sources: list[str], urls_file: str | None, options: IngestOptions, fetcher: Fetcher) -> Iterator[Item]:
    """Every raw page (or failure) the sources hold, lazily, in a stable order."""
    for source in sources:
        yield from _expand_one(source, options, fetcher)
    if urls_file:
        try:
            lines = Path(urls_file).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            yield Failure(urls_file, "input", f"cannot read the URL list ({exc.strerror or exc})")
            return
        for line in lines:
            url = line.strip()
            if url and not url.startswith("#"):
                yield from _expand_url(url, fetcher)


def _expand_one(source: str, options: IngestOptions, fetcher: Fetcher) -> Iterator[Item]:
    if source.startswith(("http://", "https://")):
        yield from _expand_url(source, fetcher)
        return
    path = Path(source)
    if source != "-" and path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
        for file in files:
            yield from _expand_file(file, options, fetcher)
        return
    yield from _expand_file(path if source != "-" else None, options, fetcher, name=source)


def _wanted(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(PAGE_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES) and not name.endswith(".expected.json")


def _expand_file(path: Path | None, options: IngestOptions, fetcher: Fetcher, name: str | None = None) -> Iterator[Item]:
    source = name or str(path)
    lower = source.lower()
    if path is not None and lower.endswith(WARC_SUFFIXES):
        yield from read_warc(path, options.extract.max_bytes)
        return
    try:
        raw = read_input(source, options.extract)
    except TidingsError as exc:
        yield Failure(source, exc.code, exc.message)
        return
    if raw.data.startswith(b"WARC/") and path is not None:
        yield from read_warc(path, options.extract.max_bytes)
        return
    if lower.endswith(FEED_SUFFIXES) or looks_like_feed(raw.data):
        yield from _feed_items(raw.data, source, fetcher)
        return
    yield raw


def _expand_url(url: str, fetcher: Fetcher) -> Iterator[Item]:
    try:
        page = fetcher.fetch(url)
    except TidingsError as exc:
        yield Failure(url, exc.code, exc.message)
        return
    media = (page.media_type or "").lower()
    declared_feed = any(t in media for t in ("rss", "atom", "/xml")) or url.lower().split("?")[0].endswith(FEED_SUFFIXES)
    if declared_feed or looks_like_feed(page.data):
        yield from _feed_items(page.data, url, fetcher)
    else:
        yield page


def _feed_items(data: bytes, source: str, fetcher: Fetcher) -> Iterator[Item]:
    try:
        items = parse_feed(data, source)
    except TidingsError as exc:
        yield Failure(source, "feed", exc.message)
        return
    for item in items:
        try:
            yield fetcher.fetch(item.url)
        except TidingsError as exc:
            yield Failure(item.url, exc.code, exc.message)


def ingest(sources: list[str], options: IngestOptions, urls_file: str | None = None,
           progress: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Ingest every source into the store at options.db; see the module docstring."""
    with Fetcher(options.fetch) as fetcher:
        return ingest_items(expand(sources, urls_file, options, fetcher), options, progress)


def ingest_items(items: Iterable[Item], options: IngestOptions,
                 progress: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Extract and store raw pages (and record failures) in batches of one transaction each."""
    from .extraction import extract
    from .store import article_count, connect, save_articles

    conn = connect(options.db)
    summary = IngestSummary(db=str(options.db))
    started = time.monotonic()
    articles, failures = [], []

    def flush() -> None:
        added, copies = save_articles(conn, articles, failures)
        summary.stored += added
        summary.copies += copies
        articles.clear()
        failures.clear()

    try:
        for item in items:
            if isinstance(item, str):
                summary.skipped_records += 1
            elif isinstance(item, Failure):
                summary.failures += 1
                failures.append(item)
            else:
                summary.pages += 1
                if _already_stored(conn, item.source):
                    summary.copies += 1
                else:
                    try:
                        page_options = replace(options.extract, url=item.url)
                        articles.append(extract(item, page_options))
                    except TidingsError as exc:
                        summary.failures += 1
                        failures.append(Failure(item.source, exc.code, exc.message))
                    except Exception as exc:  # a bug must not stop the batch
                        summary.failures += 1
                        failures.append(Failure(item.source, "internal", f"internal error ({type(exc).__name__}: {exc})"))
            if len(articles) + len(failures) >= options.batch_size:
                flush()
            if progress:
                summary.seconds = time.monotonic() - started
                progress(summary)
        flush()
    finally:
        summary.seconds = time.monotonic() - started
        summary.articles_in_store = article_count(conn)
        conn.close()
    return summary


def _already_stored(conn, source: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE source = ? LIMIT 1", (source,)).fetchone() is not None
