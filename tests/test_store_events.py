"""Coded events in the store: re-coding replaces, deletes cascade, filters, paging, the row shape, upgrades."""

from __future__ import annotations

import json

import pytest

from tidings.actors import Actor, Mention
from tidings.errors import SettingError, StoreError
from tidings.events.records import ActorRef, Evidence, EventMention
from tidings.records import Article
from tidings.store import connect, list_articles, save_articles
from tidings.store import db as store_db
from tidings.store.events import (
    EventQuery,
    actor_summary,
    date_span,
    event_counts,
    query_events,
    save_coded,
    transaction,
    uncoded_articles,
)

JPN = ActorRef("JPN", "Japan", "country", "JPN")
KOR = ActorRef("KOR", "South Korea", "country", "KOR")
USA = ActorRef("USA", "United States", "country", "USA")
TAKAICHI = ActorRef("sanae-takaichi", "Sanae Takaichi", "person", "JPN", "Prime Minister of Japan", "Q1055449")
LEE = ActorRef("lee-jae-myung", "Lee Jae-myung", "person", "KOR", "President of South Korea", "Q495296")
TRUMP = ActorRef("donald-trump", "Donald Trump", "person", "USA", "President of the United States", "Q22686")
TABLES = ("event_mentions", "event_participants", "actor_mentions", "coded_articles")


def _article(n: int, outlet: str = "Test Wire") -> Article:
    return Article(
        id=f"art{n}", source=f"test://{n}", kind="text", url=f"https://wire.example/{n}", outlet=outlet,
        title=f"Leaders meet, round {n}", text=f"Sanae Takaichi met Lee Jae-myung in Tokyo, round {n}.",
        published=f"2025-10-{n + 1:02d}", published_precision="day", published_from="test",
    )


def _event(article: str, start: int, type: str = "CONSULT", actors=(TAKAICHI,), recipients=(LEE,),
           date: str | None = "2025-10-28", precision: str | None = "day", **rest) -> EventMention:
    return EventMention(
        type=type, mode=rest.pop("mode", None), actors=tuple(actors), recipients=tuple(recipients),
        actor_text=" and ".join(a.name for a in actors), recipient_text=" and ".join(r.name for r in recipients) or None,
        date=date, date_precision=precision if date else None, date_from="dateline" if date else None,
        location=rest.pop("location", None), location_from=rest.pop("location_from", None),
        evidence=Evidence(f"Sentence at {start}.", start, start + 40, rest.pop("trigger", "met"), article),
        **rest,
    )


def _mention(start: int, actor: ActorRef, how: str = "name") -> Mention:
    a = Actor(actor.id, actor.name, actor.kind, actor.country, actor.role, actor.wikidata)
    return Mention(start, start + len(actor.name), actor.name, a, how)


def _code(conn, article: str, events, mentions=(), version: str = "v1", **kw) -> None:
    with transaction(conn):
        save_coded(conn, article, events, mentions, version, **kw)


def _ids(conn, **query) -> list[str]:
    rows, total = query_events(conn, EventQuery(limit=1000, **query))
    assert total == len(rows)
    return [r["id"] for r in rows]


def _counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(params=["list", "walk"])
def plan(request, monkeypatch):
    """Run a test through both ways query_events reads participant matches (few: list; many: walk)."""
    monkeypatch.setattr("tidings.store.events._WALK_ADVANTAGE", 0 if request.param == "list" else 10**9)
    return request.param


@pytest.fixture
def conn(tmp_path):
    conn = connect(tmp_path / "t.db")
    save_articles(conn, [_article(1), _article(2, outlet="Seoul Herald"), _article(3)])
    yield conn
    conn.close()


