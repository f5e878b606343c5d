"""Micro-benchmark of wire-copy detection (not a test): how fast CopyIndex.add takes articles.

Generates synthetic articles from an invented Zipf-distributed vocabulary with shared stock
phrases (so unrelated texts share some shingles, as same-topic news does). A share of them are
copies of an earlier one with an added intro paragraph; a third of those also lose 30-60 % of
the ending, which brings their Jaccard similarity down to 0.35-0.6. Times CopyIndex.add over
all of them (CPU time, as in BENCHMARKS.md, and wall time), then adds them again under
tracemalloc for the peak memory (tracing slows Python down, so the two are separate runs),
and counts the planted copies that the rule admits (exact containment >= 0.7) and that were
linked to their original.

    .venv/bin/python benchmarks/copies_bench.py                      # 20,000 articles, NUM_PERM
    .venv/bin/python benchmarks/copies_bench.py --num-perm 32 64 128 # compare settings
    .venv/bin/python benchmarks/copies_bench.py --compare            # datasketch's LSH classes too
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import time
import tracemalloc

from tidings.stories.copies import (
    NUM_PERM,
    CopyIndex,
    Doc,
    _Bands,
    containment,
    minhash_from,
    shingles,
    signature,
)

SYLLABLES = ["ka", "lo", "mi", "ran", "te", "su", "vo", "ne", "di", "por", "an", "el", "ri", "zu", "ba", "ting"]


def corpus(count: int, share: float, seed: int = 7) -> tuple[list[Doc], dict[str, str]]:
    """Articles of ~300 words and {copy id: original id} for the planted copies."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(30_000)]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocab))))
    phrases = [rng.choices(vocab[:2000], k=rng.randint(5, 12)) for _ in range(300)]

    def prose(length: int) -> list[str]:
        out: list[str] = []
        while len(out) < length:
            if rng.random() < 0.15:
                out += rng.choice(phrases)
            else:
                out += rng.choices(vocab, cum_weights=cumulative, k=rng.randint(8, 20))
                out[-1] += "."
        return out[:length]

    docs: list[Doc] = []
    originals: list[Doc] = []
    planted: dict[str, str] = {}
    for number in range(count):
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 27):02d}"
        doc_id = f"a{number:06d}"
        if originals and rng.random() < share:
            source = rng.choice(originals[-500:])  # copies follow their original closely
            body = source.text.split()
            if rng.random() < 1 / 3:
                body = body[: int(len(body) * rng.uniform(0.4, 0.7))]
            text = " ".join(prose(rng.randint(20, 80)) + body)
            docs.append(Doc(doc_id, text, source.when + "T12:00", "copying outlet"))
            planted[doc_id] = source.id
        else:
            originals.append(Doc(doc_id, " ".join(prose(rng.randint(200, 400))), day, "outlet"))
            docs.append(originals[-1])
    return docs, planted


def timed(docs: list[Doc], num_perm: int) -> tuple[float, float, CopyIndex]:
    """(CPU seconds, wall seconds, index) for adding every document to a fresh index."""
    index = CopyIndex(num_perm=num_perm)
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in docs:
        index.add(doc)
    return time.process_time() - cpu, time.perf_counter() - wall, index


def traced(make, docs: list) -> tuple[int, int]:
    """(peak, retained) bytes while `make(docs)` runs; what it returns is kept until the end."""
    gc.collect()
    tracemalloc.start()
    kept = make(docs)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return peak, retained


def admitted(docs: list[Doc], planted: dict[str, str], min_containment: float) -> list[tuple[int, int]]:
    """The planted (copy, original) pairs, as positions in docs, that the rule admits."""
    position = {d.id: n for n, d in enumerate(docs)}
    pairs = []
    for copy_id, original_id in planted.items():
        a, b = shingles(docs[position[copy_id]].text), shingles(docs[position[original_id]].text)
        small, large = sorted((a, b), key=len)
        if containment(small, large) >= min_containment:
            pairs.append((position[copy_id], position[original_id]))
    return pairs


def recall(docs: list[Doc], pairs: list[tuple[int, int]], planted: dict[str, str], index: CopyIndex) -> str:
    links = {link.copy_id: link.original_id for link in index.links()}
    found = sum(1 for c, o in pairs if links.get(docs[c].id) == docs[o].id)
    unplanted = sum(1 for c in links if c not in planted)
    return f"planted copies linked {found}/{len(pairs)}, other links {unplanted}"


