"""The two extraction paths on pages written for these tests."""

from datetime import datetime, timezone

from tidings import extract
from tidings.records import RawPage
from tidings.settings import Options

from .conftest import FIXTURES


def test_text_dump_body_is_one_run_cut_before_furniture(options):
    article = extract(str(FIXTURES / "portal-dump.txt"), options)
    assert article.kind == "text"
    assert article.title == "Seoul and Tokyo agree to widen fishing talks after ministers meet in Busan"
    assert article.text.startswith("Fisheries ministers from South Korea and Japan agreed on Saturday")
    assert article.text.endswith("described the mood in Busan as businesslike and friendly.")
    assert "late-night bus" not in article.text and "Tags" not in article.text
    assert article.dateline == "Busan"
    assert article.wire == ("IANS",)
    assert article.published == "2025-11-01"
    assert article.published_from == "date line"
    assert article.outlet == "Harbour Gazette"
    assert article.tags == ("Fisheries", "South Korea", "Japan")
    assert len(article.paragraphs) == 6


def test_html_page_uses_metadata_and_own_dateline_logic(options):
    article = extract(str(FIXTURES / "wire-page.html"), options)
    assert article.kind == "html"
    assert article.title == "Japan and South Korea pledge closer coast guard contacts"
    assert article.url == "https://tidelinepost.example/asia/coast-guard-contacts"
    assert article.outlet == "Tideline Post"
    assert article.published.startswith("2025-11-03T18:20:00")
    assert article.published_precision == "second"
    assert article.dateline == "Tokyo"
    assert article.wire == ("Kyodo",)
    assert article.text.startswith("Japan and South Korea agreed on Monday")
    assert article.text.endswith("opened the way for practical cooperation.")
    assert "cookies" not in article.text and "Most read" not in article.text
    assert article.language == "en"


def test_kind_is_read_from_content_not_name(tmp_path, options):
    misnamed = tmp_path / "page.txt"
    misnamed.write_bytes((FIXTURES / "wire-page.html").read_bytes())
    assert extract(str(misnamed), options).kind == "html"


def test_gzipped_html_is_read(tmp_path, options):
    import gzip

    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "wire-page.html").read_bytes()))
    assert extract(str(packed), options).title == "Japan and South Korea pledge closer coast guard contacts"


def test_relative_age_resolves_against_the_reference_time():
    dump = (
        "logo\nEnvoys meet in Geneva on nuclear talks\n\nEnvoys meet in Geneva on nuclear talks\n\n"
        "The Harbour Gazette3 days ago\n\nGENEVA --\n"
        "Envoys from five countries met in Geneva on Thursday to discuss how to restart stalled talks on nuclear arms.\n"
        "The meeting lasted most of the day and ended without a joint statement, diplomats said afterwards.\n"
        "A second round is planned for next month, according to one of the delegations taking part in the talks.\n"
        "Comments\nNo comments yet...\n"
    ).encode()
    reference = datetime(2025, 3, 10, 8, 0, tzinfo=timezone.utc)
    article = extract(RawPage("dump", dump, reference, "fetched-at option"))
    assert article.published == "2025-03-07"
    assert article.published_from == "relative age against fetched-at option"
    assert article.outlet == "The Harbour Gazette"
    assert article.dateline == "Geneva"


def test_unknown_date_is_null_with_a_warning():
    dump = ("A headline about a meeting\n\n" + "Officials met on an unnamed day to talk about many things at length. " * 3).encode()
    article = extract(RawPage("dump", dump), Options())
    assert article.published is None and article.published_precision is None
    assert "no publication date found" in article.warnings


def test_render_stamp_is_the_reference_for_relative_ages():
    dump = (
        "Leaders meet to talk about trade\n\nPolitics News\n\n  • \U0001F4F0 Harbour Gazette\n  • \U0001F552 2 days ago\n\n"
        "Leaders of two neighbouring countries met on Friday and agreed to cut tariffs on farm goods over three years.\n\n"
        "Officials said the cuts would start in January and be reviewed each year by a joint committee of experts.\n\n"
        "Similar News:You can also read news stories similar to this one.\n\n\n\nRender Time: 2025-02-15 06:34:28\n"
    ).encode()
    article = extract(RawPage("dump", dump))
    assert article.published == "2025-02-13"
    assert article.outlet == "Harbour Gazette"
    assert article.reference_time.startswith("2025-02-15T06:34:28")
    assert article.published_from == "relative age against page render stamp"


def test_an_update_stamp_alone_is_not_taken_for_the_publication_date():
    dump = (
        "Ministers agree on a new ferry route\n\nUpdated: Oct 3, 2025\n\n"
        + "Transport ministers from two neighbouring countries agreed on a new ferry route between their ports. " * 2
        + "\n\nThe first sailings are planned for the spring, officials said after the meeting ended on Friday.\n"
    ).encode()
    article = extract(RawPage("dump", dump), Options())
    assert article.published is None
    assert "no publication date found" in article.warnings


def test_html_date_printed_under_the_headline_wins_over_stale_metadata(options):
    page = (FIXTURES / "wire-page.html").read_text().replace(
        '<p class="byline">By Mina Hara</p>', '<p class="byline">By Mina Hara</p><p class="date">Published: November 4, 2025</p>')
    article = extract(page.encode(), options)
    assert article.published == "2025-11-04"
    assert article.published_from == "date line by the headline"
