"""Rendering the web pages: one Jinja2 environment (autoescaped everywhere, loaded on first
use), the filters the templates format dates and links with, paging links, and the HTML
error page the application answers with outside the API."""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterable, Sequence
from urllib.parse import quote, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NAV = (("/", "Stories"), ("/events", "Events"), ("/actors", "Actors"), ("/search", "Search"),
       ("/articles", "Articles"), ("/docs", "API docs"))
TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 422: "Bad request", 500: "Something broke"}


def day(value: str | None, empty: str = "undated") -> str:
    """A date, month or year (or the day of a timestamp) as '14 Nov 2025', 'Nov 2025' or '2025'."""
    if not value:
        return empty
    text = str(value)
    try:
        if len(text) >= 10:
            d = date.fromisoformat(text[:10])
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if len(text) == 7:
            return f"{MONTHS[int(text[5:7]) - 1]} {text[:4]}"
    except (ValueError, IndexError):
        return text
    return text


def when(value: str | None, empty: str = "undated") -> str:
    """A timestamp as its day, and its time of day with offset when it has one."""
    if not value:
        return empty
    text = str(value)
    if len(text) <= 10:
        return day(text, empty)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    shown = day(text, empty)
    if (moment.hour, moment.minute, moment.second) != (0, 0, 0):
        shown += f", {moment:%H:%M}"
        offset = moment.strftime("%z")  # "+0900", or "" for a time without offset
        if offset:
            shown += " UTC" if offset in ("+0000", "-0000") else f" {offset[:3]}:{offset[3:5]}"
    return shown


def span(first: str | None, last: str | None) -> str:
    """Two days as one span: '14 Nov 2025', '14 – 15 Nov 2025' or '30 Oct – 2 Nov 2025'."""
    a, b = day(first, ""), day(last, "")
    if not a or a == b or not b:
        return a or b or "undated"
    pa, pb = a.split(" "), b.split(" ")
    if len(pa) == len(pb) == 3:
        if pa[1:] == pb[1:]:
            return f"{pa[0]} – {b}"
        if pa[2] == pb[2]:
            return f"{pa[0]} {pa[1]} – {b}"
    return f"{a} – {b}"


def event_date(event: dict[str, Any]) -> str:
    """An event's date as precise as it is known: 'week of 10 Nov 2025', 'Mar 2025'."""
    value, precision = event.get("date"), event.get("date_precision")
    if not value:
        return "undated"
    if precision == "week":
        return f"week of {day(event.get('date_start') or value)}"
    return day(value)


def minutes(value: float | None) -> str:
    if value is None:
        return "?"
    return "under a minute" if value < 1 else f"{math.ceil(value)} min"


def path(value: Any) -> str:
    """One URL path segment (an id), quoted whole."""
    return quote(str(value), safe="")


def outbound(url: str | None) -> str | None:
    """The URL if it is a plain web address worth linking to, else None (no javascript: or data:)."""
    if not url:
        return None
    parts = urlsplit(str(url))
    return str(url) if parts.scheme in ("http", "https") and parts.netloc else None


def link(base: str, params: Iterable[tuple[str, Any]] = (), **changes: Any) -> str:
    """base with a query string built from (name, value) pairs, empty values left out, and
    single values replaced by `changes` (a None change drops the name)."""
    pairs = [(k, v) for k, v in params if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    pairs = [(k, v) for k, v in pairs if v not in (None, "")]
    return f"{base}?{urlencode(pairs)}" if pairs else base


def pager(base: str, params: Sequence[tuple[str, Any]], page: dict[str, Any]) -> dict[str, Any]:
    """The paging line of a list context: what is shown of how many, and the links around it."""
    limit, offset, total = page["limit"], page["offset"], page["total"]
    shown = len(page["items"])
    previous = None
    if offset > 0:
        previous = link(base, params, offset=max(offset - limit, 0) or None, limit=limit)
    following = link(base, params, offset=page["next_offset"], limit=limit) if page.get("next_offset") is not None else None
    return {"total": total, "first": offset + 1 if shown else 0, "last": offset + shown,
            "previous": previous, "next": following}


@lru_cache(maxsize=1)
def environment() -> Any:
    """The template environment: autoescape on for every template, undefined names an error."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from .. import __version__
    from .charts import quad_class

    env = Environment(loader=PackageLoader("tidings.web", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(day=day, when=when, span=span, event_date=event_date, minutes=minutes, path=path,
                       outbound=outbound, quad=quad_class)
    env.globals.update(nav=NAV, version=__version__, link=link)
    return env


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """The page `template` filled with values (and the request's path, for the navigation)."""
    values.setdefault("q", "")
    html = environment().get_template(template).render(path=request.url.path, **values)
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, code: str, message: str) -> HTMLResponse:
    """The HTML error page: the status, what went wrong and where to go on (a bare page if
    even the template cannot be rendered, so an error never turns into another)."""
    title = TITLES.get(status, f"Error {status}")
    try:
        return render(request, "error.html", status=status, title=title, status_code=status, code=code, message=message)
    except Exception:
        from markupsafe import escape

        return HTMLResponse(f"<!DOCTYPE html><title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(message)}</p>",
                            status_code=status)
