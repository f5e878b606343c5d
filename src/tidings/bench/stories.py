"""Story benchmark: clusters against the example pages' story labels (B-cubed and pairwise),
wire-copy links against their copy_of, event merging against the hand-written events, and
clustering throughput and memory on synthetic articles."""

from __future__ import annotations

import itertools
import json
import random
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path


@dataclass
class StoryScores:
    pages: int
    stories_gold: int
    stories_found: int
    bcubed: tuple[float, float, float]
    pairwise: tuple[float, float, float]
    merged_labels: list[str]  # predicted stories holding pages of several gold stories
    split_labels: list[str]  # gold stories spread over several predicted ones
    copies: tuple[float, float, int, int]  # precision, recall, found, expected
    merge: tuple[float, float, float, int]  # event-merge pairwise precision, recall, F1, mention pairs
    extra: dict[str, str] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str]]:
        p, r, f = self.bcubed
        pp, pr, pf = self.pairwise
        cp, cr, found, expected = self.copies
        mp, mr, mf, pairs = self.merge
        return [
            ("example pages", str(self.pages)),
            ("stories: labelled / found", f"{self.stories_gold} / {self.stories_found}"),
            ("story B-cubed precision, recall, F1", f"{p:.3f}  {r:.3f}  {f:.3f}"),
            ("story pairwise precision, recall, F1", f"{pp:.3f}  {pr:.3f}  {pf:.3f}"),
            ("found stories mixing labelled stories", ", ".join(self.merged_labels) or "none"),
            ("labelled stories split", ", ".join(self.split_labels) or "none"),
            ("wire-copy links precision, recall", f"{cp:.3f}  {cr:.3f}  ({found} found, {expected} labelled)"),
            ("event merging, pairwise precision, recall, F1", f"{mp:.3f}  {mr:.3f}  {mf:.3f}  ({pairs} mention pairs)"),
            *self.extra.items(),
        ]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def run_examples(pages: Path, options) -> StoryScores:
    """Ingest the example pages (with their crawl records) into a fresh store and score it."""
    from ..demo import crawl_record, page_files
    from ..ingest import IngestOptions, ingest_items
    from ..settings import Options
    from ..sources import parse_time, read_input
    from ..store import connect
    from ..store.stories import merged_events

    files = page_files(pages)
    meta = {p: json.loads(p.with_name(p.name.rsplit(".", 1)[0] + ".expected.json").read_text(encoding="utf-8")) for p in files}

    def items():
        for page in files:
            fetched_at, url = crawl_record(page)
            opts = Options.from_env(fetched_at=parse_time(fetched_at) if fetched_at else None, url=url)
            yield read_input(str(page), opts)

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "stories.db"
        started = time.perf_counter()
        ingest_items(items(), IngestOptions(db=db, extract=options, batch_size=10))
        seconds = time.perf_counter() - started
        conn = connect(db)
        rows = [dict(r) for r in conn.execute(
            "SELECT a.id, a.source, s.story_id, c.original_id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id "
            "LEFT JOIN article_copies c ON c.article_id = a.id")]
        events, _ = merged_events(conn, asserted_only=True, limit=100_000)
        mention_rows = [dict(r) for r in conn.execute(
            "SELECT m.id, m.article_id, m.type, m.event_id, m.sentence, m.negated, m.hypothetical FROM event_mentions m")]
        participants = {}
        for r in conn.execute("SELECT event_id, side, actor_id, name, kind, country FROM event_participants"):
            participants.setdefault(r["event_id"], []).append(dict(r))
        conn.close()
    by_source = {Path(r["source"]).name: r for r in rows}
    gold, found, names = {}, {}, {}
    for page in files:
        row = by_source.get(page.name)
        if row is None:
            continue
        gold[row["id"]] = meta[page]["story"]
        found[row["id"]] = row["story_id"] or row["id"]
        names[row["id"]] = page.name.rsplit(".", 1)[0]
    ids = sorted(gold)
    # B-cubed and pairwise
    bp = br = 0.0
    for a in ids:
        same_found = {b for b in ids if found[b] == found[a]}
        same_gold = {b for b in ids if gold[b] == gold[a]}
        bp += len(same_found & same_gold) / len(same_found)
        br += len(same_found & same_gold) / len(same_gold)
    bp, br = bp / len(ids), br / len(ids)
    bf = 2 * bp * br / (bp + br) if bp + br else 0.0
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        s_found, s_gold = found[a] == found[b], gold[a] == gold[b]
        tp += s_found and s_gold
        fp += s_found and not s_gold
        fn += s_gold and not s_found
    merged = sorted({"+".join(sorted({gold[i] for i in ids if found[i] == f})) for f in set(found.values())
                     if len({gold[i] for i in ids if found[i] == f}) > 1})
    split = sorted(g for g in set(gold.values()) if len({found[i] for i in ids if gold[i] == g}) > 1)
    # wire copies
    by_name = {v: k for k, v in names.items()}
    expected = {(i, by_name[meta_copy]) for page in files for i in [by_source[page.name]["id"]]
                for meta_copy in [meta[page].get("copy_of")] if meta_copy and meta_copy in by_name}
    predicted = {(r["id"], r["original_id"]) for r in rows if r["original_id"] and r["id"] in gold}
    cp, cr, _ = _prf(len(predicted & expected), len(predicted - expected), len(expected - predicted))
    merge = _merge_scores(pages, files, by_source, gold, mention_rows, participants)
    scores = StoryScores(len(ids), len(set(gold.values())), len(set(found.values())), (bp, br, bf), _prf(tp, fp, fn),
                         merged, split, (cp, cr, len(predicted), len(expected)), merge)
    scores.extra["ingest with stories, articles per second (one process)"] = f"{len(ids) / seconds:.1f}"
    scores.extra["merged events (asserted)"] = str(len(events))
    return scores


