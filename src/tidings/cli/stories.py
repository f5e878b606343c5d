"""Commands over stories: stories, story, timeline, dyad, recluster."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import TidingsError
from .common import DB_HELP, _fail, _open, app


class ViewFormat(str, Enum):
    table = "table"
    json = "json"


def _console():
    from rich.console import Console

    return Console(width=max(130, Console().width))


def _json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def stories(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="Stories still running on or after this day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Stories begun on or before this day."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Stories led by this actor (JPN, sanae-takaichi, UN)."),
    limit: int = typer.Option(30, "--limit", help="At most this many."),
    offset: int = typer.Option(0, "--offset", help="Skip this many first."),
    fmt: ViewFormat = typer.Option(ViewFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """The latest stories: title, summary, outlets, first reporter and time span."""
    from ..store.stories import list_stories

    rows, total = list_stories(_open(db), since, until, actor, limit, offset)
    if fmt is ViewFormat.json:
        _json({"total": total, "stories": rows})
        return
    from rich.table import Table

    table = Table(title=f"{total} stories (showing {len(rows)})")
    for column in ("story", "days", "outlets", "first", "title and summary"):
        table.add_column(column, overflow="fold")
    for s in rows:
        days = s["day_start"] if s["day_start"] == s["day_end"] else f"{s['day_start']}…{s['day_end']}"
        summary = " ".join(x["sentence"] for x in s["summary"][:2])
        table.add_row(s["id"], days or "?", f"{s['n_outlets']} ({s['n_articles']} art.)", s["first_outlet"] or "?",
                      f"[bold]{s['title'] or '(no title)'}[/bold]\n{summary[:300]}")
    _console().print(table)


@app.command()
def story(
    story_id: str = typer.Argument(..., help="A story id, as `tidings stories` lists them."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    fmt: ViewFormat = typer.Option(ViewFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """One story: summary, outlets (first reporter and copies marked), articles with why they
    belong, events in time order with their evidence, and related stories."""
    from ..store.stories import story_detail

    data = story_detail(_open(db), story_id)
    if data is None:
        _fail(f"no story {story_id!r}")
    if fmt is ViewFormat.json:
        _json(data)
        return
    console = _console()
    console.print(f"[bold]{data['title']}[/bold]  ({data['id']}, {data['day_start']} … {data['day_end']})")
    for s in data["summary"]:
        console.print(f"  {s['sentence']}")
    outlets = ", ".join(o["outlet"] + (" (first)" if o["first"] else "") + (f" ({o['copies']} copy)" if o["copies"] else "")
                        for o in data["outlets"])
    console.print(f"outlets: {outlets}")
    console.print(f"actors: {', '.join(data['actors'])}")
    console.print("\n[bold]articles[/bold]")
    for a in data["articles"]:
        copy = f" [copy of {a['copy_of']}]" if a["copy_of"] else ""
        console.print(f"  {(a['published'] or a['reference_time'] or '?')[:16]}  {a['outlet']}: {a['title']}{copy}\n      {a['id']}: {a['reason']}")
    console.print("\n[bold]events[/bold]")
    for e in data["events"]:
        who = ", ".join(e["actors"]) + (" -> " + ", ".join(e["recipients"]) if e["recipients"] else "")
        console.print(f"  {e['date'] or '?'}  {e['type']}{'/' + e['mode'] if e['mode'] else ''}  {who}  "
                      f"({e['n_articles']} articles, {e['n_outlets']} outlets)\n      {e['evidence'][:200]}")
    if data["related"]:
        console.print("\n[bold]related stories[/bold]")
        for r in data["related"]:
            console.print(f"  {r['id']}  {r['day_start']}  {r['title']}  (shared: {r['actors']})")


@app.command()
def timeline(
    actor: str = typer.Argument(..., help="An actor id: JPN, sanae-takaichi, UN."),
    with_: Optional[str] = typer.Option(None, "--with", help="Only events that also involve this actor."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="From this day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to this day."),
    limit: int = typer.Option(200, "--limit", help="At most this many events."),
    fmt: ViewFormat = typer.Option(ViewFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """An actor's merged events in time order (each happening once, with how many outlets told it)."""
    from ..store.stories import merged_events

    rows, total = merged_events(_open(db), actor=actor, with_=with_, since=since, until=until, limit=limit)
    if fmt is ViewFormat.json:
        _json({"total": total, "events": rows})
        return
    from rich.table import Table

    table = Table(title=f"{actor}{' with ' + with_ if with_ else ''}: {total} events")
    for column in ("date", "type", "who", "whom", "outlets", "evidence"):
        table.add_column(column, overflow="fold")
    for e in rows:
        table.add_row(e["date"] or "?", e["type"] + (f"/{e['mode']}" if e["mode"] else ""), ", ".join(e["actors"]),
                      ", ".join(e["recipients"]), str(e["n_outlets"]), e["evidence"][:160])
    _console().print(table)


@app.command()
def dyad(
    a: str = typer.Argument(..., help="One actor (country level: JPN, KOR, UN)."),
    b: str = typer.Argument(..., help="The other."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="From this day."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to this day."),
    fmt: ViewFormat = typer.Option(ViewFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """Events between two actors by month and type, with a cooperation (+) / conflict (-) score per month."""
    from ..store.stories import dyad as run_dyad

    data = run_dyad(_open(db), a, b, since, until)
    if fmt is ViewFormat.json:
        _json(data)
        return
    from rich.table import Table

    table = Table(title=f"{a} – {b}: {data['total']} events")
    for column in ("month", "events", "score", "by type", "by quad class"):
        table.add_column(column, overflow="fold")
    for m in data["months"]:
        table.add_row(m["month"], str(m["events"]), "" if m["score"] is None else f"{m['score']:+.1f}",
                      ", ".join(f"{t} {n}" for t, n in sorted(m["types"].items())),
                      ", ".join(f"{t} {n}" for t, n in sorted(m["quad"].items())))
    _console().print(table)


@app.command()
def recluster(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Rebuild every story, copy link and merged event from the stored articles and events (the
    result equals what incremental ingest built)."""
    from ..stories.update import recluster as run

    conn = _open(db)
    try:
        result = run(conn)
    except TidingsError as exc:
        _fail(exc.line())
    typer.echo(f"{result.articles} articles: {result.stories} stories, {result.copies} copy links, {result.events} merged events")
