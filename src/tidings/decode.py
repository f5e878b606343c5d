"""From bytes to text: refuse binary data, find the encoding, detect HTML by content."""

from __future__ import annotations

import codecs
import re

from .errors import NotAPageError

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
    b"WARC/": "a web archive (WARC); ingest handles those",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_SNIFF = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|meta|title|section|span|a)[\s>/]",
    re.I,
)
_ODD = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f]")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?>")


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Text of the page plus warnings about how it was decoded."""
    if not data.strip():
        raise NotAPageError("empty input", source=source)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise NotAPageError(f"binary data ({what}), not a page", source=source)
    warnings: list[str] = []
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _check_text(data.decode(name, errors="replace"), source), warnings
    if _looks_binary(data):
        raise NotAPageError("binary data, not a page", source=source)
    try:
        return _check_text(data.decode("utf-8"), source), warnings
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return _check_text(data.decode(declared), source), [f"decoded as {declared} (declared by the page)"]
        except (LookupError, UnicodeDecodeError):
            warnings.append(f"declared charset {declared} did not decode the page")
    guess = _guess_encoding(data)
    text = data.decode(guess, errors="replace")
    warnings.append(f"not valid UTF-8; decoded as {guess}")
    return _check_text(text, source), warnings


def looks_like_html(text: str) -> bool:
    """True when the text is markup, judged by its content and not its file name:
    it opens with a tag or a doctype, or tags make up much of it."""
    head = text.lstrip("\ufeff \t\r\n")[:1000]
    if head.startswith("<") and _HTML_SNIFF.search(head):
        return True
    if re.search(r"<!doctype\s+html|<html[\s>]", head, re.I):
        return True
    sample = text[:20000]
    tags = _TAG.findall(sample)
    return len(tags) >= 5 and sum(map(len, tags)) > 0.2 * len(sample)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _guess_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else "cp1252"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def _check_text(text: str, source: str) -> str:
    if not text.strip():
        raise NotAPageError("empty input", source=source)
    sample = text[:8192]
    odd = len(_ODD.findall(sample))
    if odd > len(sample) * 0.1:
        raise NotAPageError("binary data, not a page", source=source)
    return text.replace("\r\n", "\n").replace("\r", "\n")