def compare_lsh(docs: list[Doc], pairs: list[tuple[int, int]], index: CopyIndex) -> None:
    """Candidate recall on the admitted planted copies, time and memory: CopyIndex's bands,
    the same bands through datasketch's MinHashLSH, MinHashLSH tuned for Jaccard 0.5 as it
    comes, and MinHashLSHEnsemble (containment, but built once)."""
    from datasketch import MinHashLSH, MinHashLSHEnsemble

    bands, rows = index.bands
    sets = [shingles(d.text) for d in docs]
    sketches = [minhash_from(signature(s, index.num_perm)) for s in sets]
    jaccards = sorted(len(sets[c] & sets[o]) / len(sets[c] | sets[o]) for c, o in pairs)
    print(f"  admitted planted copies: Jaccard from {jaccards[0]:.2f}, median {jaccards[len(jaccards) // 2]:.2f}")

    def incremental(lsh) -> tuple[int, int]:
        """(candidates, planted pairs found) adding every document after querying with it."""
        found: set[tuple[int, int]] = set()
        candidates = 0
        for number, sketch in enumerate(sketches):
            hits = lsh.query(sketch)
            candidates += len(hits)
            found.update((number, hit) for hit in hits)
            lsh.insert(number, sketch)
        return candidates, sum(1 for c, o in pairs if (max(c, o), min(c, o)) in found)

    def filled(lsh):
        for number, sketch in enumerate(sketches):
            lsh.insert(number, sketch)
        return lsh

    class Own:
        def __init__(self) -> None:
            self.table = _Bands(bands, rows)

        def query(self, sketch):
            return self.table.query(self.table.keys(sketch.hashvalues))

        def insert(self, number, sketch):
            self.table.insert(self.table.keys(sketch.hashvalues), number)

    setups = {
        f"CopyIndex bands ({bands}×{rows})": Own,
        f"MinHashLSH ({bands}×{rows})": lambda: MinHashLSH(num_perm=index.num_perm, params=(bands, rows)),
        "MinHashLSH threshold 0.5": lambda: MinHashLSH(threshold=0.5, num_perm=index.num_perm),
    }
    for name, make in setups.items():
        start = time.perf_counter()
        candidates, found = incremental(make())
        seconds = time.perf_counter() - start
        _, retained = traced(lambda _, make=make: filled(make()), docs)
        print(f"  {name:26s} recall {found}/{len(pairs)}, {candidates / len(docs):.2f} candidates a doc, "
              f"{seconds / len(docs) * 1e6:5.1f} µs a doc, {retained / len(docs) / 1024:4.1f} KiB a doc")

    start = time.perf_counter()
    ensemble = MinHashLSHEnsemble(threshold=index.min_containment, num_perm=index.num_perm, num_part=16)
    ensemble.index((number, sketch, len(s)) for number, (sketch, s) in enumerate(zip(sketches, sets)))
    candidates = found = 0
    for number, (sketch, found_set) in enumerate(zip(sketches, sets)):
        hits = set(ensemble.query(sketch, len(found_set))) - {number}
        candidates += len(hits)
    for c, o in pairs:
        small, large = sorted((c, o), key=lambda n: len(sets[n]))
        found += large in set(ensemble.query(sketches[small], len(sets[small])))
    seconds = time.perf_counter() - start
    print(f"  {'MinHashLSHEnsemble':26s} recall {found}/{len(pairs)}, {candidates / len(docs):.2f} candidates a doc, "
          f"{seconds / len(docs) * 1e6:5.1f} µs a doc; built once over all: index() refuses a second call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--copies", type=float, default=0.05, help="share of articles that are copies")
    parser.add_argument("--num-perm", type=int, nargs="+", default=[NUM_PERM])
    parser.add_argument("--compare", action="store_true", help="also time datasketch's MinHashLSH and LSH Ensemble")
    args = parser.parse_args()

    docs, planted = corpus(args.docs, args.copies)
    words = sum(len(d.text.split()) for d in docs) / len(docs)
    print(f"{len(docs):,} articles, {words:.0f} words on average, {len(planted):,} planted copies")
    for num_perm in args.num_perm:
        cpu, wall, index = timed(docs, num_perm)
        bands, rows = index.bands
        pairs = admitted(docs, planted, index.min_containment)
        found = recall(docs, pairs, planted, index)
        peak, retained = traced(lambda batch, num_perm=num_perm: timed(batch, num_perm)[2], docs)
        print(f"NUM_PERM {num_perm:>3} ({bands} bands of {rows}): {len(docs) / cpu:,.0f} docs/s of CPU "
              f"({cpu:.1f} s; {len(docs) / wall:,.0f} docs/s of wall time); peak {peak / 2**20:,.0f} MiB ({retained / len(docs) / 1024:.1f} KiB a doc kept); "
              f"{found}")
        if args.compare:
            compare_lsh(docs, pairs, index)


if __name__ == "__main__":
    main()
