"""The store: one SQLite file; nothing outside this package touches SQL."""

from .db import connect, default_path
from .queries import (
    article_count,
    export_rows,
    failure_rows,
    list_articles,
    record_failure,
    save_articles,
    search,
)

__all__ = [
    "connect", "default_path", "save_articles", "record_failure", "search", "list_articles",
    "failure_rows", "export_rows", "article_count",
]
