"""The command line: each command parses arguments, makes one library call, formats.

One module per group of verbs; importing them registers their commands on `app`.
"""

from __future__ import annotations

import sys

from .common import app
from . import pages  # noqa: E402,F401 - registers extract, demo, ingest, search, … in this order
from . import events  # noqa: E402,F401 - registers events, code, actors
from . import stories  # noqa: E402,F401 - registers stories, story, timeline, dyad, recluster
from . import serve  # noqa: E402,F401 - registers serve
from . import bench  # noqa: E402,F401 - registers the benchmarks

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover - entry point for python -m
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