def _merge_scores(pages, files, by_source, gold, mentions, participants) -> tuple[float, float, float, int]:
    """Over pairs of emitted mentions that match a hand-written event: are they merged into one
    event exactly when their hand-written events are, the hand-written events being merged by
    the same rule (type, country-level participants, dates within a day)?"""
    from ..bench.events import _matches, _person_country
    from ..events.records import ActorRef
    from ..stories.merge import ArticleRef, MentionRef, merge

    countries = _person_country()
    labelled, expected_refs, articles = [], [], {}
    for page in files:
        sidecar = page.with_name(page.name.rsplit(".", 1)[0] + ".events.json")
        row = by_source.get(page.name)
        if not sidecar.exists() or row is None:
            continue
        expected = json.loads(sidecar.read_text(encoding="utf-8"))["events"]
        articles[row["id"]] = ArticleRef(row["id"], None, None, row["id"])
        for n, e in enumerate(expected):
            day = e.get("date")
            precision = "day" if day and len(day) == 10 else ("month" if day and len(day) == 7 else ("year" if day else None))
            expected_refs.append(MentionRef(f"{row['id']}#{n}", row["id"], e["type"], None, day, precision,
                                            day if precision == "day" else None,
                                            tuple(sorted(_country_level(e["actors"], countries))),
                                            tuple(sorted(_country_level(e["recipients"], countries))), True, 1.0, ""))
        for m in mentions:
            if m["article_id"] != row["id"] or m["negated"] or m["hypothetical"]:
                continue
            sides = participants.get(m["id"], [])
            refs = lambda side: tuple(ActorRef(p["actor_id"], p["name"], p["kind"], p["country"]) for p in sides if p["side"] == side)  # noqa: E731
            event = _Shim(m["type"], refs("actor"), refs("recipient"), m["sentence"])
            hits = [n for n, e in enumerate(expected) if _matches(e, event, countries)]
            if not hits:
                continue
            best = next((n for n in hits if m["sentence"].startswith(expected[n]["sentence"]) or any(
                m["sentence"].startswith(x) for x in expected[n].get("also", []))), hits[0])
            labelled.append((m["event_id"], f"{row['id']}#{best}"))
    gold_event = {}
    for event in merge(expected_refs, articles):
        for mention in event.mentions:
            gold_event[mention] = event.id
    pairs = [(e, gold_event[g]) for e, g in labelled]
    tp = fp = fn = 0
    for (e1, k1), (e2, k2) in itertools.combinations(pairs, 2):
        same_found, same_gold = e1 == e2, k1 == k2
        tp += same_found and same_gold
        fp += same_found and not same_gold
        fn += same_gold and not same_found
    p, r, f = _prf(tp, fp, fn)
    return p, r, f, tp + fp + fn


