"""Ingest: any mix of files, folders, web archives, feeds and URLs into the store.

1. expand each source into raw pages (or failures): folders recursively, WARC records,
   feed items and URLs fetched with the careful fetcher;
2. skip inputs already stored (a re-run finishes the job without doing it twice);
3. extract each page into an Article, or a Failure with a one-line reason, and code the
   events of each new article (in worker processes when there are several);
4. store articles, failures, actors and events in batches, each batch one transaction.
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
    events: bool = True  # code each new article's events
    stories: bool = True  # place new articles in stories and merge their events
    workers: int = 1  # processes that extract and code; 1 works in this process


@dataclass
class IngestSummary:
    pages: int = 0  # inputs seen that could be pages
    stored: int = 0  # new articles
    copies: int = 0  # already stored (same input or same article)
    failures: int = 0
    skipped_records: int = 0  # WARC records that are not HTML 200 responses
    coded: int = 0  # new articles whose events were coded
    events: int = 0  # event mentions stored
    not_coded: int = 0  # articles left uncoded (another language), with a warning each
    wire_copies: int = 0  # copy links found (a copy and its original)
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
    """Extract, code and store raw pages (and record failures) in batches of one transaction each."""
    from .store import article_count, connect, save_articles, source_stored

    conn = connect(options.db)
    summary = IngestSummary(db=str(options.db))
    started = time.monotonic()
    pages: list[RawPage] = []
    failures: list[Failure] = []
    pool = _Pool(options)

    pending: list = []  # the batch in the workers while this process stores the one before

    def store(job, batch_failures: list[Failure]) -> None:
        articles, coded, failed, digests = job.result()
        batch_failures.extend(failed)
        summary.failures += len(failed)
        new_ids: list[str] = []
        added, copies = save_articles(conn, articles, batch_failures, coded=coded, coder_version=_coder_version(),
                                      new_ids=new_ids, digests=digests)
        if options.stories:
            _update_stories(conn, new_ids, summary)
        summary.stored += added
        summary.copies += copies
        stored_ids = {a.id for a in articles}
        for c in coded:
            if c.article_id in stored_ids:
                summary.coded += c.skipped is None
                summary.not_coded += c.skipped is not None
                summary.events += len(c.events)

    def flush(last: bool = False) -> None:
        job = pool.submit(list(pages))
        batch = (job, list(failures))
        pages.clear()
        failures.clear()
        if pending:
            store(*pending.pop())
        pending.append(batch)
        if last:
            store(*pending.pop())

    try:
        for item in items:
            if isinstance(item, str):
                summary.skipped_records += 1
            elif isinstance(item, Failure):
                summary.failures += 1
                failures.append(item)
            else:
                summary.pages += 1
                if source_stored(conn, item.source):
                    summary.copies += 1
                else:
                    pages.append(item)
            if len(pages) + len(failures) >= options.batch_size:
                flush()
            if progress:
                summary.seconds = time.monotonic() - started
                progress(summary)
        flush(last=True)
    finally:
        pool.close()
        summary.seconds = time.monotonic() - started
        summary.articles_in_store = article_count(conn)
        conn.close()
    return summary


def _update_stories(conn, new_ids: list[str], summary: IngestSummary) -> None:
    """Stories and merged events for the batch's new articles, in a transaction of their own
    (a run killed in between finishes them next time: unplaced articles are picked up)."""
    from .store import transaction
    from .stories.update import update

    with transaction(conn):
        result = update(conn, new_ids)
    summary.wire_copies += result.copies


def _coder_version() -> str:
    from .events.article import CODER_VERSION

    return CODER_VERSION


def process_pages(pages: list[RawPage], extract_options: Options, code: bool) -> tuple[list, list, list[Failure], dict]:
    """Extract, code and digest raw pages: (articles, coded articles, failures, digests by
    article id). A bad page becomes a failure with a one-line reason and never stops the others."""
    from .extraction import extract

    articles, failures = [], []
    for page in pages:
        try:
            articles.append(extract(page, replace(extract_options, url=page.url)))
        except TidingsError as exc:
            failures.append(Failure(page.source, exc.code, exc.message))
        except Exception as exc:  # a bug must not stop the batch
            failures.append(Failure(page.source, "internal", f"internal error ({type(exc).__name__}: {exc})"))
    coded = []
    if code and articles:
        from .events.article import code_articles

        try:
            coded = code_articles(articles, extract_options)
        except TidingsError:
            raise  # a missing model is a setup error for the whole run, not a bad page
        except Exception:  # a bug in coding one article must not lose the batch: code them one by one
            coded = []
            for article in articles:
                try:
                    coded.extend(code_articles([article], extract_options))
                except TidingsError:
                    raise
                except Exception as exc:
                    from .events.article import CodedArticle

                    coded.append(CodedArticle(article.id, skipped="internal error",
                                              warnings=[f"not coded: internal error ({type(exc).__name__}: {exc})"]))
    from .stories.update import digest

    digests = {a.id: digest(a.title, a.text, a.outlet, list(a.wire), a.words) for a in articles}
    return articles, coded, failures, digests


@dataclass
class _Job:
    """A batch being processed: finished already, or futures of its chunks."""

    done: tuple | None = None
    futures: list | None = None

    def result(self) -> tuple[list, list, list[Failure], dict]:
        if self.done is not None:
            return self.done
        articles, coded, failures, digests = [], [], [], {}
        for future in self.futures or []:
            a, c, f, d = future.result()
            articles.extend(a)
            coded.extend(c)
            failures.extend(f)
            digests.update(d)
        return articles, coded, failures, digests


class _Pool:
    """Worker processes for extraction and coding, started on first need (fork: the parent's
    loaded data is shared), or none when one worker is asked for or a batch is small."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self.executor = None

    def submit(self, pages: list[RawPage]) -> "_Job":
        """Start extracting and coding a batch; in the workers it runs while the caller stores
        the previous batch."""
        workers = self.options.workers
        code = self.options.events
        if workers <= 1 or len(pages) < 4 * workers:
            return _Job(done=process_pages(pages, self.options.extract, code))
        self._start()
        size = -(-len(pages) // workers)
        chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
        return _Job(futures=[self.executor.submit(process_pages, chunk, self.options.extract, code) for chunk in chunks])

    def code(self, articles: list) -> list:
        """Code stored articles (no extraction), in the workers when there are enough."""
        from .events.article import code_articles

        workers = self.options.workers
        if workers <= 1 or len(articles) < 4 * workers:
            return code_articles(articles, self.options.extract)
        self._start()
        size = -(-len(articles) // workers)
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        return [c for part in self.executor.map(code_articles, chunks, [self.options.extract] * len(chunks)) for c in part]

    def _start(self) -> None:
        if self.executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.executor = ProcessPoolExecutor(self.options.workers, mp_context=multiprocessing.get_context("fork"),
                                                initializer=_warm, initargs=(self.options.extract.spacy_model, self.options.events))

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown()


def _warm(model: str, code: bool) -> None:
    """Load what every page needs once per worker."""
    if code:
        from .actors import dictionary
        from .nlp import pipeline

        pipeline(model)
        dictionary()


@dataclass
class CodeSummary:
    articles: int = 0  # articles coded
    events: int = 0
    not_coded: int = 0  # left uncoded with a reason (another language)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["seconds"] = round(self.seconds, 3)
        return data


def code_stored(options: IngestOptions, everything: bool = False,
                progress: Callable[[CodeSummary], None] | None = None) -> CodeSummary:
    """Code the stored articles that this coder version has not coded (or all of them), in
    batches of one transaction each; a re-run after a kill carries on where it stopped."""
    from .store import article_ids, connect, load_articles, save_coded, transaction, uncoded_articles

    version = _coder_version()
    conn = connect(options.db)
    summary = CodeSummary()
    started = time.monotonic()
    pool = _Pool(options)
    try:
        ids = article_ids(conn) if everything else uncoded_articles(conn, version)
        for i in range(0, len(ids), options.batch_size):
            articles = load_articles(conn, ids[i:i + options.batch_size])
            coded = pool.code(articles)
            with transaction(conn):
                for c in coded:
                    save_coded(conn, c.article_id, c.events, c.actor_mentions, version, c.skipped, c.warnings)
                if options.stories:  # new events: merge them again, and place the articles again
                    from .stories.update import update

                    update(conn, [c.article_id for c in coded], include_unplaced=False)
            summary.articles += sum(1 for c in coded if c.skipped is None)
            summary.not_coded += sum(1 for c in coded if c.skipped is not None)
            summary.events += sum(len(c.events) for c in coded)
            if progress:
                summary.seconds = time.monotonic() - started
                progress(summary)
    finally:
        pool.close()
        summary.seconds = time.monotonic() - started
        conn.close()
    return summary

