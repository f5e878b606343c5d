"""Event benchmark on the shared PLV sentences and PLOVER gold records.

PLV: each sentence has a marked source, a marked target and a gold PLOVER root type (YIELD
stands for CONCEDE and RETREAT). A sentence can hold several events; the one scored is the
event whose actors overlap the marked source (the coder does not see the marks), else the
event closest to the parse root. Both choices are reported. A sentence with no event counts
as wrong for type accuracy and macro-F1.
"""

from __future__ import annotations

import csv
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

YIELD = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
GSR_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
             "CONCEDE": "YIELD", "RETREAT": "YIELD"}


@dataclass
class EventScores:
    name: str
    sentences: int
    emitted: int
    correct: int
    correct_root: int
    macro_f1: float
    macro_f1_root: float
    precision_emitted: float
    per_type: dict[str, tuple[float, float, float, int]]
    source_overlap: float
    target_overlap: float
    sentences_per_second: float
    extra: dict[str, str] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str]]:
        n = self.sentences or 1
        return [
            (f"{self.name} sentences", str(self.sentences)),
            ("event emitted", f"{self.emitted} ({self.emitted / n:.2f})"),
            ("type accuracy, event for the marked pair", f"{self.correct / n:.3f}"),
            ("type accuracy, event closest to the root", f"{self.correct_root / n:.3f}"),
            ("type macro-F1, event for the marked pair", f"{self.macro_f1:.3f}"),
            ("type macro-F1, event closest to the root", f"{self.macro_f1_root:.3f}"),
            ("precision of emitted events (type right)", f"{self.precision_emitted:.3f}"),
            ("source overlaps the marked source", f"{self.source_overlap:.3f}"),
            ("target overlaps the marked target", f"{self.target_overlap:.3f}"),
            ("sentences per second (one core)", f"{self.sentences_per_second:.0f}"),
            *self.extra.items(),
        ]


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text or "") if len(w) > 1 and w.lower() not in ("the", "of", "and")}


def _scored(events, source: str):
    """The event for the marked source (actor words overlap), else the root event."""
    from ..events import main_event

    marked = _words(source)
    paired = [e for e in events if _words(e.actor_text) & marked or any(_words(a.name) & marked for a in e.actors)]
    return main_event(paired) if paired else main_event(events), main_event(events)


def _target_found(event, source: str, target: str) -> bool:
    """The marked target is among the recipients, or, for an event coded PLOVER's way with
    every participant as an actor and no recipient ("Lee and Ishiba met"), among the actors
    other than the source."""
    marked = _words(target)
    if _words(event.recipient_text or "") & marked or any(_words(r.name) & marked for r in event.recipients):
        return True
    if not event.recipients:
        others = [a for a in event.actors if not _words(a.name) & _words(source)]
        return any(_words(a.name) & marked for a in others) or bool(_words(event.actor_text) & marked - _words(source))
    return False


def _macro(gold: list[str], pred: list[str]) -> tuple[float, dict[str, tuple[float, float, float, int]]]:
    per_type, f1s = {}, []
    for t in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred) if g == p == t)
        fp = sum(1 for g, p in zip(gold, pred) if p == t and g != t)
        fn = sum(1 for g, p in zip(gold, pred) if g == t and p != t)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type[t] = (precision, recall, f1, tp + fn)
        f1s.append(f1)
    return sum(f1s) / max(1, len(f1s)), per_type


def _score(name: str, items: list[tuple[str, str, str, str]], model: str) -> EventScores:
    """items: (sentence, gold type, source text, target text)."""
    from ..events import code_sentences

    started = time.perf_counter()
    coded = code_sentences([s for s, *_ in items], model)
    elapsed = time.perf_counter() - started
    gold, pred, pred_root = [], [], []
    src_hits = tgt_hits = emitted = 0
    for (sentence, gold_type, source, target), events in zip(items, coded):
        event, root = _scored(events, source)
        gold.append(gold_type)
        pred.append(YIELD.get(event.type, event.type) if event else "NONE")
        pred_root.append(YIELD.get(root.type, root.type) if root else "NONE")
        if event:
            emitted += 1
            src_hits += bool(_words(event.actor_text) & _words(source) or any(_words(a.name) & _words(source) for a in event.actors))
            tgt_hits += _target_found(event, source, target) if target else 0
    macro, per_type = _macro(gold, pred)
    macro_root, _ = _macro(gold, pred_root)
    correct = sum(1 for g, p in zip(gold, pred) if g == p)
    with_target = sum(1 for (_, _, _, t), p in zip(items, pred) if t and p != "NONE")
    return EventScores(name, len(items), emitted, correct, sum(1 for g, p in zip(gold, pred_root) if g == p), macro,
                       macro_root, correct / max(1, emitted), per_type, src_hits / max(1, emitted),
                       tgt_hits / max(1, with_target), len(items) / elapsed)


