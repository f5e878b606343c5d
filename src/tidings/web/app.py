"""The FastAPI application: the store opened read-only, the JSON API under /api, the web pages,
one JSON error shape for every 4xx and 5xx of the API, and security headers on every answer.

    create_app(Path("tidings.db"))  ->  FastAPI application
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

from starlette.requests import Request

from ..errors import NotFoundError, SettingError, StoreError, TidingsError

SECURITY_HEADERS = {
    # no inline script or style anywhere; everything from this host only
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                                "frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
STATUS = {NotFoundError: 404, SettingError: 400, StoreError: 400}


class Store:
    """Read-only SQLite connections to one store, one per thread (FastAPI answers plain
    functions on a thread pool)."""

    def __init__(self, path: Path) -> None:
        from ..store import connect

        connect(path, create=False).close()  # refuses a missing or foreign file; applies migrations once
        self.path = path
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
        return conn


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one shape of every API error."""
    return {"error": {"status": status, "code": code, "message": message}}


def create_app(db: Path, page_errors: Callable | None = None) -> Any:
    """The application over the store at db (which must exist)."""
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException

    from .. import __version__
    from .api import router

    store = Store(Path(db))
    app = FastAPI(title="tidings", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Who did what to whom, when and where, from news pages: articles, PLOVER-coded events "
                              "merged across outlets, stories, actors and dyads, read from one tidings store.")
    app.state.store = store
    app.include_router(router)
    try:
        from .pages import router as pages, render_error
    except ImportError:  # the pages come with their own module
        pages, render_error = None, None
    if pages is not None:
        app.include_router(pages)

    def answer(request: Request, status: int, code: str, message: str):
        if render_error is not None and not request.url.path.startswith(("/api", "/openapi")):
            return render_error(request, status, code, message)
        return JSONResponse(error_body(status, code, message), status_code=status)

    @app.exception_handler(TidingsError)
    async def tidings_error(request: Request, exc: TidingsError):
        status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), 400)
        return answer(request, status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return answer(request, 422, "invalid-request", problems or "invalid request")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http")
        return answer(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        return answer(request, 500, "internal", f"internal error ({type(exc).__name__})")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        try:
            response = await call_next(request)
        except Exception as exc:  # an error the handlers did not catch still gets the shape and headers
            response = answer(request, 500, "internal", f"internal error ({type(exc).__name__})")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    """FastAPI dependency: the thread's read-only connection to the store."""
    yield request.app.state.store.connection()
