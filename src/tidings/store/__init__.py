"""The store: one SQLite file; nothing outside this package touches SQL."""

from .db import connect, default_path
from .events import EventQuery, actor_summary, event_counts, query_events, save_coded, transaction, uncoded_articles
from .queries import (
    article_count,
    article_ids,
    export_rows,
    failure_rows,
    list_articles,
    load_articles,
    record_failure,
    save_articles,
    search,
    source_stored,
)

__all__ = [
    "connect", "default_path", "save_articles", "record_failure", "search", "list_articles",
    "failure_rows", "export_rows", "article_count", "source_stored", "load_articles", "article_ids",
    "save_coded", "transaction", "EventQuery", "query_events", "actor_summary", "uncoded_articles", "event_counts",
]
