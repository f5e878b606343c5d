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
    """Each HTML response record as a RawPage (URL and WARC-Date kept); a bad record
    or a truncated file as a Failure; "skip" for each record that is not a page."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = str(path)
    index = 0
    try:
        with path.open("rb") as handle:
            iterator = ArchiveIterator(handle, arc2warc=True)
            while True:
                try:
                    record = next(iterator)
                except StopIteration:
                    break
                except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
                    yield Failure(f"{source}#record{index + 1}", "warc", f"unreadable WARC record ({_short(exc)})")
                    if not _resync(iterator):
                        break
                    continue
                index += 1
                if record.rec_type != "response":
                    yield "skip"
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                name = f"{source}#{uri or index}"
                http = record.http_headers
                status = http.get_statuscode() if http else None
                ctype = http.get_header("Content-Type") if http else None
                if status != "200" or (ctype and not _HTML_TYPE.search(ctype)):
                    yield "skip"
                    continue
                try:
                    data = record.content_stream().read(max_bytes + 1)
                except Exception as exc:  # zlib, EOF, chunked-encoding errors in a damaged record
                    yield Failure(name, "warc", f"damaged record body ({_short(exc)})")
                    continue
                if len(data) > max_bytes:
                    yield Failure(name, "input", f"record over the max_bytes limit of {max_bytes}")
                    continue
                yield RawPage(source=name, data=data, reference_time=_warc_date(record.rec_headers.get_header("WARC-Date")),
                              reference_from="WARC-Date", url=uri, media_type=ctype)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield Failure(source, "warc", f"archive ends early or is damaged after {index} records ({_short(exc)})")


def _resync(iterator) -> bool:
    """After a damaged record, warcio cannot always continue; say whether to try."""
    return False


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
