"""Read-only data files (rules, lexicons, dictionaries), loaded once on first use."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed JSON data file tidings/data/<name>.json."""
    with resources.files("tidings.data").joinpath(f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)
