"""`tidings bench serve` at a tiny size: the synthetic store has the shape the API reads, and
the benchmark starts a real server, drives every endpoint and page, and reports each one."""

from __future__ import annotations

import sqlite3
import warnings

import pytest

pytest.importorskip("fastapi")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from tidings.bench.serve import ServeOptions, plan, run
from tidings.bench.synthetic_store import SyntheticOptions, build_store
from tidings.web.app import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "bench.db"
    return path, build_store(path, SyntheticOptions(articles=400, events_per_article=3))


def test_the_synthetic_store_answers_like_an_ingested_one(small):
    path, report = small
    rows = dict(report.rows())
    assert "400 articles" in rows["holds"]
    client = TestClient(create_app(path), raise_server_exceptions=False)
    counts = client.get("/api").json()["counts"]
    assert counts["articles"] == 400 and counts["events"] > 100 and counts["stories"] > 10
    events = client.get("/api/events", params={"limit": 5}).json()
    assert events["total"] == sum(1 for _ in sqlite3.connect(path).execute("SELECT 1 FROM events WHERE asserted = 1"))
    assert all(e["mentions"] and e["evidence"] for e in events["items"])
    for name, kind, paths in plan(path, n=5):
        for request in paths:
            assert client.get(request).status_code == 200, (name, request)


def test_the_benchmark_drives_every_endpoint_of_a_real_server(small):
    path, _ = small
    bench = run(ServeOptions(articles=400, requests=30, warmup=3, concurrency=4, store=path))
    driven = {r.name: r.outcome for r in bench.results}
    assert "/api/events" in driven and "/dyads/{a}/{b}" in driven and "/events.csv?actor&with&since&until" in driven
    for name, outcome in driven.items():
        assert outcome is not None and outcome.requests == 30 and outcome.errors == 0, name
        assert len(outcome.latencies) == 30 and min(outcome.latencies) > 0
    table = bench.table()
    assert table[0][:3] == ["endpoint", "requests", "errors"] and len(table) == len(driven) + 2
    assert bench.server_pss_mb > 0
