"""Opening the store: one SQLite file in WAL mode with foreign keys and numbered migrations.

A file that is not SQLite, or whose schema is newer than this tidings knows, is refused
with a clear error before anything is written to it.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from ..errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


def default_path() -> Path:
    """TIDINGS_DB, else ./tidings.db."""
    return Path(os.environ.get("TIDINGS_DB") or "tidings.db")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with this tidings, in order."""
    found = []
    for entry in resources.files("tidings.store.migrations").iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return migrations()[-1][0]


def connect(path: str | Path, *, create: bool = True) -> sqlite3.Connection:
    """An open, migrated store. Raises StoreError for a file that is not a tidings store."""
    path = Path(path)
    if path.is_dir():
        raise StoreError("is a directory, not a database file", source=str(path))
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_MAGIC:
                raise StoreError("not an SQLite database; the file was left untouched", source=str(path))
    elif not create:
        raise StoreError("no such database", source=str(path))
    if path.exists():
        _refuse_newer(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database ({exc})", source=str(path)) from exc
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 30000")
    migrate(conn)
    return conn


def _refuse_newer(path: Path) -> None:
    """Read the schema version without writing: a newer store is left as it is."""
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            has = probe.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            ).fetchone()
            version = probe.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] if has else 0
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"not a usable SQLite database ({exc}); the file was left untouched", source=str(path)) from exc
    if version and version > latest_version():
        raise StoreError(
            f"database schema version {version} is newer than this tidings knows ({latest_version()}); "
            "upgrade tidings; the file was left untouched",
            source=str(path),
        )


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every migration not yet applied, each in its own transaction."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    for version, name, sql in migrations():
        if version in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out, buffer = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buffer:
            continue
        buffer.append(line)
        text = "\n".join(buffer)
        if sqlite3.complete_statement(text):
            out.append(text.strip())
            buffer = []
    return [s for s in out if s.strip(" ;\n")]