def run_plv(path: Path, model: str, limit: int | None = None) -> EventScores:
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))[:limit]
    items = [(r["sentence"], r["gold_root"], r["source"], r["target"]) for r in rows if r.get("sentence")]
    return _score("PLV", items, model)


def read_gsr(path: Path) -> list[dict]:
    """The PLOVER gold records (a sequence of JSON objects, not one JSON document)."""
    text = path.read_text(encoding="utf-8")
    decoder, records, i = json.JSONDecoder(), [], 0
    text = text.strip()
    if text.startswith("["):
        return [r for r in json.loads(text) if r.get("text")]
    while i < len(text):
        while i < len(text) and text[i] in " \r\n\t,":
            i += 1
        if i >= len(text):
            break
        record, i = decoder.raw_decode(text, i)
        records.append(record)
    return [r for r in records if r.get("text")]


def run_gsr(path: Path, model: str, limit: int | None = None) -> EventScores:
    records = read_gsr(path)[:limit]
    items = []
    for r in records:
        gold = GSR_NAMES.get(r["event"], r["event"])
        source = " ".join(a.get("actorText", "") for a in r.get("source", []) if isinstance(a, dict))
        target = " ".join(a.get("actorText", "") for a in r.get("target", []) if isinstance(a, dict))
        items.append((r["text"], gold, source, target))
    return _score("PLOVER gold", items, model)


# ── the example pages, against their hand-written expected events ───────────
@dataclass
class ExampleScores:
    pages: int
    expected: int
    emitted: int
    matched_emitted: int
    found_expected: int
    dated: int  # matched mentions whose expected event has a day date
    dated_right: int
    recipients_checked: int
    recipients_right: int
    seconds: float
    misses: list[str] = field(default_factory=list)  # "page: TYPE actors -> recipients (note)"
    false: list[str] = field(default_factory=list)  # "page: TYPE actors -> recipients | sentence"
    wrong_dates: list[str] = field(default_factory=list)  # "page: TYPE expected date, coded date (how)"

    def rows(self) -> list[tuple[str, str]]:
        p = self.matched_emitted / max(1, self.emitted)
        r = self.found_expected / max(1, self.expected)
        return [
            ("example pages", str(self.pages)),
            ("expected events (hand-written)", str(self.expected)),
            ("emitted events (asserted)", str(self.emitted)),
            ("event precision", f"{p:.3f}"),
            ("event recall", f"{r:.3f}"),
            ("event F1", f"{2 * p * r / (p + r) if p + r else 0:.3f}"),
            ("event-date day accuracy", f"{self.dated_right / max(1, self.dated):.3f} ({self.dated_right}/{self.dated})"),
            ("recipient agreement where both given", f"{self.recipients_right / max(1, self.recipients_checked):.3f}"),
            ("articles per second (extract + code, one process)", f"{self.pages / self.seconds:.1f}"),
        ]


def _person_country() -> dict[str, str | None]:
    from ..actors import dictionary

    return {pid: p.country for pid, p in dictionary().people.items()}


def _same_actor(expected: str, ref, countries: dict[str, str | None]) -> bool:
    if expected.startswith("~"):
        return ref.id is None and bool(_words(expected[1:]) & _words(ref.name))
    if ref.id == expected:
        return True
    if ref.kind in ("person", "organisation") and ref.country == expected:
        return True  # a person or a firm stands for its country
    return countries.get(expected) is not None and countries.get(expected) == ref.id


def _overlap(expected: list[str], refs, countries) -> bool:
    return any(_same_actor(e, r, countries) for e in expected for r in refs)


def _matches(exp: dict, event, countries) -> bool:
    if exp["type"] != event.type:
        return False
    if exp["type"] == "CONSULT":  # all participants, whichever side the coder put them on
        return _overlap(exp["actors"] + exp["recipients"], event.actors + event.recipients, countries)
    if not _overlap(exp["actors"], event.actors, countries):
        return False
    return True


def _best_hit(hits: list[int], expected: list[dict], event) -> int:
    """Of the expected events an emitted one matches, the one whose sentences include the
    event's own sentence (the sidecar names them by their opening words)."""
    sentence = event.evidence.sentence
    for i in hits:
        prefixes = [expected[i]["sentence"], *expected[i].get("also", [])]
        if any(sentence.startswith(p) for p in prefixes):
            return i
    return hits[0]


