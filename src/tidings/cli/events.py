"""Commands over events: events (code sentences or pages, or query the store), code, actors."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import TidingsError
from .common import DB_HELP, SummaryFormat, _db, _fail, _open, _options, app


class EventFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@app.command()
def events(
    paths: list[str] = typer.Argument(None, help="Pages to code without a store: .html, .htm, .html.gz, .txt, or - for stdin."),
    text: Optional[str] = typer.Option(None, "--text", help="Code one sentence."),
    sentences: Optional[Path] = typer.Option(None, "--sentences", help="Code a file of one sentence per line; evidence.line is the line number."),
    on: Optional[str] = typer.Option(None, "--date", help="With --text or --sentences: the day they were written (ISO); relative times and titles resolve on it."),
    fetched_at: Optional[str] = typer.Option(None, "--fetched-at", help="With PATHs: when the pages were fetched (ISO time)."),
    db: Optional[Path] = typer.Option(None, "--db", help="Query this store (the default when no PATH, --text or --sentences is given). " + DB_HELP),
    actor: Optional[str] = typer.Option(None, "--actor", help="Events by this actor: an id (JPN, UN, sanae-takaichi); a country also matches its people."),
    with_: Optional[str] = typer.Option(None, "--with", help="Events that also involve this actor (on either side)."),
    types: Optional[list[str]] = typer.Option(None, "--type", help="PLOVER type(s): AGREE, CONSULT, … (repeat, or comma-separated)."),
    since: Optional[str] = typer.Option(None, "--since", help="Events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY)."),
    until: Optional[str] = typer.Option(None, "--until", help="Events on or before this day."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only events from this outlet's articles."),
    include_all: bool = typer.Option(False, "--all", help="Also negated and hypothetical events."),
    limit: int = typer.Option(100, "--limit", help="At most this many events from the store (1-10000)."),
    offset: int = typer.Option(0, "--offset", help="Skip this many events from the store first."),
    fmt: EventFormat = typer.Option(EventFormat.jsonl, "--format", "-f", help="jsonl (one event per line), json, or table."),
) -> None:
    """PLOVER events: coded from sentences (--text, --sentences) or pages (PATH...), or queried from the store."""
    modes = sum(bool(x) for x in (text is not None, sentences is not None, bool(paths)))
    if modes > 1:
        _fail("give only one of PATH..., --text or --sentences")
    if modes and db is not None:
        _fail("--db queries the store; it does not go with PATH, --text or --sentences")
    if text is not None or sentences is not None:
        rows = _from_sentences(text, sentences, on)
    elif paths:
        rows, failed = _from_pages(paths, fetched_at)
        _print(rows, fmt)
        if failed:
            raise typer.Exit(1)
        return
    else:
        rows = _from_store(db, actor, with_, types, since, until, outlet, include_all, limit, offset)
    _print(rows, fmt)


def _from_sentences(text: Optional[str], sentences: Optional[Path], on: Optional[str]) -> list[dict]:
    from datetime import date

    from ..events import code_sentences
    from ..settings import Options

    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        _fail(f"--date: not an ISO date: {on!r}")
    if sentences is not None:
        try:
            lines = sentences.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            _fail(f"{sentences}: cannot read ({exc.strerror or exc})")
    else:
        lines = [text]
    options = Options.from_env()
    for number, line in enumerate(lines, start=1):
        if len(line.split()) > options.max_sentence_words * 2:
            typer.echo(f"tidings: line {number}: {len(line.split())} words, longer than a sentence can be; not coded", err=True)
    try:
        coded = code_sentences(lines, options, day)
    except TidingsError as exc:
        _fail(exc.line())
    return [event.to_dict() for found in coded for event in found]


def _from_pages(paths: list[str], fetched_at: Optional[str]) -> tuple[list[dict], int]:
    from ..events import code_articles
    from ..extraction import extract
    from ..sources import read_input

    options = _options(fetched_at, None)
    articles, failed = [], 0
    for path in paths:
        try:
            articles.append(extract(read_input(path, options), options))
        except TidingsError as exc:
            failed += 1
            typer.echo(f"tidings: {exc.line()}", err=True)
    try:
        coded = code_articles(articles, options)
    except TidingsError as exc:
        _fail(exc.line())
    rows = []
    for article, result in zip(articles, coded):
        for warning in result.warnings:
            typer.echo(f"tidings: {article.source}: {warning}", err=True)
        rows.extend({**e.to_dict(), "article": {"id": article.id, "title": article.title, "outlet": article.outlet,
                                                 "published": article.published, "source": article.source}}
                    for e in result.events)
    return rows, failed


def _from_store(db, actor, with_, types, since, until, outlet, include_all, limit, offset) -> list[dict]:
    from ..store import EventQuery, query_events

    wanted = tuple(t.strip() for value in (types or []) for t in value.split(",") if t.strip()) or None
    try:
        query = EventQuery(actor=actor, with_=with_, type=wanted, since=since, until=until, outlet=outlet,
                           asserted_only=not include_all, limit=limit, offset=offset)
        rows, total = query_events(_open(db), query)
    except TidingsError as exc:
        _fail(exc.line())
    typer.echo(f"{total} matching events; showing {len(rows)} from {offset}", err=True)
    return rows


def _names(refs: list[dict]) -> str:
    return ", ".join(r["id"] or r["name"] for r in refs)


def _print(rows: list[dict], fmt: EventFormat) -> None:
    if fmt is EventFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt is EventFormat.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} events")
    for column in ("date", "type", "who", "whom", "where", "evidence"):
        table.add_column(column, overflow="fold")
    for row in rows:
        flags = [f for f in ("negated", "hypothetical", "intent") if row.get(f)]
        kind = row["type"] + (f"/{row['mode']}" if row.get("mode") else "") + (f" ({', '.join(flags)})" if flags else "")
        evidence = row["evidence"]
        where = f"line {evidence['line']}" if evidence.get("line") else (row.get("article") or {}).get("outlet") or ""
        table.add_row(row.get("date") or "?", kind, _names(row["actors"]), _names(row["recipients"]),
                      row.get("location") or "", f"{evidence['sentence'][:160]} [{where}]")
    Console(width=max(140, Console().width)).print(table)


@app.command()
def code(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    everything: bool = typer.Option(False, "--all", help="Code every stored article again, not only those this coder version has not coded."),
    workers: int = typer.Option(1, "--workers", help="Processes that code in parallel."),
    summary_format: SummaryFormat = typer.Option(SummaryFormat.text, "--summary", help="text, or json for scripts."),
) -> None:
    """Code the events of stored articles (those ingested with --no-events, or by an older coder)."""
    from ..ingest import IngestOptions, code_stored

    _open(db).close()  # refuses a missing or foreign file with a clear message
    try:
        result = code_stored(IngestOptions(db=_db(db), workers=max(1, workers)), everything=everything)
    except TidingsError as exc:
        _fail(exc.line())
    if summary_format is SummaryFormat.json:
        typer.echo(json.dumps(result.to_dict()))
    else:
        typer.echo(f"{result.articles} articles coded, {result.events} events, {result.not_coded} not coded "
                   f"(another language), in {result.seconds:.1f} s")


@app.command()
def actors(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(50, "--limit", help="At most this many actors."),
    fmt: SummaryFormat = typer.Option(SummaryFormat.text, "--format", help="text or json."),
) -> None:
    """The actors of the stored events, most active first."""
    from ..store import actor_summary

    rows = actor_summary(_open(db), limit)
    if fmt is SummaryFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['events']:6}  {row['id']:24} {row['name']} ({row['kind']}{', ' + row['country'] if row.get('country') else ''})")
