"""Bringing stories and merged events up to date after articles are stored.

For the new articles of a batch (and any stored article not yet in a story):
1. digests: an extractive summary, reading time and key terms;
2. wire copies: MinHash signatures, compared with those of the articles within COPY_DAYS;
3. clustering features, then links to the articles within the window that share an actor;
   the stories those links touch are merged with the new articles and written again;
4. event merging: the mentions of the new articles get their merge keys, and every event of
   those keys is merged again from all its mentions.
Each step looks at pairs or keys only, so incremental updates and a re-cluster from scratch
give the same stories and events whatever the order the articles came in.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..resources import load
from .cluster import WINDOW_DAYS, Clusterer, Link, StoryDoc, best_reason, story_id
from .features import story_doc
from .merge import ArticleRef, MentionRef, merge, merge_key

DOC_SETS = ("persons", "core_persons", "core_countries", "core_organisations", "countries", "organisations", "terms",
            "core_terms", "places")
COPY_DAYS = 7  # a wire copy is looked for among articles this many days either side
SUMMARY_ARTICLES = 20  # a story's summary is drawn from its most central articles, at most this many


@dataclass
class UpdateSummary:
    articles: int = 0
    copies: int = 0
    stories_written: int = 0
    events: int = 0


def update(conn, article_ids: list[str], include_unplaced: bool = True) -> UpdateSummary:
    """Digest, de-duplicate, cluster and merge for these articles (and, unless told not to,
    any stored article not yet in a story), inside the caller's transaction."""
    from ..store import stories as db

    ids = sorted(set(article_ids) | (set(db.articles_without_story(conn)) if include_unplaced else set()))
    summary = UpdateSummary(articles=len(ids))
    if not ids:
        return summary
    rows = db.article_rows(conn, ids)
    _digests(conn, rows)
    summary.copies = _copies(conn, rows)
    docs = _docs(conn, rows)
    summary.stories_written = _cluster(conn, docs)
    summary.events = _merge_events(conn, ids)
    return summary


# ── 1. digests ───────────────────────────────────────────────────────────────
DIGEST_CHARS = 20_000  # a summary and key terms are read off the start of a long text


def digest(title: str | None, text: str, outlet: str | None, wire: list[str], words: int) -> tuple[str, list[str], float]:
    """(summary as JSON, key terms, reading minutes) of one article: a pure function, so that
    ingest's worker processes can compute it beside extraction."""
    from .digest import key_terms, reading_minutes, summarize

    names = [n for n in (outlet, *wire) if n]
    head = text[:DIGEST_CHARS]
    sentences = summarize(title, head)
    summary = json.dumps([{"start": s.start, "end": s.end, "sentence": s.text} for s in sentences], ensure_ascii=False)
    return summary, key_terms(title, head, names=names), reading_minutes(words)


def _digests(conn, rows: dict[str, dict[str, Any]]) -> None:
    from ..store import stories as db

    out = []
    for article_id, row in rows.items():
        if row.get("summary") is not None:
            continue  # computed at ingest
        summary, terms, minutes = digest(row.get("title"), row.get("text") or "", row.get("outlet"),
                                         json.loads(row.get("wire") or "[]"), row.get("words") or 0)
        out.append((article_id, summary, terms, minutes))
    db.save_digests(conn, out)


# ── 2. wire copies ───────────────────────────────────────────────────────────
def _day_of(row: dict[str, Any]) -> str | None:
    value = row.get("published") or row.get("reference_time")
    return value[:10] if value else None


