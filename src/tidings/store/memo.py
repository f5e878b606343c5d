"""Aggregates over the whole store kept until the store changes: counts per actor, the totals
of filtered lists. A value is stamped with the database file's data version and used only while
nothing was committed since (by any connection, in any process)."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from typing import Any, Callable, TypeVar

T = TypeVar("T")
MEMO_ENTRIES = 4096  # per database file; the least recently used go first


class _Memo:
    """Values computed from one database file, each stamped with the file's data version as
    a connection of the memo's own sees it: PRAGMA data_version changes whenever another
    connection commits, so a value is used only while nothing was written since."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.lock = threading.Lock()
        self.values: OrderedDict[tuple, tuple[int, Any]] = OrderedDict()
        self.making: dict[tuple, threading.Lock] = {}  # one per value being computed now

    def _kept(self, key: tuple) -> tuple[bool, int, Any]:
        with self.lock:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            hit = self.values.get(key)
            if hit is not None and hit[0] == version:
                self.values.move_to_end(key)
                return True, version, hit[1]
            return False, version, None

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        found, version, value = self._kept(key)
        if found:
            return value
        with self.lock:
            making = self.making.setdefault(key, threading.Lock())
        with making:  # a thread computing the same value goes first; the others then find it
            found, version, value = self._kept(key)
            if found:
                return value
            value = compute()  # read after the version: a write in between only makes the value newer
            with self.lock:
                self.values[key] = (version, value)
                self.values.move_to_end(key)
                while len(self.values) > MEMO_ENTRIES:
                    self.values.popitem(last=False)
                self.making.pop(key, None)
        return value


_MEMOS: OrderedDict[tuple[str, int, int], _Memo] = OrderedDict()
_MEMOS_LOCK = threading.Lock()
MEMO_FILES = 8  # database files with a memo; the least recently used is dropped


def memoised(conn: sqlite3.Connection, key: tuple, compute: Callable[[], T]) -> T:
    """compute(), or its value from an earlier call on the same database file if nothing was
    written to the file since. For aggregates over the whole store that cost too much to count
    on every request (counts per actor, an actor's counterparts); never for a page of rows.
    A database in memory is counted every time. Callers must not change the value."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    if stat is None:
        return compute()
    ident = (path, stat.st_dev, stat.st_ino)  # a file replaced at the same path starts afresh
    with _MEMOS_LOCK:
        memo = _MEMOS.get(ident)
        if memo is None:
            memo = _MEMOS[ident] = _Memo(path)
            while len(_MEMOS) > MEMO_FILES:
                _MEMOS.popitem(last=False)  # closed when the last thread using it lets go
        _MEMOS.move_to_end(ident)
    return memo.get(key, compute)
