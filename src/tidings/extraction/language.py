"""A light guess at a body's language: scripts first, then common words."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..resources import load

_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
)


_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in load("stopwords").items() if not k.startswith("_")}


def guess_language(text: str) -> str | None:
    sample = text[:5000]
    if not sample.strip():
        return None
    letters = len(_LETTER.findall(sample)) or 1
    for code, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) > letters * 0.2:
            return code
    words = Counter(w.lower() for w in re.findall(r"\w+", sample))
    total = sum(words.values()) or 1
    scores = {code: sum(words[w] for w in stop) / total for code, stop in _stopwords().items()}
    code, share = max(scores.items(), key=lambda kv: kv[1])
    return code if share >= 0.08 else None