def _copies(conn, rows: dict[str, dict[str, Any]]) -> int:
    from ..store import stories as db
    from .copies import CopyIndex, Doc, shingles, signature

    new = {}
    for article_id, row in rows.items():
        found = shingles(row.get("text") or "")
        new[article_id] = (found, signature(found))
    db.save_signatures(conn, [(i, _day_of(rows[i]), sig) for i, (_, sig) in new.items()])
    days = sorted({_day_of(r) for r in rows.values() if _day_of(r)})
    others: dict[str, tuple[str | None, bytes]] = {}
    if days:
        low = (date.fromisoformat(days[0]) - timedelta(days=COPY_DAYS)).isoformat()
        high = (date.fromisoformat(days[-1]) + timedelta(days=COPY_DAYS)).isoformat()
        others.update({i: (d, s) for i, d, s in db.signatures_between(conn, low, high)})
    if any(_day_of(r) is None for r in rows.values()):
        others.update({i: (d, s) for i, d, s in db.signatures_between(conn, None, None)})
    likely = _likely_partners(new, {i: v for i, v in others.items() if i not in rows})
    partners = db.article_rows(conn, likely)
    every = {**partners, **rows}
    index = CopyIndex()
    for article_id in sorted(every, key=lambda i: (_when(every[i]) or "", i)):
        row = every[article_id]
        if not _within(row, rows):
            continue
        if article_id in new:
            text_shingles, sig = new[article_id]
        else:
            text_shingles = shingles(row.get("text") or "")
            sig = others[article_id][1] if article_id in others else None
        index.add(Doc(article_id, row.get("text") or "", _when(row), row.get("outlet")), sig=sig, shingle_set=text_shingles)
    links = [l for l in index.links() if l.copy_id in rows or l.original_id in rows]
    db.save_copies(conn, [(l.copy_id, l.original_id, l.containment, l.similarity) for l in links])
    return len(links)


CANDIDATE_JACCARD = 0.25  # below this estimated resemblance no copy can reach the containment rule


def _likely_partners(new: dict[str, tuple[set[int], bytes]], others: dict[str, tuple[str | None, bytes]]) -> list[str]:
    """The stored articles whose signature resembles a new article's enough to be its copy or
    original: only those are read back and compared exactly."""
    import numpy as np

    if not others or not new:
        return []
    ids = sorted(others)
    matrix = np.stack([np.frombuffer(others[i][1], dtype=np.uint32) for i in ids])
    keep = np.zeros(len(ids), dtype=bool)
    for _, sig in new.values():
        keep |= (matrix == np.frombuffer(sig, dtype=np.uint32)).mean(axis=1) >= CANDIDATE_JACCARD
    return [i for i, k in zip(ids, keep) if k]


def _when(row: dict[str, Any]) -> str | None:
    """When an article came out, for telling an original from its copy: a bare day counts as
    late in that day, so that a report with its hour is taken as earlier than a same-day one
    without."""
    value = row.get("published") or row.get("reference_time")
    if value and len(value) == 10:
        return value + "T23:59:59"
    return value


def _within(row: dict[str, Any], new_rows: dict[str, dict[str, Any]]) -> bool:
    """Is this article within COPY_DAYS of some new article (or undated with an undated one)?"""
    day = _day_of(row)
    for other in new_rows.values():
        other_day = _day_of(other)
        if day is None or other_day is None:
            if day is None and other_day is None:
                return True
            continue
        if abs((date.fromisoformat(day) - date.fromisoformat(other_day)).days) <= COPY_DAYS:
            return True
    return False


# ── 3. clustering ────────────────────────────────────────────────────────────
def _docs(conn, rows: dict[str, dict[str, Any]]) -> dict[str, StoryDoc]:
    from ..store import stories as db

    mentions = db.actor_mentions_of(conn, list(rows))
    events: dict[str, list[dict[str, Any]]] = {}
    for m in db.mentions_of_articles(conn, list(rows)):
        events.setdefault(m["article_id"], []).append(m)
    originals = db.originals_of(conn, list(rows))
    docs = {i: story_doc(row, mentions.get(i, []), events.get(i, []), originals.get(i)) for i, row in rows.items()}
    db.save_story_docs(conn, [(i, d.day.isoformat() if d.day else None, _dump(d)) for i, d in docs.items()])
    return docs


def _dump(doc: StoryDoc) -> str:
    data = asdict(doc)
    data["day"] = doc.day.isoformat() if doc.day else None
    for key in DOC_SETS:
        data[key] = sorted(data[key])
    data["events"] = sorted([t, sorted(p)] for t, p in doc.events)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_doc(text: str) -> StoryDoc:
    data = json.loads(text)
    data["day"] = date.fromisoformat(data["day"]) if data["day"] else None
    for key in DOC_SETS:
        data[key] = frozenset(data.get(key, ()))
    data["events"] = frozenset((t, frozenset(p)) for t, p in data["events"])
    return StoryDoc(**data)


