"""Extraction benchmark: body token F1, title and date accuracy, pages per second per core.

Scores against ../shared/benchmarks/extraction (skipped with a message when absent),
the five seed pages (checked against hashes of their expected first and last sentences,
so that no seed text is stored here) and the bundled example pages with their sidecars.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import TidingsError
from ..records import RawPage
from ..settings import Options

_TOKEN = re.compile(r"\w+", re.U)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def prf(predicted: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 (the usual article-extraction measure)."""
    p, t = Counter(tokens(predicted)), Counter(tokens(truth))
    if not p and not t:
        return 1.0, 1.0, 1.0
    common = sum((p & t).values())
    precision = common / sum(p.values()) if p else 0.0
    recall = common / sum(t.values()) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Case:
    name: str
    kind: str  # "html" or "text"
    data: bytes
    body: str | None = None
    title: str | None = None
    published: str | None = None  # ISO day
    url: str | None = None
    fetched_at: datetime | None = None
    first: str | None = None
    last: str | None = None
    hashed: bool = False  # first/last given as sha256 hex


@dataclass
class Score:
    dataset: str
    kind: str
    pages: int = 0
    failures: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    titles: int = 0
    titles_right: int = 0
    dates: int = 0
    dates_right: int = 0
    dates_missing: int = 0
    sentences: int = 0
    sentences_right: int = 0
    cpu_seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    @property
    def pages_per_cpu_second(self) -> float:
        return self.pages / self.cpu_seconds if self.cpu_seconds else 0.0


def run_case(case: Case, score: Score, options: Options) -> None:
    from ..extraction import extract

    raw = RawPage(source=case.name, data=case.data, reference_time=case.fetched_at,
                  reference_from="benchmark fetch time" if case.fetched_at else None, url=case.url)
    started = time.process_time()
    try:
        article = extract(raw, options)
    except TidingsError:
        article = None
    score.cpu_seconds += time.process_time() - started
    score.pages += 1
    text = article.text if article else ""
    if article is None:
        score.failures += 1
    if case.body is not None:
        p, r, f = prf(text, case.body)
        score.precision += p
        score.recall += r
        score.f1 += f
        if f < 0.8:
            score.misses.append(f"{case.name} F1={f:.2f}")
    if case.title:
        score.titles += 1
        got = (article.title or "") if article else ""
        if case.hashed:
            got, expected_title = hashlib.sha256(got.encode()).hexdigest(), case.title
        else:
            got, expected_title = _norm(got), _norm(case.title)
        if got == expected_title:
            score.titles_right += 1
    if case.published:
        score.dates += 1
        got = article.published if article else None
        if got is None:
            score.dates_missing += 1
        elif got[:10] == case.published[:10]:
            score.dates_right += 1
        else:
            score.misses.append(f"{case.name} date {got[:10]} != {case.published[:10]}")
    if case.first is not None:
        score.sentences += 2
        for expected, right in ((case.first, _starts(text, case.first, case.hashed)), (case.last, _ends(text, case.last, case.hashed))):
            if right:
                score.sentences_right += 1
            else:
                score.misses.append(f"{case.name} sentence: {expected[:60]!r}")


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"').split()).lower()


def _sentences(text: str) -> list[str]:
    from ..sentences import split_sentences

    return split_sentences(text)


def _starts(text: str, expected: str, hashed: bool) -> bool:
    if not hashed:
        return text.startswith(expected)
    return any(hashlib.sha256(s.encode()).hexdigest() == expected for s in _sentences(text)[:1])


def _ends(text: str, expected: str | None, hashed: bool) -> bool:
    if expected is None:
        return False
    if not hashed:
        return text.endswith(expected)
    return any(hashlib.sha256(s.encode()).hexdigest() == expected for s in _sentences(text)[-1:])


def scrapinghub_cases(root: Path, kind: str, limit: int | None) -> Iterator[Case]:
    truth = json.loads((root / "ground-truth.json").read_text())
    for n, (key, item) in enumerate(sorted(truth.items())):
        if limit and n >= limit:
            return
        path = root / ("html" if kind == "html" else "textdump") / (f"{key}.html.gz" if kind == "html" else f"{key}.txt")
        if not path.exists():
            continue
        data = gzip.decompress(path.read_bytes()) if kind == "html" else path.read_bytes()
        yield Case(key, kind, data, body=item.get("articleBody") or "", url=item.get("url") if kind == "html" else None)


def wcxb_cases(root: Path, kind: str, limit: int | None) -> Iterator[Case]:
    files = sorted((root / "ground-truth").glob("*.json"))
    for n, gt_path in enumerate(files):
        if limit and n >= limit:
            return
        gt = json.loads(gt_path.read_text())
        key = gt_path.stem
        truth = gt.get("ground_truth", {})
        path = root / ("html" if kind == "html" else "textdump") / (f"{key}.html.gz" if kind == "html" else f"{key}.txt")
        if not path.exists():
            continue
        data = gzip.decompress(path.read_bytes()) if kind == "html" else path.read_bytes()
        yield Case(key, kind, data, body=truth.get("main_content") or "", title=truth.get("title"),
                   published=truth.get("publish_date") or None, url=gt.get("url") if kind == "html" else None)


