"""When an event happened: time expressions in news prose, resolved against an anchor day.

The anchor is the article's publication day (or the reference time when that is unknown);
the event date, the publication date and the fetch time are never mixed. Expressions that
need an anchor ("on Tuesday", "last week", "Oct. 27") resolve only when one is given;
anaphoric ones ("the next day") never resolve alone, `shift` applies them to a neighbour's
date. Unknown is a legal answer: a guessed date is a defect, so anything doubtful is left out.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import Callable

# ---- word lists -------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
    "July": 7, "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5, "Sunday": 6,
}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# "last Tuesday", "next week", "in December last year": signed offsets.
SHIFTS: dict[str, int] = {"last": -1, "this past": -1, "this": 0, "next": 1, "coming": 1, "this coming": 1}
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}
# Anaphoric phrases (day offsets from a date told elsewhere), as regex sources.
ANAPHORA: tuple[tuple[str, int], ...] = (
    (r"(?:(?:later|earlier)\s+)?(?:on\s+)?(?:the\s+same|that\s+same|that)\s+(?:day|morning|afternoon|evening|night)", 0),
    (r"the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night)", 1),
    (r"the\s+(?:previous|preceding)\s+(?:day|morning|afternoon|evening|night)", -1),
    (r"the\s+(?:day|night|evening|morning)\s+before(?=\s*(?:[,.;:!?)]|$))", -1),
    (r"the\s+day\s+after(?=\s*(?:[,.;:!?)]|$))", 1),
)
# Capitalised words that make a weekday a name ("Black Friday", "Super Tuesday").
NAMED_DAY_PREFIXES: tuple[str, ...] = (
    "Black", "Good", "Cyber", "Super", "Ash", "Holy", "Maundy", "Palm", "Easter", "Bloody", "Giving",
)
HABITUAL_LEADS: tuple[str, ...] = ("every", "each")  # "every Tuesday" repeats, it does not date
# Words before a time that make it a bound, not the event's time ("since 2019", "by Friday").
IGNORED_LEADS: tuple[str, ...] = (
    "since", "until", "till", "by", "before", "after", "through", "thru", "throughout", "to",
    "ahead of", "prior to", "as of", "between", "starting", "no later than",
)
RANGE_LEADS: tuple[str, ...] = ("from",)  # bounds too, except for a day ("from Oct. 27")
# Lowercase words that may follow a time without making it a noun modifier ("in 2018 elections").
FUNCTION_WORDS: frozenset[str] = frozenset("""
    a about according after again against ago ahead alone already also amid among an and are as at
    because before but by can compared could did do does during following for from had has have he
    her his i if in into is it its last may might must not of on only or our over said say says
    she should since so than that the their then there these they this those through to too under
    until was we were when where which while who will with would you
