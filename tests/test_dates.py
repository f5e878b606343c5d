from datetime import date, datetime, timezone

import pytest

from tidings.extraction.dates import parse_absolute, parse_relative, render_stamp

REF = datetime(2025, 6, 6, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "text, day, precision",
    [
        ("October 28, 2025", date(2025, 10, 28), "day"),
        ("Oct. 29, 2025", date(2025, 10, 29), "day"),
        ("Sept. 3, 2025", date(2025, 9, 3), "day"),
        ("28 October 2025", date(2025, 10, 28), "day"),
        ("2025-10-28", date(2025, 10, 28), "day"),
        ("Updated: Oct 28, 2025, 08:41 PM IST", date(2025, 10, 28), "second"),
        ("2025-10-28T10:00:00+09:00", date(2025, 10, 28), "second"),
    ],
)
def test_absolute_dates(text, day, precision):
    value, found_precision = parse_absolute(text)
    got = value.date() if isinstance(value, datetime) else value
    assert (got, found_precision) == (day, precision)


def test_impossible_dates_are_ignored():
    assert parse_absolute("February 30, 2025") is None


@pytest.mark.parametrize(
    "text, day",
    [("The Mainichi2 days ago", date(2025, 6, 4)), ("time4 hours ago", date(2025, 6, 6)),
     ("  • 🕒 30 hours ago", date(2025, 6, 5)), ("a week ago", date(2025, 5, 30)), ("yesterday", date(2025, 6, 5))],
)
def test_relative_ages_resolve_against_the_reference_time(text, day):
    assert parse_relative(text, REF)[0] == day


def test_relative_age_is_none_without_an_age():
    assert parse_relative("Ishiba arrived in Washington", REF) is None


def test_render_stamp_gives_a_reference_time():
    assert render_stamp("Render Time: 2025-02-15 06:34:28") == datetime(2025, 2, 15, 6, 34, 28, tzinfo=timezone.utc)
    assert render_stamp("The meeting took time: 2025 was busy") is None


def test_slashed_dates_read_month_first_unless_impossible():
    assert parse_absolute("8/1/2025")[0] == date(2025, 8, 1)
    assert parse_absolute("25/06/2025")[0] == date(2025, 6, 25)