def example_cases(folder: Path) -> Iterator[Case]:
    for sidecar in sorted(folder.glob("*.expected.json")):
        name = sidecar.name.removesuffix(".expected.json")
        page = next((p for p in folder.glob(name + ".*") if p.suffix in (".html", ".htm", ".txt", ".gz")), None)
        if page is None:
            continue
        exp = json.loads(sidecar.read_text())
        fetched = datetime.fromisoformat(exp["fetched_at"].replace("Z", "+00:00")) if exp.get("fetched_at") else None
        kind = "html" if page.suffix in (".html", ".htm", ".gz") else "text"
        yield Case(name, kind, page.read_bytes(), title=exp.get("title"), published=exp.get("published"),
                   url=exp.get("url") if kind == "html" else None, fetched_at=fetched,
                   first=exp.get("first_sentence"), last=exp.get("last_sentence"))


def seed_cases(folder: Path, expected: Path) -> Iterator[Case]:
    table = json.loads(expected.read_text())
    for name, exp in sorted(table.items()):
        path = folder / name
        if not name.startswith("_") and path.exists():
            yield Case(name, "text", path.read_bytes(), title=exp.get("title_sha256"), published=exp.get("published"),
                       first=exp["first_sha256"],
                       last=exp["last_sha256"], hashed=True,
                       fetched_at=datetime(2025, 6, 6, 9, tzinfo=timezone.utc))


def run(cases: Iterable[Case], dataset: str, kind: str, options: Options) -> Score:
    score = Score(dataset, kind)
    for case in cases:
        run_case(case, score, options)
    return score


def table(scores: list[Score]) -> list[dict[str, str]]:
    rows = []
    for s in scores:
        n = s.pages or 1
        body = s.f1 > 0 or s.precision > 0
        rows.append({
            "data set": s.dataset,
            "path": s.kind,
            "pages": str(s.pages),
            "failed": str(s.failures),
            "body P": f"{s.precision / n:.3f}" if body else "-",
            "body R": f"{s.recall / n:.3f}" if body else "-",
            "body F1": f"{s.f1 / n:.3f}" if body else "-",
            "title exact": f"{s.titles_right / s.titles:.3f}" if s.titles else "-",
            "date day acc.": f"{s.dates_right / s.dates:.3f}" if s.dates else "-",
            "no date": f"{s.dates_missing / s.dates:.3f}" if s.dates else "-",
            "date acc. when given": f"{s.dates_right / (s.dates - s.dates_missing):.3f}" if s.dates > s.dates_missing else "-",
            "first/last sentence": f"{s.sentences_right}/{s.sentences}" if s.sentences else "-",
            "pages/s/core": f"{s.pages_per_cpu_second:.0f}",
        })
    return rows


def benchmark(shared: Path, examples: Path, limit: int | None = None, only: str | None = None) -> tuple[list[Score], list[str]]:
    """All scores, plus messages about data sets that were skipped."""
    options = Options()
    scores: list[Score] = []
    skipped: list[str] = []
    extraction = shared / "benchmarks" / "extraction"
    plan = [
        ("scrapinghub", "html", lambda: scrapinghub_cases(extraction / "scrapinghub", "html", limit)),
        ("scrapinghub", "text", lambda: scrapinghub_cases(extraction / "scrapinghub", "text", limit)),
        ("wcxb-dev-articles", "html", lambda: wcxb_cases(extraction / "wcxb-dev-articles", "html", limit)),
        ("wcxb-dev-articles", "text", lambda: wcxb_cases(extraction / "wcxb-dev-articles", "text", limit)),
    ]
    for dataset, kind, cases in plan:
        if only and only not in (dataset, kind, f"{dataset}/{kind}"):
            continue
        if not (extraction / dataset).is_dir():
            skipped.append(f"{dataset}: {extraction / dataset} not found, skipped")
            continue
        scores.append(run(cases(), dataset, kind, options))
    if not only or only in ("seeds", "text"):
        seeds = shared / "seeds"
        expected = Path(__file__).with_name("seeds_expected.json")
        if seeds.is_dir():
            scores.append(run(seed_cases(seeds, expected), "seeds", "text", options))
        else:
            skipped.append(f"seeds: {seeds} not found, skipped")
    if not only or only in ("examples", "html", "text"):
        for kind in ("html", "text"):
            if only in ("html", "text") and only != kind:
                continue
            scores.append(run((c for c in example_cases(examples) if c.kind == kind), "examples", kind, options))
    return scores, skipped