def test_saving_twice_leaves_one_copy_and_recoding_replaces(conn):
    events = [_event("art1", 0), _event("art1", 50, "AGREE", recipients=(LEE, USA))]
    mentions = [_mention(0, TAKAICHI), _mention(18, LEE)]
    _code(conn, "art1", events, mentions)
    once = _counts(conn)
    _code(conn, "art1", events, mentions)
    assert _counts(conn) == once == {"event_mentions": 2, "event_participants": 5, "actor_mentions": 2, "coded_articles": 1}
    _code(conn, "art1", events[:1], mentions[:1], version="v2")
    assert _counts(conn) == {"event_mentions": 1, "event_participants": 2, "actor_mentions": 1, "coded_articles": 1}
    assert tuple(conn.execute("SELECT coder_version, events FROM coded_articles").fetchone()) == ("v2", 1)


def test_deleting_an_article_removes_its_coding_but_not_the_actors(conn):
    _code(conn, "art1", [_event("art1", 0)], [_mention(0, TAKAICHI)])
    _code(conn, "art2", [_event("art2", 0, actors=(LEE,), recipients=(TAKAICHI,))])
    conn.execute("DELETE FROM articles WHERE id = 'art1'")
    assert _counts(conn) == {"event_mentions": 1, "event_participants": 2, "actor_mentions": 0, "coded_articles": 1}
    assert conn.execute("SELECT COUNT(*) FROM actors").fetchone()[0] == 2


def test_a_failed_batch_leaves_the_earlier_coding(conn):
    _code(conn, "art1", [_event("art1", 0)])
    with pytest.raises(RuntimeError), transaction(conn):
        save_coded(conn, "art1", [], [], "v2")
        raise RuntimeError("coder crashed")
    assert _ids(conn) == [_event("art1", 0).id]
    with pytest.raises(StoreError, match="evidence names article 'art2'"), transaction(conn):
        save_coded(conn, "art1", [_event("art2", 0)], [], "v2")
    assert conn.execute("SELECT coder_version FROM coded_articles").fetchone()[0] == "v1"


def test_actor_filter_matches_people_by_their_country_on_the_actor_side_only(conn, plan):
    by_takaichi = _event("art1", 0, actors=(TAKAICHI,), recipients=(LEE,))
    to_japan = _event("art1", 50, actors=(KOR,), recipients=(JPN,))
    by_trump = _event("art2", 0, actors=(TRUMP,), recipients=(TAKAICHI,))
    _code(conn, "art1", [by_takaichi, to_japan])
    _code(conn, "art2", [by_trump])
    assert _ids(conn, actor="JPN") == [by_takaichi.id]
    assert _ids(conn, actor="sanae-takaichi") == [by_takaichi.id]
    assert sorted(_ids(conn, actor="KOR")) == [to_japan.id]
    assert _ids(conn, actor="CHN") == []


def test_with_matches_another_participant_on_either_side(conn, plan):
    to_trump = _event("art1", 0, actors=(TAKAICHI,), recipients=(TRUMP,))
    to_lee = _event("art1", 50, actors=(TAKAICHI,), recipients=(LEE,))
    jointly = _event("art1", 100, "AGREE", actors=(JPN, KOR), recipients=())
    to_japan = _event("art1", 150, "SUPPORT", actors=(TAKAICHI,), recipients=(JPN,))
    _code(conn, "art1", [to_trump, to_lee, jointly, to_japan])
    assert _ids(conn, actor="JPN", with_="USA") == [to_trump.id]
    assert set(_ids(conn, actor="JPN", with_="KOR")) == {to_lee.id, jointly.id}
    # The participant that matched actor does not also count as the other one.
    assert _ids(conn, actor="JPN", with_="JPN") == [to_japan.id]
    assert _ids(conn, with_="donald-trump") == [to_trump.id]
    rows, total = query_events(conn, EventQuery(with_="KOR", limit=1, offset=1))
    assert total == 2 and [r["id"] for r in rows] == [_ids(conn, with_="KOR")[1]]
    assert query_events(conn, EventQuery(actor="JPN", offset=5)) == ([], 4)


