"""Wire copies: which articles are substantially a copy of another, and of which one.

A wire story (IANS, Kyodo, AFP …) is republished by many sites, often under another headline,
with an intro paragraph of their own or with the ending trimmed; one outlet may also publish the
same body under two URLs. Each copy is linked to its original.

The rule. Texts are compared as sets of hashed word SHINGLE-grams of the normalised text
(NFKC, lower case, punctuation dropped, numbers kept; each CJK character counts as a word).
For two documents let S be the one with fewer shingles and L the other (ties by id):

- they are copies of each other when containment(S, L) = |S ∩ L| / |S| >= min_containment:
  the shorter one lies mostly inside the longer, which covers "original plus an added intro"
  (S is the original) and "original trimmed" (S is the copy) alike; the outlet plays no part;
- both need at least MIN_WORDS normalised words, except identical normalised texts, which are
  always copies; a text with no word at all never links;
- of the two, the earlier `when` is the original (ISO strings, compared as strings), ties
  broken by the smaller id; an undated document is never the original of a dated one.

A document's original: of the documents it copies and that are earlier than it, the earliest,
and then that one's original in turn, up to a document that copies nothing earlier (chains
resolve to their root: C copies B, B copies A, so C's original is A). A document that copies
nothing earlier is an original and has no link. Taking the earliest document it copies first
keeps a roundup that contains two stories from making the second story a copy of the first.

`CopyLink.containment` is the rule's measure |S ∩ L| / |S| for the copy and its original (the
share of the shorter one's shingles found in the longer one), `similarity` their Jaccard. For a
copy linked through a chain both are measured between the copy and the root directly, so they
can be low, down to 0.0. The pairwise test and the choice of original depend only on the
documents, never on the order they were added in.

Candidates. MinHash signatures (datasketch's MinHash, "affine32" permutations, fixed seed)
go through LSH banding; the exact containment of the shingle sets decides. An added intro or
a trimmed ending lowers the Jaccard similarity that LSH keys on: S at containment c inside an
L of |S|/ρ shingles has Jaccard cρ / (1 + ρ − cρ). `threshold` is the length ratio ρ down to
which copies must be found — a complete copy half as long as its original has Jaccard 0.5 —
and the bands are cut for the Jaccard of a pair at min_containment with that ratio: 0.30 for
the defaults, found with chance RECALL (0.95; 0.996 at Jaccard 0.4, 0.9999 at 0.5) by 32
bands of 2 rows with 64 permutations. Pairs of very different lengths (an excerpt of a long
page) are seldom proposed, so seldom linked, though the rule would admit them.

Measured on 20,000 synthetic articles with 900 planted copies the rule admits (Jaccard
0.34 to 1; benchmarks/copies_bench.py --compare), the banding is MinHashLSH's with leaner
bookkeeping: datasketch's MinHashLSH with the same 32×2 bands proposes the same candidates
(all 900) but costs 5× the time (~250 µs a document against ~50 µs, its per-band Python
calls) and 4× the memory (9.1 KiB against 2.3 KiB, one set per bucket), which alone
would take most of the time budget; MinHashLSH tuned for 0.5 as it comes (14×4) misses 13 %
of the copies; MinHashLSHEnsemble, which searches by containment, misses 2.4 %, took ~1.4 ms
a document, and is built once over the whole collection (its `index` refuses a second call),
so it cannot serve an incremental index. Signatures stay datasketch MinHashes: `minhash_from`
rebuilds one from the stored bytes for any datasketch index.

Memory. Each distinct text keeps its shingles as a sorted uint64 array (8 bytes a shingle,
2.4 kB for 300 words) and one bucket entry per band (~2.3 kB with 32 bands); documents with
identical normalised text share both, each costing only its key and links (~0.3 kB). With
64 permutations 20,000 articles of 300 words keep about 100 MiB (the benchmark prints it).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from hashlib import blake2b
from typing import TYPE_CHECKING

import numpy as np
from datasketch import LeanMinHash, MinHash

if TYPE_CHECKING:
    from ..records import Article

SHINGLE = 5  # words per shingle
NUM_PERM = 64  # MinHash permutations: 32 loses copies below Jaccard ~0.45, 128 costs 40 % more memory
MIN_WORDS = 20  # fewer words are too little evidence, unless two texts are identical
SEED = 1  # of datasketch's permutations: signatures are stable across runs and machines
SCHEME = "affine32"  # datasketch's permutation scheme; 32-bit hash values, 4 bytes each
RECALL = 0.95  # chance that LSH proposes a pair at the lowest Jaccard `threshold` asks for

# Combining marks (Latin, Cyrillic, Hebrew, Arabic, Indic, Thai) belong to the word they mark;
# CJK ideographs and kana are words of one character, since those scripts have no spaces.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0963\u0966-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[\\w{_MARKS}]+")
_HAS_CJK = re.compile(f"[{_CJK}]")
_WORD_OR_CJK = re.compile(f"[{_CJK}]|(?:(?![{_CJK}])[\\w{_MARKS}])+")

_MASK32 = 0xFFFFFFFF
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 1 << 18  # words kept in that cache (~40 MB at most)
_CHUNK = 4096  # shingles per MinHash step: bounds the temporary matrix to CHUNK × num_perm
# One odd multiplier per position in the shingle, so word order counts.
_POSITIONS = np.array([(0x9E3779B97F4A7C15 * (2 * k + 1)) & (2**64 - 1) | 1 for k in range(SHINGLE)], dtype=np.uint64)


# ── normalised words and shingles ────────────────────────────────────────────
def words(text: str) -> list[str]:
    """The normalised words of a text: NFKC, lower case, punctuation dropped, numbers kept."""
    text = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    if not text.isascii() and _HAS_CJK.search(text):
        return _WORD_OR_CJK.findall(text)
    return _WORD.findall(text)


def _word_hashes(tokens: list[str]) -> np.ndarray:
    """A 64-bit hash of each word; a cache keeps them, since news reuses its words."""
    try:
        return np.fromiter(map(_WORD_HASHES.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    except KeyError:
        if len(_WORD_HASHES) > _WORD_HASHES_MAX:
            _WORD_HASHES.clear()
        for word in set(tokens).difference(_WORD_HASHES):
            digest = blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
            _WORD_HASHES[word] = int.from_bytes(digest, "little")
        return np.fromiter(map(_WORD_HASHES.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser: spreads every input bit over the whole value."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """The same for 32 bits, as datasketch applies it before its affine permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _shingle_array(tokens: list[str]) -> np.ndarray:
    """Sorted distinct 63-bit hashes of the word SHINGLE-grams (one of all words when fewer)."""
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    hashes = _word_hashes(tokens)
    count = max(len(tokens) - SHINGLE + 1, 1)
    combined = hashes[:count] * _POSITIONS[0]
    for position in range(1, min(SHINGLE, len(tokens))):
        combined += hashes[position:position + count] * _POSITIONS[position]
    # 63 bits: the values fit SQLite's INTEGER and numpy's int64 as they are.
    values = _fmix64(combined) >> np.uint64(1)
    values.sort()  # then drop repeats: faster than np.unique
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _as_array(shingle_set: Iterable[int]) -> np.ndarray:
    values = np.fromiter(shingle_set, dtype=np.uint64)
    values.sort()
    return values


