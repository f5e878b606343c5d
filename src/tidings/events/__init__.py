"""Event coding: PLOVER-typed, evidence-linked events from sentences and articles."""

from .coder import code_doc, code_sentences, main_event
from .records import TYPES, ActorRef, Evidence, EventMention

__all__ = ["TYPES", "ActorRef", "Evidence", "EventMention", "code_doc", "code_sentences", "main_event"]
