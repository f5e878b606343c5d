"""tidings: news pages in, a clean, evidence-linked record of who did what to whom out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .extraction import extract as extract
    from .records import Article as Article, RawPage as RawPage
    from .settings import Options as Options


def __getattr__(name: str) -> Any:
    """Import lazily so that `import tidings` and the CLI start fast."""
    if name == "extract":
        from .extraction import extract

        return extract
    if name in ("Article", "RawPage"):
        from . import records

        return getattr(records, name)
    if name == "Options":
        from .settings import Options

        return Options
    raise AttributeError(name)
