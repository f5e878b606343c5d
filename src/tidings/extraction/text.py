"""The line classifier for text dumps: pages already stripped of their tags.

Each non-empty line gets a score from its own features (length, closing punctuation,
bullets, links, repetition, furniture patterns) and its neighbours'; the body is the
contiguous run of lines with the largest total score that crosses no end-of-article
marker ("Related Articles", "Tags:", "Previous Post", …). Everything else (title, date,
outlet, byline) is read from the lines around that run.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from ..resources import load
from . import dates
from .dateline import is_dateline_only, split_dateline, strip_wire_credit, wires_in

_TERMINAL = re.compile(r"""[.!?\u3002\uff01\uff1f\u2026:;]["'\u201d\u2019)\]]*$|["\u201d]$""")
_BULLET = re.compile(r"^\s*(?:[\u2022\u00b7\u25aa\u25cf\u2023\u2043*\-\u2013]|\d{1,2}[.)])\s+")
_LINK = re.compile(r"https?://|www\.|\.com\b|\.example\b", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TEASER_END = re.compile(r"(?:\.\.\.|\u2026)\s*(?:(?:read )?more\W*)?$|\s(?:less|more)$", re.I)
_TITLE_SUFFIX = re.compile(r"\s+(?:\|\|?|[-\u2013\u2014:\u00bb])\s+(?P<site>[^|]{2,60})$")
_BYLINE = re.compile(r"^(?:[Bb]y|BY|[Ww]ritten by|[Rr]eported by)\s+(?P<name>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,4}(?:\s+and\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})?)\s*$")
_INNER_BYLINE = re.compile(r"^(?P<a>[^.!?]{2,40}?)\s+by\s+(?P<name>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})$")
_GLUED_AGE = re.compile(r"^(?P<name>\D{2,60}?)\s*(?:\d{1,3}|an?)\s*(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?)\s+ago$", re.I)
_SOURCE_ICON = re.compile(r"^\W*\U0001F4F0\s*(?P<name>[^\d\W][^|]{1,50}?)\s*$")
_NAME_URL = re.compile(r"^(?P<name>[A-Z][\w .&'-]{2,60}?)(?:https?://)\S+$")
_FULL_ARTICLE = re.compile(r"^read (?:the )?full (?:article|story) (?:on|at)\s+(?P<site>\S+)", re.I)
_COPYRIGHT = re.compile(r"(?:\u00a9|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\s*[-\u2013,]?\s*)?(?P<name>[A-Z][^.|\u00a9]{1,60}?)(?:\.|,|\s+all rights|\s*$)", re.I)
_INLINE_LINK = re.compile(r"^(?:related|also read|see also|read more|read also|watch)\s*[:|\-\u2014]\s*\S.*$", re.I)
_TAG_LINE = re.compile(r"^tags?\s*:\s*(?P<tags>.+)$", re.I)


@dataclass
class TextResult:
    title: str | None
    paragraphs: list[str]
    published: dates.FoundDate | None
    reference: datetime | None
    reference_from: str | None
    outlet: str | None
    authors: list[str]
    tags: list[str]
    dateline_line: str | None  # a dateline standing alone on the line before the body
    wires: list[str]
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = load("furniture")
    stops = re.compile("^(?:" + "|".join(f"(?:{p})" for p in rules["stops"]) + ")$", re.I)
    chrome = re.compile("^(?:" + "|".join(f"(?:{p})" for p in rules["furniture"]) + ")$", re.I)
    return stops, chrome


@lru_cache(maxsize=1)
def _boxes() -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(f"(?:{p})" for p in load("furniture")["boxes"]) + ")$", re.I)


def _words(line: str) -> int:
    n = len(line.split())
    cjk = len(_CJK.findall(line))
    return max(n, cjk // 2)


def score_lines(lines: list[str]) -> tuple[list[float], list[bool]]:
    """A score per line (positive: body-like) and whether each line ends an article."""
    stops, chrome = _patterns()
    counts = Counter(lines)
    scores: list[float] = []
    barriers: list[bool] = []
    for line in lines:
        w = _words(line)
        terminal = bool(_TERMINAL.search(line))
        stop = len(line) < 200 and bool(stops.match(line))
        barriers.append(stop)
        if stop:
            scores.append(-50.0)
            continue
        if len(line) < 200 and chrome.match(line):
            scores.append(-12.0)
            continue
        if not terminal and (line.count(",") >= max(3, w // 4) or (w >= 8 and not re.search(r"[,.;:!?()]", line))):
            score = -6.0  # a keyword list, a tag cloud or a menu flattened into one line
        elif w >= 8 and (terminal or w >= 25):
            score = float(w)
        elif w >= 4 and terminal:
            score = w * 0.6
        else:
            score = -3.0 - (1.0 if w <= 2 else 0.0)
        if _BULLET.match(line):
            score = score * 0.5 if score > 0 and terminal else -4.0
        if _TEASER_END.search(line) and w >= 6:
            score = -0.5 * w
        if _LINK.search(line) and w < 12:
            score = min(score, -5.0)
        if counts[line] > 1:
            score = score - 5.0 if w < 12 else -0.5 * w  # menus and repeated captions
        scores.append(score)
    _soften_boxes(lines, scores, barriers)
    _widen_gaps(lines, scores)
    return scores, barriers


def _widen_gaps(lines: list[str], scores: list[float]) -> None:
    """A gap between prose lines that holds a date or an age is a teaser list's
    "headline, author, date" triple, not a subheading: it costs more the longer it is."""
    i = 0
    while i < len(scores):
        if scores[i] > 0:
            i += 1
            continue
        j = i
        while j < len(scores) and scores[j] <= 0:
            j += 1
        if j - i >= 2 and any(_is_dated(lines[k]) for k in range(i, j)):
            for k in range(i, j):
                scores[k] *= 1 + 0.5 * (j - i)
        i = j


def _is_dated(line: str) -> bool:
    return len(line) < 80 and (dates.has_relative(line) or dates.parse_absolute(line) is not None)


def _soften_boxes(lines: list[str], scores: list[float], barriers: list[bool]) -> None:
    """A "Related Stories" box inside an article: prose before it, then at most a few
    headline lines, then prose that goes on (no dateline, date, age or teaser)."""
    boxes = _boxes()
    for i, line in enumerate(lines):
        if not barriers[i] or i == 0 or scores[i - 1] <= 0 or not boxes.match(line):
            continue
        j = i + 1
        dated = False
        while j < len(lines) and j <= i + 8 and scores[j] < 15 and not barriers[j]:
            if dates.parse_absolute(lines[j]) or dates.has_relative(lines[j]) or _BULLET.match(lines[j]):
                dated = True
                break
            j += 1
        if dated:
            continue
        if j >= len(lines) or j > i + 8 or barriers[j] or scores[j] < 15:
            continue
        if _TEASER_END.search(lines[j]) or split_dateline(lines[j])[0]:
            continue
        barriers[i] = False
        scores[i] = -12.0

def candidate_runs(scores: list[float], barriers: list[bool]) -> list[tuple[int, int, float]]:
    """Each locally best contiguous run (start, end, total); none crosses a barrier."""
    runs: list[tuple[int, int, float]] = []
    best: tuple[int, int, float] | None = None
    start, total = 0, 0.0
    for i, score in enumerate(scores):
        if barriers[i] or total + score <= 0:
            if best:
                runs.append(best)
            best, total, start = None, 0.0, i + 1
            continue
        total += score
        if best is None or total > best[2]:
            best = (start, i, total)
    if best:
        runs.append(best)
    return runs


def best_run(scores: list[float], barriers: list[bool], anchor: int | None = None) -> tuple[int, int, float]:
    """The run most likely to be the article.

    A run that begins after an end-of-article marker which follows a substantial run is
    discounted (appended stories and comments come after the article), and a run that
    starts just below the repeated headline (anchor) is preferred.
    """
    runs = candidate_runs(scores, barriers)
    if not runs:
        return (0, -1, 0.0)
    first_stop_after_body = None
    for start, end, total in runs:
        if total >= 60:
            first_stop_after_body = next((k for k in range(end + 1, len(barriers)) if barriers[k]), None)
            break

    def weight(run: tuple[int, int, float]) -> float:
        start, end, total = run
        w = total
        if first_stop_after_body is not None and start > first_stop_after_body:
            w *= 0.3
        if anchor is not None:
            if anchor < start <= anchor + 25:
                w *= 1.5
        return w

    return max(runs, key=weight)


def title_anchor(lines: list[str]) -> int | None:
    """Where the page repeats its first line (the <title>) as a headline, if it does."""
    if not lines:
        return None
    heads = {lines[0].lower(), _strip_suffix(lines[0]).lower()}
    for i in range(1, min(len(lines), 400)):
        if lines[i].lower() in heads and _words(lines[i]) >= 3:
            return i
    return None


def _past_lead_block(lines: list[str], scores: list[float], start: int, end: int) -> int:
    """Skip a headline block the run began with: repeated headlines, a dek, then the
    byline or date line; the body begins after the last such meta line."""
    gained = 0.0
    cut = None
    for i in range(start, min(start + 6, end)):
        if scores[i] <= 0 and _is_meta_line(lines[i]) and not is_dateline_only(lines[i]):
            if _BYLINE.match(lines[i]) or _INNER_BYLINE.match(lines[i]) or dates.parse_absolute(lines[i]) or dates.has_relative(lines[i]):
                cut = i
        elif scores[i] > 0:
            gained += scores[i]
            if gained >= 40:
                break
    if cut is None:
        return start
    start = cut + 1
    while start < end and scores[start] <= 0:
        start += 1
    return start


def _is_dek(lines: list[str], start: int, end: int) -> bool:
    """A standfirst: one short sentence standing between the headline block and a
    longer lead that does not begin with a dateline of its own."""
    if end - start < 2:
        return False
    first, second = lines[start], lines[start + 1]
    if split_dateline(first)[0] or re.search(r"[.!?][\"\u201d\u2019]?\s+[\"\u201c]?[A-Z]", first):
        return False
    if not first.endswith(".") or _words(first) > 25 or _words(second) < 1.4 * _words(first):
        return False
    above = [l for l in lines[max(0, start - 3): start]]
    return bool(above) and all(not _TERMINAL.search(l) or _words(l) <= 5 for l in above)


def _join_broken(lines: list[str]) -> list[str]:
    """Mend paragraphs a dump split in mid-sentence (next line starts in lower case)."""
    out: list[str] = []
    for line in lines:
        if out and not _TERMINAL.search(out[-1]) and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def is_end_marker(line: str) -> bool:
    """A line that ends an article ("Related Articles", "Tags: …", "Similar News: …")."""
    return len(line) < 200 and bool(_patterns()[0].match(line))


def is_inline_link(line: str) -> bool:
    """An inline pointer to another story ("Related: …", "Also read: …")."""
    return len(line) < 200 and bool(_INLINE_LINK.match(line))


def is_meta_line(line: str) -> bool:
    return _is_meta_line(line)


def _is_meta_line(line: str) -> bool:
    """Lines between a headline and its body: dates, bylines, ages, categories, bullets."""
    if len(line) < 80 and (dates.parse_absolute(line) or dates.has_relative(line)):
        return True
    if _BYLINE.match(line) or _INNER_BYLINE.match(line):
        return True
    if _BULLET.match(line) or is_dateline_only(line):
        return True
    if line.replace(" ", "").isupper() and len(line) < 120:
        return True
    return _words(line) <= 3


def find_title(lines: list[str], body_start: int) -> tuple[str | None, int]:
    """The headline and its line index: a heading-like line close above the body,
    preferring one the page repeats (as the <title> and the <h1>)."""
    stops, chrome = _patterns()
    before = [_strip_suffix(l).lower() for l in lines[:body_start]]
    counts = Counter(before)
    first = next((i for i, l in enumerate(lines[:body_start]) if _words(l) >= 3 and not _BULLET.match(l)), None)
    page_title = set(re.findall(r"\w+", lines[0].lower())) if lines else set()
    candidates: list[tuple[float, int, str]] = []
    distance = 0
    for i in range(body_start - 1, max(-1, body_start - 40), -1):
        line = lines[i]
        if _BULLET.match(line):
            continue
        repeated = counts[before[i]] > 1
        if _is_meta_line(line) and not repeated:
            continue
        distance += 1
        w = _words(line)
        if w < 3 or w > 40 or stops.match(line) or chrome.match(line) or _LINK.search(line):
            continue
        score = 3.0 - 0.25 * distance
        own = set(re.findall(r"\w+", line.lower()))
        shared = len(own & page_title) / max(1, len(own)) if i > 0 else 0.0
        if shared >= 0.6 and len(own & page_title) >= 2:
            score += 7.0 * shared
        elif repeated:
            score += 3.0
        if i == 0:
            score += 1.0
        if _TERMINAL.search(line) and not line.endswith(("?", "!", "'", '"', "\u201d", "\u2019")):
            score -= 2.0
        candidates.append((score, i, _strip_suffix(line)))
    if not candidates:
        return (_strip_suffix(lines[first]), first) if first is not None else (None, -1)
    score, index, text = max(candidates, key=lambda c: (c[0], c[1]))
    return text, index


def _same(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()


def _strip_suffix(line: str) -> str:
    match = _TITLE_SUFFIX.search(line)
    if match and _words(match.group("site")) <= 6 and match.start() > 15:
        return line[: match.start()].strip()
    return line.strip()


def _outlet(lines: list[str], title_index: int, body_start: int, body_end: int) -> str | None:
    header = lines[max(0, title_index - 3): body_start] if title_index >= 0 else lines[:body_start]
    for line in header:
        icon = _SOURCE_ICON.match(line.lstrip("\u2022 ").strip())
        if icon:
            return icon.group("name").strip()
        glued = _GLUED_AGE.match(line)
        if glued and glued.group("name").strip().lower() not in ("time", "posted", "updated", "published"):
            name = glued.group("name").strip(" -|\u2022\u00b7")
            if 1 <= _words(name) <= 6:
                return name
    after = lines[body_end + 1: body_end + 40]
    for line in after:
        named = _NAME_URL.match(line)
        if named:
            return named.group("name").strip()
    for line in after:
        full = _FULL_ARTICLE.match(line)
        if full:
            return re.sub(r"^(?:https?://)?(?:www\.)?", "", full.group("site")).split(".")[0]
    if lines:
        match = _TITLE_SUFFIX.search(lines[0])
        if match and _words(match.group("site")) <= 5:
            return match.group("site").strip()
    for line in reversed(lines):
        match = _COPYRIGHT.search(line) if len(line) < 160 else None
        if match:
            name = match.group("name").strip(" -")
            if 1 <= _words(name) <= 6:
                return name
    return None


def _tags(lines: list[str], body_end: int) -> list[str]:
    for line in lines[body_end + 1: body_end + 30]:
        match = _TAG_LINE.match(line)
        if match:
            raw = match.group("tags")
            parts = re.split(r"\s*[,;|#]\s*", raw) if re.search(r"[,;|#]", raw) else re.split(r"(?<=[a-z])(?=[A-Z])", raw)
            return [p.strip() for p in parts if p.strip()][:20]
    return []


def _authors(lines: list[str], title_index: int, body_start: int, body_end: int) -> list[str]:
    window = lines[max(0, title_index): body_start] + lines[body_end + 1: body_end + 6]
    for line in window:
        match = _BYLINE.match(line) or _INNER_BYLINE.match(line)
        if match:
            name = match.group("name").strip()
            return [n.strip() for n in re.split(r"\s+and\s+|,\s*", name) if n.strip()]
    return []


def _published(lines: list[str], title_index: int, body_start: int, body_end: int,
               reference: datetime | None, warnings: list[str]) -> dates.FoundDate | None:
    """The date printed with the article: by the headline first, then an age ("2 days
    ago") against the reference time, then a date just below the body."""
    start = max(0, title_index - 2) if title_index >= 0 else max(0, body_start - 12)
    header = lines[start: body_start]
    found = _dated_line(header)
    if found:
        return found
    for line in header:
        if len(line) < 100 and dates.has_relative(line):
            if reference is None:
                warnings.append("relative date with no reference time")
                return None
            age = dates.parse_relative(line, reference)
            if age:
                return dates.FoundDate(age[0], age[1], "relative age")
    return _dated_line(lines[body_end + 1: body_end + 4]) or _dated_line(lines[:start], "date line above the article")


def _dated_line(lines: list[str], label: str = "date line") -> dates.FoundDate | None:
    """The first absolute date on a short line, preferring a publication over an update."""
    dated: list[tuple[int, dates.FoundDate]] = []
    for rank, line in enumerate(lines):
        if len(line) > 160 or dates.render_stamp(line):
            continue
        found = dates.parse_absolute(line)
        if found:
            update = dates.is_update_line(line)
            dated.append((rank + (1000 if update else 0), dates.FoundDate(found[0], found[1], "update line" if update else label)))
    if not dated:
        return None
    rank, found = min(dated, key=lambda d: d[0])
    return None if found.source == "update line" else found


def extract_text(text: str, reference: datetime | None, reference_from: str | None,
                 max_lines: int) -> TextResult:
    """Title, body paragraphs and metadata of a text dump."""
    warnings: list[str] = []
    raw_lines = text.split("\n")
    if len(raw_lines) > max_lines:
        warnings.append(f"only the first {max_lines} lines were read")
        raw_lines = raw_lines[:max_lines]
    lines = [" ".join(l.replace("\u00a0", " ").split()) for l in raw_lines]
    lines = [l for l in lines if l]
    for line in reversed(lines):
        stamp = dates.render_stamp(line) if len(line) < 80 else None
        if stamp:
            reference, reference_from = stamp, "page render stamp"
            break
    scores, barriers = score_lines(lines)
    start, end, total = best_run(scores, barriers, title_anchor(lines))
    if end < start:
        return TextResult(None, [], None, reference, reference_from, None, [], [], None, [], warnings + ["no body text found"])
    while start < end and scores[start] <= 0:
        start += 1
    while end > start and scores[end] <= 0:
        end -= 1
    start = _past_lead_block(lines, scores, start, end)
    if _is_dek(lines, start, end):
        start += 1
    body_lines = lines[start: end + 1]
    dateline_line = None
    if start > 0 and is_dateline_only(lines[start - 1]):
        dateline_line = lines[start - 1]
    wires: list[str] = []
    for line in lines[end + 1: end + 3]:
        credit, found = strip_wire_credit(["x", line])
        if found and credit == ["x"]:
            wires = found
            break
    title, title_index = find_title(lines, start - (1 if dateline_line else 0))
    header_end = start - (1 if dateline_line else 0)
    published = _published(lines, title_index, header_end, end, reference, warnings)
    return TextResult(
        title=title,
        paragraphs=_join_broken(body_lines),
        published=published,
        reference=reference,
        reference_from=reference_from,
        outlet=_outlet(lines, title_index, header_end, end),
        authors=_authors(lines, title_index, header_end, end),
        tags=_tags(lines, end),
        dateline_line=dateline_line,
        wires=wires,
        warnings=warnings,
    )


__all__ = ["extract_text", "TextResult", "score_lines", "best_run", "find_title", "wires_in"]
