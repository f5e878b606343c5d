"""Errors with codes: one line for the CLI, one JSON shape for the API."""

from __future__ import annotations


class TidingsError(Exception):
    """Base of every error tidings reports to a user."""

    code = "error"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def line(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "source": self.source}


class InputError(TidingsError):
    """An input could not be read: missing, a directory, too large, unreadable."""

    code = "input"


class NotAPageError(TidingsError):
    """The bytes are not a page: binary data, empty, or no text in them."""

    code = "not-a-page"


class ExtractionError(TidingsError):
    """The page was read but no article body could be found in it."""

    code = "no-article"


class SettingError(TidingsError):
    """A setting or option has a value it cannot take."""

    code = "setting"


class StoreError(TidingsError):
    """The database cannot be opened or used: not SQLite, newer schema, locked."""

    code = "store"


class FetchError(TidingsError):
    """A URL could not be fetched: refused, timed out, too large, bad status."""

    code = "fetch"


class ArchiveError(TidingsError):
    """A web archive or feed could not be read (or only in part)."""

    code = "archive"


class NotFoundError(TidingsError):
    """A story, article, actor or page the user asked for does not exist."""

    code = "not-found"


class QueryError(TidingsError):
    """A search query the full-text index cannot parse."""

    code = "bad-query"
