"""The application factory uvicorn imports in each server process (the store from TIDINGS_DB)."""

from __future__ import annotations

import os
from pathlib import Path


def application():
    from .app import create_app

    return create_app(Path(os.environ.get("TIDINGS_DB") or "tidings.db"))
