"""Web archives (WARC) and feeds (RSS, Atom) as streams of pages or item URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .errors import ArchiveError
from .records import Failure, RawPage

_HTML_TYPE = re.compile(r"text/html|application/xhtml|text/plain", re.I)


@dataclass(frozen=True)
class WarcStats:
    skipped: int = 0  # records that are not HTML responses with status 200


def read_warc(path: Path, max_bytes: int) -> Iterator[RawPage | Failure | str]:
    """Each HTML response record as a RawPage (URL and WARC-Date kept); a damaged record
    as a Failure, after which reading resumes at the next record; a truncated archive as
    a Failure for its tail; "skip" for each record that is not an HTML 200 response."""
    source = str(path)
    offset, done = 0, 0
    size = path.stat().st_size
    while offset < size:
        resume = None
        for item in _records_from(path, offset, max_bytes):
            if isinstance(item, tuple):  # ("damaged", record offset, reason)
                _, at, reason = item
                yield Failure(f"{source}@{at}", "warc", reason)
                resume = _next_record_start(path, at + 1)
                if resume is not None and resume <= offset:
                    resume = None
                break
            done += 1
            yield item
        if resume is None:
            return
        offset = resume


def _records_from(path: Path, offset: int, max_bytes: int) -> Iterator[object]:
    from warcio.archiveiterator import ArchiveIterator

    source = str(path)
    with path.open("rb") as handle:
        handle.seek(offset)
        iterator = ArchiveIterator(handle, arc2warc=True)
        at = offset
        good = False
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                return
            except Exception as exc:  # warcio raises several kinds for damaged input
                yield ("damaged", _failing_record(path, at, good), f"damaged or truncated WARC record ({_short(exc)})")
                return
            if not record.rec_type or record.rec_headers.get_header("Content-Length") is None:
                yield ("damaged", _failing_record(path, at, good), "damaged WARC record (no type or length)")
                return
            good = True
            if record.rec_type != "response":
                at = _failed_at(iterator, offset, at)
                yield "skip"
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            name = f"{source}#{uri}"
            http = record.http_headers
            status = http.get_statuscode() if http else None
            ctype = http.get_header("Content-Type") if http else None
            if status != "200" or (ctype and not _HTML_TYPE.search(ctype)):
                at = _failed_at(iterator, offset, at)
                yield "skip"
                continue
            try:
                data = record.content_stream().read(max_bytes + 1)
            except Exception as exc:  # zlib, EOF or chunking errors inside a damaged record
                yield ("damaged", _failed_at(iterator, offset, at), f"damaged WARC record body ({_short(exc)})")
                return
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing and len(data) <= max_bytes:  # the archive ends inside this record
                yield ("damaged", _failed_at(iterator, offset, at),
                       f"truncated WARC record ({missing} of {record.length} bytes missing)")
                return
            at = _failed_at(iterator, offset, at)
            if len(data) > max_bytes:
                yield Failure(name, "input", f"record over the max_bytes limit of {max_bytes}")
                continue
            yield RawPage(source=name, data=data, reference_time=_warc_date(record.rec_headers.get_header("WARC-Date")),
                          reference_from="WARC-Date", url=uri, media_type=ctype)


def _failing_record(path: Path, last_good: int, any_good: bool) -> int:
    """Start of the record that failed: the one after the last good record."""
    if not any_good:
        return last_good
    found = _next_record_start(path, last_good + 1)
    return found if found is not None else last_good


def _failed_at(iterator, offset: int, last: int) -> int:
    try:
        return offset + iterator.get_record_offset()
    except Exception:
        return last


def _next_record_start(path: Path, start: int) -> int | None:
    """Where the next record begins after start: a gzip member or a "WARC/1." line."""
    import mmap

    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            return None
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
            gz = view.find(b"\x1f\x8b\x08", start)
            plain = view.find(b"\nWARC/1.", start)
            plain = plain + 1 if plain >= 0 else -1
            found = [p for p in (gz if _is_gzip(path) else -1, plain if not _is_gzip(path) else -1) if p >= 0]
            return min(found) if found else None


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


@dataclass(frozen=True)
class FeedItem:
    url: str
    published: datetime | None
    title: str | None


def parse_feed(data: bytes, source: str) -> list[FeedItem]:
    """Item links of an RSS or Atom feed; entity declarations are refused (no XML bombs)."""
    import feedparser
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import fromstring
    from xml.etree.ElementTree import ParseError

    head = data[:2048].lstrip().lower()
    if not (head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        raise ArchiveError("not a feed (no XML)", source=source)
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden) as exc:
        raise ArchiveError("feed declares XML entities; refused", source=source) from exc
    except ParseError as exc:
        raise ArchiveError(f"feed is not well-formed XML ({exc})", source=source) from exc
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=False)
    if not parsed.entries and parsed.get("bozo"):
        raise ArchiveError(f"not a readable feed ({_short(parsed.get('bozo_exception') or 'unknown error')})", source=source)
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        when = datetime(*stamp[:6], tzinfo=timezone.utc) if stamp else None
        items.append(FeedItem(link, when, entry.get("title")))
    return items


def looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in data[:4096].lower() or b"<feed" in data[:4096].lower()) or head.startswith((b"<rss", b"<feed"))