def _cluster(conn, new_docs: dict[str, StoryDoc]) -> int:
    from ..store import stories as db

    # the articles a new one could link to: within the window, or copies of each other
    days = sorted(d.day for d in new_docs.values() if d.day)
    existing: dict[str, StoryDoc] = {}
    if days:
        low = (days[0] - timedelta(days=WINDOW_DAYS)).isoformat()
        high = (days[-1] + timedelta(days=WINDOW_DAYS)).isoformat()
        existing = {i: load_doc(t) for i, t in db.story_docs_between(conn, low, high) if i not in new_docs}
    copy_pairs = db.copy_pairs_of(conn, list(new_docs))
    partners = {x for c, o, _ in copy_pairs for x in (c, o)} - set(new_docs) - set(existing)
    existing.update({i: load_doc(t) for i, t in db.story_docs_of(conn, sorted(partners))})
    # their stories, whole, so that a story the new articles touch is rewritten with all its members
    placed = db.stories_of(conn, [*existing, *new_docs])
    stored = sorted({placed[i] for i in [*existing, *new_docs] if i in placed})
    old_members = db.members_of(conn, stored)
    more = sorted({r["article_id"] for rows in old_members.values() for r in rows} - set(existing) - set(new_docs))
    existing.update({i: load_doc(t) for i, t in db.story_docs_of(conn, more)})
    placed.update({r["article_id"]: story for story, rows in old_members.items() for r in rows})
    previous = {r["article_id"]: r for rows in old_members.values() for r in rows}

    clusterer = Clusterer()
    for doc_id in sorted(existing):
        clusterer.preload(existing[doc_id], placed.get(doc_id))
    new_links: dict[str, list[Link]] = {}
    for doc_id in sorted(new_docs, key=lambda i: (new_docs[i].when or "", i)):
        for made in clusterer.add(new_docs[doc_id]):
            new_links.setdefault(made.a, []).append(made)
            new_links.setdefault(made.b, []).append(made)
    for copy_id, original_id, containment in copy_pairs:
        if copy_id in clusterer.docs and original_id in clusterer.docs:
            made = clusterer.link_pair(copy_id, original_id, f"wire copy, containment {containment:.2f}")
            new_links.setdefault(copy_id, []).append(made)
            new_links.setdefault(original_id, []).append(made)

    touched = {clusterer.story_of(i) for i in new_docs}
    groups: dict[str, list[str]] = {}
    for doc_id in clusterer.docs:
        root = clusterer.story_of(doc_id)
        if root in touched:
            groups.setdefault(root, []).append(doc_id)
    removed = {placed[i] for ids in groups.values() for i in ids if i in placed}
    texts = db.article_rows(conn, sorted({i for ids in groups.values() for i in ids}))
    stories, members, actors, article_story = [], [], [], {}
    for ids in groups.values():
        record, rows = _story(sorted(ids), clusterer.docs, texts, new_links, previous)
        stories.append(record)
        members.extend(rows)
        actors.extend(_story_actors(record["id"], [clusterer.docs[i] for i in ids]))
        article_story.update({i: record["id"] for i in ids})
    db.replace_stories(conn, removed, stories, members, actors)
    db.set_event_stories(conn, article_story)
    return len(stories)


def _story(ids: list[str], docs: dict[str, StoryDoc], rows: dict[str, dict[str, Any]],
           links: dict[str, list[Link]], previous: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], list[tuple]]:
    from .digest import centrality, story_summary, story_title

    members = [docs[i] for i in ids]
    sid = story_id(members)
    ordered = sorted(members, key=lambda d: (d.when or "9999", d.id))
    first = ordered[0]
    originals = {d.copy_of or d.id for d in members}
    outlets = {d.outlet for d in members if d.id in originals and d.outlet}
    leads = [f"{rows[d.id].get('title') or ''}. {(rows[d.id].get('text') or '')[:600]}" for d in ordered]
    central = centrality(leads) if len(leads) > 1 else [1.0]
    chosen = [d for _, d in sorted(zip(central, ordered), key=lambda x: (-x[0], x[1].when or "", x[1].id))][:SUMMARY_ARTICLES]
    picked = story_summary([(rows[d.id].get("title"), rows[d.id].get("text") or "") for d in chosen])
    summary = [{"article": chosen[i].id, "start": s.start, "end": s.end, "sentence": s.text} for i, s in picked]
    days = sorted(d.day.isoformat() for d in members if d.day)
    record = {
        "id": sid, "title": story_title([rows[d.id].get("title") for d in ordered]), "summary": summary,
        "first_article": first.id, "first_outlet": first.outlet, "first_seen": first.when,
        "last_seen": ordered[-1].when, "day_start": days[0] if days else None, "day_end": days[-1] if days else None,
        "n_articles": len(members), "n_originals": len(originals), "n_outlets": len(outlets) or 1,
    }
    rows_out = []
    for d in members:
        own = [l for l in links.get(d.id, []) if l.a in docs and l.b in docs]
        if own or d.id not in previous:
            other, score, reason = best_reason(d.id, own)
        else:
            other, score, reason = previous[d.id]["linked_to"], previous[d.id]["score"], previous[d.id]["reason"]
        rows_out.append((d.id, sid, other, score, reason))
    return record, rows_out


