"""The five real seed pages (read from ../shared when present) come out as judged by hand.

The expected sentences and titles are stored as hashes, so no seed text is in this repo.
"""

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tidings import extract
from tidings.demo import shared_folder
from tidings.sentences import split_sentences
from tidings.settings import Options

EXPECTED = json.loads((Path(__file__).resolve().parents[1] / "src/tidings/bench/seeds_expected.json").read_text())
SEEDS = shared_folder() / "seeds"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not here")
@pytest.mark.parametrize("name", sorted(k for k in EXPECTED if not k.startswith("_")))
def test_seed_page(name):
    expected = EXPECTED[name]
    article = extract(str(SEEDS / name), Options(fetched_at=datetime(2025, 11, 1, tzinfo=timezone.utc)))
    sentences = split_sentences(article.text)
    assert _sha(sentences[0]) == expected["first_sha256"], sentences[0]
    assert _sha(sentences[-1]) == expected["last_sha256"], sentences[-1]
    assert _sha(article.title) == expected["title_sha256"], article.title
    assert article.dateline == expected["dateline"]
    assert list(article.wire) == expected["wire"]
    assert article.outlet == expected["outlet"]
    if "published" in expected:
        assert article.published[:10] == expected["published"]
