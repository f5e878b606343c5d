"""Running the server: the application factory uvicorn imports in each server process (the
store from TIDINGS_DB, the answer cache's size in MB from TIDINGS_CACHE_MB), the loopback rule, and finding a free port for the demo.

    run(Path("tidings.db"), "127.0.0.1", 8000)   # blocks until Ctrl-C
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

from ..errors import SettingError

CACHE_MB = 64  # answers kept per server process until the store changes (tidings serve --cache-mb)


def application():
    from .app import create_app

    return create_app(Path(os.environ.get("TIDINGS_DB") or "tidings.db"),
                      cache_bytes=int(float(os.environ.get("TIDINGS_CACHE_MB") or CACHE_MB) * (1 << 20)))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str, first: int, tries: int = 20) -> int:
    """The first port from `first` on that nobody listens on."""
    for port in range(first, first + tries):
        if port_is_free(host, port):
            return port
    raise SettingError(f"ports {first}-{first + tries - 1} on {host} are all in use; pass --port")


def check(db: Path, host: str, port: int) -> None:
    """Refuse a missing or foreign store and a busy port before anything is printed or started."""
    from .app import Store

    Store(db)
    if not port_is_free(host, port):
        raise SettingError(f"port {port} on {host} is in use; pass another --port")


def run(db: Path, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, cache_mb: float = CACHE_MB) -> None:
    """Serve the store at db until interrupted."""
    import uvicorn

    check(db, host, port)
    if cache_mb < 0:
        raise SettingError(f"--cache-mb must be 0 or more, not {cache_mb:g}")
    os.environ["TIDINGS_DB"] = str(Path(db).resolve())
    os.environ["TIDINGS_CACHE_MB"] = str(cache_mb)
    uvicorn.run("tidings.web.serve:application", factory=True, host=host, port=port, workers=max(1, workers),
                log_level="warning")
