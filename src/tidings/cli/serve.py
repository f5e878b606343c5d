"""The serve command: the JSON API and the web pages over a store."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import TidingsError
from .common import DB_HELP, _db, _fail, app


@app.command()
def serve(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless --allow-remote)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow listening on an address other machines can reach."),
    workers: int = typer.Option(1, "--workers", help="Server processes."),
    cache_mb: float = typer.Option(64, "--cache-mb", min=0, help="Megabytes of answers each server process keeps until the "
                                   "store changes (0 keeps none)."),
) -> None:
    """Serve the store read-only: the JSON API (/api, /openapi.json, /docs) and the web pages."""
    from ..web.serve import is_loopback

    if not is_loopback(host):
        if not allow_remote:
            _fail(f"--host {host} is reachable from other machines; add --allow-remote to serve there")
        typer.echo(f"tidings: warning: serving {host}: anyone who can reach this machine can read the store", err=True)
    start(_db(db), host, port, workers, cache_mb)


def start(path: Path, host: str, port: int, workers: int = 1, cache_mb: float = 64) -> None:
    """Check the store and port, print the address, then serve until Ctrl-C; a known error is
    one line on stderr."""
    from ..web.serve import check, run

    try:
        check(path, host, port)
    except TidingsError as exc:
        _fail(exc.line())
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"tidings: serving {path} at http://{shown}:{port}/ (API at /api, documentation at /docs); Ctrl-C stops")
    try:
        run(path, host, port, workers, cache_mb)
    except TidingsError as exc:
        _fail(exc.line())