def run_examples(pages: Path, options) -> ExampleScores:
    """Precision, recall and date accuracy of the coder on the example pages."""
    from ..events.article import code_articles
    from ..extraction import extract
    from ..settings import Options
    from ..sources import parse_time, read_input

    countries = _person_country()
    sidecars = sorted(pages.glob("*.events.json"))
    articles, expected = [], []
    started = time.perf_counter()
    for sidecar in sidecars:
        name = sidecar.name.removesuffix(".events.json")
        meta = json.loads((pages / f"{name}.expected.json").read_text(encoding="utf-8"))
        page = next(p for p in pages.iterdir() if p.name.startswith(name + ".") and p.suffix in (".html", ".txt"))
        opts = Options(fetched_at=parse_time(meta["fetched_at"]), url=None if page.suffix == ".html" else meta.get("url"))
        articles.append(extract(read_input(str(page), opts), opts))
        expected.append((name, json.loads(sidecar.read_text(encoding="utf-8"))["events"]))
    coded = code_articles(articles, options)
    seconds = time.perf_counter() - started  # the spaCy model is loaded before; see the CLI
    scores = ExampleScores(len(articles), sum(len(e) for _, e in expected), 0, 0, 0, 0, 0, 0, 0, seconds)
    for (name, exp_events), result in zip(expected, coded):
        emitted = [e for e in result.events if e.asserted]
        scores.emitted += len(emitted)
        found = [False] * len(exp_events)
        for event in emitted:
            hits = [i for i, exp in enumerate(exp_events) if _matches(exp, event, countries)]
            if not hits:
                scores.false.append(f"{name}: {event.type} {[a.id or a.name for a in event.actors]} -> "
                                    f"{[r.id or r.name for r in event.recipients]} | {event.evidence.sentence[:110]}")
                continue
            scores.matched_emitted += 1
            for i in hits:
                found[i] = True
            best = exp_events[_best_hit(hits, exp_events, event)]
            if best.get("date") and len(best["date"]) == 10:
                scores.dated += 1
                scores.dated_right += event.date == best["date"]
                if event.date != best["date"]:
                    scores.wrong_dates.append(f"{name}: {event.type} expected {best['date']}, coded {event.date} "
                                              f"({event.date_from}) | {event.evidence.sentence[:90]}")
            if best["recipients"] and event.recipients and best["type"] != "CONSULT":
                scores.recipients_checked += 1
                scores.recipients_right += _overlap(best["recipients"], event.recipients, countries)
        scores.found_expected += sum(found)
        for exp, hit in zip(exp_events, found):
            if not hit:
                scores.misses.append(f"{name}: {exp['type']} {exp['actors']} -> {exp['recipients']} ({exp.get('note', '')})")
    return scores


# ── throughput: raw pages in, stored events out ──────────────────────────────
@dataclass
class Throughput:
    articles: int
    events: int
    workers: int
    seconds: float
    label: str = "raw page to stored events"

    def row(self) -> tuple[str, str]:
        return (f"{self.label}, {self.workers} process(es)",
                f"{self.articles / self.seconds:.1f} articles/s, {self.events / self.seconds:.0f} events/s "
                f"({self.articles} articles, {self.events} events, {self.seconds:.1f} s)")


def example_pages(pages: Path, copies: int) -> list:
    """The example pages as raw pages, each repeated under distinct URLs (distinct articles)."""
    from ..records import RawPage
    from ..sources import parse_time

    raws = []
    for sidecar in sorted(pages.glob("*.expected.json")):
        name = sidecar.name.removesuffix(".expected.json")
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        page = next(p for p in pages.iterdir() if p.name.startswith(name + ".") and p.suffix in (".html", ".txt"))
        data = page.read_bytes()
        for n in range(copies):
            raws.append(RawPage(f"{page}#copy{n}", data, parse_time(meta["fetched_at"]), "crawl record",
                                url=f"{meta['url']}?copy={n}"))
    return raws


def real_dumps(shared: Path, limit: int) -> list:
    """Real text dumps of the shared extraction set (long pages on many topics), if present."""
    from ..records import RawPage

    folder = shared / "benchmarks" / "extraction" / "wcxb-dev-articles" / "textdump"
    files = sorted(folder.glob("*.txt"))[:limit] if folder.is_dir() else []
    return [RawPage(str(f), f.read_bytes()) for f in files]


def run_throughput(raws: list, workers: int, options, label: str = "") -> Throughput:
    """Ingest raw pages into a fresh store, with events; load time is not counted."""
    import tempfile

    from ..ingest import IngestOptions, ingest_items
    from ..nlp import pipeline

    pipeline(options.spacy_model)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        summary = ingest_items(iter(raws), IngestOptions(db=Path(folder) / "bench.db", extract=options, workers=workers))
        seconds = time.perf_counter() - started
    return Throughput(summary.stored, summary.events, workers, seconds, label=label)
