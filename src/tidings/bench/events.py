"""Event benchmark on the PLV sentences: type accuracy and macro-F1, precision of emitted
events, and whether the coder's source and target overlap the marked ones."""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MARK = re.compile(r"</?[st]>")


@dataclass
class EventScores:
    sentences: int
    emitted: int
    correct: int
    macro_f1: float
    per_type: dict[str, tuple[float, float, float, int]]
    source_overlap: float
    target_overlap: float
    sentences_per_second: float

    def rows(self) -> list[tuple[str, str]]:
        n = self.sentences or 1
        return [
            ("PLV sentences", str(self.sentences)),
            ("event emitted", f"{self.emitted} ({self.emitted / n:.2f})"),
            ("type accuracy, all sentences", f"{self.correct / n:.3f}"),
            ("type accuracy where emitted (precision)", f"{self.correct / max(1, self.emitted):.3f}"),
            ("type macro-F1 (no event counts as wrong)", f"{self.macro_f1:.3f}"),
            ("source overlaps the marked source", f"{self.source_overlap:.3f}"),
            ("target overlaps the marked target", f"{self.target_overlap:.3f}"),
            ("sentences per second", f"{self.sentences_per_second:.0f}"),
        ]


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text or "") if len(w) > 1}


def run(path: Path, model: str, limit: int | None = None) -> EventScores:
    from ..events import code_sentences, main_event

    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))[:limit]
    sentences = [r["sentence"] for r in rows]
    started = time.perf_counter()
    coded = code_sentences(sentences, model)
    elapsed = time.perf_counter() - started
    gold, pred = [], []
    src_hits = tgt_hits = emitted = 0
    for row, events in zip(rows, coded):
        event = main_event(events)
        gold.append(row["gold_root"])
        pred.append(event.type if event else "NONE")
        if event:
            emitted += 1
            src_hits += bool(_words(event.source_text) & _words(row["source"]))
            tgt_hits += bool(_words(event.target_text or "") & _words(row["target"]))
    per_type = {}
    f1s = []
    for t in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred) if g == p == t)
        fp = sum(1 for g, p in zip(gold, pred) if p == t and g != t)
        fn = sum(1 for g, p in zip(gold, pred) if g == t and p != t)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type[t] = (precision, recall, f1, tp + fn)
        f1s.append(f1)
    correct = sum(1 for g, p in zip(gold, pred) if g == p)
    return EventScores(len(rows), emitted, correct, sum(f1s) / len(f1s), per_type,
                       src_hits / max(1, emitted), tgt_hits / max(1, emitted), len(rows) / elapsed)
