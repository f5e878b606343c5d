"""Stories end to end: wire copies, clusters that do not depend on arrival order, merged
events counted once per original, and bad input that still gets a story."""

import json
import random
import shutil
import sqlite3
from datetime import datetime, timezone

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.demo import crawl_record, page_files
from tidings.ingest import IngestOptions, ingest_items
from tidings.records import RawPage
from tidings.settings import Options
from tidings.sources import parse_time, read_input
from tidings.store import connect
from tidings.stories.update import recluster

from .conftest import EXAMPLES

pytest.importorskip("spacy")
runner = CliRunner()
STORIES = ("trump-takaichi-tokyo", "trump-xi-busan", "lee-trump-gyeongju", "takaichi-lee-gyeongju", "kim-beijing-parade")


def _pages():
    chosen = []
    for page in page_files(EXAMPLES):
        meta = json.loads(page.with_name(page.name.rsplit(".", 1)[0] + ".expected.json").read_text(encoding="utf-8"))
        if meta["story"] in STORIES:
            chosen.append((page, meta))
    return chosen


def _raw(page):
    fetched_at, url = crawl_record(page)
    options = Options.from_env(fetched_at=parse_time(fetched_at) if fetched_at else None, url=url)
    return read_input(str(page), options)


def _ingest(db, pages, batch):
    ingest_items(iter([_raw(p) for p, _ in pages]), IngestOptions(db=db, batch_size=batch))


def _state(db):
    conn = connect(db)
    try:
        members = {}
        for r in conn.execute("SELECT s.story_id, a.source FROM story_articles s JOIN articles a ON a.id = s.article_id"):
            members.setdefault(r[0], set()).add(r[1].rsplit("/", 1)[-1])
        stories = {sid: frozenset(files) for sid, files in members.items()}
        events = sorted(tuple(r) for r in conn.execute("SELECT id, type, date, n_articles, n_outlets, story_id FROM events"))
        copies = sorted(tuple(r) for r in conn.execute("SELECT article_id, original_id FROM article_copies"))
        return stories, events, copies
    finally:
        conn.close()


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    pages = _pages()
    db = folder / "in-order.db"
    _ingest(db, pages, batch=50)
    return folder, pages, db


def test_stories_follow_the_labels_and_keep_confusable_happenings_apart(stored):
    _, pages, db = stored
    stories, _, _ = _state(db)
    label = {p.name: meta["story"] for p, meta in pages}
    for files in stories.values():
        assert len({label[f] for f in files}) == 1, files  # no story mixes two happenings
    assert len(stories) == len(STORIES)  # and none is split


def test_any_arrival_order_and_a_recluster_give_the_same_stories_and_events(stored):
    folder, pages, db = stored
    shuffled = list(pages)
    random.Random(3).shuffle(shuffled)
    other = folder / "shuffled.db"
    _ingest(other, shuffled, batch=3)  # small batches: later articles meet earlier stories
    backwards = folder / "backwards.db"
    _ingest(backwards, list(reversed(pages)), batch=1)
    again = folder / "reclustered.db"
    shutil.copy(db, again)
    conn = connect(again)
    recluster(conn)
    conn.close()
    assert _state(other) == _state(db) == _state(backwards) == _state(again)


def test_a_wire_copy_is_linked_and_counted_once(stored):
    _, pages, db = stored
    conn = connect(db)
    try:
        copies = {(r[0], r[1]) for r in conn.execute(
            "SELECT c.source, o.source FROM article_copies x JOIN articles c ON c.id = x.article_id "
            "JOIN articles o ON o.id = x.original_id")}
        expected = {(p.name, meta["copy_of"]) for p, meta in pages if meta.get("copy_of")}
        assert {(c.rsplit("/", 1)[-1], o.rsplit("/", 1)[-1].rsplit(".", 1)[0]) for c, o in copies} == expected
        summit = conn.execute(
            """SELECT n_articles, n_outlets, n_mentions FROM events WHERE type = 'CONSULT' AND date = '2025-10-28'
               AND merge_key LIKE '%JPN%USA%' ORDER BY n_mentions DESC LIMIT 1""").fetchone()
        assert summit is not None and summit["n_mentions"] >= 3
        assert summit["n_articles"] <= summit["n_mentions"] and summit["n_outlets"] <= summit["n_articles"]
    finally:
        conn.close()


