"""Every event a filter selects, as CSV or JSON Lines, streamed page by page.

The rows are read through `context.events`, so a download holds exactly what the events
page and `/api/events` show for the same filters, in the same order (newest first), only
all of them rather than one page: up to MAX_ROWS, beyond which the download stops and its
`X-Tidings-Truncated` header says so. A download reads from one snapshot of the store on
its own read-only connection, so an ingest running meanwhile cannot shift its pages.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from . import context

MAX_ROWS = 100_000
BATCH = 500
COLUMNS = ("id", "date", "date_precision", "date_start", "date_end", "type", "mode", "quad_class", "source", "target",
           "outlets", "articles", "mentions", "score", "first_seen", "first_outlet", "first_article", "story_id",
           "evidence")
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


def csv_row(event: dict[str, Any]) -> list[Any]:
    """One merged event as a flat CSV row (COLUMNS): actors joined with ';'."""
    from ..events.records import QUAD

    flat = {**event, "quad_class": QUAD.get(event.get("type") or "", ""),
            "source": ";".join(event.get("actors") or []), "target": ";".join(event.get("recipients") or []),
            "outlets": event.get("n_outlets"), "articles": event.get("n_articles"), "mentions": event.get("n_mentions")}
    return [_cell(flat.get(name)) for name in COLUMNS]


class EventExport:
    """The events of one filter, ready to stream: opening it checks the filters (raising the
    same errors as the events page) and counts the rows; iterating yields every row."""

    def __init__(self, db: Path, filters: dict[str, Any], cap: int = MAX_ROWS) -> None:
        self.filters, self.cap = filters, cap
        # its own connection: the rows are read on whichever worker thread streams the next part
        self.conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=30)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA query_only = ON")
        try:
            self.conn.execute("BEGIN")  # one snapshot for every page of the download
            self.first = context.events(self.conn, **filters, limit=min(BATCH, cap), offset=0)
        except BaseException:
            self.conn.close()
            raise
        self.total = self.first["total"]
        self.rows = min(self.total, cap)

    def events(self) -> Iterator[dict[str, Any]]:
        """Every selected event (up to the cap), newest first; closes the connection at the end."""
        try:
            page, sent = self.first, 0
            while True:
                for item in page["items"][: self.cap - sent]:
                    yield item
                    sent += 1
                if page["next_offset"] is None or sent >= self.cap:
                    return
                page = context.events(self.conn, **self.filters, limit=min(BATCH, self.cap - sent), offset=sent)
        finally:
            self.conn.close()

    def csv(self) -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for n, event in enumerate(self.events(), 1):
            writer.writerow(csv_row(event))
            if n % 200 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    def jsonl(self) -> Iterator[str]:
        lines: list[str] = []
        for event in self.events():
            lines.append(json.dumps(event, ensure_ascii=False) + "\n")
            if len(lines) >= 200:
                yield "".join(lines)
                lines = []
        yield "".join(lines)

    def headers(self, filename: str) -> dict[str, str]:
        out = {"Content-Disposition": f'attachment; filename="{filename}"', "X-Total-Count": str(self.total),
               "X-Tidings-Rows": str(self.rows), "Cache-Control": "no-store"}
        if self.total > self.rows:
            out["X-Tidings-Truncated"] = f"first {self.rows} of {self.total} events"
        return out