def shingles(text: str) -> set[int]:
    """Hashed word SHINGLE-grams of the normalised text; a shorter text gives one shingle of it all."""
    return set(_shingle_array(words(text)).tolist())


def containment(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a|: the share of a found in b (0.0 when a is empty)."""
    return len(a & b) / len(a) if a else 0.0


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """|a ∩ b| for sorted distinct arrays: the smaller one looked up in the larger."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return 0
    at = np.searchsorted(large, small)
    at[at == len(large)] = 0
    return int(np.count_nonzero(large[at] == small))


# ── MinHash signatures ───────────────────────────────────────────────────────
@cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return a, b


def _minhash_values(shingle_array: np.ndarray, num_perm: int) -> np.ndarray:
    """What datasketch's MinHash holds after update_batch of the shingles' low 32 bits."""
    a, b = _permutations(num_perm)
    values = np.full(num_perm, _MASK32, dtype=np.uint32)
    hashed = _fmix32(shingle_array.astype(np.uint32))  # the cast keeps the low 32 bits
    for start in range(0, len(hashed), _CHUNK):
        permuted = np.multiply.outer(a, hashed[start:start + _CHUNK])  # one row per permutation
        permuted += b[:, None]
        np.minimum(values, permuted.min(axis=1), out=values)
    return values


def signature(shingle_set: set[int], num_perm: int = NUM_PERM) -> bytes:
    """The MinHash of a shingle set as 4 × num_perm bytes (little-endian uint32), for storing."""
    return _minhash_values(_as_array(shingle_set), num_perm).astype("<u4").tobytes()


def minhash_from(sig: bytes) -> LeanMinHash:
    """The datasketch MinHash a stored signature stands for, ready for MinHashLSH."""
    if not sig or len(sig) % 4:
        raise ValueError(f"a signature is a non-empty multiple of 4 bytes, not {len(sig)}")
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(sig, dtype="<u4"), scheme=SCHEME)