def test_type_filter_takes_one_or_several_types(conn):
    consult, agree, accuse = (_event("art1", n * 50, t) for n, t in enumerate(("CONSULT", "AGREE", "ACCUSE")))
    _code(conn, "art1", [consult, agree, accuse])
    assert set(_ids(conn, type=("agree", "CONSULT"))) == {consult.id, agree.id}
    assert _ids(conn, type="ACCUSE") == [accuse.id]
    with pytest.raises(SettingError, match="unknown event type MEET"):
        EventQuery(type=["AGREE", "meet"])


def test_date_spans_cover_the_whole_day_week_month_or_year():
    assert date_span("2025-10-28", "day") == ("2025-10-28", "2025-10-28")
    assert date_span("2025-10-27", "week") == ("2025-10-27", "2025-11-02")
    assert date_span("2025-W44", "week") == ("2025-10-27", "2025-11-02")
    assert date_span("2024-02", "month") == ("2024-02-01", "2024-02-29")
    assert date_span("2025", "year") == ("2025-01-01", "2025-12-31")
    assert date_span("2025-10") == ("2025-10-01", "2025-10-31")
    assert date_span(None, None) == date_span("October", "month") == (None, None)


def test_since_and_until_keep_events_whose_date_overlaps_the_range(conn):
    month = _event("art1", 0, date="2025-10", precision="month")
    day = _event("art1", 50, date="2025-09-30")
    week = _event("art1", 100, date="2025-11-03", precision="week")
    year = _event("art1", 150, date="2025", precision="year")
    undated = _event("art1", 200, date=None)
    _code(conn, "art1", [month, day, week, year, undated])
    assert set(_ids(conn, since="2025-10-15", until="2025-10-20")) == {month.id, year.id}
    assert set(_ids(conn, since="2025-11-09")) == {week.id, year.id}
    assert set(_ids(conn, until="2025-09-30")) == {day.id, year.id}
    assert set(_ids(conn, since="2025-10", until="2025-10")) == {month.id, year.id}
    assert _ids(conn, until="2024-12-31") == []
    assert undated.id in _ids(conn)
    with pytest.raises(SettingError, match="since must be an ISO date"):
        EventQuery(since="last week")


def test_negated_and_hypothetical_events_are_hidden_unless_asked_for(conn):
    said = _event("art1", 0)
    denied = _event("art1", 50, negated=True)
    maybe = _event("art1", 100, hypothetical=True)
    _code(conn, "art1", [said, denied, maybe])
    assert _ids(conn) == [said.id]
    assert set(_ids(conn, asserted_only=False)) == {said.id, denied.id, maybe.id}


def test_pages_report_the_total_and_follow_date_order(conn):
    days = ["2025-10-05", None, "2025-10-20", "2025-10-01", "2025-10-20", "2025-10-11", None]
    events = [_event("art1", n * 50, date=d) for n, d in enumerate(days)]
    _code(conn, "art1", events)
    everything, total = query_events(conn, EventQuery())
    assert total == 7
    assert [r["date"] for r in everything] == ["2025-10-20", "2025-10-20", "2025-10-11", "2025-10-05", "2025-10-01", None, None]
    assert [r["evidence"]["start"] for r in everything][:2] == [100, 200]
    pages = [query_events(conn, EventQuery(limit=3, offset=o)) for o in (0, 3, 6, 9)]
    assert [total for _, total in pages] == [7, 7, 7, 7]
    assert [len(rows) for rows, _ in pages] == [3, 3, 1, 0]
    assert [r for rows, _ in pages for r in rows] == everything
    with pytest.raises(SettingError, match="limit"):
        EventQuery(limit=10_001)


