"""The FastAPI application: the store opened read-only, the JSON API under /api, the web pages,
one JSON error shape for every 4xx and 5xx of the API, and security headers on every answer.

    create_app(Path("tidings.db"))  ->  FastAPI application
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator

from starlette.datastructures import MutableHeaders
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
THREADS = 8  # threads answering the plain (def) endpoints of one server process
MMAP_BYTES = 1 << 31  # how much of the store to read through a memory map (SQLite's default ceiling)


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
            # Read the file through a shared memory map: every thread's connection (and every
            # server process) reads the same pages of the operating system's cache, instead of
            # copying them into a page cache of its own.
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self._local.conn = conn
        return conn


class SecurityHeaders:
    """ASGI middleware: the security headers on every answer, and the one error shape for an
    exception no handler caught (when no answer has begun). Plain ASGI rather than
    Starlette's BaseHTTPMiddleware, which costs every request a task and two memory streams."""

    def __init__(self, app: Any, answer: Callable) -> None:
        self.app, self.answer = app, answer

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            response = self.answer(Request(scope), 500, "internal", f"internal error ({type(exc).__name__})")
            await response(scope, receive, send_with_headers)


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one shape of every API error."""
    return {"error": {"status": status, "code": code, "message": message}}


@asynccontextmanager
async def _lifespan(app: Any) -> AsyncIterator[None]:
    """Fewer threads than anyio's 40 answer the plain (def) endpoints: they share one
    interpreter lock with the event loop, and many of them only take turns at it, each
    turn delaying the loop that reads requests and writes answers. The whole-store counts are
    made in the background meanwhile (see store/web.warm)."""
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    store = app.state.store
    threading.Thread(target=_warm, args=(store,), name="tidings-warm", daemon=True).start()
    yield


def _warm(store: "Store") -> None:
    from ..actors import dictionary
    from ..store.web import warm

    dictionary()  # the actor pages read offices from it; loading it takes most of a second
    try:
        warm(store.connection())
    except sqlite3.Error:  # a store that cannot be counted now is counted by the first reader
        pass


def create_app(db: Path, page_errors: Callable | None = None, cache_bytes: int = 0) -> Any:
    """The application over the store at db (which must exist), keeping up to cache_bytes of
    answers until the store changes (see cache.py; 0 keeps none)."""
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException

    from .. import __version__
    from .api import router

    store = Store(Path(db))
    app = FastAPI(title="tidings", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  lifespan=_lifespan,
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

    if cache_bytes > 0:
        from .cache import ResponseCache

        app.add_middleware(ResponseCache, db=store.path, budget=cache_bytes)
    app.add_middleware(SecurityHeaders, answer=answer)  # added last, so outermost: cached answers get them too
    return app


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    """FastAPI dependency: the thread's read-only connection to the store."""
    yield request.app.state.store.connection()
