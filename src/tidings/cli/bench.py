"""Benchmarks that print figures: extraction, ingest, events, stories, serving."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import _fail, bench_app


@bench_app.command("extraction")
def bench_extraction(
    shared: Optional[Path] = typer.Option(None, "--shared", help="The shared data folder (default: ../shared, or TIDINGS_SHARED)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many pages per data set."),
    only: Optional[str] = typer.Option(None, "--only", help="One data set or path: scrapinghub, wcxb-dev-articles, seeds, examples, html, text."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the table as Markdown (for BENCHMARKS.md)."),
) -> None:
    """Body token F1, title and date accuracy, and pages per second per core for both paths."""
    from ..bench.extraction import benchmark, table
    from ..demo import examples_folder, shared_folder

    scores, skipped = benchmark(shared or shared_folder(), examples_folder(), limit=limit, only=only)
    rows = table(scores)
    for line in skipped:
        typer.echo(f"skipped: {line}", err=True)
    if not rows:
        return
    if markdown:
        header = list(rows[0])
        typer.echo("| " + " | ".join(header) + " |")
        typer.echo("|" + "---|" * len(header))
        for row in rows:
            typer.echo("| " + " | ".join(row.values()) + " |")
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(title="extraction")
        for column in rows[0]:
            t.add_column(column)
        for row in rows:
            t.add_row(*row.values())
        Console(width=max(160, Console().width)).print(t)
    for score in scores:
        if score.misses and score.dataset in ("examples", "seeds"):
            for miss in score.misses:
                typer.echo(f"  miss ({score.dataset}/{score.kind}): {miss}", err=True)


@bench_app.command("ingest")
def bench_ingest(
    pages: int = typer.Option(10_000, "--pages", "-n", help="How many synthetic pages to generate."),
    seed: int = typer.Option(7, "--seed", help="Random seed for the synthetic pages."),
) -> None:
    """Ingest speed from files and from a WARC, bytes per article, search latency."""
    from ..bench.ingest import run
    from ..demo import shared_folder

    result = run(pages, seed, shared=shared_folder())
    for name, value in result.rows():
        typer.echo(f"{name:32} {value}")


@bench_app.command("events")
def bench_events(
    shared: Optional[Path] = typer.Option(None, "--shared", help="The shared data folder (default: ../shared, or TIDINGS_SHARED)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many PLV and PLOVER gold sentences."),
    copies: int = typer.Option(20, "--copies", help="Throughput: ingest the example pages this many times over."),
    workers: int = typer.Option(2, "--workers", help="Throughput: also measure with this many processes."),
    details: bool = typer.Option(False, "--details", help="List the example pages' missed, false and wrongly dated events."),
) -> None:
    """Event coding: type accuracy and macro-F1 on PLV and the PLOVER gold records, precision,
    recall and date accuracy on the example pages, and articles per second from raw page to
    stored events."""
    from ..bench.events import example_pages, real_dumps, run_examples, run_gsr, run_plv, run_throughput
    from ..demo import examples_folder, shared_folder
    from ..nlp import pipeline
    from ..settings import Options

    options = Options.from_env()
    pipeline(options.spacy_model)  # loaded once, outside every timing
    folder = (shared or shared_folder()) / "benchmarks" / "events"
    for path, run in ((folder / "plv-train.tsv", run_plv), (folder / "plover-gsr-cameo.jsonl", run_gsr)):
        if not path.exists():
            typer.echo(f"skipped: {path} not found", err=True)
            continue
        scores = run(path, options.spacy_model, limit)
        for name, value in scores.rows():
            typer.echo(f"{name:50} {value}")
        for name, (p, r, f, n) in scores.per_type.items():
            typer.echo(f"  {name:10} P {p:.2f}  R {r:.2f}  F1 {f:.2f}  n={n}")
        typer.echo("")
    pages = examples_folder()
    examples = run_examples(pages, options)
    for name, value in examples.rows():
        typer.echo(f"{name:50} {value}")
    if details:
        for title, lines in (("missed", examples.misses), ("not expected", examples.false), ("wrong date", examples.wrong_dates)):
            for line in lines:
                typer.echo(f"  {title}: {line}")
    typer.echo("")
    sets = [(f"example pages x{copies}, raw page to stored events and stories", example_pages(pages, copies)),
            ("real text dumps (shared), raw page to stored events and stories", real_dumps(shared or shared_folder(), 710))]
    for label, raws in sets:
        if not raws:
            typer.echo(f"skipped: {label}: no pages", err=True)
            continue
        for n in sorted({1, max(1, workers)}):
            name, value = run_throughput(raws, n, options, label).row()
            typer.echo(f"{name:62} {value}")


@bench_app.command("stories")
def bench_stories(
    articles: int = typer.Option(100_000, "--articles", "-n", help="Synthetic articles for the clustering speed and memory."),
    workers: int = typer.Option(2, "--workers", help="Processes for bulk clustering."),
) -> None:
    """Stories on the example pages (B-cubed and pairwise against their labels, wire copies,
    event merging) and clustering speed and memory on synthetic articles."""
    from ..bench.stories import run_examples, run_throughput, run_throughput_plain
    from ..demo import examples_folder
    from ..nlp import pipeline
    from ..settings import Options

    options = Options.from_env()
    pipeline(options.spacy_model)
    for name, value in run_examples(examples_folder(), options).rows():
        typer.echo(f"{name:52} {value}")
    typer.echo("")
    for name, value in run_throughput_plain(articles, workers):
        typer.echo(f"{name:52} {value}")
    for name, value in run_throughput(articles):
        typer.echo(f"{name:52} {value}")


@bench_app.command("serve")
def bench_serve(
    articles: int = typer.Option(100_000, "--articles", "-n", help="Articles in the synthetic store."),
    events_per_article: int = typer.Option(3, "--events-per-article", help="Event mentions per article, on average."),
    concurrency: int = typer.Option(50, "--concurrency", "-c", help="Requests in flight at once."),
    requests: int = typer.Option(1000, "--requests", help="Measured requests per endpoint."),
    warmup: int = typer.Option(0, "--warmup", help="Unmeasured requests per endpoint between the first sight of "
                                "each distinct request and the measured repeats."),
    cache_mb: float = typer.Option(64, "--cache-mb", min=0, help="The server's answer cache (tidings serve --cache-mb); "
                                   "0 measures every request uncached."),
    workers: int = typer.Option(1, "--workers", help="Server processes (tidings serve --workers)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Where the synthetic store lives: reused when it was "
                                         "built with the same sizes, built there (and kept) otherwise."),
    keep: bool = typer.Option(False, "--keep", help="Keep the synthetic store for the next run (in ~/.cache/tidings "
                              "unless --store is given); without it or --store the store is built afresh and deleted."),
    only: Optional[list[str]] = typer.Option(None, "--only", help="Drive only endpoints whose name starts with this "
                                             "(repeatable), e.g. --only /api/events."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the table as Markdown (for BENCHMARKS.md)."),
) -> None:
    """Serving speed: builds a synthetic store (articles, events, stories, actors), starts
    `tidings serve` on a free loopback port and drives every API endpoint and web page from this
    process at the given concurrency: each endpoint's distinct requests once (first sight, what
    the server's answer cache has not kept), then repeats of them. Prints requests per second and
    p50/p95/p99 latency per endpoint for both, and whether each meets the target (p95 < 100 ms,
    no errors). Exits 1 when the target is missed."""
    from ..bench.serve import ServeOptions, markdown as md, run, text

    options = ServeOptions(articles=articles, events_per_article=events_per_article, concurrency=concurrency,
                           requests=requests, warmup=warmup, workers=workers, cache_mb=cache_mb, store=store, keep=keep, only=tuple(only or ()))
    try:
        bench = run(options, progress=lambda line: typer.echo(f"  {line}", err=True))
    except RuntimeError as exc:
        _fail(str(exc))
    for name, value in bench.header():
        typer.echo(f"{name:18} {value}")
    typer.echo("")
    for line in (md if markdown else text)(bench.table()):
        typer.echo(line)
    for note in bench.notes:
        typer.echo(f"note: {note}", err=True)
    if not bench.passed:
        raise typer.Exit(1)
