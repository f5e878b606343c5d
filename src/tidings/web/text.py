"""Text cut into plain pieces for the templates to escape: an article's paragraphs with its
actor mentions and event evidence marked, and a search snippet with its highlights.

No HTML is built here. Each piece carries its text and what it is (an actor, part of an
evidence sentence, where an anchor sits), and the template wraps it in elements while
escaping the text, so nothing an article says can become markup.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

HIT_START, HIT_END = "\ue000", "\ue001"  # how the store marks search highlights
BREAK = re.compile(r"[ \t\r\f\v]*\n\s*")  # a line break and the blank space around it starts a paragraph


def snippet_pieces(snippet: str | None) -> list[tuple[str, bool]]:
    """A snippet as (text, highlighted) pieces, the markers dropped; unbalanced markers are
    tolerated (a highlight runs to the next end marker or the end)."""
    pieces: list[tuple[str, bool]] = []
    inside = False
    for part in re.split(f"([{HIT_START}{HIT_END}])", snippet or ""):
        if part == HIT_START:
            inside = True
        elif part == HIT_END:
            inside = False
        elif part:
            pieces.append((part, inside))
    return pieces


def _spans(items: Iterable[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """Items whose [start, end) lies within the text, in order."""
    good = [i for i in items if isinstance(i.get("start"), int) and isinstance(i.get("end"), int)
            and 0 <= i["start"] < i["end"] <= size]
    return sorted(good, key=lambda i: (i["start"], -i["end"]))


def _no_overlaps(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Actor mentions that do not overlap, the longer kept where two do (a title and name
    over the bare country adjective inside it)."""
    kept: list[dict[str, Any]] = []
    for m in sorted(mentions, key=lambda m: (-(m["end"] - m["start"]), m["start"])):
        if all(m["end"] <= k["start"] or m["start"] >= k["end"] for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m["start"])


def _sentences(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence sentences, overlapping ones joined, each with the event mentions it carries."""
    joined: list[dict[str, Any]] = []
    for e in events:
        if joined and e["start"] < joined[-1]["end"]:
            joined[-1]["end"] = max(joined[-1]["end"], e["end"])
            joined[-1]["events"].append(e)
        else:
            joined.append({"start": e["start"], "end": e["end"], "events": [e]})
    for s in joined:
        labels = []
        for e in s["events"]:
            label = e.get("type") or "event"
            if e.get("negated"):
                label += " (negated)"
            if e.get("hypothetical"):
                label += " (hypothetical)"
            if label not in labels:
                labels.append(label)
        s["label"] = "Evidence of " + ", ".join(labels)
    return joined


def _covering(spans: list[dict[str, Any]], where: int) -> dict[str, Any] | None:
    for s in spans:  # few per article; a scan is enough
        if s["start"] <= where < s["end"]:
            return s
    return None


def article_body(text: str, actor_mentions: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]],
                 summary: Sequence[dict[str, Any]] = ()) -> list[list[dict[str, Any]]]:
    """The article's paragraphs. Each paragraph is a list of chunks, a chunk being a run of
    pieces either inside one evidence sentence ({"evidence": label}) or outside any
    ({"evidence": None}). A piece is {"text", "actor", "anchors"}: the actor mention it
    shows (or None) and the fragment ids that land on it: `m-<mention id>` where an event
    mention starts and `s-<offset>` where an evidence or summary sentence starts."""
    size = len(text)
    actors = _no_overlaps(_spans(actor_mentions, size))
    sentences = _sentences(_spans(events, size))
    anchors: dict[int, list[str]] = {}
    for s in _spans(list(events) + list(summary), size):
        ids = anchors.setdefault(s["start"], [])
        if s.get("id") and f"m-{s['id']}" not in ids:
            ids.append(f"m-{s['id']}")
    for start, ids in anchors.items():
        ids.append(f"s-{start}")
    breaks = [(m.start(), m.end()) for m in BREAK.finditer(text)]
    cuts = {0, size, *anchors}
    for span in [*actors, *sentences, *({"start": a, "end": b} for a, b in breaks)]:
        cuts.update((span["start"], span["end"]))
    edges = sorted(c for c in cuts if 0 <= c <= size)

    paragraphs: list[list[dict[str, Any]]] = [[]]
    pending: list[str] = []  # anchors that fell in a break wait for the next piece
    for left, right in zip(edges, edges[1:]):
        pending.extend(anchors.get(left, []))
        if any(a <= left and right <= b for a, b in breaks):
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        sentence = _covering(sentences, left)
        actor = _covering(actors, left)
        chunks = paragraphs[-1]
        label = sentence["label"] if sentence else None
        if not chunks or chunks[-1]["evidence"] != label or chunks[-1]["sentence"] is not sentence:
            chunks.append({"evidence": label, "sentence": sentence, "pieces": []})
        pieces = chunks[-1]["pieces"]
        if pieces and pieces[-1]["actor"] is actor and actor is not None and not pending:
            pieces[-1]["text"] += text[left:right]  # one mention cut only by an anchor-free edge
        else:
            pieces.append({"text": text[left:right], "actor": actor, "anchors": pending})
        pending = []
    if pending:
        paragraphs[-1].append({"evidence": None, "sentence": None, "pieces": [{"text": "", "actor": None,
                                                                               "anchors": pending}]})
    for chunks in paragraphs:
        for chunk in chunks:
            chunk.pop("sentence")
    return [p for p in paragraphs if p]
