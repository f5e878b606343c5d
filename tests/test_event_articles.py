"""Coding whole articles: evidence offsets, dates against the publication day, places, and
bad input (other languages, broken scrapes, huge sentences and pages)."""

from dataclasses import replace

import pytest

from tidings.events import code_article
from tidings.records import Article
from tidings.settings import Options

pytest.importorskip("spacy")

BODY = """Japanese Prime Minister Sanae Takaichi met South Korean President Lee Jae Myung on Tuesday and the two leaders agreed to expand cooperation on supply chains.

Takaichi praised Lee for his steady leadership.

The two countries had signed a fisheries accord in 2019, officials recalled.

North Korea fired two ballistic missiles into the sea on Monday, according to the South Korean military.

The weather stayed clear all week."""


def _article(text=BODY, **changes):
    base = Article(id="a1", source="fixture", kind="text", url=None, outlet="Test Wire", title="Leaders meet",
                   text=text, published="2025-10-29", published_precision="day", published_from="test",
                   dateline="Gyeongju", language="en")
    return replace(base, **changes)


def test_every_event_points_at_its_sentence_in_the_article_text():
    result = code_article(_article())
    assert result.events
    for e in result.events:
        assert e.evidence.article == "a1"
        assert BODY[e.evidence.start:e.evidence.end] == e.evidence.sentence


def test_events_are_dated_from_the_text_not_the_publication_day():
    by_type = {}
    for e in code_article(_article()).events:
        by_type.setdefault(e.type, e)
    assert by_type["CONSULT"].date == "2025-10-28" and by_type["CONSULT"].date_precision == "day"
    assert by_type["MOBILIZE"].date == "2025-10-27"
    assert by_type["SUPPORT"].date == "2025-10-28"  # no time of its own: the lead's day, and it says so
    assert "lead" in by_type["SUPPORT"].date_from


def test_a_past_perfect_or_a_dated_background_event_keeps_its_own_date():
    background = [e for e in code_article(_article()).events if "fisheries" in e.evidence.sentence]
    assert background and all(e.date in (None, "2019") for e in background)
    assert all(e.date != "2025-10-29" for e in background)


def test_the_place_comes_from_the_sentence_else_the_dateline():
    events = code_article(_article()).events
    meeting = next(e for e in events if e.type == "CONSULT")
    assert meeting.location == "Gyeongju" and meeting.location_from == "dateline"
    assert {e.location for e in code_article(_article(dateline=None)).events} <= {None}


def test_a_surname_later_on_is_the_person_named_in_full_before():
    praise = next(e for e in code_article(_article()).events if e.type == "SUPPORT")
    assert [a.id for a in praise.actors] == ["sanae-takaichi"] and [r.id for r in praise.recipients] == ["lee-jae-myung"]


def test_another_language_is_skipped_with_a_warning():
    result = code_article(_article(text="Die Regierung in Tokio hat am Dienstag ein Abkommen unterzeichnet.", language="de"))
    assert result.events == [] and result.skipped == "language de"
    assert any("only English" in w for w in result.warnings)


def test_split_demonyms_from_a_broken_scrape_are_read_and_reported():
    text = "The Japan ese government protested after North Korea n troops fired artillery near the border on Monday."
    result = code_article(_article(text=text))
    assert any("split word" in w for w in result.warnings)
    assert any(a.id == "JPN" for e in result.events for a in e.actors)


def test_an_overlong_sentence_is_left_out_with_a_warning():
    long_sentence = "Japan and China agreed to talk " + "and talk " * 1000 + "about trade."
    result = code_article(_article(text=long_sentence + "\n\nJapan protested to China on Monday."))
    assert any("longer than" in w for w in result.warnings)
    assert any(e.type == "ACCUSE" for e in result.events)


def test_a_huge_page_is_coded_up_to_the_bound_with_a_warning():
    paragraph = "Seoul and Tokyo held talks on Monday about shipping routes. " * 5
    text = "\n\n".join([paragraph] * 2000)  # about 50,000 words
    options = Options.from_env()
    result = code_article(_article(text=text), options)
    assert any(f"first {options.max_event_chars} characters" in w for w in result.warnings)
    assert result.events and all(e.evidence.end <= options.max_event_chars for e in result.events)


def test_with_no_date_at_all_relative_times_stay_unknown():
    events = code_article(_article(published=None, reference_time=None)).events
    assert events and all(e.date is None for e in events if e.type in ("CONSULT", "MOBILIZE"))