def test_a_stored_event_reads_back_as_its_to_dict_plus_the_article(conn):
    full = _event(
        "art2", 120, "REQUEST", actors=(TAKAICHI, ActorRef(None, "her cabinet", "other")), recipients=(TRUMP,),
        date="2025-10", precision="month", mode="economic", location="Tokyo", location_from="dateline",
        trigger="urged", speaker=LEE, intent=True, confidence=0.85, cameo="10", quad_class="verbal cooperation",
    )
    bare = _event("art2", 300, recipients=(), date=None)
    _code(conn, "art2", [full, bare])
    rows, _ = query_events(conn, EventQuery(article="art2"))
    article = {"id": "art2", "title": "Leaders meet, round 2", "outlet": "Seoul Herald", "published": "2025-10-03"}
    assert rows == [{**full.to_dict(), "article": article}, {**bare.to_dict(), "article": article}]
    assert json.loads(json.dumps(rows)) == rows
    assert _ids(conn, outlet="seoul herald") == [full.id, bare.id]
    assert _ids(conn, outlet="Test Wire") == []


def test_new_coder_version_makes_articles_uncoded_again(conn):
    assert uncoded_articles(conn, "v1") == ["art1", "art2", "art3"]
    _code(conn, "art1", [_event("art1", 0)])
    _code(conn, "art2", [], skipped="language de")
    assert uncoded_articles(conn, "v1") == ["art3"]
    assert uncoded_articles(conn, "v2") == ["art1", "art2", "art3"]
    assert uncoded_articles(conn, "v2", limit=1) == ["art1"]
    _code(conn, "art1", [_event("art1", 0)], version="v2", warnings=["no dateline"])
    assert uncoded_articles(conn, "v2") == ["art2", "art3"]
    assert json.loads(conn.execute("SELECT warnings FROM coded_articles WHERE article_id = 'art1'").fetchone()[0]) == ["no dateline"]


def test_counts_and_actor_ranking(conn):
    _code(conn, "art1", [_event("art1", 0), _event("art1", 50, "AGREE", negated=True),
                         _event("art1", 100, actors=(TRUMP,), recipients=(TAKAICHI, ActorRef(None, "Tokyo", "other")))])
    _code(conn, "art2", [], skipped="language de")
    counts = event_counts(conn)
    assert (counts["event_mentions"], counts["coded_articles"], counts["skipped_articles"]) == (3, 1, 1)
    assert counts["types"]["CONSULT"] == 2 and counts["types"]["AGREE"] == 1 and counts["types"]["ASSAULT"] == 0
    ranking = actor_summary(conn)
    assert ranking[0] == {"id": "sanae-takaichi", "name": "Sanae Takaichi", "kind": "person", "country": "JPN", "events": 3}
    assert [r["id"] for r in ranking] == ["sanae-takaichi", "lee-jae-myung", "donald-trump"]
    assert actor_summary(conn, limit=1) == ranking[:1]


def test_the_same_event_twice_in_one_coding_is_stored_once_with_a_warning(conn):
    _code(conn, "art1", [_event("art1", 0), _event("art1", 0)])
    events, warnings = conn.execute("SELECT events, warnings FROM coded_articles").fetchone()
    assert events == 1 and "1 event mention(s) dropped" in json.loads(warnings)[0]


def test_a_store_at_migration_1_upgrades_and_keeps_its_articles(tmp_path, monkeypatch):
    db = tmp_path / "old.db"
    shipped = store_db.migrations()
    monkeypatch.setattr(store_db, "migrations", lambda: shipped[:1])
    old = connect(db)
    save_articles(old, [_article(1), _article(2)])
    assert {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}.isdisjoint({"event_mentions"})
    old.close()
    monkeypatch.undo()

    conn = connect(db)
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")] == [v for v, _, _ in shipped]
    assert [a["id"] for a in list_articles(conn, limit=None)] == ["art2", "art1"]
    assert uncoded_articles(conn, "v1") == ["art1", "art2"]
    _code(conn, "art1", [_event("art1", 0)], [_mention(0, TAKAICHI)])
    assert _ids(conn, actor="JPN") == [_event("art1", 0).id]
