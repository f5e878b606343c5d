from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from tidings.settings import Options

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"


@pytest.fixture
def options() -> Options:
    return Options(fetched_at=datetime(2025, 11, 2, 12, 0, tzinfo=timezone.utc))
