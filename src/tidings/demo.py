"""The main job on the bundled examples: ingest every example page, with its events, and export both."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, TidingsError
from .settings import Options
from .sources import parse_time, read_input

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".txt")


@dataclass
class DemoResult:
    articles: list[dict]
    failures: list[str]
    pages: int
    stored: int
    db: Path
    output: Path
    events: list[dict]  # a few asserted events, newest first
    event_counts: dict  # totals from the store
    events_output: Path
    stories: list[dict]  # the latest stories


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def examples_folder() -> Path:
    """The bundled example pages, from a checkout or the current folder."""
    for candidate in (Path.cwd() / "examples" / "pages", _repo_root() / "examples" / "pages"):
        if candidate.is_dir():
            return candidate
    return Path.cwd() / "examples" / "pages"


def shared_folder() -> Path:
    """The shared development data, if present: TIDINGS_SHARED, else ../shared."""
    env = os.environ.get("TIDINGS_SHARED")
    if env:
        return Path(env)
    for candidate in (Path.cwd().parent / "shared", _repo_root().parent / "shared"):
        if candidate.is_dir():
            return candidate
    return _repo_root().parent / "shared"


def page_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(PAGE_SUFFIXES))


def crawl_record(page: Path) -> tuple[str | None, str | None]:
    """(fetched_at, url) recorded for an example page beside it, as a crawler would keep."""
    name = page.name
    for suffix in PAGE_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    sidecar = page.with_name(f"{name}.expected.json")
    if not sidecar.exists():
        return None, None
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    return data.get("fetched_at"), data.get("url")


def run_demo(pages: Path | None, out: Path, db: Path) -> DemoResult:
    """Ingest the example pages (with their recorded fetch time and URL) into the store,
    then export what it holds as JSON lines."""
    from .exports import write_export
    from .ingest import IngestOptions, ingest_items
    from .store import EventQuery, connect, event_counts, failure_rows, list_articles, query_events
    from .store.stories import list_stories

    folder = pages or examples_folder()
    if not folder.is_dir():
        raise InputError("example pages folder not found", source=str(folder))
    files = page_files(folder)

    def items():
        for page in files:
            fetched_at, url = crawl_record(page)
            options = Options.from_env(fetched_at=parse_time(fetched_at) if fetched_at else None, url=url)
            try:
                yield read_input(str(page), options)
            except TidingsError as exc:
                from .records import Failure

                yield Failure(str(page), exc.code, exc.message)

    summary = ingest_items(items(), IngestOptions(db=db))
    conn = connect(db)
    try:
        out.mkdir(parents=True, exist_ok=True)
        output = out / "articles.jsonl"
        write_export(conn, "articles", "jsonl", output)
        events_output = out / "events.jsonl"
        write_export(conn, "events", "jsonl", events_output)
        rows = list_articles(conn, limit=None)
        failed = [f"{r['source']}: {r['reason']}" for r in failure_rows(conn)]
        sample, _ = query_events(conn, EventQuery(limit=12))
        counts = event_counts(conn)
        stories, _ = list_stories(conn, limit=100)
    finally:
        conn.close()
    return DemoResult(rows, failed, len(files), summary.stored, db, output, sample, counts, events_output, stories)
