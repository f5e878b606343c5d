"""The records that flow between stages: plain frozen dataclasses."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RawPage:
    """One input as it arrived: bytes plus where and when it was obtained."""

    source: str  # path, "-" for stdin, or a URL
    data: bytes
    reference_time: datetime | None = None  # when the page was fetched or saved
    reference_from: str | None = None  # "fetched-at option", "file modification time", …
    url: str | None = None
    media_type: str | None = None  # a hint only; the content decides


@dataclass(frozen=True)
class Article:
    """A clean article: body, metadata and how each piece was found."""

    id: str
    source: str
    kind: str  # "html" or "text"
    url: str | None
    outlet: str | None
    title: str | None
    text: str
    published: str | None
    published_precision: str | None
    published_from: str | None
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    wire: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None
    warnings: tuple[str, ...] = ()
    reference_time: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    @property
    def words(self) -> int:
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("authors", "wire", "tags", "warnings"):
            data[key] = list(data[key])
        data["words"] = self.words
        return data


def article_id(url: str | None, text: str) -> str:
    """Stable id: from the URL when known, else from the normalised body."""
    basis = url.strip().lower() if url else " ".join(text.lower().split())
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Failure:
    """An input that could not become an Article, with a one-line reason."""

    source: str
    code: str
    reason: str
    details: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        return f"{self.source}: {self.reason}"
