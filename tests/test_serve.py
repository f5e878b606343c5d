"""tidings serve: loopback unless told otherwise, clear refusals before anything starts, and a
real server process answering over HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.store import connect
from tidings.web import serve as serving

runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "tidings.db"
    connect(path).close()
    return path


def _listening():
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder


def test_other_hosts_need_an_explicit_flag(store, monkeypatch):
    called = []
    monkeypatch.setattr(serving, "run", lambda *args: called.append(args))
    refused = runner.invoke(app, ["serve", "--db", str(store), "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--allow-remote" in refused.output and not called
    allowed = runner.invoke(app, ["serve", "--db", str(store), "--host", "0.0.0.0", "--allow-remote", "--port", "0"])
    assert allowed.exit_code == 0 and "warning" in allowed.output and called[0][1] == "0.0.0.0"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.9.9.9"])
def test_loopback_addresses_need_no_flag(host):
    assert serving.is_loopback(host)
    assert not serving.is_loopback("192.168.1.4") and not serving.is_loopback("example.org")


def test_a_missing_store_or_busy_port_is_one_line_before_start(tmp_path, store):
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "absent.db")])
    assert missing.exit_code == 2 and "no such database" in missing.output and "serving" not in missing.output
    with _listening() as holder:
        port = holder.getsockname()[1]
        busy = runner.invoke(app, ["serve", "--db", str(store), "--port", str(port)])
        assert busy.exit_code == 2 and "in use" in busy.output
        assert serving.free_port("127.0.0.1", port) != port


def test_the_server_answers_over_http(store):
    port = serving.free_port("127.0.0.1", 18000)
    server = subprocess.Popen([sys.executable, "-m", "tidings.cli", "serve", "--db", str(store), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as response:
                    body = json.load(response)
                    headers = response.headers
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert body["counts"]["articles"] == 0
        assert headers["X-Content-Type-Options"] == "nosniff"
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/" in output
