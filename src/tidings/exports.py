"""Exports of the store's tables: JSON lines, CSV and Parquet."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from .errors import TidingsError


def write_export(conn, table: str, fmt: str, out: Path | None) -> int:
    """Write every row of the table; returns the number of rows."""
    from .store import export_rows

    rows = export_rows(conn, table)
    if fmt == "parquet":
        return _parquet(rows, out)
    handle: TextIO = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        return _jsonl(rows, handle) if fmt == "jsonl" else _csv(rows, handle)
    finally:
        if out:
            handle.close()


def _jsonl(rows, handle: TextIO) -> int:
    n = 0
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()}


def _csv(rows, handle: TextIO) -> int:
    writer = None
    n = 0
    for row in rows:
        flat = _flat(row)
        if writer is None:
            writer = csv.DictWriter(handle, fieldnames=list(flat))
            writer.writeheader()
        writer.writerow(flat)
        n += 1
    return n


def _parquet(rows, out: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise TidingsError("Parquet export needs pyarrow") from exc
    batch = [r for r in rows]
    table = pa.Table.from_pylist(batch) if batch else pa.table({})
    pq.write_table(table, out)
    return len(batch)
