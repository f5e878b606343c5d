"""The records of event coding: actors as coded, the evidence, and one event mention."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# PLOVER's sixteen event types, in the manual's order.
TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


# PLOVER's quad classes.
QUAD = {
    "AGREE": "verbal cooperation", "CONSULT": "verbal cooperation", "SUPPORT": "verbal cooperation", "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation", "AID": "material cooperation", "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict", "ACCUSE": "verbal conflict", "REJECT": "verbal conflict", "THREATEN": "verbal conflict",
    "PROTEST": "material conflict", "SANCTION": "material conflict", "MOBILIZE": "material conflict",
    "COERCE": "material conflict", "ASSAULT": "material conflict",
}


@dataclass(frozen=True)
class ActorRef:
    """An actor as coded in one event: a dictionary actor, or text the dictionary does not know."""

    id: str | None  # "JPN", "UN", "sanae-takaichi"; None when the dictionary does not know it
    name: str
    kind: str  # person, country, organisation, or other
    country: str | None = None
    role: str | None = None  # the office held on the event's date ("Prime Minister of Japan")
    wikidata: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where an event is said: the sentence, its character offsets into the coded text, the
    word that triggered it and, for statements, the quoted words."""

    sentence: str
    start: int
    end: int
    trigger: str
    article: str | None = None
    line: int | None = None  # 1-based input line for `tidings events --sentences`
    quote: str | None = None


@dataclass(frozen=True)
class EventMention:
    """One event as one sentence of one article reports it."""

    type: str
    mode: str | None
    actors: tuple[ActorRef, ...]
    recipients: tuple[ActorRef, ...]
    actor_text: str
    recipient_text: str | None
    date: str | None  # ISO day, month (YYYY-MM) or year, by date_precision
    date_precision: str | None  # day, week, month, year
    date_from: str | None  # how the date was resolved
    location: str | None
    location_from: str | None
    evidence: Evidence
    speaker: ActorRef | None = None  # who said so, when the event is reported speech
    negated: bool = False
    hypothetical: bool = False
    intent: bool = False  # promised or planned, not done
    confidence: float = 0.0
    cameo: str | None = None
    quad_class: str | None = None
    depth: int = field(default=0, compare=False)  # parse depth of the trigger; 0 is the root

    @property
    def id(self) -> str:
        """Stable id: the article, the sentence offsets, the trigger and the type."""
        basis = f"{self.evidence.article}|{self.evidence.start}|{self.evidence.line}|{self.evidence.trigger}|{self.type}"
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]

    @property
    def asserted(self) -> bool:
        """True when the text says the event happened (not denied, not merely possible)."""
        return not (self.negated or self.hypothetical)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("depth")
        data["actors"] = [asdict(a) for a in self.actors]
        data["recipients"] = [asdict(a) for a in self.recipients]
        return {"id": self.id, **data}
