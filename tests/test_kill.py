"""kill -9 in the middle of an ingest, then the same command again: the same store as an
uninterrupted run, with no duplicate and no lost article."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from .helpers import page_text


def _ingest(folder, db):
    return subprocess.Popen([sys.executable, "-m", "tidings.cli", "ingest", str(folder), "--db", str(db), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _state(db):
    conn = sqlite3.connect(db)
    try:
        ids = sorted(r[0] for r in conn.execute("SELECT id FROM articles"))
        fts = conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        return ids, fts, check
    finally:
        conn.close()


def _count(db):
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_9_then_rerun_equals_an_uninterrupted_run(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(1500):
        (folder / f"p{n:04d}.txt").write_bytes(page_text(n))
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    proc = _ingest(folder, killed_db)
    deadline = time.monotonic() + 60
    while _count(killed_db) == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _count(killed_db)
    assert 0 < partial < 1500
    assert _ingest(folder, killed_db).wait(timeout=300) == 0
    assert _ingest(folder, clean_db).wait(timeout=300) == 0
    killed, clean = _state(killed_db), _state(clean_db)
    assert killed == clean
    assert len(killed[0]) == 1500 and killed[1] == 1500 and killed[2] == "ok"
