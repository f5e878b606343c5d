"""The geometry of the dyad charts: events per month stacked by quad class, and the mean
cooperation/conflict score per month as bars above or below zero.

Only numbers and labels come out of here; the template draws them as inline SVG (no
script, no style attributes), so the charts work under the page's strict CSP and without
JavaScript.
"""

from __future__ import annotations

from typing import Any, Sequence

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
QUAD_CLASS = {"verbal cooperation": "vcoop", "material cooperation": "mcoop",
              "verbal conflict": "vconf", "material conflict": "mconf"}
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WIDTH, LEFT, RIGHT, TOP = 720, 44, 12, 12
SCORE_LIMIT = 10.0  # PLOVER scores run from -10 (most hostile) to +10 (most cooperative)


def quad_class(event_type: str | None) -> str:
    """The CSS class of an event type's quad class ("vcoop", "mconf", ...), "other" if unknown."""
    from ..events.records import QUAD

    return QUAD_CLASS.get(QUAD.get(event_type or "", ""), "other")


def _month_range(first: str, last: str) -> list[str]:
    """Every month from first to last (YYYY-MM), so empty months show as gaps."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last and len(out) < 1200:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _label(month: str, first: bool) -> tuple[str, str]:
    """The month's name, and its year under it on the first month and each January."""
    name = MONTH_NAMES[int(month[5:7]) - 1]
    return name, month[:4] if first or month.endswith("-01") else ""


def _nice_top(value: int) -> int:
    """A round axis maximum at or above value, four times a round step (so each quarter is a whole number)."""
    magnitude = 1
    while True:
        for step in (1, 1.5, 2, 2.5, 3, 4, 5, 7.5):
            size = step * magnitude
            if size == int(size) and value <= size * 4:
                return int(size * 4)
        magnitude *= 10


def dyad_charts(months: Sequence[dict[str, Any]], height: int = 220, score_height: int = 160) -> dict[str, Any] | None:
    """Both charts' shapes for the dyad context's months; None when no event has a month."""
    dated = {m["month"]: m for m in months if len(m.get("month") or "") == 7 and m["month"][4] == "-"}
    if not dated:
        return None
    slots = _month_range(min(dated), max(dated))
    every = max(1, -(-len(slots) // 24))  # at most about 24 month labels
    inner = WIDTH - LEFT - RIGHT
    slot = inner / len(slots)
    bar = max(slot * 0.7, 1.0)
    top = _nice_top(max(m["events"] for m in dated.values()))
    plot = height - TOP - 36
    counts: dict[str, Any] = {"width": WIDTH, "height": height, "bars": [], "ticks": [], "labels": [],
                              "base": TOP + plot, "left": LEFT, "right": WIDTH - RIGHT}
    for n in range(0, 5):
        value = top * n / 4
        if value == int(value):
            counts["ticks"].append({"y": round(TOP + plot - plot * value / top, 1), "text": str(int(value))})
    score: dict[str, Any] = {"width": WIDTH, "height": score_height, "bars": [], "ticks": [], "labels": [],
                             "left": LEFT, "right": WIDTH - RIGHT}
    splot = score_height - TOP - 36
    zero = TOP + splot / 2
    score["zero"] = round(zero, 1)
    for value in (SCORE_LIMIT, SCORE_LIMIT / 2, 0, -SCORE_LIMIT / 2, -SCORE_LIMIT):
        score["ticks"].append({"y": round(zero - splot / 2 * value / SCORE_LIMIT, 1), "text": f"{value:+g}" if value else "0"})
    for i, month in enumerate(slots):
        x = LEFT + slot * i + (slot - bar) / 2
        entry = dated.get(month)
        if i % every == 0:
            name, year = _label(month, i == 0)
            for chart, base in ((counts, TOP + plot), (score, TOP + splot)):
                chart["labels"].append({"x": round(x + bar / 2, 1), "y": base + 16, "name": name, "year": year,
                                        "year_y": base + 30})
        if entry is None:
            continue
        y = TOP + plot
        for quad in QUADS:
            n = entry["quad"].get(quad, 0)
            if not n:
                continue
            h = plot * n / top
            y -= h
            counts["bars"].append({"x": round(x, 1), "y": round(y, 1), "w": round(bar, 1), "h": round(h, 1),
                                   "cls": QUAD_CLASS[quad], "title": f"{month}: {n} {quad} event{'s' * (n != 1)}"})
        value = entry.get("score")
        if value is not None:
            clipped = max(-SCORE_LIMIT, min(SCORE_LIMIT, value))
            h = max(splot / 2 * abs(clipped) / SCORE_LIMIT, 1.0)
            score["bars"].append({"x": round(x, 1), "y": round(zero - h if clipped >= 0 else zero, 1), "w": round(bar, 1),
                                  "h": round(h, 1), "cls": "pos" if clipped > 0 else "neg" if clipped < 0 else "zero",
                                  "title": f"{month}: mean score {value:+g} over {entry['events']} event"
                                           f"{'s' * (entry['events'] != 1)}"})
    return {"counts": counts, "score": score, "first": slots[0], "last": slots[-1],
            "undated": sum(m["events"] for m in months if m.get("month") not in dated),
            "legend": [{"name": q, "cls": QUAD_CLASS[q]} for q in QUADS]}