def test_story_views_through_the_cli(stored):
    _, _, db = stored
    listed = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    assert data["total"] == len(STORIES)
    busan = next(s for s in data["stories"] if "xi-jinping" in s["actors"])
    assert busan["title"] and busan["summary"] and busan["n_outlets"] >= 3 and busan["first_outlet"]
    detail = json.loads(runner.invoke(app, ["story", busan["id"], "--db", str(db), "--format", "json"]).stdout)
    assert detail["events"] and all(e["mentions"] for e in detail["events"])
    assert sum(o["first"] for o in detail["outlets"]) == 1
    assert all(a["reason"] for a in detail["articles"])
    assert detail["related"]  # the other Gyeongju and Busan stories share actors and days
    dates = [e["date_start"] for e in detail["events"] if e["date_start"]]
    assert dates == sorted(dates)
    timeline = json.loads(runner.invoke(app, ["timeline", "JPN", "--with", "USA", "--db", str(db), "--format", "json"]).stdout)
    assert timeline["events"] and all({"JPN", "USA"} <= set(e["actors"]) | set(e["recipients"]) or e["mentions"]
                                      for e in timeline["events"])
    dyad = json.loads(runner.invoke(app, ["dyad", "USA", "CHN", "--db", str(db), "--format", "json"]).stdout)
    october = next(m for m in dyad["months"] if m["month"] == "2025-10")
    assert october["events"] >= 1 and october["score"] is not None
    missing = runner.invoke(app, ["story", "s000000000000", "--db", str(db)])
    assert missing.exit_code == 2 and "no story" in missing.output


def _page(text, title="Untitled", when="2025-10-01T00:00:00Z"):
    html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{text}</article></body></html>"
    return html.encode("utf-8"), datetime.fromisoformat(when.replace("Z", "+00:00")) if when else None


def test_bad_articles_still_get_a_story(tmp_path):
    body = "".join(f"<p>{s}</p>" for s in (
        "Japan and South Korea held talks in Seoul on Monday about fisheries and shipping rules in the strait.",
        "The two governments agreed to meet again next month and to share data on fish stocks.",
        "Officials from both sides said the talks had been useful and frank."))
    weather = "<p>Heavy rain is expected across the region this weekend, forecasters said on Friday evening.</p>" * 3
    raws = [
        RawPage("a.html", *_page(body, "Japan and South Korea talk fisheries"), url="https://one.example/a"),
        RawPage("b.html", *_page(body, "Seoul and Tokyo hold fisheries talks"), url="https://two.example/b"),  # same body, new URL
        RawPage("c.html", *_page(weather, "Rain on the way"), url="https://one.example/c"),  # no actors
        RawPage("d.html", _page(body, "Undated fisheries talks", when=None)[0], None, url="https://three.example/d"),  # no date
        RawPage("e.html", *_page("<p>Japan protested.</p>", "One line"), url="https://one.example/e"),  # one-line body
    ]
    db = tmp_path / "bad.db"
    summary = ingest_items(iter(raws), IngestOptions(db=db))
    assert summary.failures <= 1  # the one-line page may be refused as too short, with a reason
    conn = sqlite3.connect(db)
    try:
        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        placed = conn.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0]
        assert stored == placed  # every stored article has a story
        pair = conn.execute("SELECT COUNT(DISTINCT s.story_id) FROM story_articles s JOIN articles a ON a.id = s.article_id "
                            "WHERE a.url IN ('https://one.example/a', 'https://two.example/b')").fetchone()[0]
        assert pair == 1
        assert conn.execute("SELECT COUNT(*) FROM article_copies").fetchone()[0] >= 1
    finally:
        conn.close()
