"""The extraction orchestrator: one RawPage in, one Article out, in numbered stages."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from ..decode import decode, looks_like_html
from ..errors import ExtractionError, TidingsError
from ..records import Article, RawPage, article_id
from ..settings import Options
from ..sources import read_input
from .dateline import split_dateline, strip_wire_credit, wires_in
from .html import extract_html
from .language import guess_language
from .text import extract_text


def extract(source: str | bytes | RawPage, options: Options | None = None) -> Article:
    """Extract one article from a path, "-", raw bytes or a RawPage.

    Raises a TidingsError subclass (with a one-line message) when the input cannot
    become an Article.
    """
    options = options or Options.from_env()
    # 1. read the input, capped in size
    if isinstance(source, RawPage):
        raw = source
    elif isinstance(source, bytes):
        raw = RawPage(source="<bytes>", data=source, reference_time=options.fetched_at,
                      reference_from="fetched-at option" if options.fetched_at else None, url=options.url)
    else:
        raw = read_input(source, options)
    # 2. decode bytes to text; refuse binary data
    text, warnings = decode(raw.data, raw.source)
    if len(text) > options.max_chars:
        text = text[: options.max_chars]
        warnings.append(f"only the first {options.max_chars} characters were read")
    # 3. detect the kind by content and run that path's extractor
    if looks_like_html(text):
        return _from_html(raw, text, warnings, options)
    return _from_text(raw, text, warnings, options)


def _from_html(raw: RawPage, text: str, warnings: list[str], options: Options) -> Article:
    with _time_limit(options.html_timeout, raw.source):
        result = extract_html(text, raw.url)
    warnings = warnings + result.warnings
    paragraphs, dateline, wires = _dateline_and_wire(result.paragraphs, None)
    published, precision, published_from = _resolve_published(result.published, raw, warnings)
    return _article(raw, "html", result.url, result.outlet, result.title, paragraphs, published, precision,
                    published_from, result.authors, dateline, wires, result.tags, result.language, warnings, options)


def _from_text(raw: RawPage, text: str, warnings: list[str], options: Options) -> Article:
    result = extract_text(text, raw.reference_time, raw.reference_from, options.max_lines)
    warnings = warnings + result.warnings
    paragraphs, dateline, wires = _dateline_and_wire(result.paragraphs, result.dateline_line)
    wires = wires + [w for w in result.wires if w not in wires]
    if result.reference is not None and result.reference_from == "page render stamp":
        raw = RawPage(raw.source, raw.data, result.reference, result.reference_from, raw.url)
    published, precision, published_from = _resolve_published(result.published, raw, warnings)
    return _article(raw, "text", raw.url, result.outlet, result.title, paragraphs, published, precision,
                    published_from, result.authors, dateline, wires, result.tags, None, warnings, options)


def _dateline_and_wire(paragraphs: list[str], dateline_line: str | None) -> tuple[list[str], str | None, list[str]]:
    """4. lift the dateline off the first paragraph and the wire credit off the last."""
    wires: list[str] = []
    dateline = None
    paragraphs = list(paragraphs)
    if dateline_line:
        dateline, wires, _ = split_dateline(dateline_line)
    elif paragraphs:
        dateline, wires, rest = split_dateline(paragraphs[0])
        if dateline:
            paragraphs[0] = rest
    paragraphs, credited = strip_wire_credit(paragraphs)
    wires += [w for w in credited if w not in wires]
    return [p for p in paragraphs if p.strip()], dateline, wires


def _resolve_published(found, raw: RawPage, warnings: list[str]) -> tuple[str | None, str | None, str | None]:
    """5. the publication date with its precision and where it was read from."""
    if found is None:
        warnings.append("no publication date found")
        return None, None, None
    source = found.source
    if source == "relative age":
        source = f"relative age against {raw.reference_from or 'reference time'}"
    return found.value.isoformat(), found.precision, source


def _article(raw: RawPage, kind: str, url, outlet, title, paragraphs, published, precision, published_from,
             authors, dateline, wires, tags, language, warnings, options: Options) -> Article:
    """6. assemble the Article; a page with no body at all is a failure."""
    body = "\n\n".join(paragraphs)
    if not body.strip():
        raise ExtractionError("no article text found in the page", source=raw.source)
    words = len(body.split())
    if words < options.min_body_words:
        warnings.append(f"short body ({words} words)")
    if title is None:
        warnings.append("no title found")
    return Article(
        id=article_id(url, body),
        source=raw.source,
        kind=kind,
        url=url,
        outlet=outlet,
        title=title,
        text=body,
        published=published,
        published_precision=precision,
        published_from=published_from,
        authors=tuple(authors),
        dateline=dateline,
        wire=tuple(wires),
        tags=tuple(tags),
        language=language or guess_language(body),
        warnings=tuple(dict.fromkeys(warnings)),
        reference_time=raw.reference_time.isoformat() if raw.reference_time else None,
    )


@contextmanager
def _time_limit(seconds: float, source: str) -> Iterator[None]:
    """Bound one extraction in time (main thread only; elsewhere sizes bound it)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _expired(signum, frame):
        raise ExtractionError(f"extraction took longer than {seconds:g} s", source=source)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = ["extract", "TidingsError", "wires_in"]