""".split())
YEARS = r"(?:18|19|20|21)[0-9]{2}"  # 1800-2199: the years news prose writes
DIRECTIONS: tuple[str, ...] = ("past", "future", "any")
PRECISION_RANK: dict[str, int] = {"year": 0, "month": 1, "week": 2, "day": 3}
RELATION: dict[str, str] = {"past": "before", "future": "after", "any": "nearest"}

# ---- records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeExpr:
    """One time expression as found: its words, offsets and what it says.

    `offset` is a signed count of `unit`s for relative forms. For weekdays, dates and months
    an offset with no unit means "last"/"next" (strictly before/after the anchor); for months
    an offset with unit "year" shifts the anchor's year ("in December last year").
    """

    text: str
    start: int
    end: int
    kind: str  # date, weekday, relative_day, span, month, year, decade, anaphoric
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    offset: int | None = None
    unit: str | None = None  # day, week, month, year


@dataclass(frozen=True)
class When:
    """A resolved time: ISO date at its precision and how it was reached."""

    date: str  # "2025-10-28" (day; week gives its Monday), "2025-10" (month), "2025" (year)
    precision: str  # day, week, month, year
    how: str


# ---- patterns ---------------------------------------------------------------------------


def _alternation(words: list[str]) -> str:
    """Words and their upper-case forms, longest first, as a regex alternation."""
    forms = set(words) | {word.upper() for word in words}
    return "|".join(sorted(forms, key=lambda word: (-len(word), word)))


_FULL = _alternation(list(MONTHS))
_ABBR = _alternation(list(MONTH_ABBREVIATIONS))
_MON = rf"(?:(?:{_FULL})\b|(?:{_ABBR})\b\.?)"
_WD = _alternation(list(WEEKDAYS))
_NUM = r"[0-9]{1,3}|" + "|".join(NUMBER_WORDS)
_ORD = r"(?:st|nd|rd|th)?"
_DAY = rf"(?<![0-9.,$£€-])(?P<day>[0-9]{{1,2}}){_ORD}\b"
_RANGE_END = rf"(?:\s?[-–]\s?(?:{_MON}\s?)?[0-9]{{1,2}}{_ORD}\b)?"  # "Oct. 27-29", "Oct. 29-Nov. 1"
_WD_PREFIX = rf"(?:\b(?P<wd>{_WD}),?\s+)?"  # "Tuesday, Oct. 28"
_LEAD = (
    r"in|during|since|until|till|by|from|through|throughout|before|after"
    r"|(?:(?:in|by|until|since|from|after|before)\s+)?(?:the\s+)?"
    r"(?:early|mid|late|(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of)"
)
_SEASONS = r"(?:(?:in|by|since|from)\s+)?(?:the\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+of)?|(?:in\s+)?the\s+year"
_NOT_A_QUANTITY = r"(?![0-9]|[.,][0-9]|\w|\s*(?:%|(?i:percent|per\s+cent)\b))"

_ISO = re.compile(rf"(?<![0-9-])(?P<year>{YEARS})-(?P<m>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])(?![0-9-])")
_DATE_MD = re.compile(
    rf"{_WD_PREFIX}\b(?P<mon>{_MON})\s?{_DAY}{_RANGE_END}"
    rf"(?:(?:,\s*|\s+)(?P<year>{YEARS}){_NOT_A_QUANTITY})?"
)
_DATE_DM = re.compile(
    rf"{_WD_PREFIX}(?:\b(?i:the)\s+)?{_DAY}(?:\s?[-–]\s?[0-9]{{1,2}}{_ORD})?\s+(?:(?i:of)\s+)?"
    rf"(?P<mon>{_MON})(?:,?\s+(?P<year>{YEARS}){_NOT_A_QUANTITY})?"
)
_ON_THE_NTH = re.compile(
    r"\b(?i:on\s+the)\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)\b"
    r"(?=\s*(?:[,.;:!?)]|$|(?:and|when|at|as|but)\b))"
)
_MONTH = re.compile(
    rf"(?:\b(?P<lead>(?i:{_LEAD}|last|this|next))(?:\s+|-))?\b(?P<mon>{_MON})"
    rf"(?:,?\s+(?i:of\s+)?(?P<year>{YEARS}){_NOT_A_QUANTITY}|\s+(?i:of\s+)?(?P<rel>(?i:last|this|next))\s+(?i:year)\b)?"
)
_YEAR = re.compile(
    rf"\b(?P<lead>(?i:{_LEAD}|{_SEASONS}))(?:\s+|-)(?P<year>{YEARS}){_NOT_A_QUANTITY}"
    rf"(?:[-–/](?:[0-9]{{2}}|{YEARS})(?![0-9-]))?"
)
_DECADE = re.compile(r"\b(?i:(?:in\s+)?the\s+(?:(?:early|mid|late)[\s-])?)(?P<year>(?:18|19|20|21)[0-9]0)['’]?s\b")
_WEEKDAY = re.compile(
    r"(?:\b(?P<lead>(?i:on|this\s+past|this\s+coming|last|this|next|coming|(?:early|late)(?:\s+on)?))\s+)?"
    rf"\b(?P<wd>{_WD})(?:['’]s)?\b(?:\s+(?i:night|morning|afternoon|evening)\b)?"
)
_RELATIVE = re.compile(
    r"\b(?i:(?:(?:early|late|earlier|later)\s+)?"
    r"(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow"
    r"|this\s+(?:morning|afternoon|evening)|last\s+night)"
    r"(?:['’]s)?(?:\s+(?:morning|afternoon|evening|night)\b)?)\b"
)
_AGO = re.compile(rf"\b(?i:(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago)\b")
_SPAN = re.compile(
    r"\b(?i:(?:(?:earlier|later|early|late)\s+)?(?P<shift>this\s+past|this\s+coming|last|this|next)\s+"
    r"(?P<unit>weekend|week|month|year))(?:['’]s)?\b"
)
_WEEKEND = re.compile(r"\b(?i:(?:over|at|on|during)\s+the\s+weekend)\b")
_LATER = re.compile(
    rf"\b(?i:(?P<n>{_NUM})\s+(?P<unit>day|week)s?\s+"
    r"(?P<dir>later|earlier|afterwards?|(?:before|after)(?=\s*(?:[,.;:!?)]|$))))"
)
_ANAPHORA = re.compile(r"\b(?i:" + "|".join(f"(?P<a{i}>{source})" for i, (source, _) in enumerate(ANAPHORA)) + r")\b")

_THE_BEFORE = re.compile(r"\b(?i:the)\s+$")
_NAME_BEFORE = re.compile(r"(?:^|\s)[A-Z][A-Za-z&]*\s+$")  # "USA Today": a capitalised word, no stop
_HABITUAL = re.compile(rf"\b(?i:{'|'.join(HABITUAL_LEADS)})\s+(?:(?i:on)\s+)?$")
_NAMED_DAY = re.compile(rf"\b(?:{'|'.join(NAMED_DAY_PREFIXES)})\s+$")
_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")
_WORD_AFTER = re.compile(r"\s+([a-z]+)\b")
_IGNORED_BEFORE = re.compile(rf"\b(?i:{'|'.join(IGNORED_LEADS)})\s+(?:(?i:the)\s+)?$")
_RANGE_BEFORE = re.compile(rf"\b(?i:{'|'.join(RANGE_LEADS)})\s+$")
_BOUND_START = re.compile(rf"(?i:{'|'.join(IGNORED_LEADS + RANGE_LEADS)})\s+")
_JOINED = re.compile(r"\s*(?:,|-|–|(?i:and|or|to))?\s*$")

_MONTH_NUMBER = {name.lower(): number for name, number in {**MONTHS, **MONTH_ABBREVIATIONS}.items()}
_ABBREVIATED = {name.lower() for name in MONTH_ABBREVIATIONS}
_WEEKDAY_NUMBER = {name.lower(): number for name, number in WEEKDAYS.items()}

# ---- builders: one match to one TimeExpr (or None when the context says it is no time) ----


def _before(text: str, start: int, width: int = 40) -> str:
    return text[max(0, start - width):start]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _modifies_noun(text: str, end: int) -> bool:
    """A lowercase content word right after: "in 2018 elections" names, it does not date."""
    match = _WORD_AFTER.match(text, end)
    return bool(match) and match.group(1) not in FUNCTION_WORDS


def _valid_day(year: int | None, month: int, day: int) -> bool:
    return 1 <= day <= monthrange(year if year else 2000, month)[1]


def _make(m: re.Match[str], kind: str, **fields: int | str | None) -> TimeExpr:
    """The expression, without a leading bound word: "since 2019" is "2019" after "since"."""
    start = m.start()
    bound = _BOUND_START.match(m.string, start) if m.groupdict().get("lead") else None
    if bound and bound.end() < m.end():
        start = bound.end()
    return TimeExpr(m.string[start:m.end()], start, m.end(), kind, **fields)  # type: ignore[arg-type]


def _date(m: re.Match[str], text: str) -> TimeExpr | None:
    month = int(m["m"]) if m.re is _ISO else _MONTH_NUMBER[m["mon"].rstrip(".").lower()]
    day, year = int(m["day"]), int(m["year"]) if m["year"] else None
    if not _valid_day(year, month, day):
        return None
    weekday = _WEEKDAY_NUMBER[m["wd"].lower()] if m.groupdict().get("wd") else None
    return _make(m, "date", year=year, month=month, day=day, weekday=weekday)


def _on_the_nth(m: re.Match[str], text: str) -> TimeExpr | None:
    day = int(m["day"])
    return _make(m, "date", day=day) if 1 <= day <= 31 else None


def _month(m: re.Match[str], text: str) -> TimeExpr | None:
    name = m["mon"].rstrip(".").lower()
    lead = " ".join((m["lead"] or "").lower().split())
    if not (lead or m["year"] or m["rel"]) or (name in _ABBREVIATED and not m["year"]):
        return None  # a bare "May" may be the verb; "in Oct" too clipped to trust
    if not m["year"] and _modifies_noun(text, m.end()):
        return None
    offset, unit = None, None
    if m["rel"]:
        offset, unit = SHIFTS[m["rel"].lower()], "year"
    elif lead in ("last", "next"):
        offset = SHIFTS[lead]
    elif lead == "this":
        offset, unit = 0, "year"
    return _make(m, "month", year=int(m["year"]) if m["year"] else None, month=_MONTH_NUMBER[name],
                 offset=offset, unit=unit)


def _year(m: re.Match[str], text: str) -> TimeExpr | None:
    if _modifies_noun(text, m.end()):
        return None
    return _make(m, "year", year=int(m["year"]))


def _weekday(m: re.Match[str], text: str) -> TimeExpr | None:
    before = _before(text, m.start())
    if not m["lead"] and _NAMED_DAY.search(before):
        return None  # Black Friday, Super Tuesday
    if _HABITUAL.search(before):
        return None  # "every Tuesday": a habit, not a day
    if not m["lead"] and _THE_BEFORE.search(before) and _CAPITAL_AFTER.match(text, m.end()):
        return None  # the Sunday Times
    lead = " ".join((m["lead"] or "").lower().split())
    return _make(m, "weekday", weekday=_WEEKDAY_NUMBER[m["wd"].lower()], offset=SHIFTS.get(lead))


def _relative(m: re.Match[str], text: str) -> TimeExpr | None:
    word = " ".join(m["rd"].split())
    before = _before(text, m.start())
    if word == "Today" and m.start() == m.start("rd") and _NAME_BEFORE.search(before):
        return None  # USA Today, Russia Today
    if word.lower() == "last night" and _THE_BEFORE.search(before):
        return None  # "the last night of the summit"
    return _make(m, "relative_day", offset=RELATIVE_DAYS[word.lower()], unit="day")


def _ago(m: re.Match[str], text: str) -> TimeExpr | None:
    unit = m["unit"].lower()
    kind = "relative_day" if unit in ("day", "week") else "span"
    return _make(m, kind, offset=-_number(m["n"]), unit=unit)


def _span(m: re.Match[str], text: str) -> TimeExpr | None:
    if _THE_BEFORE.search(_before(text, m.start())):
        return None  # "the last week", "the next year": durations
    offset, unit = SHIFTS[" ".join(m["shift"].lower().split())], m["unit"].lower()
    if unit == "weekend":
        return _make(m, "span", weekday=5, offset=offset, unit="week")
    return _make(m, "span", offset=offset, unit=unit)


def _later(m: re.Match[str], text: str) -> TimeExpr | None:
    sign = -1 if m["dir"].lower() in ("earlier", "before") else 1
    return _make(m, "anaphoric", offset=sign * _number(m["n"]), unit=m["unit"].lower())


def _anaphor(m: re.Match[str], text: str) -> TimeExpr | None:
    offset = ANAPHORA[int(m.lastgroup[1:])][1] if m.lastgroup else 0
    return _make(m, "anaphoric", offset=offset, unit="day")


Builder = Callable[[re.Match[str], str], "TimeExpr | None"]
_PARTS = ("morning", "afternoon", "evening", "night")
# (pattern, cores, words back, builder). A pattern is tried only where one of its cores occurs
# (a year-like number, an ordinal, a month or weekday name, or a keyword at a word start),
# from that word and up to `words back` words before it: prose without times costs a few scans.
RULES: tuple[tuple[re.Pattern[str], tuple[str, ...], int, Builder], ...] = (
    (_ISO, ("year number",), 0, _date),
    (_DATE_MD, ("month name",), 2, _date),
    (_DATE_DM, ("month name",), 5, _date),
    (_ON_THE_NTH, ("ordinal",), 2, _on_the_nth),
    (_MONTH, ("month name",), 5, _month),
    (_YEAR, ("year number",), 6, _year),
    (_DECADE, ("year number",), 3, lambda m, text: _make(m, "decade", year=int(m["year"]))),
    (_WEEKDAY, ("weekday name",), 3, _weekday),
    (_RELATIVE, ("today", "tonight", "yesterday", "tomorrow", *_PARTS), 4, _relative),
    (_AGO, ("ago",), 3, _ago),
    (_SPAN, ("week", "month", "year"), 3, _span),
    (_WEEKEND, ("weekend",), 3, lambda m, text: _make(m, "span", weekday=5, unit="week")),
    (_LATER, ("later", "earlier", "after", "before"), 3, _later),
    (_ANAPHORA, ("day", *_PARTS), 4, _anaphor),
)
_CORES: dict[str, re.Pattern[str]] = {
    "month name": re.compile(rf"(?:{_FULL}|{_ABBR})\b"),
    "weekday name": re.compile(rf"(?:{_WD})\b"),
}
_NUMBER = re.compile(r"[0-9]+")
_CENTURIES = ("18", "19", "20", "21")
_SUFFIXES = ("st", "nd", "rd", "th")
_BY_CORE: dict[str, list[tuple[re.Pattern[str], int, Builder]]] = {
    core: [(pattern, back, build) for pattern, cores, back, build in RULES if core in cores]
    for core in dict.fromkeys(core for _, cores, _, _ in RULES for core in cores)
}
_CORE_NAMES = frozenset(("year number", "ordinal", *_CORES))
_MOST_WORDS_BACK = max(back for _, _, back, _ in RULES)
_SPACES = str.maketrans({c: " " for c in "\t\n\r\f\v\xa0\u2009\u202f\u3000"})
_OPENERS = "([{\"'\u201c\u2018\u2014\u2013-"


def _core_hits(core: str, text: str, lower: str, numbers: list[re.Match[str]]) -> list[int]:
    """Where a core occurs: numbers and names by regex, keywords at a word start."""
    if core == "year number":
        return [m.start() for m in numbers if len(m[0]) == 4 and m[0][:2] in _CENTURIES]
    if core == "ordinal":
        return [m.start() for m in numbers if len(m[0]) <= 2 and text[m.end():m.end() + 2] in _SUFFIXES]
    pattern = _CORES.get(core)
    if pattern is not None:
        return [m.start() for m in pattern.finditer(text)]
    hits, i = [], lower.find(core)
    while i >= 0:
        if i == 0 or not lower[i - 1].isalnum():
            hits.append(i)
        i = lower.find(core, i + len(core))
    return hits


def _starts(spaced: str, hit: int) -> list[int]:
    """The hit, then the start of the word holding it and of the words before it, nearest first."""
    starts, end, floor = [hit], hit, max(0, hit - 120)
    for _ in range(_MOST_WORDS_BACK + 1):
        space = spaced.rfind(" ", floor, end)
        if space < 0 and floor:
            break
        start = space + 1
        if start < hit:
            starts.append(start + 1 if spaced[start] in _OPENERS else start)
        end = space
        while end > floor and spaced[end - 1] == " ":
            end -= 1
        if end <= floor:
            break
    return starts


def find_times(text: str) -> list[TimeExpr]:
    """Every time expression in text, left to right, non-overlapping (the longer one wins)."""
    lower = text.lower()
    if len(lower) != len(text):  # a few characters lengthen when lowered; keep offsets aligned
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    spaced = text if text.isascii() and not any(c in text for c in "\t\n\r\f\v") else text.translate(_SPACES)
    numbers = list(_NUMBER.finditer(text))
    found: list[TimeExpr] = []
    for core, rules in _BY_CORE.items():
        if core not in lower and core not in _CORE_NAMES:  # most keywords are absent: cheap test first
            continue
        for hit in _core_hits(core, text, lower, numbers):
            starts = _starts(spaced, hit)
            for pattern, words_back, build in rules:
                for start in reversed(starts[:words_back + 2]):  # farthest first: the longest reading
                    match = pattern.match(text, start)
                    expr = build(match, text) if match and match.end() > hit else None
                    if expr is not None:
                        found.append(expr)
                        break
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[TimeExpr] = []
    for expr in found:
        if not kept or expr.start >= kept[-1].end:
            kept.append(expr)
        elif expr.end - expr.start > kept[-1].end - kept[-1].start:
            kept[-1] = expr
    return kept


# ---- resolution -------------------------------------------------------------------------


def _pick(candidates: list[int], anchor: int, direction: str, slack: int = 0) -> int | None:
    """The candidate (a day ordinal or a month index) nearest the anchor in the direction;
    `slack` widens the allowed side, or with -1 makes it strictly before/after."""
    if direction == "past":
        return max((c for c in candidates if c <= anchor + slack), default=None)
    if direction == "future":
        return min((c for c in candidates if c >= anchor - slack), default=None)
    return min(candidates, key=lambda c: (abs(c - anchor), c > anchor), default=None)


def _strictness(expr: TimeExpr, direction: str) -> tuple[str, int, str]:
    """Direction, slack and wording: "last"/"next" force a strict side of the anchor."""
    if expr.offset is not None and expr.unit is None and expr.offset != 0:
        return ("past", -1, "strictly before") if expr.offset < 0 else ("future", -1, "strictly after")
    return direction, 0, RELATION[direction]


def _against(expr: TimeExpr, relation: str, anchor: date, name: str) -> str:
    return f"'{expr.text}' {relation} {anchor.isoformat()} ({name})"


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _years_around(anchor: date, width: int) -> range:
    return range(max(MINYEAR, anchor.year - width), min(MAXYEAR, anchor.year + width) + 1)


def _month_iso(index: int) -> str:
    return date(index // 12, index % 12 + 1, 1).isoformat()[:7]  # raises beyond the calendar


def _resolve_date(expr: TimeExpr, anchor: date | None, direction: str, name: str) -> When | None:
    if expr.year is not None and expr.month is not None and expr.day is not None:
        return When(date(expr.year, expr.month, expr.day).isoformat(), "day", f"'{expr.text}' as written")
    if anchor is None or expr.day is None:
        return None
    if expr.month is None:  # "on the 27th": the month that puts it nearest
        here = _month_index(anchor.year, anchor.month)
        pairs = [divmod(i, 12) for i in range(here - 13, here + 14)]
        days = [date(y, m + 1, expr.day) for y, m in pairs if MINYEAR <= y <= MAXYEAR and _valid_day(y, m + 1, expr.day)]
        chosen = "month"
    else:  # eight years each way so that February 29 finds a leap year
        days = [date(y, expr.month, expr.day) for y in _years_around(anchor, 8) if _valid_day(y, expr.month, expr.day)]
        chosen = "year"
    ordinal = _pick([d.toordinal() for d in days], anchor.toordinal(), direction, slack=1)
    if ordinal is None:
        return None
    how = _against(expr, RELATION[direction], anchor, name) + f", {chosen} inferred (1 day slack)"
    return When(date.fromordinal(ordinal).isoformat(), "day", how)


def _resolve_weekday(expr: TimeExpr, anchor: date | None, direction: str, name: str) -> When | None:
    if anchor is None or expr.weekday is None:
        return None
    direction, slack, relation = _strictness(expr, direction)
    here = anchor.toordinal()
    candidates = [here + k for k in range(-7, 8) if (anchor.weekday() + k) % 7 == expr.weekday]
    ordinal = _pick(candidates, here, direction, slack)
    if ordinal is None:
        return None
    return When(date.fromordinal(ordinal).isoformat(), "day", _against(expr, relation, anchor, name))


def _resolve_relative_day(expr: TimeExpr, anchor: date | None, direction: str, name: str) -> When | None:
    if anchor is None or expr.offset is None:
        return None
    days = expr.offset * (7 if expr.unit == "week" else 1)
    how = f"'{expr.text}' = {anchor.isoformat()} ({name}) {days:+d} days"
    return When((anchor + timedelta(days=days)).isoformat(), "day", how)


def _resolve_span(expr: TimeExpr, anchor: date | None, direction: str, name: str) -> When | None:
    if anchor is None:
        return None
    offset = expr.offset or 0
    how = f"'{expr.text}' from {anchor.isoformat()} ({name})"
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=offset)
    if expr.unit == "week" and expr.weekday is not None:  # a weekend: its Saturday
        if expr.offset is None:
            return _resolve_weekday(expr, anchor, direction, name)
        return When((monday + timedelta(days=expr.weekday)).isoformat(), "day", how + ", its Saturday")
    if expr.unit == "week":
        return When(monday.isoformat(), "week", how + ", the week of its Monday")
    if expr.unit == "month":
        return When(_month_iso(_month_index(anchor.year, anchor.month) + offset), "month", how)
    if expr.unit == "year":
        return When(date(anchor.year + offset, 1, 1).isoformat()[:4], "year", how)
    return None


def _resolve_month(expr: TimeExpr, anchor: date | None, direction: str, name: str) -> When | None:
    if expr.month is None:
        return None
    if expr.year is not None:
        return When(f"{expr.year:04d}-{expr.month:02d}", "month", f"'{expr.text}' as written")
    if anchor is None:
        return None
    if expr.unit == "year":
        year = anchor.year + (expr.offset or 0)
        return When(f"{year:04d}-{expr.month:02d}", "month", f"'{expr.text}' from {anchor.isoformat()} ({name})")
    direction, slack, relation = _strictness(expr, direction)
    here = _month_index(anchor.year, anchor.month)
    candidates = [_month_index(y, expr.month) for y in _years_around(anchor, 1)]
    index = _pick(candidates, here, direction, slack)
    how = _against(expr, relation, anchor, name) + ", year inferred"
    return When(_month_iso(index), "month", how) if index is not None else None


def _resolve_year(expr: TimeExpr, anchor: date | None, direction: str, name: str) -> When | None:
    """A year as written; a decade as its first year (event_date leaves decades out)."""
    if not expr.year:
        return None
    how = f"'{expr.text}' is a decade: its first year" if expr.kind == "decade" else f"'{expr.text}' as written"
    return When(f"{expr.year:04d}", "year", how)


Resolver = Callable[[TimeExpr, "date | None", str, str], "When | None"]
RESOLVERS: dict[str, Resolver] = {
    "date": _resolve_date, "weekday": _resolve_weekday, "relative_day": _resolve_relative_day,
    "span": _resolve_span, "month": _resolve_month, "year": _resolve_year, "decade": _resolve_year,
}  # anaphoric expressions have no resolver of their own: see shift()


def resolve(expr: TimeExpr, anchor: date | None, direction: str = "past",
            anchor_name: str = "published") -> When | None:
    """The time an expression names, seen from the anchor day.

    direction: "past" (told in the past tense), "future" (will, plans to) or "any" (nearest).
    Without an anchor only self-contained expressions resolve (a dated day or month, a year,
    a decade); anaphoric ones never do.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    resolver = RESOLVERS.get(expr.kind)
    if resolver is None:
        return None
    try:
        return resolver(expr, anchor, direction, anchor_name)
    except (ValueError, OverflowError):  # an anchor at the edge of the calendar
        return None


