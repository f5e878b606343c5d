"""The store: idempotent ingest, search, exports, failures, and refusing foreign files."""

import csv
import hashlib
import io
import json
import sqlite3

import pytest

from tidings.errors import StoreError
from tidings.ingest import IngestOptions, ingest
from tidings.records import Failure
from tidings.store import connect, export_rows, failure_rows, list_articles, search
from tidings.store.db import latest_version

from .helpers import page_html, page_text, write_warc


@pytest.fixture
def folder(tmp_path):
    pages = tmp_path / "pages"
    (pages / "deeper").mkdir(parents=True)
    for n in range(4):
        (pages / f"a{n}.html").write_bytes(page_html(n))
        (pages / "deeper" / f"b{n}.txt").write_bytes(page_text(n))
    (pages / "empty.txt").write_bytes(b"")
    (pages / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return pages


def _counts(db):
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "failures", "articles_fts"))
    finally:
        conn.close()


def test_ingest_of_a_folder_stores_articles_and_failures(tmp_path, folder):
    db = tmp_path / "t.db"
    summary = ingest([str(folder)], IngestOptions(db=db))
    assert (summary.stored, summary.failures) == (8, 2)
    conn = connect(db)
    reasons = {r["source"].rsplit("/", 1)[-1]: r["reason"] for r in failure_rows(conn)}
    assert reasons == {"empty.txt": "empty input", "picture.html": "binary data (a PNG image), not a page"}
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == latest_version()


def test_ingesting_the_same_folder_twice_changes_nothing(tmp_path, folder):
    db = tmp_path / "t.db"
    ingest([str(folder)], IngestOptions(db=db))
    first = _counts(db)
    again = ingest([str(folder)], IngestOptions(db=db))
    assert _counts(db) == first == (8, 2, 8)
    assert again.stored == 0 and again.copies == 8


def test_search_is_ranked_and_highlighted(tmp_path, folder):
    db = tmp_path / "t.db"
    ingest([str(folder)], IngestOptions(db=db))
    rows = search(connect(db), '"coast guard"')
    assert rows and all("coast" in r["title"].lower() for r in rows)
    assert "[coast]" in rows[0]["snippet"].lower() or "[coast" in rows[0]["snippet"].lower()
    with pytest.raises(StoreError):
        search(connect(db), 'unbalanced "quote')


def test_articles_filter_by_day_and_outlet(tmp_path, folder):
    db = tmp_path / "t.db"
    ingest([str(folder)], IngestOptions(db=db))
    conn = connect(db)
    days = [a["published_day"] for a in list_articles(conn, since="2025-10-02", until="2025-10-03", limit=None)]
    assert days and all("2025-10-02" <= d <= "2025-10-03" for d in days)
    assert days == sorted(days, reverse=True)


def test_exports_hold_every_row(tmp_path, folder):
    from tidings.exports import write_export

    db = tmp_path / "t.db"
    ingest([str(folder)], IngestOptions(db=db))
    conn = connect(db)
    out = tmp_path / "a.jsonl"
    assert write_export(conn, "articles", "jsonl", out) == 8
    assert all(isinstance(json.loads(l)["wire"], list) for l in out.read_text().splitlines())
    out_csv = tmp_path / "f.csv"
    assert write_export(conn, "failures", "csv", out_csv) == 2
    assert len(list(csv.DictReader(io.StringIO(out_csv.read_text())))) == 2
    import pyarrow.parquet as pq

    out_pq = tmp_path / "a.parquet"
    write_export(conn, "articles", "parquet", out_pq)
    assert pq.read_table(out_pq).num_rows == 8


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n")
    before = bogus.read_bytes()
    with pytest.raises(StoreError, match="not an SQLite database"):
        connect(bogus)
    assert bogus.read_bytes() == before


def test_a_store_from_a_newer_tidings_is_refused_untouched(tmp_path):
    db = tmp_path / "new.db"
    conn = connect(db)
    conn.execute("INSERT INTO schema_migrations VALUES (999, '999_future.sql', '2030-01-01')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="newer"):
        connect(db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_warc_records_use_their_uri_and_date_and_skip_non_pages(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [
        ("https://wire.example/1", 200, "text/html; charset=utf-8", page_html(1)),
        ("https://wire.example/logo.png", 200, "image/png", b"\x89PNG...."),
        ("https://wire.example/gone", 404, "text/html", b"<html>gone</html>"),
        ("https://wire.example/2", 200, "text/html", page_html(2)),
    ])
    db = tmp_path / "t.db"
    summary = ingest([str(warc)], IngestOptions(db=db))
    assert (summary.stored, summary.skipped_records, summary.failures) == (2, 2, 0)
    rows = list(export_rows(connect(db), "articles"))
    assert sorted(r["url"] for r in rows) == ["https://wire.example/1", "https://wire.example/2"]
    assert all(r["reference_time"].startswith("2025-10-30T03:00:00") for r in rows)


def test_a_truncated_warc_keeps_its_good_records(tmp_path):
    warc, first_three = tmp_path / "cut.warc.gz", tmp_path / "three.warc.gz"
    records = [(f"https://wire.example/{n}", 200, "text/html", page_html(n)) for n in range(4)]
    write_warc(warc, records)
    write_warc(first_three, records[:3])  # where the fourth record starts
    data, start = warc.read_bytes(), first_three.stat().st_size
    warc.write_bytes(data[: start + (len(data) - start) // 2])  # cut in the middle of the fourth
    db = tmp_path / "t.db"
    summary = ingest([str(warc)], IngestOptions(db=db))
    assert summary.stored == 3
    assert summary.failures == 1
    assert "truncated" in failure_rows(connect(db))[0]["reason"]


def test_a_corrupt_record_in_the_middle_is_a_failure_and_the_rest_are_read(tmp_path):
    warc = tmp_path / "bad.warc"
    write_warc(warc, [(f"https://wire.example/{n}", 200, "text/html", page_html(n)) for n in range(3)], gzip=False)
    data = warc.read_bytes()
    second = data.index(b"WARC/1.", 10)
    broken = data[:second] + b"WARC/1.0\r\nthis header block is garbage\r\n\r\n" + data[second + 40:]
    warc.write_bytes(broken)
    db = tmp_path / "t.db"
    summary = ingest([str(warc)], IngestOptions(db=db))
    urls = sorted(r["url"] for r in export_rows(connect(db), "articles"))
    assert "https://wire.example/0" in urls and "https://wire.example/2" in urls
    assert summary.failures >= 1
