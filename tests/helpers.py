"""Small builders shared by the store and ingest tests (pages written for the tests)."""

from __future__ import annotations

import io
from pathlib import Path

TOPICS = ["fisheries", "rail links", "student exchanges", "coast guard contacts", "film festivals", "disaster drills"]


def page_html(n: int) -> bytes:
    topic = TOPICS[n % len(TOPICS)]
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Officials agree on {topic}, round {n} | Test Wire</title>
<meta property="og:title" content="Officials agree on {topic}, round {n}">
<meta property="article:published_time" content="2025-10-{1 + n % 28:02d}T09:00:00+09:00">
</head><body><nav><a href="/">Home</a> <a href="/asia">Asia</a></nav><article>
<h1>Officials agree on {topic}, round {n}</h1>
<p>TOKYO (Kyodo) -- Officials from Japan and South Korea agreed on Tuesday to expand cooperation on {topic}, in talks numbered {n} in a long series.</p>
<p>The two delegations met for most of the day and said working groups would report back within three months on {topic}.</p>
<p>"We made real progress on {topic} today," one official told reporters after the meeting, adding that the next round would follow soon.</p>
<p>Both governments have tried to widen practical contacts this year, and officials called round {n} friendly and businesslike.</p>
</article><footer>&copy; 2025 Test Wire</footer></body></html>""".encode()


def page_text(n: int) -> bytes:
    topic = TOPICS[n % len(TOPICS)]
    return (f"Ministers discuss {topic} in meeting number {n}\n\nOctober {1 + n % 28}, 2025\n\n"
            f"Seoul: Ministers from two neighbouring countries discussed {topic} on Monday in meeting number {n}, officials said.\n\n"
            f"They agreed that experts would meet again next month to draft a plan on {topic} for both governments to approve.\n\n"
            f"\"This is slow work, but it is moving,\" one minister said after the talks on {topic} ended late in the evening.\n\n"
            "(IANS)\n\nRelated Posts\n\nWeather turns cold across the north\n").encode()


def write_warc(path: Path, records: list[tuple[str, int, str, bytes]], gzip: bool = True) -> None:
    """records: (url, status, content type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for n, (url, status, ctype, body) in enumerate(records):
            headers = StatusAndHeaders(f"{status} {'OK' if status == 200 else 'Not Found'}",
                                       [("Content-Type", ctype)], protocol="HTTP/1.1")
            # a fixed record id keeps the archive's bytes, and so where a test cuts it, the same on every run
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": "2025-10-30T03:00:00Z",
                                                                  "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"})
            writer.write_record(record)
