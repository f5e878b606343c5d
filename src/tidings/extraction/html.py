"""HTML pages: trafilatura for the body, page metadata for title, authors and date."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from . import dates

_META_TIME = re.compile(
    r"""<meta\s[^>]*?(?:property|name|itemprop)\s*=\s*["'](?P<key>article:published_time|og:published_time|datePublished|pubdate|publishdate|publish-date|date|dc\.date|dc\.date\.issued|sailthru\.date|parsely-pub-date)["'][^>]*?content\s*=\s*["'](?P<value>[^"']{6,40})["']""",
    re.I,
)
_META_TIME_REV = re.compile(
    r"""<meta\s[^>]*?content\s*=\s*["'](?P<value>[^"']{6,40})["'][^>]*?(?:property|name|itemprop)\s*=\s*["'](?P<key>article:published_time|datePublished|pubdate|date)["']""",
    re.I,
)
_JSONLD = re.compile(r"""<script[^>]+application/ld\+json[^>]*>(?P<body>.*?)</script>""", re.I | re.S)
_TIME_TAG = re.compile(r"""<time[^>]+datetime\s*=\s*["'](?P<value>[^"']{8,40})["']""", re.I)
_SITE_NAME = re.compile(r"""<meta\s[^>]*?property\s*=\s*["']og:site_name["'][^>]*?content\s*=\s*["'](?P<v>[^"']{2,80})["']""", re.I)
_CANONICAL = re.compile(r"""<link\s[^>]*?rel\s*=\s*["']canonical["'][^>]*?href\s*=\s*["'](?P<v>https?://[^"']+)["']""", re.I)
_OG_URL = re.compile(r"""<meta\s[^>]*?property\s*=\s*["']og:url["'][^>]*?content\s*=\s*["'](?P<v>https?://[^"']+)["']""", re.I)
_SOURCE_ICON = re.compile(r"\U0001F4F0\s*(?:</?[^>]+>\s*)*(?P<name>[^<\n\d][^<\n]{1,50}?)\s*<")


@dataclass
class HtmlResult:
    title: str | None
    paragraphs: list[str]
    published: dates.FoundDate | None
    outlet: str | None
    url: str | None
    authors: list[str]
    tags: list[str]
    language: str | None
    warnings: list[str] = field(default_factory=list)


def extract_html(html: str, url: str | None) -> HtmlResult:
    """Body and metadata of an HTML page."""
    import trafilatura

    warnings: list[str] = []
    page_url = url or _first(_CANONICAL, html) or _first(_OG_URL, html)
    doc = trafilatura.bare_extraction(
        html,
        url=page_url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
    )
    if doc is None:
        return HtmlResult(None, [], None, None, page_url, [], [], None, ["no body text found"])
    text = doc.text or ""
    paragraphs = trim_paragraphs([p.strip() for p in text.split("\n") if p.strip()], doc.title)
    title = headline(html, doc.title, doc.sitename)
    published = _published(html, doc.date, title)
    authors = [a.strip() for a in re.split(r";|\band\b", doc.author or "") if a.strip()]
    tags = [t.strip() for t in (doc.tags or []) if t and t.strip()]
    source = _first(_SOURCE_ICON, html)
    outlet = source or _first(_SITE_NAME, html) or doc.sitename or _host(page_url or doc.url)
    return HtmlResult(
        title=title,
        paragraphs=paragraphs,
        published=published,
        outlet=outlet,
        url=page_url or doc.url,
        authors=authors,
        tags=tags[:20],
        language=doc.language,
        warnings=warnings,
    )


_H1 = re.compile(r"<h1[^>]*>(?P<v>.*?)</h1>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")
_SUFFIX = re.compile(r"\s+(?:\||-|\u2013|\u2014|\u00bb|::)\s+[^|\u2013\u2014]{2,60}$")


def headline(html: str, meta_title: str | None, sitename: str | None) -> str | None:
    """The article's own headline: the <h1> that matches the page title, else the
    page title without its site-name suffix."""
    import html as htmllib

    words = set(re.findall(r"\w+", (meta_title or "").lower()))
    best, best_share = None, 0.0
    for match in _H1.finditer(html[:500_000]):
        text = " ".join(htmllib.unescape(_TAGS.sub(" ", match.group("v"))).split())
        own = set(re.findall(r"\w+", text.lower()))
        if not own or len(text) > 300:
            continue
        share = len(own & words) / len(own) if words else 0.0
        if share > best_share:
            best, best_share = text, share
    if best and (best_share >= 0.6 or not meta_title):
        return best
    if not meta_title:
        return None
    title = meta_title.strip()
    if sitename and title.lower().endswith(sitename.lower()) and len(title) > len(sitename) + 10:
        trimmed = _SUFFIX.sub("", title)
        return trimmed if trimmed != title else title[: -len(sitename)].rstrip(" |-\u2013\u2014:")
    match = _SUFFIX.search(title)
    if match and match.start() > 20:
        return title[: match.start()]
    return title


def _published(html: str, htmldate_day: str | None, title: str | None) -> dates.FoundDate | None:
    """The date printed under the headline when there is one; else htmldate's day (it
    weighs every clue on the page), with the time of day from the page's own metadata
    when that agrees on the day."""
    meta = _meta_date(html)
    shown = _shown_date(html, title)
    if shown is not None:
        if meta is not None and meta.value.isoformat()[:10] == shown.value.isoformat()[:10]:
            return meta
        return shown
    found = dates.parse_absolute(htmldate_day) if htmldate_day else None
    if found is None:
        return meta
    day = found[0]
    if meta is not None and meta.value.isoformat()[:10] == day.isoformat()[:10]:
        return meta
    return dates.FoundDate(day, "day", "page metadata (htmldate)")


_NO_CUT = re.compile(r"^(?:share|tweet|email|print|comments?|advertisement|read more|more|tags?\b|topics?\b|related\b)", re.I)


def trim_paragraphs(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop what an HTML extractor often keeps around a body: the headline, a kicker or
    date line above it, inline "Related:" links, and everything from an end-of-article
    marker ("Similar News", "We have summarized…", "Related coverage") on."""
    from .text import is_end_marker, is_inline_link, is_meta_line

    heads = {(title or "").strip().lower()}
    start = 0
    while start < min(len(paragraphs), 5):
        p = paragraphs[start]
        if p.strip().lower() in heads or is_meta_line(p) or (len(p.split()) <= 6 and not re.search(r"[.!?]$", p)):
            start += 1
            continue
        break
    kept: list[str] = []
    for p in paragraphs[start:]:
        if kept and is_end_marker(p) and _NO_CUT.match(p) is None:
            break
        if not is_inline_link(p):
            kept.append(p)
    return kept or paragraphs


_BLOCK = re.compile(r"<(?:/?(?:p|div|h[1-6]|li|ul|ol|br|tr|td|section|article|header|footer|time|span|figure|figcaption|aside|nav|main|table|dd|dt)\b)[^>]*>", re.I)
_INVISIBLE = re.compile(r"<(script|style|noscript|svg|template)\b.*?</\1>", re.I | re.S)


def _shown_date(html: str, title: str | None) -> dates.FoundDate | None:
    """A publication date printed in the lines around the headline, as a reader sees it."""
    if not title:
        return None
    import html as htmllib

    from .text import _dated_line

    text = _BLOCK.sub("\n", _INVISIBLE.sub(" ", html[:400_000]))
    lines = [" ".join(l.split()) for l in htmllib.unescape(_TAGS.sub(" ", text)).split("\n")]
    lines = [l for l in lines if l]
    wanted = title.strip().lower()
    index = next((i for i, l in enumerate(lines) if l.lower() == wanted), None)
    if index is None:
        return None
    found = _dated_line(lines[max(0, index - 3): index + 12])
    return dates.FoundDate(found.value, found.precision, "date line by the headline") if found else None


def _meta_date(html: str) -> dates.FoundDate | None:
    head = html[:300_000]
    for pattern in (_META_TIME, _META_TIME_REV):
        for match in pattern.finditer(head):
            found = dates.parse_absolute(match.group("value"))
            if found:
                return dates.FoundDate(found[0], found[1], f"meta {match.group('key')}")
    for block in _JSONLD.finditer(head):
        value = _jsonld_date(block.group("body"))
        if value:
            found = dates.parse_absolute(value)
            if found:
                return dates.FoundDate(found[0], found[1], "JSON-LD datePublished")
    match = _TIME_TAG.search(head)
    if match:
        found = dates.parse_absolute(match.group("value"))
        if found:
            return dates.FoundDate(found[0], found[1], "<time> element")
    return None


def _jsonld_date(body: str) -> str | None:
    try:
        data = json.loads(body)
    except ValueError:
        match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', body)
        return match.group(1) if match else None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                return item["datePublished"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _first(pattern: re.Pattern[str], html: str) -> str | None:
    match = pattern.search(html[:300_000])
    if not match:
        return None
    import html as htmllib

    return htmllib.unescape(match.group(match.lastgroup or 1)).strip() or None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None
