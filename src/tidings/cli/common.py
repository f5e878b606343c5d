"""What every command shares: the typer app, formats, the one-line error, opening the store."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import TidingsError

app = typer.Typer(
    help="tidings: news pages in, a clean record of who did what to whom, when and where, out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
bench_app = typer.Typer(help="Benchmarks that print figures (speed and quality).", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"tidings: {message}", err=True)
    raise typer.Exit(code)


def _options(fetched_at: Optional[str], url: Optional[str]):
    from ..settings import Options
    from ..sources import parse_time

    try:
        when = parse_time(fetched_at) if fetched_at else None
        return Options.from_env(fetched_at=when, url=url)
    except TidingsError as exc:
        _fail(f"--fetched-at: {exc.message}" if fetched_at else exc.line())


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class Table(str, Enum):
    articles = "articles"
    failures = "failures"
    events = "events"


class SummaryFormat(str, Enum):
    text = "text"
    json = "json"


DB_HELP = "The SQLite store (default: TIDINGS_DB, else ./tidings.db)."


def _db(db: Optional[Path]) -> Path:
    from ..store import default_path

    return db or default_path()


def _open(db: Optional[Path]):
    from ..store import connect

    try:
        return connect(_db(db), create=False)
    except TidingsError as exc:
        _fail(exc.line())
