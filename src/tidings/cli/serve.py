"""The serve command: the JSON API and the web pages over a store."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Optional

import typer

from ..errors import TidingsError
from .common import DB_HELP, _db, _fail, app


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless --allow-remote)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow listening on an address other machines can reach."),
    workers: int = typer.Option(1, "--workers", help="Server processes."),
) -> None:
    """Serve the JSON API (/api, /openapi.json, /docs) and the web pages over the store."""
    import os

    import uvicorn

    if not _loopback(host):
        if not allow_remote:
            _fail(f"--host {host} is reachable from other machines; add --allow-remote to serve there")
        typer.echo(f"tidings: warning: serving {host}: anyone who can reach this machine can read the store", err=True)
    path = _db(db)
    try:
        from ..web.app import Store

        Store(path)  # a missing or foreign file is refused before the server starts
    except TidingsError as exc:
        _fail(exc.line())
    os.environ["TIDINGS_DB"] = str(path.resolve())
    typer.echo(f"tidings: serving {path} at http://{host}:{port}/ (API at /api, documentation at /docs); Ctrl-C stops")
    uvicorn.run("tidings.web.serve:application", factory=True, host=host, port=port, workers=max(1, workers),
                log_level="warning")