def _country_level(ids: list[str], countries: dict[str, str | None]) -> set[str]:
    return {countries.get(i) or i for i in ids}


@dataclass(frozen=True)
class _Shim:
    type: str
    actors: tuple
    recipients: tuple
    sentence: str

    @property
    def evidence(self):  # the matcher reads event.evidence.sentence only through _best_hit, not here
        return self


# ── throughput ───────────────────────────────────────────────────────────────
def synthetic_docs(n: int, seed: int = 7) -> list:
    """n synthetic StoryDocs: about n/4 happenings among 60 countries and 200 people over a
    year, each told by 1-8 outlets within two days, with words drawn per happening."""
    from .. stories.cluster import StoryDoc

    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(60)]
    people = {f"p{i:03d}": countries[i % 60] for i in range(200)}
    vocabulary = [f"w{i}" for i in range(20_000)]
    start = date(2025, 1, 1)
    docs = []
    happening = 0
    while len(docs) < n:
        happening += 1
        cast = rng.sample(sorted(people), rng.choice((1, 2, 2, 3)))
        nations = {people[p] for p in cast} | set(rng.sample(countries, rng.choice((0, 1))))
        words = rng.sample(vocabulary, 40)
        day = start + timedelta(days=rng.randrange(365))
        event = ("CONSULT", frozenset(nations))
        for k in range(rng.randint(1, 8)):
            if len(docs) >= n:
                break
            told = frozenset(rng.sample(words, 25) + rng.sample(vocabulary, 10))
            docs.append(StoryDoc(
                id=f"a{len(docs):07d}", day=day + timedelta(days=rng.choice((0, 0, 1, 2))), when=None, outlet=f"o{k}",
                title=None, persons=frozenset(cast), countries=frozenset(nations), terms=told,
                core_persons=frozenset(cast), core_countries=frozenset(nations), core_terms=frozenset(rng.sample(sorted(told), 10)), events=frozenset({event}),
            ))
    rng.shuffle(docs)
    return docs


def run_throughput(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """Clustering speed on n synthetic articles, and memory at a quarter, half and all of them."""
    from ..stories.cluster import Clusterer

    docs = synthetic_docs(n, seed)
    rows = []
    tracemalloc.start()
    clusterer = Clusterer()
    started = time.perf_counter()
    marks = {n // 4, n // 2, n}
    for i, doc in enumerate(docs, start=1):
        clusterer.add(doc)
        if i in marks:
            current, _ = tracemalloc.get_traced_memory()
            rows.append((f"memory after {i:,} articles", f"{current / 1e6:.0f} MB ({current / i:.0f} bytes per article)"))
    seconds = time.perf_counter() - started
    tracemalloc.stop()
    stories = len(clusterer.components())
    rows.insert(0, (f"clustering {n:,} synthetic articles", f"{n / seconds:,.0f} articles/s ({seconds:.1f} s, one process, "
                                                                f"{stories:,} stories; memory tracing on)"))
    return rows


def run_throughput_plain(n: int, workers: int, seed: int = 7) -> list[tuple[str, str]]:
    """Without memory tracing (it slows Python down): one by one, as ingest adds them, and
    in bulk on `workers` processes, as a re-cluster does; both give the same stories."""
    from ..stories.cluster import Clusterer, cluster_all

    docs = synthetic_docs(n, seed)
    clusterer = Clusterer()
    started = time.perf_counter()
    for doc in docs:
        clusterer.add(doc)
    one = time.perf_counter() - started
    started = time.perf_counter()
    roots = cluster_all(docs, workers)
    bulk = time.perf_counter() - started
    same = _partition(roots) == _partition({d: clusterer.story_of(d) for d in clusterer.docs})
    return [(f"clustering {n:,} synthetic articles one by one (1 process)", f"{n / one:,.0f} articles/s ({one:.1f} s)"),
            (f"clustering {n:,} synthetic articles in bulk ({workers} processes)",
             f"{n / bulk:,.0f} articles/s ({bulk:.1f} s); same stories as one by one: {'yes' if same else 'NO'}")]


def _partition(roots: dict[str, str]) -> list[frozenset]:
    groups: dict[str, set] = {}
    for doc, root in roots.items():
        groups.setdefault(root, set()).add(doc)
    return sorted((frozenset(g) for g in groups.values()), key=min)
