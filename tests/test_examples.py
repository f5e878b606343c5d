"""Every bundled example page comes out as its sidecar NAME.expected.json says."""

import json
from collections import Counter
from pathlib import Path

import pytest

from tidings import extract
from tidings.settings import Options
from tidings.sources import parse_time, read_input

from .conftest import EXAMPLES

SIDECARS = sorted(EXAMPLES.glob("*.expected.json"))


def _page(sidecar: Path) -> Path:
    name = sidecar.name.removesuffix(".expected.json")
    return next(p for p in EXAMPLES.iterdir() if p.name.startswith(name + ".") and p.suffix in (".html", ".txt"))


def _outlet(name: str | None) -> str | None:
    return name.removeprefix("The ").strip() if name else name


def test_the_example_corpus_is_large_and_mixed():
    kinds = Counter(_page(s).suffix for s in SIDECARS)
    assert len(SIDECARS) >= 30
    assert kinds[".html"] >= 15 and kinds[".txt"] >= 15
    stories = Counter(json.loads(s.read_text())["story"] for s in SIDECARS)
    assert len(stories) >= 8
    assert sum(1 for n in stories.values() if n >= 3) >= 3
    assert sum(1 for s in SIDECARS if json.loads(s.read_text()).get("copy_of")) >= 2


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_example_page(sidecar):
    expected = json.loads(sidecar.read_text(encoding="utf-8"))
    page = _page(sidecar)
    is_html = page.suffix in (".html", ".htm")
    options = Options(fetched_at=parse_time(expected["fetched_at"]), url=None if is_html else expected.get("url"))
    article = extract(read_input(str(page), options), options)
    assert article.kind == ("html" if is_html else "text")
    assert article.title == expected["title"]
    assert article.text.startswith(expected["first_sentence"]), article.text[:200]
    assert article.text.endswith(expected["last_sentence"]), article.text[-200:]
    assert (article.published or "")[:10] == (expected["published"] or "")
    assert article.dateline == expected["dateline"]
    assert list(article.wire) == expected["wire"]
    assert _outlet(article.outlet) == _outlet(expected["outlet"])
    assert article.url == expected["url"]
    if expected.get("authors"):
        assert list(article.authors) == expected["authors"]
