"""Events end to end through the CLI: ingest codes and stores them, queries filter them,
`code` re-codes, and the sentence and page modes need no store."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from tidings.cli import app

from .conftest import EXAMPLES

pytest.importorskip("spacy")
runner = CliRunner()
PAGES = ["01-eastern-courier-takaichi-trump.html", "06-bharat-pulse-lee-ishiba.txt", "07-nippon-post-lee-ishiba.html",
         "23-nippon-post-takaichi-lee.html", "30-daily-brief-china-travel.txt"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    for name in PAGES:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def _ingest(folder, db, *extra):
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--summary", "json", "--fetched-at",
                                 "2025-11-16T00:00:00Z", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _query(db, *args):
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", "--limit", "10000", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_ingest_stores_events_and_queries_filter_them(folder, tmp_path):
    db = tmp_path / "e.db"
    summary = _ingest(folder, db)
    assert summary["stored"] == 5 and summary["coded"] == 5 and summary["events"] >= 15
    everything = _query(db)
    assert len(everything) == summary["events"] - sum(1 for e in _query(db, "--all") if e["negated"] or e["hypothetical"])

    def involves(event, actor):
        refs = event["actors"] + event["recipients"]
        return any(r["id"] == actor or r["country"] == actor for r in refs)

    jpn_kor = _query(db, "--actor", "JPN", "--with", "KOR")
    assert jpn_kor and all(involves(e, "KOR") and any(a["id"] == "JPN" or a["country"] == "JPN" for a in e["actors"])
                           for e in jpn_kor)
    agree = _query(db, "--type", "AGREE,CONSULT")
    assert agree and {e["type"] for e in agree} <= {"AGREE", "CONSULT"}
    november = _query(db, "--since", "2025-11-01")
    assert november and all(e["date"] >= "2025-11" for e in november)
    for e in everything:  # every event links to its article and sentence
        assert e["article"]["id"] and e["evidence"]["sentence"] and e["evidence"]["end"] > e["evidence"]["start"]

    again = _ingest(folder, db)  # nothing changes the second time
    assert again["stored"] == 0 and again["events"] == 0 and len(_query(db)) == len(everything)


def test_ingest_without_events_then_code_gives_the_same_events(folder, tmp_path):
    with_events, later = tmp_path / "a.db", tmp_path / "b.db"
    _ingest(folder, with_events)
    assert _ingest(folder, later, "--no-events")["events"] == 0
    assert _query(later) == []
    coded = runner.invoke(app, ["code", "--db", str(later), "--summary", "json"])
    assert coded.exit_code == 0, coded.output
    assert json.loads(coded.stdout)["articles"] == 5
    strip = lambda rows: sorted(json.dumps({k: v for k, v in r.items()}, sort_keys=True) for r in rows)  # noqa: E731
    assert strip(_query(later, "--all")) == strip(_query(with_events, "--all"))
    again = runner.invoke(app, ["code", "--db", str(later), "--summary", "json"])
    assert json.loads(again.stdout)["articles"] == 0  # already coded by this coder version


def test_export_and_actors_read_the_stored_events(folder, tmp_path):
    db = tmp_path / "x.db"
    _ingest(folder, db)
    out = tmp_path / "events.csv"
    exported = runner.invoke(app, ["export", "--db", str(db), "--table", "events", "--format", "csv", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert "type" in header and "evidence" in header and "cameo" in header
    actors = runner.invoke(app, ["actors", "--db", str(db), "--format", "json"])
    ids = [a["id"] for a in json.loads(actors.stdout)]
    assert "sanae-takaichi" in ids[:5] and "lee-jae-myung" in ids[:5]


def test_pages_are_coded_without_a_store(folder):
    result = runner.invoke(app, ["events", str(folder / PAGES[4]), "--fetched-at", "2025-11-17T02:00:00Z"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    travel = [e for e in events if e["type"] == "SANCTION"]
    assert travel and travel[0]["actors"][0]["id"] == "CHN" and travel[0]["recipients"][0]["id"] == "JPN"
    assert travel[0]["date"] == "2025-11-14" and travel[0]["article"]["outlet"]


def test_sentences_from_a_file_carry_their_line_numbers(tmp_path):
    lines = tmp_path / "s.txt"
    lines.write_text("The weather was fine.\nJapan protested to China on Tuesday.\n", encoding="utf-8")
    result = runner.invoke(app, ["events", "--sentences", str(lines), "--date", "2025-11-20"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["evidence"]["line"], e["type"], e["date"]) for e in events] == [(2, "ACCUSE", "2025-11-18")]


def test_bad_requests_get_one_line_errors(tmp_path):
    both = runner.invoke(app, ["events", "--text", "x", "page.html"])
    assert both.exit_code == 2 and "only one of" in both.output
    bad_date = runner.invoke(app, ["events", "--text", "Japan protested.", "--date", "Tuesday"])
    assert bad_date.exit_code == 2 and "--date" in bad_date.output
    missing = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such database" in missing.output
    bad_type = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db"), "--type", "HUG"])
    assert bad_type.exit_code == 2
