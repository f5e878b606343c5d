"""Publication dates from text: absolute dates, relative ages and page render stamps.

Relative ages ("2 days ago") resolve against the reference time, never the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_TIME = r"(?:[,\s]+(?:at\s+)?(?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
_PATTERNS = [
    re.compile(r"\b(?P<y>20\d\d|19\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2})(?::(?P<ss>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"),
    re.compile(r"\b(?P<y>20\d\d)[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})\b"),
    re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b" + _TIME, re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(?P<y>(?:19|20)\d\d)\b" + _TIME, re.I),
    re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>20\d\d)\b"),
]
_RELATIVE = re.compile(
    r"(?:^|(?<=[a-z\s\u2022|:·-])|(?<=\d\s))(?P<n>\d{1,3}|an?|one)\s*(?P<unit>sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|d|weeks?|wks?|months?|mos?|years?|yrs?)\s+ago\b",
    re.I,
)
_DIGITS = re.compile(r"\d\d")
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_STAMP = re.compile(
    r"^\s*(?:render(?:ed)?\s+time|page\s+generated(?:\s+at|\s+on)?|generated\s+on|crawled(?:\s+at|\s+on)?|saved(?:\s+at|\s+on)?|retrieved(?:\s+at|\s+on)?|accessed(?:\s+at|\s+on)?|fetched(?:\s+at|\s+on)?)\s*:?\s*(?P<when>.+)$",
    re.I,
)
_LABEL = re.compile(r"^\s*(?:published|posted|first\s+published|date|updated|last\s+updated|modified)\b", re.I)
_UPDATED = re.compile(r"\b(?:updated|modified|edited)\b", re.I)


@dataclass(frozen=True)
class FoundDate:
    value: datetime | date
    precision: str  # "second", "day", "month", "year"
    source: str  # how it was found, for published_from

    def iso(self) -> str:
        return self.value.isoformat()


def parse_absolute(text: str) -> tuple[datetime | date, str] | None:
    """The first absolute date in text, with precision "second" when a time is given."""
    if not _DIGITS.search(text):
        return None
    best = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parsed = _from_match(match)
            if parsed and (best is None or match.start() < best[0]):
                best = (match.start(), parsed)
            if parsed:
                break
    return best[1] if best else None


def _from_match(match: re.Match[str]) -> tuple[datetime | date, str] | None:
    g = dict(match.groupdict())
    if g.get("a"):  # 8/1/2025: month first, as US pages write it, unless the first is no month
        first, second = int(g["a"]), int(g["b"])
        g["m"], g["d"] = (str(second), str(first)) if first > 12 else (str(first), str(second))
    try:
        year = int(g["y"])
        month = MONTHS[g["mon"].lower()[:4].rstrip("t") if g["mon"].lower().startswith("sept") else g["mon"].lower()[:3]] if g.get("mon") else int(g["m"])
        day = int(g["d"])
        day_value = date(year, month, day)
    except (ValueError, KeyError, TypeError):
        return None
    if not 1990 <= year <= 2100:
        return None
    if g.get("hh") is None:
        return day_value, "day"
    hour, minute, second = int(g["hh"]), int(g["mi"]), int(g.get("ss") or 0)
    ampm = (g.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return day_value, "day"
    tz = g.get("tz")
    if tz:
        moment = moment.replace(tzinfo=timezone.utc) if tz == "Z" else moment.replace(tzinfo=_offset(tz))
        return moment, "second"
    return moment, "second"


def _offset(text: str) -> timezone:
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def parse_relative(text: str, reference: datetime) -> tuple[date, str] | None:
    """Resolve "3 days ago", "time4 hours ago", "yesterday" against the reference time."""
    match = _RELATIVE.search(text)
    if match:
        raw = match.group("n").lower()
        n = 1 if raw in ("a", "an", "one") else int(raw)
        unit = match.group("unit").lower()
        if unit.startswith("s"):
            delta = timedelta(seconds=n)
        elif unit.startswith("mi"):
            delta = timedelta(minutes=n)
        elif unit.startswith("h"):
            delta = timedelta(hours=n)
        elif unit in ("d", "day", "days"):
            delta = timedelta(days=n)
        elif unit.startswith("w"):
            delta = timedelta(weeks=n)
        elif unit.startswith("mo"):
            return _shift_months(reference.date(), n), "month"
        else:
            return date(reference.year - n, 1, 1), "year"
        return (reference - delta).date(), "day"
    if _YESTERDAY.search(text) and len(text) < 60:
        return (reference - timedelta(days=1)).date(), "day"
    return None


def _shift_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def render_stamp(line: str) -> datetime | None:
    """A page's own render or crawl stamp ("Render Time: 2025-02-15 06:34:28"), as UTC."""
    match = _STAMP.match(line)
    if not match:
        return None
    found = parse_absolute(match.group("when"))
    if not found:
        return None
    value, _ = found
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def is_labelled(line: str) -> bool:
    return bool(_LABEL.match(line))


def is_update_line(line: str) -> bool:
    return bool(_UPDATED.search(line)) and not re.search(r"\bpublished\b", line, re.I)


def has_relative(line: str) -> bool:
    return "ago" in line.lower() and bool(_RELATIVE.search(line))
