"""The CLI through typer's runner: output formats, stdin, and bad input."""

import json
import os

from typer.testing import CliRunner

from tidings.cli import app

from .conftest import FIXTURES

runner = CliRunner()
HTML = str(FIXTURES / "wire-page.html")
DUMP = str(FIXTURES / "portal-dump.txt")


def test_extract_one_page_prints_one_json_article():
    result = runner.invoke(app, ["extract", HTML, "--fetched-at", "2025-11-04T00:00:00Z"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("source", "kind", "url", "outlet", "title", "text", "published", "published_precision",
                "published_from", "authors", "dateline", "wire", "tags", "language", "warnings"):
        assert key in data
    assert data["kind"] == "html" and data["dateline"] == "Tokyo"
    assert data["reference_time"].startswith("2025-11-04T00:00:00")


def test_jsonl_gives_one_line_per_input():
    result = runner.invoke(app, ["extract", HTML, DUMP, "--format", "jsonl"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert [json.loads(l)["kind"] for l in lines] == ["html", "text"]


def test_text_format_is_readable():
    result = runner.invoke(app, ["extract", DUMP, "--format", "text"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Seoul and Tokyo agree to widen fishing talks")
    assert "Harbour Gazette | 2025-11-01 | Busan | IANS" in result.stdout


def test_stdin_is_read_and_url_is_kept():
    data = (FIXTURES / "portal-dump.txt").read_bytes()
    result = runner.invoke(app, ["extract", "-", "--url", "https://gazette.example/a"], input=data)
    assert result.exit_code == 0
    article = json.loads(result.stdout)
    assert article["source"] == "-" and article["url"] == "https://gazette.example/a"


def test_bad_inputs_each_get_one_line_and_the_rest_are_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(300_000_000)  # sparse: 300 MB on paper, nothing on disk
    no_text = tmp_path / "blank.html"
    no_text.write_text("<html><head><title>x</title></head><body><div></div><script>var a=1;</script></body></html>")
    folder = tmp_path / "folder"
    folder.mkdir()
    missing = tmp_path / "missing.html"
    inputs = [str(empty), str(binary), HTML, str(huge), str(no_text), str(folder), str(missing), DUMP]
    result = runner.invoke(app, ["extract", *inputs, "--format", "jsonl"])
    assert result.exit_code == 1
    assert [json.loads(l)["kind"] for l in result.stdout.strip().splitlines()] == ["html", "text"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 6
    assert "Traceback" not in result.stderr
    reasons = dict(line.removeprefix("tidings: ").split(": ", 1) for line in errors)
    assert reasons[str(empty)] == "empty input"
    assert "binary" in reasons[str(binary)]
    assert "max_bytes" in reasons[str(huge)]
    assert "no article text" in reasons[str(no_text)]
    assert "directory" in reasons[str(folder)]
    assert reasons[str(missing)] == "no such file"


def test_invalid_utf8_and_legacy_encodings_are_read(tmp_path):
    page = tmp_path / "legacy.txt"
    body = ("Caf\u00e9 owners in Seoul said trade was slow this autumn, and prices for coffee beans rose. " * 3)
    page.write_bytes(("A headline about caf\u00e9s\n\n" + body + "\n").encode("cp1252"))
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 0
    article = json.loads(result.stdout)
    assert "Caf\u00e9 owners" in article["text"]
    assert any("UTF-8" in w for w in article["warnings"])


def test_a_size_setting_from_the_environment_is_honoured(tmp_path):
    result = runner.invoke(app, ["extract", DUMP], env={"TIDINGS_MAX_BYTES": "100"})
    assert result.exit_code == 1
    assert "over the max_bytes limit" in result.stderr


def test_bad_fetched_at_is_a_clear_error():
    result = runner.invoke(app, ["extract", DUMP, "--fetched-at", "last tuesday"])
    assert result.exit_code == 2
    assert "--fetched-at" in result.stderr and "Traceback" not in result.stderr


def test_settings_lists_every_setting():
    from tidings.settings import SETTINGS

    result = runner.invoke(app, ["settings"])
    assert result.exit_code == 0
    for setting in SETTINGS:
        assert f"TIDINGS_{setting.name.upper()}" in result.stdout
