"""Commands over pages and articles: extract, demo, ingest, search, articles, failures, export, settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..errors import TidingsError
from .common import DB_HELP, ExportFormat, Format, SummaryFormat, Table, _db, _fail, _open, _options, app


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="HTML files (.html, .htm, .html.gz), text dumps (.txt), or - for stdin."),
    fetched_at: Optional[str] = typer.Option(None, "--fetched-at", help="When the pages were fetched (ISO time); relative dates resolve against it. Default: each file's modification time."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL (with a single PATH)."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json (one object, or a list for several inputs), jsonl, or text."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the output to this file instead of stdout."),
) -> None:
    """Extract one clean Article from each input; the kind (HTML or text) is read from the content."""
    from ..extraction import extract as extract_one

    if url and len(paths) > 1:
        _fail("--url names one page; give a single PATH with it")
    options = _options(fetched_at, url)
    articles = []
    failed = 0
    for path in paths:
        try:
            articles.append(extract_one(path, options))
        except TidingsError as exc:
            failed += 1
            typer.echo(f"tidings: {exc.line()}", err=True)
        except Exception as exc:  # a bug must not stop the batch or show a traceback
            failed += 1
            typer.echo(f"tidings: {path}: internal error ({type(exc).__name__}: {exc})", err=True)
    text = _render(articles, fmt, len(paths) == 1)
    if out:
        out.write_text(text, encoding="utf-8")
    elif text:
        typer.echo(text, nl=not text.endswith("\n"))
    if failed:
        raise typer.Exit(1)


def _render(articles, fmt: Format, single: bool) -> str:
    if fmt is Format.jsonl:
        return "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in articles)
    if fmt is Format.json:
        if not articles:
            return ""
        data = articles[0].to_dict() if single else [a.to_dict() for a in articles]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    blocks = []
    for a in articles:
        meta = " | ".join(x for x in (a.outlet, a.published, a.dateline, ", ".join(a.wire), ", ".join(a.authors)) if x)
        blocks.append(f"# {a.title or '(no title)'}\n{meta}\n{a.source}\n\n{a.text}\n")
    return "\n".join(blocks)


@app.command()
def demo(
    pages: Optional[Path] = typer.Option(None, "--pages", help="Folder of example pages (default: the bundled examples/pages)."),
    db: Optional[Path] = typer.Option(None, "--db", help="The SQLite store (default: TIDINGS_DB, else ./tidings.db)."),
    out: Path = typer.Option(Path("tidings-out"), "--out", "-o", help="Folder for the JSON lines export."),
    serve: bool = typer.Option(False, "--serve", help="Then serve the store on loopback (web pages and API) until Ctrl-C."),
    port: int = typer.Option(8000, "--port", help="With --serve: the first port to try (the next free one is taken)."),
) -> None:
    """The main job: ingest every bundled example page into the store, print what it holds, and with --serve serve it."""
    from rich.console import Console
    from rich.table import Table as RichTable

    from ..demo import run_demo
    from ..store import default_path

    try:
        result = run_demo(pages, out, db or default_path())
    except TidingsError as exc:
        _fail(exc.line())
    table = RichTable(title=f"{len(result.articles)} articles in {result.db} ({result.stored} new from {result.pages} example pages)")
    for column in ("outlet", "date", "title", "words", "dateline"):
        table.add_column(column, overflow="fold", justify="right" if column == "words" else "left")
    for article in result.articles:
        table.add_row(article["outlet"] or "?", (article["published"] or "unknown")[:10], article["title"] or "(no title)",
                      str(article["words"]), article["dateline"] or "")
    console = Console(width=max(120, Console().width))
    console.print(table)
    for line in result.failures:
        console.print(f"[red]failed[/red] {line}")
    counts = result.event_counts
    kinds = ", ".join(f"{t} {n}" for t, n in sorted(counts.get("types", {}).items(), key=lambda x: -x[1]) if n)
    console.print(f"{counts.get('event_mentions', 0)} event mentions from {counts.get('coded_articles', 0)} coded articles: {kinds}")
    events = RichTable(title="latest events (tidings events --format table shows them all)")
    for column in ("date", "type", "who", "whom", "evidence"):
        events.add_column(column, overflow="fold")
    for e in result.events:
        names = lambda refs: ", ".join(r["id"] or r["name"] for r in refs)  # noqa: E731
        events.add_row(e["date"] or "?", e["type"], names(e["actors"]), names(e["recipients"]), e["evidence"]["sentence"][:140])
    console.print(events)
    stories = RichTable(title=f"{len(result.stories)} stories (tidings story ID shows one)")
    for column in ("story", "days", "outlets", "first reporter", "title"):
        stories.add_column(column, overflow="fold")
    for s in result.stories:
        days = s["day_start"] if s["day_start"] == s["day_end"] else f"{s['day_start']}…{s['day_end']}"
        stories.add_row(s["id"], days or "?", str(s["n_outlets"]), s["first_outlet"] or "?", s["title"] or "")
    console.print(stories)
    console.print(f"Store: {result.db}   JSON output: {result.output} (one Article per line), "
                  f"{result.events_output} (one event per line)")
    if result.failures:
        raise typer.Exit(1)
    if serve:
        from ..web.serve import free_port
        from .serve import start

        try:
            chosen = free_port("127.0.0.1", port)
        except TidingsError as exc:
            _fail(exc.line())
        start(result.db, "127.0.0.1", chosen, 1)


@app.command()
def ingest(
    sources: list[str] = typer.Argument(None, help="Files, folders (recursive), .warc/.warc.gz archives, RSS/Atom feeds (file or URL), URLs, or - for stdin."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    urls: Optional[str] = typer.Option(None, "--urls", help="A file with one URL per line to fetch and ingest."),
    fetched_at: Optional[str] = typer.Option(None, "--fetched-at", help="Reference time for pages read from files or stdin (ISO time)."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow fetching from private, loopback and link-local addresses."),
    rate: float = typer.Option(1.0, "--per-host-interval", help="Seconds between two requests to the same host."),
    no_robots: bool = typer.Option(False, "--ignore-robots", help="Do not read robots.txt (only for your own servers)."),
    no_events: bool = typer.Option(False, "--no-events", help="Store articles only; code their events later with `tidings code`."),
    workers: int = typer.Option(1, "--workers", help="Processes that extract and code in parallel (2 on a 2-core machine)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    summary_format: SummaryFormat = typer.Option(SummaryFormat.text, "--summary", help="text, or json for scripts."),
) -> None:
    """Store articles, their actors and their events from any mix of sources; every input becomes an article or a failure row."""
    from ..fetch import FetchOptions
    from ..ingest import IngestOptions, ingest as run_ingest

    if not sources and not urls:
        _fail("give at least one SOURCE or --urls FILE")
    options = _options(fetched_at, None)
    fetch = FetchOptions(allow_private=allow_private, per_host_interval=rate, respect_robots=not no_robots,
                         max_bytes=options.max_bytes)
    settings_ = IngestOptions(db=_db(db), extract=options, fetch=fetch, events=not no_events, workers=max(1, workers))
    progress = None
    bar = None
    if not quiet and summary_format is SummaryFormat.text:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=False)
        task = bar.add_task("starting")
        bar.start()

        def progress(s):
            bar.update(task, description=(f"pages {s.pages}  stored {s.stored}  events {s.events}  {s.pages_per_second:.0f}/s  "
                                          f"failures {s.failures}  copies skipped {s.copies}"))
    try:
        result = run_ingest(list(sources or []), settings_, urls_file=urls, progress=progress)
    except TidingsError as exc:
        _fail(exc.line())
    finally:
        if bar is not None:
            bar.stop()
    if summary_format is SummaryFormat.json:
        typer.echo(json.dumps(result.to_dict()))
    elif not quiet:
        typer.echo(f"{result.stored} new articles ({result.events} events coded), {result.copies} already stored, "
                   f"{result.failures} failures, {result.skipped_records} archive records skipped; "
                   f"{result.articles_in_store} articles in {result.db}")
        if result.not_coded:
            typer.echo(f"{result.not_coded} articles not coded for events (not in English)", err=True)


@app.command()
def search(
    query: str = typer.Argument(..., help="FTS5 query: words, \"phrases\", AND/OR/NOT, prefix*."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(20, "--limit", help="At most this many results."),
    fmt: SummaryFormat = typer.Option(SummaryFormat.text, "--format", help="text or json."),
) -> None:
    """Full-text search over titles and bodies, best first, with highlighted snippets."""
    from ..store import search as run_search

    conn = _open(db)
    try:
        rows = run_search(conn, query, limit)
    except TidingsError as exc:
        _fail(exc.line())
    if fmt is SummaryFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        typer.echo(f"{(row['published'] or '')[:10]:10}  {row['outlet'] or '?'}  {row['title'] or '(no title)'}\n    {row['snippet']}")


@app.command()
def articles(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="Published on or after this day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Published on or before this day."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only this outlet."),
    limit: int = typer.Option(50, "--limit", help="At most this many (0: all)."),
    fmt: SummaryFormat = typer.Option(SummaryFormat.text, "--format", help="text or json."),
) -> None:
    """List stored articles, newest first."""
    from ..store import list_articles

    rows = list_articles(_open(db), since, until, outlet, limit or None)
    if fmt is SummaryFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table as RichTable

    table = RichTable(title=f"{len(rows)} articles")
    for column in ("published", "outlet", "title", "words", "dateline", "wire"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row((row["published"] or "")[:10], row["outlet"] or "?", row["title"] or "", str(row["words"]),
                      row["dateline"] or "", ", ".join(row["wire"]))
    Console(width=max(120, Console().width)).print(table)


@app.command()
def failures(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    fmt: SummaryFormat = typer.Option(SummaryFormat.text, "--format", help="text or json."),
) -> None:
    """Every input that could not be stored, with its reason."""
    from ..store import failure_rows

    rows = failure_rows(_open(db))
    if fmt is SummaryFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['source']}: {row['reason']} [{row['code']}]")


@app.command()
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", help="jsonl, csv or parquet."),
    table: Table = typer.Option(Table.articles, "--table", help="articles, failures or events."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: stdout for jsonl and csv)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Export a table as JSON lines, CSV or Parquet."""
    from ..exports import write_export

    if fmt is ExportFormat.parquet and out is None:
        _fail("--format parquet needs --out FILE")
    try:
        count = write_export(_open(db), table.value, fmt.value, out)
    except TidingsError as exc:
        _fail(exc.line())
    if out is not None:
        typer.echo(f"{count} rows written to {out}", err=True)


@app.command()
def settings() -> None:
    """List every setting with its default; each can be set as TIDINGS_<NAME>."""
    from ..settings import settings_table

    for name, default, help_text in settings_table():
        typer.echo(f"{name} = {default}\n    TIDINGS_{name.upper()}: {help_text}")