# ── records ──────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class CopyLink:
    """A copy and its original (the root of its chain), with how much text they share."""

    copy_id: str
    original_id: str
    containment: float  # |S ∩ L| / |S|, S the one of the two with fewer shingles
    similarity: float  # Jaccard of the two shingle sets


@dataclass(frozen=True)
class Doc:
    """What copy detection needs of an article."""

    id: str
    text: str
    when: str | None  # ISO date or datetime: published, else the reference time
    outlet: str | None  # carried for callers; the rule ignores it

    @classmethod
    def of(cls, article: Article) -> Doc:
        """From a tidings Article."""
        return cls(article.id, article.text, article.published or article.reference_time, article.outlet)


# ── candidates: LSH banding ──────────────────────────────────────────────────
def band_layout(jaccard: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band): the most rows, so the fewest chance candidates, with which the
    permutations cut into bands still make a pair at this Jaccard a candidate with chance RECALL.

    Never fewer than 2 rows: with 1, a single shared minimum makes a candidate, and unrelated
    articles swamp the exact check (79 candidates a document against 0.9 in the benchmark);
    too few permutations cost recall at low Jaccard instead.
    """
    for rows in range(num_perm, 2, -1):
        bands = num_perm // rows
        if 1 - (1 - jaccard**rows) ** bands >= RECALL:
            return bands, rows
    return num_perm // 2, 2


class _Bands:
    """MinHashLSH's banding: one table per band, keyed by `rows` consecutive MinHash values.

    Two sets share a key in some band with chance 1 - (1 - J^rows)^bands for Jaccard J. A
    bucket holds one text number, or a list of them once a second one arrives.
    """

    def __init__(self, bands: int, rows: int) -> None:
        self.rows = rows
        self.tables: list[dict[bytes, int | list[int]]] = [{} for _ in range(bands)]

    def keys(self, values: np.ndarray) -> list[bytes]:
        raw = values[: len(self.tables) * self.rows].astype("<u4").tobytes()
        step = 4 * self.rows
        return [raw[at:at + step] for at in range(0, len(raw), step)]

    def query(self, keys: list[bytes]) -> set[int]:
        found: set[int] = set()
        for table, key in zip(self.tables, keys):
            bucket = table.get(key)
            if bucket is None:
                continue
            if type(bucket) is int:
                found.add(bucket)
            else:
                found.update(bucket)
        return found

    def insert(self, keys: list[bytes], number: int) -> None:
        for table, key in zip(self.tables, keys):
            bucket = table.setdefault(key, number)
            if bucket is number:
                continue
            if type(bucket) is int:
                table[key] = [bucket, number]
            else:
                bucket.append(number)


# ── the index ────────────────────────────────────────────────────────────────
_Key = tuple[bool, str, str]  # (undated, when, id): of two documents the smaller key is the original


def _key(doc: Doc) -> _Key:
    when = (doc.when or "").strip()
    return (not when, when, doc.id)


class _Text:
    """One distinct normalised text and the documents that have it."""

    __slots__ = ("copies", "members", "number", "shingles", "words")

    def __init__(self, number: int, shingle_array: np.ndarray, words: int) -> None:
        self.number = number  # its name in the LSH tables
        self.shingles = shingle_array
        self.words = words
        self.members: list[_Key] = []  # sorted: the earliest first
        self.copies: dict[_Text, int] = {}  # other texts passing the rule → shared shingles


class CopyIndex:
    """Incremental: documents are added one by one (or in batches) in any order; links() gives the
    same result for the same set of documents whatever the order they were added in."""

    def __init__(self, threshold: float = 0.5, min_containment: float = 0.7, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0 or not 0.0 < min_containment <= 1.0:
            raise ValueError("threshold and min_containment must lie in (0, 1]")
        self.min_containment = min_containment
        self.num_perm = num_perm
        lowest = min_containment * threshold / (1.0 + threshold - min_containment * threshold)
        self._bands = _Bands(*band_layout(lowest, num_perm))
        self._texts: dict[bytes, _Text] = {}  # digest of the normalised words → text
        self._numbered: list[_Text] = []  # text number → text
        self._docs: dict[str, tuple[_Key, _Text | None]] = {}  # id → key, text (None: no words)
        self._parent: dict[str, _Key] = {}  # copy id → the earliest document it copies
        self._children: dict[str, set[str]] = {}  # id → the copies whose parent it is

    @property
    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) of the LSH."""
        return len(self._bands.tables), self._bands.rows

    def __len__(self) -> int:
        return len(self._docs)

    def add(self, doc: Doc, sig: bytes | None = None, shingle_set: set[int] | None = None) -> list[CopyLink]:
        """Add a document (sig and shingle_set, when given, must be those of doc.text).

        Returns the links this addition created or re-targeted: every link that involves the
        document, as copy or as original, and the links of documents whose original moved to
        an earlier one through it. Links are never removed, so applying these as upserts keyed
        by copy_id keeps a stored copy of links() current.
        """
        if doc.id in self._docs:
            raise ValueError(f"document {doc.id!r} is already in the index")
        key = _key(doc)
        tokens = words(doc.text)
        if not tokens:
            self._docs[doc.id] = (key, None)
            return []
        digest = blake2b(" ".join(tokens).encode("utf-8", "surrogatepass"), digest_size=16).digest()
        text = self._texts.get(digest)
        if text is None:
            array = _shingle_array(tokens) if shingle_set is None else _as_array(shingle_set)
            text = self._texts[digest] = _Text(len(self._numbered), array, len(tokens))
            self._numbered.append(text)
            if text.words >= MIN_WORDS and len(array):
                self._match(text, sig)
        insort(text.members, key)
        self._docs[doc.id] = (key, text)
        return self._settle(key, text)

    def links(self) -> list[CopyLink]:
        """Every current link, sorted by original then copy."""
        found = [self._link(doc_id) for doc_id in self._parent]
        return sorted(found, key=lambda link: (link.original_id, link.copy_id))

    def original_of(self, doc_id: str) -> str | None:
        """The original of a document, None when it is not a copy; KeyError when not added."""
        if doc_id not in self._docs:
            raise KeyError(doc_id)
        return self._root(doc_id) if doc_id in self._parent else None

    # ── internals ──
    def _match(self, text: _Text, sig: bytes | None) -> None:
        """Find the texts that pass the rule with a new one, then index it."""
        if sig is not None and len(sig) != 4 * self.num_perm:
            raise ValueError(f"signature of {len(sig)} bytes for an index of {self.num_perm} permutations")
        values = np.frombuffer(sig, dtype="<u4") if sig else _minhash_values(text.shingles, self.num_perm)
        keys = self._bands.keys(values)
        for number in self._bands.query(keys):
            other = self._numbered[number]
            shared = _overlap(text.shingles, other.shingles)
            if shared / min(len(text.shingles), len(other.shingles)) >= self.min_containment:
                text.copies[other] = other.copies[text] = shared
        self._bands.insert(keys, text.number)

    def _root(self, doc_id: str) -> str:
        while doc_id in self._parent:
            doc_id = self._parent[doc_id][2]
        return doc_id

    def _settle(self, key: _Key, text: _Text) -> list[CopyLink]:
        """Give a new document its parent (the earliest document it copies), and become the
        parent of the later documents that copy it and had only later parents so far."""
        doc_id = key[2]
        texts = (text, *text.copies)  # a document copies every earlier one of these texts
        earlier = [t.members[0] for t in texts if t.members[0] < key]
        if earlier:
            self._adopt(doc_id, min(earlier))
        adopted = [later[2] for t in texts for later in t.members[bisect_left(t.members, key):]
                   if later > key and (later[2] not in self._parent or self._parent[later[2]] > key)]
        moved = set(adopted)
        pending = list(adopted)
        while pending:  # their copies, and the copies of those, follow them
            for child in self._children.get(pending.pop(), ()):
                if child not in moved:
                    moved.add(child)
                    pending.append(child)
        before = {i: self._root(i) for i in moved if i in self._parent}
        for later in adopted:
            self._adopt(later, key)
        changed = [i for i in moved if before.get(i) != self._root(i)]
        if earlier:
            changed.append(doc_id)
        return sorted((self._link(i) for i in changed), key=lambda link: link.copy_id)

    def _adopt(self, child: str, parent: _Key) -> None:
        old = self._parent.get(child)
        if old is not None:
            self._children[old[2]].discard(child)
        self._parent[child] = parent
        self._children.setdefault(parent[2], set()).add(child)

    def _link(self, copy_id: str) -> CopyLink:
        original_id = self._root(copy_id)
        a, b = self._docs[copy_id][1], self._docs[original_id][1]
        if a is b:
            return CopyLink(copy_id, original_id, 1.0, 1.0)
        shared = a.copies.get(b)
        if shared is None:  # reached through a chain
            shared = _overlap(a.shingles, b.shingles)
        smaller, larger = sorted((len(a.shingles), len(b.shingles)))
        return CopyLink(copy_id, original_id, shared / smaller, shared / (smaller + larger - shared))


def find_copies(docs: Iterable[Doc]) -> list[CopyLink]:
    """Batch convenience: the links among these documents, from a fresh index."""
    index = CopyIndex()
    for doc in docs:
        index.add(doc)
    return index.links()
