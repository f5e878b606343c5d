"""Fetching and feeds against the tests' own HTTP server on loopback (with --allow-private)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tidings.errors import FetchError
from tidings.fetch import FetchOptions, Fetcher
from tidings.ingest import IngestOptions, ingest
from tidings.store import connect, export_rows, failure_rows

from .helpers import page_html

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><link>http://x/</link></item></channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", ctype="text/html", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        port = self.server.server_address[1]
        base = f"http://127.0.0.1:{port}"
        path = self.path
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path.startswith("/page"):
            return self._send(200, page_html(int(path.rsplit("/", 1)[-1] or 0)))
        if path == "/private/secret":
            return self._send(200, page_html(9))
        if path == "/404":
            return self._send(404, b"not here")
        if path == "/500":
            return self._send(500, b"broken")
        if path in ("/loop-a", "/loop-b"):
            other = "/loop-b" if path == "/loop-a" else "/loop-a"
            return self._send(302, headers=[("Location", base + other)])
        if path == "/moved":
            return self._send(301, headers=[("Location", "/page/3")])
        if path == "/hang":
            time.sleep(5)
            return
        if path == "/forever":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"<p>" + b"more " * 200 + b"</p>\n")
                    self.wfile.flush()
                    time.sleep(0.01)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/huge":
            return self._send(200, b"<p>" + b"x" * 300_000 + b"</p>")
        if path == "/feed.xml":
            items = "".join(f"<item><title>t{n}</title><link>{base}{p}</link></item>" for n, p in enumerate(["/page/1", "/page/2", "/404"]))
            return self._send(200, f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'.encode(), "application/rss+xml")
        if path == "/bomb.xml":
            return self._send(200, BOMB, "application/rss+xml")
        if path == "/notxml.rss":
            return self._send(200, b"this is plain text pretending to be a feed", "application/rss+xml")
        return self._send(404, b"?")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


FAST = FetchOptions(allow_private=True, per_host_interval=0, connect_timeout=1, read_timeout=1, total_timeout=2, max_bytes=200_000)


def _reason(url, options=FAST):
    with Fetcher(options) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(url)
    return info.value.message


def test_a_page_and_a_redirect_are_fetched(server):
    with Fetcher(FAST) as fetcher:
        page = fetcher.fetch(server + "/page/1")
        moved = fetcher.fetch(server + "/moved")
    assert b"round 1" in page.data and page.reference_time is not None
    assert moved.url.endswith("/page/3")


@pytest.mark.parametrize("path, expected", [
    ("/404", "HTTP 404"), ("/500", "HTTP 500"), ("/loop-a", "redirect loop"), ("/private/secret", "robots.txt"),
    ("/huge", "byte cap"), ("/hang", "timed out"),
])
def test_bad_servers_fail_with_a_reason_in_bounded_time(server, path, expected):
    started = time.monotonic()
    assert expected in _reason(server + path)
    assert time.monotonic() - started < 4


def test_a_server_that_streams_forever_is_cut_off(server):
    started = time.monotonic()
    reason = _reason(server + "/forever")
    assert "byte cap" in reason or "longer than" in reason
    assert time.monotonic() - started < 4


def test_private_addresses_are_refused_by_default(server):
    assert "private address" in _reason(server + "/page/1", FetchOptions(per_host_interval=0))


def test_ingest_of_feeds_and_urls_records_every_failure(server, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server}/page/4\n# a comment\n{server}/500\n")
    db = tmp_path / "t.db"
    summary = ingest([server + "/feed.xml", server + "/bomb.xml", server + "/notxml.rss"],
                     IngestOptions(db=db, fetch=FAST), urls_file=str(urls))
    conn = connect(db)
    stored = sorted(r["url"].rsplit("/", 1)[-1] for r in export_rows(conn, "articles"))
    assert stored == ["1", "2", "4"]
    reasons = {r["source"].rsplit("/", 1)[-1]: r["reason"] for r in failure_rows(conn)}
    assert reasons["404"] == "HTTP 404" and reasons["500"] == "HTTP 500"
    assert "entities" in reasons["bomb.xml"]
    assert "not a feed" in reasons["notxml.rss"] or "not well-formed" in reasons["notxml.rss"]
    assert summary.failures == 4
