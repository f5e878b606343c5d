"""The JSON API over the example store: what each endpoint answers, filters that hold,
pages that walk the whole list once, one error shape, read-only, and no 5xx for any input
the OpenAPI schema allows (schemathesis)."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import pytest

pytest.importorskip("spacy")
pytest.importorskip("fastapi")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx versions
    from fastapi.testclient import TestClient

from tidings.demo import run_demo
from tidings.errors import TidingsError
from tidings.web.app import create_app

QUADS = {"verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("api")
    run_demo(None, folder / "out", folder / "tidings.db")
    return folder / "tidings.db"


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(store), raise_server_exceptions=False)


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def _walk(client: TestClient, path: str, limit: int) -> tuple[list[dict], int]:
    items, offset, total = [], 0, None
    while offset is not None:
        page = client.get(path, params={"limit": limit, "offset": offset}).json()
        total = page["total"] if total is None else total
        assert page["total"] == total and len(page["items"]) <= limit
        items += page["items"]
        offset = page["next_offset"]
    return items, total


def test_overview_counts_match_the_lists(client):
    counts = client.get("/api").json()["counts"]
    assert counts["articles"] == 67 and counts["failures"] == 0
    assert client.get("/api/articles").json()["total"] == counts["articles"]
    assert client.get("/api/stories").json()["total"] == counts["stories"]
    assert client.get("/api/actors").json()["total"] == counts["actors"]


@pytest.mark.parametrize("path", ["/api/articles", "/api/stories", "/api/events", "/api/actors"])
def test_pages_walk_every_item_exactly_once(client, path):
    items, total = _walk(client, path, 7)
    ids = [item["id"] for item in items]
    assert len(ids) == total == len(set(ids)) > 0
    assert ids == [item["id"] for item in client.get(path, params={"limit": 500}).json()["items"]]


def test_articles_are_newest_first_and_filter_by_outlet_and_day(client):
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    days = [item["published"][:10] for item in items if item["published"]]
    assert days == sorted(days, reverse=True)
    outlet = items[0]["outlet"]
    same = client.get("/api/articles", params={"outlet": outlet, "limit": 500}).json()
    assert same["total"] == sum(item["outlet"] == outlet for item in items) and same["filters"] == {"outlet": outlet}
    october = client.get("/api/articles", params={"since": "2025-10", "until": "2025-10", "limit": 500}).json()["items"]
    assert october and all(item["published"].startswith("2025-10") for item in october)


def test_article_by_id_has_text_actors_events_and_story(client):
    listed = client.get("/api/articles", params={"limit": 500}).json()["items"]
    article = next(a for a in listed if "Lee, Trump finalize tariff deal" in a["title"])
    detail = client.get(f"/api/articles/{article['id']}").json()
    assert detail["id"] == article["id"] and detail["title"] == article["title"]
    text = detail["text"]
    assert any(m["actor_id"] == "lee-jae-myung" for m in detail["actor_mentions"])
    for mention in detail["actor_mentions"]:
        assert 0 <= mention["start"] < mention["end"] <= len(text)
    assert detail["events"] and detail["story"]
    for event in detail["events"]:
        assert text[event["start"]:event["end"]] == event["sentence"]


def test_unknown_ids_are_404_in_the_error_shape(client):
    _error(client.get("/api/articles/0000000000000000"), 404, "not-found")
    _error(client.get("/api/stories/nothing"), 404, "not-found")
    _error(client.get("/api/actors/nobody-at-all"), 404, "not-found")
    _error(client.get("/api/no-such-endpoint"), 404, "not-found")


def test_events_filters_hold_on_every_row(client):
    everything = client.get("/api/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) > 100
    agree = client.get("/api/events", params={"type": "agree,consult", "limit": 500}).json()
    assert agree["items"] and {e["type"] for e in agree["items"]} <= {"AGREE", "CONSULT"}
    assert agree["total"] == sum(e["type"] in ("AGREE", "CONSULT") for e in everything["items"])
    repeated = client.get("/api/events", params=[("type", "AGREE"), ("type", "CONSULT"), ("limit", 500)]).json()
    assert repeated["total"] == agree["total"]
    autumn = client.get("/api/events", params={"since": "2025-10-01", "until": "2025-10-31", "limit": 500}).json()["items"]
    assert autumn and all("2025-10-01" <= e["date_start"] <= "2025-10-31" for e in autumn)
    wide = client.get("/api/events", params={"min_outlets": 2, "limit": 500}).json()["items"]
    assert wide and all(e["n_outlets"] >= 2 for e in wide)
    outlet = wide[0]["first_outlet"]
    told = client.get("/api/events", params={"outlet": outlet, "limit": 500}).json()
    assert 0 < told["total"] < everything["total"]


def test_events_of_a_country_include_its_people_and_with_narrows(client):
    japan = client.get("/api/events", params={"actor": "JPN", "limit": 500}).json()
    assert japan["total"] > 20
    takaichi = client.get("/api/events", params={"actor": "sanae-takaichi", "limit": 500}).json()
    assert takaichi["total"] > 0 and {e["id"] for e in takaichi["items"]} <= {e["id"] for e in japan["items"]}
    pair = client.get("/api/events", params={"actor": "JPN", "with": "USA", "limit": 500}).json()
    assert 0 < pair["total"] < japan["total"] and pair["filters"] == {"actor": "JPN", "with": "USA"}


def test_each_merged_event_keeps_its_evidence(client):
    for event in client.get("/api/events", params={"limit": 500}).json()["items"]:
        assert event["evidence"] and event["type"] and event["n_mentions"] >= event["n_articles"] >= 1


def test_story_lists_its_articles_and_events_in_time_order(client):
    listed = client.get("/api/stories", params={"limit": 100}).json()["items"]
    biggest = max(listed, key=lambda s: s["n_articles"])
    detail = client.get(f"/api/stories/{biggest['id']}").json()
    assert detail["id"] == biggest["id"] and detail["title"] == biggest["title"]
    assert len(detail["articles"]) == biggest["n_articles"] >= 3
    days = [e["date_start"] for e in detail["events"] if e["date_start"]]
    assert days == sorted(days)


def test_actor_has_roles_counterparts_and_recent_events(client):
    trump = client.get("/api/actors/donald-trump").json()
    assert trump["name"] == "Donald Trump"
    assert any(r["office"] and r["from"] for r in trump["roles"])
    counterparts = [c["id"] for c in trump["counterparts"]]
    assert counterparts and len(counterparts) == len(set(counterparts)) and "donald-trump" not in counterparts
    assert 0 < len(trump["recent_events"]) <= trump["events_total"]


def test_dyad_counts_by_month_with_a_bounded_score(client):
    dyad = client.get("/api/dyads/JPN/USA").json()
    months = [m["month"] for m in dyad["months"]]
    assert months == sorted(months) and months
    for month in dyad["months"]:
        assert set(month["quad"]) <= QUADS and sum(month["quad"].values()) == month["events"] == sum(month["types"].values())
        assert -10 <= month["score"] <= 10
    _error(client.get("/api/dyads/JPN/JPN"), 400, "setting")


def test_dyad_events_come_in_pages_newest_first_and_add_up_to_the_months(client):
    first = client.get("/api/dyads/JPN/USA", params={"limit": 2}).json()
    assert first["total"] == sum(m["events"] for m in first["months"]) > 2 and len(first["events"]) == 2
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/dyads/JPN/USA", params={"limit": 2, "offset": offset}).json()
        assert page["months"] == first["months"] and page["total"] == first["total"]
        seen += page["events"]
        offset = page["next_offset"]
    assert len(seen) == first["total"] == len({e["id"] for e in seen})
    dated = [e["date_start"] for e in seen if e["date_start"]]
    assert dated == sorted(dated, reverse=True)


def test_answers_are_kept_until_the_store_changes(store, tmp_path):
    db = tmp_path / "copy.db"
    with sqlite3.connect(store) as source, sqlite3.connect(db) as target:
        source.backup(target)
    client = TestClient(create_app(db, cache_bytes=1 << 20), raise_server_exceptions=False)
    path = "/api/articles?limit=1"
    first, second = client.get(path), client.get(path)
    assert first.headers["x-tidings-cache"] == "miss" and second.headers["x-tidings-cache"] == "hit"
    assert second.json() == first.json() and second.headers["x-content-type-options"] == "nosniff"
    assert client.get(path, headers={"If-None-Match": second.headers["etag"]}).status_code == 304
    article = first.json()["items"][0]["id"]
    with sqlite3.connect(db) as writer:  # what an ingest's commit does to the kept answer
        writer.execute("UPDATE articles SET title = 'A title changed after the answer was kept' WHERE id = ?", (article,))
    third = client.get(path)
    assert third.headers["x-tidings-cache"] == "miss"
    assert third.json()["items"][0]["title"] == "A title changed after the answer was kept"
    assert client.get(path, headers={"If-None-Match": second.headers["etag"]}).status_code == 200
    for _ in range(2):  # errors are never kept
        missing = client.get("/api/articles/no-such-article")
        assert missing.status_code == 404 and "x-tidings-cache" not in missing.headers


def test_search_ranks_and_marks_highlights(client):
    found = client.get("/api/search", params={"q": "tariff"}).json()
    assert found["total"] > 3 and found["filters"] == {"q": "tariff"}
    assert all("\ue000" in item["snippet"] and "\ue001" in item["snippet"] for item in found["items"])
    ranks = [item["rank"] for item in found["items"]]
    assert ranks == sorted(ranks)
    assert client.get("/api/search", params={"q": "   "}).json()["total"] == 0
    _error(client.get("/api/search", params={"q": '"unclosed'}), 400, "bad-query")


def test_a_very_common_query_ranks_the_matches_stored_last(client, store, monkeypatch):
    import tidings.store.web as web

    every = client.get("/api/search", params={"q": "tariff", "limit": 100}).json()
    assert every["matches"] == every["total"] > 4
    monkeypatch.setattr(web, "RANK_WINDOW", 4)
    window = client.get("/api/search", params={"q": "tariff OR tariffs", "limit": 3}).json()
    assert window["matches"] > window["total"] == 4 and window["next_offset"] == 3
    rest = client.get("/api/search", params={"q": "tariff OR tariffs", "limit": 3, "offset": 3}).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    with sqlite3.connect(store) as conn:
        latest = {r[0] for r in conn.execute("SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                                             "WHERE articles_fts MATCH 'tariff OR tariffs' ORDER BY articles_fts.rowid DESC LIMIT 4")}
    assert {i["id"] for i in window["items"] + rest["items"]} == latest
    ranks = [i["rank"] for i in window["items"] + rest["items"]]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("query,status,code", [
    ({"type": "HUG"}, 400, "setting"),
    ({"since": "2025-13"}, 400, "setting"),
    ({"until": "2025-02-30"}, 400, "setting"),
    ({"limit": 0}, 422, "invalid-request"),
    ({"limit": 501}, 422, "invalid-request"),
    ({"offset": -1}, 422, "invalid-request"),
    ({"min_outlets": "many"}, 422, "invalid-request"),
])
def test_bad_filters_get_the_error_shape(client, query, status, code):
    assert next(iter(query)) in _error(client.get("/api/events", params=query), status, code)["message"]


def test_the_api_is_read_only(client, store):
    before = sqlite3.connect(store).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    _error(client.post("/api/articles", json={"title": "x"}), 405, "method-not-allowed")
    _error(client.delete(f"/api/articles/{client.get('/api/articles').json()['items'][0]['id']}"), 405, "method-not-allowed")
    assert sqlite3.connect(store).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == before


def test_security_headers_on_every_answer(client):
    for response in (client.get("/api"), client.get("/api/articles/none"), client.get("/openapi.json")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/stories", "/api/stories/{story_id}",
                 "/api/actors", "/api/actors/{actor_id}", "/api/dyads/{a}/{b}", "/api/search", "/api/failures"):
        assert path in paths and paths[path]["get"]["summary"]
    events = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"actor", "with", "type", "since", "until", "outlet", "min_outlets", "limit", "offset"} <= events


def test_a_missing_store_is_refused_at_start(tmp_path):
    with pytest.raises(TidingsError):
        create_app(tmp_path / "absent.db")


def test_no_input_the_schema_allows_gives_a_5xx(store):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store))
    failures, calls = [], []
    for operation in schema.get_all_operations():
        strategy = operation.ok().as_strategy()

        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call()
            calls.append(case.path)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code}")
            else:
                assert isinstance(response.json(), dict)  # every answer, error or not, is a JSON object

        given(strategy)(check)()
    assert not failures, failures[:5]
    assert len(set(calls)) >= 11 and len(calls) > 100  # every endpoint was exercised