def shift(when: When, expr: TimeExpr) -> When | None:
    """An anaphoric expression ("the next day", "two days later") applied to a day's date."""
    if expr.kind != "anaphoric" or expr.offset is None or when.precision != "day":
        return None
    days = expr.offset * (7 if expr.unit == "week" else 1)
    try:
        day = date.fromisoformat(when.date) + timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    return When(day.isoformat(), "day", f"'{expr.text}' from {when.date} ({days:+d} days)")


# ---- the event's time in a sentence -----------------------------------------------------


def _bound_or_name(expr: TimeExpr, sentence: str) -> bool:
    """A time that belongs to something else: a bound ("since 2019", "by Friday"), a range
    start other than a day's, or a modifier ("the Oct. 7 attacks")."""
    before = _before(sentence, expr.start)
    if _IGNORED_BEFORE.search(before) or (expr.kind != "date" and _RANGE_BEFORE.search(before)):
        return True
    names_the = expr.text[:4].lower() == "the " or _THE_BEFORE.search(before)
    return bool(names_the) and _modifies_noun(sentence, expr.end)


def event_date(sentence: str, anchor: date | None, direction: str = "past",
               anchor_name: str = "published") -> tuple[When, TimeExpr] | None:
    """The single best time for a sentence's main event: the most precise usable expression,
    the first among equals. Bounds, names, decades and anaphora are left out; None when
    nothing usable is found."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    best: tuple[When, TimeExpr] | None = None
    previous: TimeExpr | None = None
    previous_ignored = False
    for expr in find_times(sentence):
        joined = previous is not None and _JOINED.fullmatch(sentence, previous.end, expr.start) is not None
        ignored = (expr.kind in ("anaphoric", "decade") or _bound_or_name(expr, sentence)
                   or (joined and previous_ignored))  # "between May 1 and May 3": both bounds
        previous, previous_ignored = expr, ignored
        if ignored:
            continue
        when = resolve(expr, anchor, direction, anchor_name)
        if when and (best is None or PRECISION_RANK[when.precision] > PRECISION_RANK[best[0].precision]):
            best = (when, expr)
    return best
