"""The store commands through typer's runner."""

import json

from typer.testing import CliRunner

from tidings.cli import app

from .helpers import page_html, page_text

runner = CliRunner()


def _folder(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(3):
        (folder / f"h{n}.html").write_bytes(page_html(n))
        (folder / f"t{n}.txt").write_bytes(page_text(n))
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    return folder


def test_ingest_summary_json_and_queries(tmp_path):
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--db", str(db), "--summary", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["stored"], summary["failures"], summary["articles_in_store"]) == (6, 1, 6)

    found = runner.invoke(app, ["search", "fisheries", "--db", str(db), "--format", "json"])
    assert found.exit_code == 0 and json.loads(found.stdout)

    listed = runner.invoke(app, ["articles", "--db", str(db), "--format", "json", "--limit", "0"])
    assert len(json.loads(listed.stdout)) == 6

    failed = runner.invoke(app, ["failures", "--db", str(db)])
    assert "bad.txt: binary data, not a page [not-a-page]" in failed.stdout

    exported = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--table", "failures"])
    assert [json.loads(l)["code"] for l in exported.stdout.splitlines()] == ["not-a-page"]


def test_the_db_comes_from_the_environment(tmp_path):
    db = tmp_path / "env.db"
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--quiet"], env={"TIDINGS_DB": str(db)})
    assert result.exit_code == 0
    assert db.exists()


def test_queries_on_a_missing_or_foreign_db_are_one_line_errors(tmp_path):
    missing = runner.invoke(app, ["articles", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such database" in missing.stderr
    foreign = tmp_path / "x.db"
    foreign.write_text("hello")
    result = runner.invoke(app, ["search", "x", "--db", str(foreign)])
    assert result.exit_code == 2 and "not an SQLite database" in result.stderr and "Traceback" not in result.stderr


def test_parquet_export_needs_an_output_file(tmp_path):
    db = tmp_path / "s.db"
    runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--db", str(db), "--quiet"])
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "parquet"]).exit_code == 2
    out = tmp_path / "a.parquet"
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", str(out)]).exit_code == 0
    assert out.stat().st_size > 0
