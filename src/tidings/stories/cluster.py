"""Story clustering: online, incremental, and the same whatever order the articles arrive in.

Two articles belong to the same story when a pairwise test links them: a wire copy always;
otherwise they must be close in time (within WINDOW_DAYS) and tell of the same happening —
the same people, or the same countries and the same words, or the same coded event. The
test looks at the two articles only, so the stories (the connected components of the links)
are the same for any arrival order, and re-clustering from scratch gives what incremental
ingest gave. Candidates are blocked by shared actors and day, so each new article is
compared with a few others, not the whole store. Every link keeps its reason ("shared
actors USA, JPN; headline similarity 0.62; 1 day apart").
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from datetime import date

WINDOW_DAYS = 2  # reports of one happening appear within this many days of each other
LINK_SCORE = 0.54  # the score two articles need to be one story (set on the labelled example pages)


@dataclass(frozen=True)
class StoryDoc:
    """What clustering needs of an article."""

    id: str
    day: date | None  # publication day, else the day it was fetched
    when: str | None  # full publication (or fetch) time, to order first reports
    outlet: str | None
    title: str | None
    persons: frozenset[str] = frozenset()  # people named in the headline and lead
    core_persons: frozenset[str] = frozenset()  # people named in the headline and first sentence
    core_countries: frozenset[str] = frozenset()  # countries there (a person counts for theirs)
    core_organisations: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # countries (a person counts for theirs) in the headline and lead
    organisations: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()  # content words of the headline and lead
    core_terms: frozenset[str] = frozenset()  # content words of the headline and first sentence
    events: frozenset[tuple] = frozenset()  # (type, participants) of the events its first sentence tells
    places: frozenset[str] = frozenset()  # dateline and places named in the headline and lead
    copy_of: str | None = None  # the original, when this article is a wire copy


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    score: float
    reason: str


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def link(a: StoryDoc, b: StoryDoc) -> Link | None:
    """The link between two articles, or None; symmetric in a and b."""
    if a.id == b.id:
        return None
    first, second = (a, b) if a.id < b.id else (b, a)
    if a.copy_of == b.id or b.copy_of == a.id or (a.copy_of and a.copy_of == b.copy_of):
        return Link(first.id, second.id, 1.0, "wire copy")
    if a.day is None or b.day is None:
        return None
    apart = abs((a.day - b.day).days)
    if apart > WINDOW_DAYS:
        return None
    persons = a.persons & b.persons
    countries = a.countries & b.countries
    if not (persons or countries or (a.organisations & b.organisations)):
        return None  # blocked: nothing in common to be about
    core = a.core_persons & b.core_persons
    if a.core_persons and b.core_persons and not core and not (a.events & b.events):
        return None  # the first sentences name different people: two happenings around the same names
    shared_events = a.events & b.events
    who = _jaccard(a.core_persons, b.core_persons) if a.core_persons and b.core_persons else 0.5 * _jaccard(a.countries, b.countries)
    # A weighted vote: who (the people of the first sentence), what (the words of headline and
    # first sentence, then of the lead; the event the first sentence tells), where and when.
    partial = 0.3 * who + (0.2 if shared_events else 0.0) + 0.05 - 0.05 * apart
    if partial + 0.8 * _upper(a.core_terms, b.core_terms) + 0.4 * _upper(a.terms, b.terms) + 0.05 < LINK_SCORE:
        return None  # even the best words could not make it
    headline = _jaccard(a.core_terms, b.core_terms)
    words = _jaccard(a.terms, b.terms)
    places = a.places & b.places
    score = partial - 0.05 + 0.8 * headline + 0.4 * words + (0.05 if places else 0.0)
    if a.core_persons - b.core_persons and b.core_persons - a.core_persons:
        score -= 0.25  # different casts around a shared name: "Takaichi and Lee" against "Takaichi and Xi"
    if score < LINK_SCORE:
        return None
    parts = []
    shared = sorted(persons | countries)
    if shared:
        parts.append("shared actors " + ", ".join(shared[:6]))
    parts.append(f"headline and first-sentence similarity {headline:.2f}")
    parts.append(f"text similarity {words:.2f}")
    if shared_events:
        parts.append("same event " + "; ".join(sorted(f"{t} {'/'.join(sorted(p))}" for t, p in shared_events)[:2]))
    if places:
        parts.append("same place " + ", ".join(sorted(places)[:2]))
    parts.append("same day" if apart == 0 else f"{apart} day{'s' if apart > 1 else ''} apart")
    return Link(first.id, second.id, round(score, 3), "; ".join(parts))


def _upper(a: frozenset, b: frozenset) -> float:
    """The largest Jaccard two sets of these sizes could have."""
    return min(len(a), len(b)) / max(len(a), len(b), 1)


@dataclass
class Clusterer:
    """Stories as the connected components of the links, kept with a union-find, and an index
    of articles by actor and day for the candidates of each new article."""

    docs: dict[str, StoryDoc] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    by_key: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # actor -> sorted (day ordinal, id)
    by_original: dict[str, list[str]] = field(default_factory=dict)
    _stored: dict[str, str] = field(default_factory=dict)  # stored story id -> its first preloaded article

    def add(self, doc: StoryDoc) -> list[Link]:
        """Add one article; returns its links to articles already added."""
        if doc.id in self.docs:
            return []
        found: list[Link] = []
        for other_id in self._candidates(doc):
            made = link(doc, self.docs[other_id])
            if made is not None:
                found.append(made)
        self.docs[doc.id] = doc
        self.parent[doc.id] = doc.id
        for made in found:  # the caller keeps the links it wants; only the components stay here
            self._union(made.a, made.b)
        if doc.day is not None:
            for key in self._keys(doc):
                insort(self.by_key.setdefault(key, []), (doc.day.toordinal(), doc.id))
        root = doc.copy_of or doc.id
        self.by_original.setdefault(root, []).append(doc.id)
        return found

    def preload(self, doc: StoryDoc, story: str | None) -> None:
        """Add an article already placed in a stored story, without comparing it again: the
        articles of one stored story are joined as they were."""
        if doc.id in self.docs:
            return
        self.docs[doc.id] = doc
        self.parent[doc.id] = doc.id
        if doc.day is not None:
            for key in self._keys(doc):
                insort(self.by_key.setdefault(key, []), (doc.day.toordinal(), doc.id))
        self.by_original.setdefault(doc.copy_of or doc.id, []).append(doc.id)
        if story is not None:
            first = self._stored.setdefault(story, doc.id)
            self._union(first, doc.id)

    def link_pair(self, a: str, b: str, reason: str, score: float = 1.0) -> Link:
        """Join two articles for a reason found elsewhere (a wire copy)."""
        made = Link(min(a, b), max(a, b), score, reason)
        self._union(a, b)
        return made

    def _keys(self, doc: StoryDoc) -> set[str]:
        """Blocking keys: two articles are compared only when they share one — a person,
        country or organisation of the headline and first sentence (the lead's when those
        name none)."""
        keys = set(doc.core_persons) | set(doc.core_countries) | set(doc.core_organisations)
        return keys or set(doc.persons) | set(doc.countries) | set(doc.organisations)

    def _candidates(self, doc: StoryDoc) -> list[str]:
        found: set[str] = set()
        for group in (doc.copy_of or "", doc.id):  # copies of the same original, and the original itself
            found.update(self.by_original.get(group, ()))
        if doc.copy_of and doc.copy_of in self.docs:
            found.add(doc.copy_of)
        if doc.day is not None:
            low, high = doc.day.toordinal() - WINDOW_DAYS, doc.day.toordinal() + WINDOW_DAYS
            for key in self._keys(doc):
                items = self.by_key.get(key, [])
                i = bisect_left(items, (low, ""))
                while i < len(items) and items[i][0] <= high:
                    found.add(items[i][1])
                    i += 1
        found.discard(doc.id)
        return sorted(found)

    def _find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def story_of(self, article_id: str) -> str:
        return self._find(article_id)

    def components(self) -> dict[str, list[str]]:
        """Root -> member article ids (sorted)."""
        groups: dict[str, list[str]] = {}
        for doc_id in self.docs:
            groups.setdefault(self._find(doc_id), []).append(doc_id)
        return {root: sorted(ids) for root, ids in groups.items()}


def story_id(members: list[StoryDoc]) -> str:
    """A story's id: from its first report (earliest time, then id), so the same members
    always give the same id."""
    first = min(members, key=lambda d: (d.when or "9999", d.id))
    return "s" + hashlib.sha256(first.id.encode("utf-8")).hexdigest()[:12]


def best_reason(article_id: str, links: list[Link]) -> tuple[str | None, float | None, str]:
    """The strongest link of an article within its story: (linked article, score, reason)."""
    if not links:
        return None, None, "its own story: no other article links to it"
    best = max(links, key=lambda l: (l.score, l.a, l.b))
    other = best.b if best.a == article_id else best.a
    return other, best.score, best.reason


# ── bulk clustering on several cores ─────────────────────────────────────────
_SHARED: list[StoryDoc] = []  # handed to forked workers without pickling


def _links_in(bounds: tuple[int, int]) -> list[tuple[str, str]]:
    clusterer = Clusterer()
    found = []
    for doc in _SHARED[bounds[0]:bounds[1]]:
        found.extend((l.a, l.b) for l in clusterer.add(doc))
    return found


def cluster_all(docs: list[StoryDoc], workers: int = 2) -> dict[str, str]:
    """Article id -> story root for a whole collection, the day range split among worker
    processes and the seams compared afterwards: the same links, so the same stories, as
    adding the articles one by one."""
    global _SHARED
    dated = sorted((d for d in docs if d.day is not None), key=lambda d: (d.day, d.id))
    undated = [d for d in docs if d.day is None]
    parts = max(1, min(workers, len(dated) // 1000 or 1))
    cuts = [0]
    for k in range(1, parts):  # cut where the day changes, near each k/parts of the articles
        i = k * len(dated) // parts
        while 0 < i < len(dated) and dated[i].day == dated[i - 1].day:
            i += 1
        if cuts[-1] < i < len(dated):
            cuts.append(i)
    cuts.append(len(dated))
    ranges = list(zip(cuts, cuts[1:]))
    _SHARED = dated
    if len(ranges) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(len(ranges)) as pool:
            pairs = [p for part in pool.map(_links_in, ranges) for p in part]
    else:
        pairs = _links_in(ranges[0]) if ranges else []
    for start, _ in ranges[1:]:  # articles within the window either side of a cut
        day = dated[start].day.toordinal()
        near = [d for d in dated if abs(d.day.toordinal() - day) <= WINDOW_DAYS + 1]
        left = [d for d in near if d.day.toordinal() < day]
        right = [d for d in near if d.day.toordinal() >= day]
        index = Clusterer()
        for d in left:
            index.preload(d, None)
        for d in right:
            pairs.extend((l.a, l.b) for l in (link(d, index.docs[o]) for o in index._candidates(d)) if l)
    everything = Clusterer()
    for d in dated + undated:
        everything.preload(d, None)
    for a, b in pairs:
        everything._union(a, b)
    for d in undated:  # undated articles only join through copies
        for o in (d.copy_of,) if d.copy_of and d.copy_of in everything.docs else ():
            everything._union(d.id, o)
    _SHARED = []
    return {d.id: everything.story_of(d.id) for d in docs}