def _story_actors(sid: str, docs: list[StoryDoc]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for d in docs:
        for actor in d.persons | d.countries | d.organisations:
            counts[actor] = counts.get(actor, 0) + 1
    return [(sid, actor, n) for actor, n in sorted(counts.items())]


# ── 4. event merging ─────────────────────────────────────────────────────────
@lru_cache(maxsize=1)
def _scores() -> dict[str, float]:
    return load("plover_scores")["scores"]


def plover_score(event_type: str, mode: str | None) -> float | None:
    scores = _scores()
    return scores.get(f"{event_type}/{mode}", scores.get(event_type))


def _ref(row: dict[str, Any]) -> MentionRef:
    def level(p: dict[str, Any]) -> str | None:
        return p.get("country") if p.get("kind") == "person" else p.get("id")

    actors = tuple(dict.fromkeys(x for p in row["participants"] if p["side"] == "actor" for x in [level(p)] if x))
    recipients = tuple(dict.fromkeys(x for p in row["participants"] if p["side"] == "recipient" for x in [level(p)] if x))
    return MentionRef(row["id"], row["article_id"], row["type"], row["mode"], row["date"], row["date_precision"],
                      row["date_start"], actors, recipients, not (row["negated"] or row["hypothetical"]),
                      row["confidence"], row["sentence"])


def _merge_events(conn, article_ids: list[str]) -> int:
    from ..store import stories as db

    new = [_ref(r) for r in db.mentions_of_articles(conn, article_ids)]
    db.set_merge_keys(conn, {m.id: merge_key(m) for m in new})
    keys = sorted({merge_key(m) for m in new})
    if not keys:
        return 0
    mentions = [_ref(r) for r in db.mentions_of_keys(conn, keys)]
    rows = db.article_rows(conn, sorted({m.article_id for m in mentions}))
    originals = db.originals_of(conn, list(rows))
    placed = db.stories_of(conn, list(rows))
    refs = {i: ArticleRef(i, r.get("published") or r.get("reference_time"), r.get("outlet"), originals.get(i, i))
            for i, r in rows.items()}
    for original in {r.original for r in refs.values()} - set(refs):
        extra = db.article_rows(conn, [original]).get(original)
        if extra:
            refs[original] = ArticleRef(original, extra.get("published") or extra.get("reference_time"), extra.get("outlet"), original)
    merged = merge(mentions, refs)
    from ..store.events import date_span

    out = []
    for e in merged:
        start, end = date_span(e.date, e.date_precision)
        out.append({
            "id": e.id, "merge_key": e.key, "type": e.type, "mode": e.mode, "date": e.date,
            "date_precision": e.date_precision, "date_start": start, "date_end": end, "first_seen": e.first_seen,
            "first_article": e.first_article, "first_outlet": e.first_outlet, "n_mentions": len(e.mentions),
            "n_articles": e.n_articles, "n_outlets": e.n_outlets, "story_id": placed.get(e.first_article),
            "asserted": int("|a|" in e.key), "actors": e.actors, "recipients": e.recipients, "evidence": e.evidence,
            "score": plover_score(e.type, e.mode), "mentions": e.mentions,
        })
    db.replace_events(conn, keys, out)
    return len(out)


@dataclass
class ReclusterSummary:
    articles: int = 0
    stories: int = 0
    copies: int = 0
    events: int = 0


def recluster(conn, batch: int = 200) -> ReclusterSummary:
    """Every story, copy link and merged event rebuilt from the stored articles and events, in
    batches by day, one transaction each (the first clears what was derived)."""
    from ..store import stories as db
    from ..store import transaction

    with transaction(conn):
        db.clear_stories(conn)
    days = db.all_article_days(conn)
    ordered = [i for i, _ in sorted(days, key=lambda x: (x[1] or "9999", x[0]))]
    for i in range(0, len(ordered), batch):
        with transaction(conn):
            update(conn, ordered[i:i + batch], include_unplaced=False)
    return ReclusterSummary(*db.story_counts(conn))
