"""Event coding: PLOVER-typed, evidence-linked events from sentences and articles."""

from .article import CODER_VERSION, CodedArticle, code_article, code_articles, code_sentences
from .coder import code_doc, main_event
from .records import TYPES, ActorRef, Evidence, EventMention

__all__ = [
    "TYPES", "ActorRef", "Evidence", "EventMention", "CODER_VERSION", "CodedArticle",
    "code_article", "code_articles", "code_sentences", "code_doc", "main_event",
]
