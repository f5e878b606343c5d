"""Event times from news prose: finding expressions, resolving them against an anchor day,
and choosing the one time a sentence's event happened."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tidings.events.when import (
    MONTHS, NUMBER_WORDS, WEEKDAYS, TimeExpr, When, event_date, find_times, resolve, shift,
)

WED = date(2025, 10, 29)  # a Wednesday: the publication day most tests anchor to
TUE = date(2025, 10, 28)
WEEKDAY_NAMES = list(WEEKDAYS)
MONTH_NAMES = list(MONTHS)


def only(text: str) -> TimeExpr:
    """The single expression found in text."""
    found = find_times(text)
    assert len(found) == 1, [e.text for e in found]
    return found[0]


def resolved(text: str, anchor: date | None = WED, direction: str = "past") -> tuple[str, str] | None:
    when = resolve(only(text), anchor, direction)
    return (when.date, when.precision) if when else None


def event(sentence: str, anchor: date | None = WED, direction: str = "past") -> str | None:
    found = event_date(sentence, anchor, direction)
    return found[0].date if found else None


# ---- find_times: what is found, and its offsets -------------------------------------------


@pytest.mark.parametrize(
    "text, words, kind",
    [
        ("The envoys met on Tuesday in Busan.", "on Tuesday", "weekday"),
        ("Talks resumed Oct. 27 after a pause.", "Oct. 27", "date"),
        ("It was signed October 25, 2025, in Seoul.", "October 25, 2025", "date"),
        ("The yen fell yesterday.", "yesterday", "relative_day"),
        ("Exports rose last month.", "last month", "span"),
        ("The plant closed in December.", "in December", "month"),
        ("The treaty lapsed in 2019, officials said.", "in 2019", "year"),
        ("Inflation soared in the 1970s.", "in the 1970s", "decade"),
        ("They left the same day.", "the same day", "anaphoric"),
    ],
)
def test_kinds_and_words(text, words, kind):
    expr = only(text)
    assert (expr.text, expr.kind) == (words, kind)
    assert text[expr.start:expr.end] == words


def test_expressions_come_left_to_right_without_overlap():
    text = "On Monday the minister flew to Jakarta; the next day she met the president, and she returns next week."
    found = find_times(text)
    assert [e.text for e in found] == ["On Monday", "the next day", "next week"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_the_longest_reading_wins():
    assert only("They met on Tuesday, Oct. 28, in Gyeongju.").text == "Tuesday, Oct. 28"
    assert only("The ceasefire began the day before yesterday.").text == "the day before yesterday"
    assert only("It opened in December last year.").text == "in December last year"
    assert only("Sales slowed late last year.").text == "late last year"


@pytest.mark.parametrize(
    "text, month, day, year",
    [
        ("October 25", 10, 25, None), ("Oct. 27", 10, 27, None), ("Oct 27", 10, 27, None),
        ("Sept. 3", 9, 3, None), ("Sep 3", 9, 3, None), ("25 October", 10, 25, None),
        ("4 October 2007", 10, 4, 2007), ("October 25, 2025", 10, 25, 2025), ("2025-10-28", 10, 28, 2025),
        ("Oct. 27-29", 10, 27, None), ("Oct. 29-Nov. 1", 10, 29, None), ("the 27th of October", 10, 27, None),
        ("Feb. 29, 2024", 2, 29, 2024), ("OCT. 9", 10, 9, None), ("March 3rd", 3, 3, None),
        ("Dec. 31, 1999", 12, 31, 1999), ("1 January 2026", 1, 1, 2026),
    ],
)
def test_date_forms(text, month, day, year):
    expr = only(f"The delegation arrived {text} for the talks.")
    assert (expr.kind, expr.text, expr.month, expr.day, expr.year) == ("date", text, month, day, year)


def test_a_weekday_before_a_date_is_kept_with_it():
    expr = only("Voting ends Sunday, Nov. 2, at noon.")
    assert (expr.weekday, expr.month, expr.day) == (6, 11, 2)


@pytest.mark.parametrize("text", ["February 30", "Feb. 29, 2025", "April 31", "Oct. 32", "Nov. 0"])
def test_impossible_dates_are_not_dates(text):
    assert [e for e in find_times(f"It happened {text} at night.") if e.kind == "date"] == []


@pytest.mark.parametrize(
    "text, weekday, offset",
    [
        ("on Tuesday", 1, None), ("Tuesday", 1, None), ("on Tuesday night", 1, None),
        ("on Friday morning", 4, None), ("late Sunday afternoon", 6, None), ("Monday evening", 0, None),
        ("last Tuesday", 1, -1), ("this Tuesday", 1, 0), ("next Tuesday", 1, 1), ("Thursday's", 3, None),
        ("this coming Saturday", 5, 1), ("this past Saturday", 5, -1),
    ],
)
def test_weekday_forms(text, weekday, offset):
    expr = only(f"Officials described {text} talks as tense.")
    assert (expr.kind, expr.text, expr.weekday, expr.offset) == ("weekday", text, weekday, offset)


@pytest.mark.parametrize(
    "text, offset, unit",
    [
        ("today", 0, "day"), ("tonight", 0, "day"), ("yesterday", -1, "day"), ("tomorrow", 1, "day"),
        ("the day before yesterday", -2, "day"), ("the day after tomorrow", 2, "day"),
        ("two days ago", -2, "day"), ("3 days ago", -3, "day"), ("a week ago", -1, "week"),
        ("last night", -1, "day"), ("this morning", 0, "day"), ("yesterday afternoon", -1, "day"),
    ],
)
def test_relative_day_forms(text, offset, unit):
    expr = only(f"Police said {text} that the suspect fled.")
    assert (expr.kind, expr.text, expr.offset, expr.unit) == ("relative_day", text, offset, unit)


@pytest.mark.parametrize(
    "text, offset, unit",
    [
        ("last week", -1, "week"), ("this week", 0, "week"), ("earlier this week", 0, "week"),
        ("next week", 1, "week"), ("last month", -1, "month"), ("earlier this month", 0, "month"),
        ("this month", 0, "month"), ("next month", 1, "month"), ("this year", 0, "year"),
        ("last year", -1, "year"), ("next year", 1, "year"), ("earlier this year", 0, "year"),
        ("late last year", -1, "year"), ("two years ago", -2, "year"), ("six months ago", -6, "month"),
    ],
)
def test_span_forms(text, offset, unit):
    expr = only(f"The ministry announced {text} that rates would rise.")
    assert (expr.kind, expr.text, expr.offset, expr.unit) == ("span", text, offset, unit)


@pytest.mark.parametrize(
    "text, month, year, offset, unit",
    [
        ("in December", 12, None, None, None), ("in early December", 12, None, None, None),
        ("in mid-December", 12, None, None, None), ("in late December", 12, None, None, None),
        ("last December", 12, None, -1, None), ("this December", 12, None, 0, "year"),
        ("next December", 12, None, 1, None), ("December 2024", 12, 2024, None, None),
        ("in December last year", 12, None, -1, "year"), ("mid-October", 10, None, None, None),
        ("in May", 5, None, None, None), ("in the middle of March", 3, None, None, None), ("Oct. 2024", 10, 2024, None, None),
    ],
)
def test_month_forms(text, month, year, offset, unit):
    expr = only(f"Shipments resumed {text}, the company said.")
    assert (expr.kind, expr.text, expr.month, expr.year, expr.offset, expr.unit) == ("month", text, month, year, offset, unit)


@pytest.mark.parametrize(
    "text, year",
    [("in 2019", 2019), ("mid-2019", 2019), ("in early 2020", 2020), ("in the summer of 2018", 2018),
     ("during 2021", 2021), ("in 1989", 1989), ("the year 2000", 2000)],
)
def test_year_forms(text, year):
    expr = only(f"The programme ran {text}, according to the report.")
    assert (expr.kind, expr.text, expr.year) == ("year", text, year)


@pytest.mark.parametrize(
    "text, words",
    [("since 2019", "2019"), ("until 2030", "2030"), ("by 2030", "2030"), ("from 2019", "2019"),
     ("until late 2019", "late 2019"), ("by the end of March", "the end of March"), ("since December", "December")],
)
def test_bounds_are_found_without_their_bound_word(text, words):
    expr = only(f"The programme runs {text}, the report says.")
    assert expr.text == words
    assert event_date(f"The programme runs {text}, the report says.", WED) is None


@pytest.mark.parametrize(
    "text, offset, unit",
    [
        ("the same day", 0, "day"), ("the same afternoon", 0, "day"), ("that day", 0, "day"),
        ("later that evening", 0, "day"), ("the next day", 1, "day"), ("the following morning", 1, "day"),
        ("a day later", 1, "day"), ("two days later", 2, "day"), ("the day before", -1, "day"),
        ("the previous day", -1, "day"), ("a week later", 1, "week"), ("three days earlier", -3, "day"),
    ],
)
def test_anaphoric_forms(text, offset, unit):
    expr = only(f"The envoy returned {text}.")
    assert (expr.kind, expr.text, expr.offset, expr.unit) == ("anaphoric", text, offset, unit)


def test_the_day_before_something_else_is_no_anaphor():
    assert find_times("He resigned the day before the vote.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Supporters cheered the launch of Trump 2.0 at the rally.",
        "Leaders of the G7 and the EU issued a statement.",
        "The probe under Section 301 covers shipbuilding.",
        "The fund is worth $1 trillion and ranks No. 1 in Asia.",
        "Tariffs of 30 percent and 15% apply to the F-35 parts.",
        "Polls close at 10 a.m. and reopen at 4:30 p.m.",
        "Troops massed near the 38th parallel.",
        "The minister may resign if the bill fails.",
        "May the best team win.",
        "Thousands will march on the capital; workers March through the square.",
        "The council is an august body with a long memory.",
        "He is seeking a second term.",
        "Delegates prepared for the 2025 APEC summit in Gyeongju.",
        "The 2018 summit in Singapore ended without a deal.",
        "Shoppers queued for Black Friday deals; Super Tuesday looms.",
        "According to USA Today and Russia Today, the talks stalled.",
        "The Sunday Times reported the deal.",
        "He works Tuesdays and Thursdays.",
        "The council meets every Tuesday and each Friday.",
        "Over the last week and in the coming year, prices rose.",
        "The 1,500 troops and 2,019 civilians were evacuated.",
        "The agreement covers 2019 cars sold in 2019 dollars.",
        "She scored 2019 points over the season.",
    ],
)
def test_things_that_are_not_times(text):
    assert find_times(text) == []


def test_months_need_a_capital_and_a_context():
    assert find_times("in may and in march") == []
    assert only("In March, the central bank cut rates.").month == 3
    assert only("May 5 was chosen for the vote.").month == 5


def test_years_naming_a_noun_are_not_times():
    assert find_times("Turnout in 2018 elections was low.") == []
    assert only("Turnout in 2018 was low.").year == 2018


# ---- resolve -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, direction, expected",
    [
        ("on Tuesday", "past", "2025-10-28"), ("on Wednesday", "past", "2025-10-29"),
        ("on Thursday", "past", "2025-10-23"), ("on Thursday", "future", "2025-10-30"),
        ("on Wednesday", "future", "2025-10-29"), ("on Monday", "future", "2025-11-03"),
        ("on Thursday", "any", "2025-10-30"), ("on Monday", "any", "2025-10-27"),
        ("last Wednesday", "past", "2025-10-22"), ("last Tuesday", "future", "2025-10-28"),
        ("next Wednesday", "past", "2025-11-05"), ("next Thursday", "past", "2025-10-30"),
        ("this Tuesday", "past", "2025-10-28"), ("Friday's", "past", "2025-10-24"),
    ],
)
def test_weekdays_resolve_by_direction(text, direction, expected):
    assert resolved(text, WED, direction) == (expected, "day")


def test_publication_day_itself_counts_for_a_past_weekday():
    when = resolve(only("on Tuesday"), TUE)
    assert when == When("2025-10-28", "day", "'on Tuesday' before 2025-10-28 (published)")


@pytest.mark.parametrize(
    "text, anchor, direction, expected",
    [
        ("Oct. 27", WED, "past", "2025-10-27"), ("Oct. 30", WED, "past", "2025-10-30"),  # one day slack
        ("Oct. 31", WED, "past", "2024-10-31"), ("Oct. 31", WED, "future", "2025-10-31"),
        ("Oct. 27", WED, "future", "2026-10-27"), ("Oct. 28", WED, "future", "2025-10-28"),
        ("Oct. 27", WED, "any", "2025-10-27"), ("April 20", WED, "any", "2026-04-20"),
        ("Dec. 30", date(2026, 1, 3), "past", "2025-12-30"), ("Jan. 2", date(2025, 12, 30), "future", "2026-01-02"),
        ("Jan. 2", date(2025, 12, 30), "any", "2026-01-02"), ("Feb. 29", WED, "past", "2024-02-29"),
        ("4 October 2007", None, "past", "2007-10-04"), ("2025-10-28", None, "future", "2025-10-28"),
        ("on the 27th", WED, "past", "2025-10-27"), ("on the 30th", date(2025, 11, 5), "past", "2025-10-30"),
    ],
)
def test_dates_take_the_year_nearest_the_anchor(text, anchor, direction, expected):
    assert resolved(f"It began {text}, he said.", anchor, direction) == (expected, "day")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today", "2025-10-29"), ("tonight", "2025-10-29"), ("yesterday", "2025-10-28"),
        ("tomorrow", "2025-10-30"), ("the day before yesterday", "2025-10-27"), ("two days ago", "2025-10-27"),
        ("3 days ago", "2025-10-26"), ("a week ago", "2025-10-22"), ("last night", "2025-10-28"),
    ],
)
def test_relative_days_count_from_the_anchor(text, expected):
    assert resolved(text) == (expected, "day")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("last week", ("2025-10-20", "week")), ("this week", ("2025-10-27", "week")),
        ("earlier this week", ("2025-10-27", "week")), ("next week", ("2025-11-03", "week")),
        ("last month", ("2025-09", "month")), ("earlier this month", ("2025-10", "month")),
        ("next month", ("2025-11", "month")), ("this year", ("2025", "year")), ("last year", ("2024", "year")),
        ("next year", ("2026", "year")), ("late last year", ("2024", "year")), ("earlier this year", ("2025", "year")),
        ("last weekend", ("2025-10-25", "day")), ("this weekend", ("2025-11-01", "day")),
        ("two years ago", ("2023", "year")),
        ("six months ago", ("2025-04", "month")),
    ],
)
def test_spans_resolve_to_their_precision(text, expected):
    assert resolved(text) == expected


def test_over_the_weekend_is_the_latest_saturday_in_the_past():
    assert resolved("over the weekend", date(2025, 10, 27)) == ("2025-10-25", "day")
    assert resolved("over the weekend", date(2025, 10, 25)) == ("2025-10-25", "day")
    assert resolved("over the weekend", date(2025, 10, 29), "future") == ("2025-11-01", "day")


def test_last_month_crosses_the_year():
    assert resolved("last month", date(2026, 1, 10)) == ("2025-12", "month")
    assert resolved("next month", date(2025, 12, 10)) == ("2026-01", "month")


@pytest.mark.parametrize(
    "text, anchor, direction, expected",
    [
        ("in December", WED, "past", "2024-12"), ("in December", WED, "future", "2025-12"),
        ("in October", WED, "past", "2025-10"), ("in October", WED, "future", "2025-10"),
        ("in December", date(2026, 1, 5), "past", "2025-12"), ("in April", WED, "any", "2025-04"),
        ("in November", WED, "any", "2025-11"), ("last October", WED, "past", "2024-10"),
        ("last December", date(2026, 1, 5), "past", "2025-12"), ("next October", WED, "past", "2026-10"),
        ("this December", WED, "past", "2025-12"), ("in December last year", WED, "past", "2024-12"),
        ("December 2024", None, "past", "2024-12"), ("mid-October", WED, "past", "2025-10"),
    ],
)
def test_months_take_the_year_by_direction(text, anchor, direction, expected):
    assert resolved(text, anchor, direction) == (expected, "month")


def test_years_and_decades_need_no_anchor():
    assert resolved("in 2019", None) == ("2019", "year")
    assert resolve(only("the 1970s"), None) == When("1970", "year", "'the 1970s' is a decade: its first year")


@pytest.mark.parametrize("text", ["on Tuesday", "Oct. 27", "yesterday", "last week", "in December", "on the 27th"])
def test_without_an_anchor_relative_expressions_stay_unknown(text):
    assert resolve(only(text), None) is None


def test_anaphoric_expressions_never_resolve_alone():
    assert resolve(only("the next day"), WED) is None


def test_how_names_the_anchor():
    when = resolve(only("Oct. 27"), WED, anchor_name="reference time")
    assert when.how == "'Oct. 27' before 2025-10-29 (reference time), year inferred (1 day slack)"
    assert resolve(only("yesterday"), WED).how == "'yesterday' = 2025-10-29 (published) -1 days"


def test_an_unknown_direction_is_an_error():
    with pytest.raises(ValueError, match="direction"):
        resolve(only("on Tuesday"), WED, "sideways")
    with pytest.raises(ValueError, match="direction"):
        event_date("They met on Tuesday.", WED, "sideways")


def test_anchors_at_the_edge_of_the_calendar_give_unknown():
    assert resolve(only("tomorrow"), date.max) is None
    assert resolve(only("last week"), date.min) is None
    assert resolve(only("Oct. 27"), date(1, 1, 1)) is None  # no October 27 before it
    assert resolve(only("Oct. 27"), date(1, 12, 1)).date == "0001-10-27"
    assert resolve(only("Oct. 27"), date(9999, 12, 1), "future") is None
    assert resolve(only("in December"), date(1, 1, 5)) is None


# ---- shift -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [("the same day", "2025-10-28"), ("the next day", "2025-10-29"), ("a day later", "2025-10-29"),
     ("the day before", "2025-10-27"), ("two days later", "2025-10-30"), ("a week later", "2025-11-04")],
)
def test_shift_moves_a_day(text, expected):
    base = When("2025-10-28", "day", "given")
    moved = shift(base, only(f"He left {text}."))
    assert moved is not None and (moved.date, moved.precision) == (expected, "day")
    assert "2025-10-28" in moved.how


def test_shift_needs_a_day_and_an_anaphor():
    assert shift(When("2025-10", "month", "given"), only("the next day")) is None
    assert shift(When("2025-10-28", "day", "given"), only("yesterday")) is None


# ---- event_date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The two leaders met in Busan on Thursday and agreed to extend the truce.", "2025-10-23"),
        ("Since 2019 the two sides have met on Tuesday each month.", "2025-10-28"),
        ("The bank, founded in 1998, said on Monday it would cut 500 jobs.", "2025-10-27"),
        ("Last week the ministry said it had raised tariffs to 25 percent in 2019.", "2025-10-20"),
        ("The ceasefire, agreed last year, collapsed on Oct. 20 when shelling resumed.", "2025-10-20"),
        ("At Tuesday's meeting the board approved the merger.", "2025-10-28"),
        ("Parliament passed the bill in early December.", "2024-12"),
        ("The rebels seized the town in 2021.", "2021"),
        ("Exports grew last month, customs data showed.", "2025-09"),
        ("The company will open the plant by 2030, and began building it in March.", "2025-03"),
        ("Lawmakers gathered at 10 a.m. on Wednesday to vote.", "2025-10-29"),
        ("The talks between Sept. 3 and Sept. 5 ended; a deal came on Oct. 1.", "2025-10-01"),
        ("From 2019 to 2021 the plant was idle, but it restarted in June.", "2025-06"),
        ("On Tuesday the court upheld the verdict of Sept. 3, 2024 against him.", "2025-10-28"),
        ("The law, passed last year, took effect in January.", "2025-01"),
    ],
)
def test_event_date_picks_the_most_precise_usable_time(sentence, expected):
    assert event(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The programme has run since 2019.",
        "The government aims to cut emissions by 2030.",
        "The truce holds until 2027.",
        "The 2018 summit in Singapore produced a vague statement.",
        "Delegates arrived for the 2025 APEC summit.",
        "The 72-year-old leader was 2 years old when the war ended.",
        "Fighting continued for three days.",
        "The vote opens at 10 a.m.",
        "Growth slowed to 3 percent, costing $2019 million.",
        "Jazz flourished in the 1970s.",
        "The next day, the minister resigned.",
        "The mayor may resign.",
        "The ministry said the Oct. 7 attacks changed everything.",
        "He will stay in office until Friday.",
        "Rates have risen since last week.",
        "The protests, which began between May 1 and May 3, spread.",
        "Nothing here is a time at all.",
        "",
    ],
)
def test_event_date_ignores_times_of_other_things(sentence):
    assert event_date(sentence, WED) is None


def test_event_date_returns_the_expression_used():
    when, expr = event_date("Officials said Tuesday that 40 people died on Sunday.", WED)
    assert (when.date, expr.text) == ("2025-10-28", "Tuesday")


def test_event_date_respects_the_direction():
    assert event("The president will visit Tokyo on Monday.", WED, "future") == "2025-11-03"
    assert event("The president visited Tokyo on Monday.", WED, "past") == "2025-10-27"


def test_event_date_without_an_anchor_uses_only_self_contained_times():
    assert event("The deal was signed on Tuesday.", None) is None
    assert event("The deal was signed on Tuesday, Oct. 28, 2025.", None) == "2025-10-28"
    assert event("The deal was signed in 2024.", None) == "2024"


# ---- properties --------------------------------------------------------------------------

anchors = st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31))
weekdays = st.sampled_from(WEEKDAY_NAMES)


def _day_of(text: str, anchor: date, direction: str) -> date:
    when = resolve(only(text), anchor, direction)
    assert when is not None and when.precision == "day"
    return date.fromisoformat(when.date)


@given(anchors, weekdays)
def test_a_past_weekday_is_within_the_six_days_before_the_anchor(anchor, name):
    day = _day_of(f"on {name}", anchor, "past")
    assert anchor - timedelta(days=6) <= day <= anchor
    assert day.weekday() == WEEKDAYS[name]


@given(anchors, weekdays)
def test_a_future_weekday_is_within_the_six_days_after_the_anchor(anchor, name):
    day = _day_of(f"on {name}", anchor, "future")
    assert anchor <= day <= anchor + timedelta(days=6)


@given(anchors, weekdays)
def test_last_and_next_weekdays_are_strict(anchor, name):
    last, nxt = _day_of(f"last {name}", anchor, "any"), _day_of(f"next {name}", anchor, "any")
    assert anchor - timedelta(days=7) <= last < anchor < nxt <= anchor + timedelta(days=7)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2150, 1, 1)), st.integers(min_value=-1, max_value=360))
def test_a_past_date_without_a_year_finds_its_year(day, days_after):
    if (day.month, day.day) == (2, 29):
        day = day.replace(day=28)
    anchor = day + timedelta(days=days_after)
    assert _day_of(f"{MONTH_NAMES[day.month - 1]} {day.day}", anchor, "past") == day


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2199, 12, 31)), st.sampled_from(["{M} {d}, {y}", "{d} {M} {y}", "{iso}"]))
def test_written_dates_round_trip(day, form):
    text = form.format(M=MONTH_NAMES[day.month - 1], d=day.day, y=day.year, iso=day.isoformat())
    assert _day_of(f"It happened {text}.", date(2025, 1, 1), "past") == day


@given(anchors, st.sampled_from(MONTH_NAMES), st.sampled_from(["past", "future", "any"]))
def test_months_fall_within_a_year_of_the_anchor(anchor, name, direction):
    when = resolve(only(f"in {name}"), anchor, direction)
    year, month = map(int, when.date.split("-"))
    distance = (year * 12 + month) - (anchor.year * 12 + anchor.month)
    assert month == MONTHS[name]
    assert {"past": -11 <= distance <= 0, "future": 0 <= distance <= 11, "any": -6 <= distance <= 6}[direction]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_sorted_non_overlapping_expressions(text):
    found = find_times(text)
    assert all(text[e.start:e.end] == e.text for e in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    best = event_date(text, WED)
    assert best is None or best[1] in found


fragments = st.sampled_from([
    "on ", "Tuesday", "Oct. ", "27", "-", "29", ", ", "2025", "in ", "the ", "same ", "day", " ", "\n", "last ",
    "week", "since ", "1970s", "May", "March", "may ", "ago", "two ", "days ", "later", "İ", "\u00a0", "’s", "mid-",
    "the day before", "yesterday", "Today", "USA ", "(", "30 percent", "10 a.m.", "$", "\x00", "\ufeff",
])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(fragments, max_size=40), st.sampled_from(["past", "future", "any"]), anchors)
def test_time_like_fragments_never_crash(parts, direction, anchor):
    text = "".join(parts)
    for expr in find_times(text):
        assert text[expr.start:expr.end] == expr.text
        when = resolve(expr, anchor, direction)
        assert when is None or when.precision in ("day", "week", "month", "year")


# ---- robustness and speed ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "x" * 100_000,
        "on Tuesday " * 9_000,
        "in 2019 " * 12_000,
        "Oct. 27-" * 12_000,
        "the the the " * 8_000 + "day",
        " " * 50_000 + "in" + " " * 50_000 + "2019",
        "1" * 100_000,
        bytes(range(256)).decode("latin-1") * 390,
        "\u0130\u00df\ufb01 May 5 " * 9_000,
    ],
)
def test_long_and_odd_input_returns_in_bounded_time(text):
    began = time.perf_counter()
    found = find_times(text)
    event_date(text[:5000], WED)
    assert time.perf_counter() - began < 5
    assert all(text[e.start:e.end] == e.text for e in found)


def test_find_times_is_fast_on_sentences():
    sentences = [
        "The finance minister told parliament on Tuesday that the government would present a revised budget "
        "next month, after growth slowed to 0.8 percent in the third quarter and exports to China fell sharply.",
        "Rescue teams searched through the night for survivors of the landslide, which buried at least 30 homes "
        "in a remote mountain village, the provincial disaster agency said in a brief statement to reporters.",
        "Both sides agreed in early December to resume talks, and negotiators are expected to meet again in "
        "Geneva in January to discuss a framework for a lasting ceasefire along the contested border region.",
    ]
    rounds = 300
    began = time.perf_counter()
    for _ in range(rounds):
        for sentence in sentences:
            find_times(sentence)
    average = (time.perf_counter() - began) / (rounds * len(sentences))
    assert average < 0.0005  # typically ~0.03 ms; the bound leaves room for slow CI machines


def test_word_lists_are_data():
    assert len(MONTHS) == 12 and len(WEEKDAYS) == 7
    assert NUMBER_WORDS["twelve"] == 12
