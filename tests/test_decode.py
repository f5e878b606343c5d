import pytest

from tidings.decode import decode, looks_like_html
from tidings.errors import NotAPageError


def test_latin1_page_is_decoded_with_a_warning():
    text, warnings = decode("Caf\u00e9 owners in Seoul said business was slow.".encode("latin-1"), "x")
    assert "Caf\u00e9" in text and warnings


def test_declared_charset_is_used():
    html = '<html><head><meta charset="windows-1252"></head><body><p>\u201cQuoted\u201d</p></body></html>'
    text, warnings = decode(html.encode("cp1252"), "x")
    assert "\u201cQuoted\u201d" in text


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"%PDF-1.7 binary", b"\x89PNG\r\n\x1a\n....", b"\x00\x01\x02\x03" * 50])
def test_empty_and_binary_inputs_are_refused(data):
    with pytest.raises(NotAPageError):
        decode(data, "x")


def test_html_is_detected_by_content():
    assert looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    assert looks_like_html("  <div class='x'><p>Story</p></div>")
    assert not looks_like_html("Headline\n\nTokyo: Ministers met on Monday. They agreed to talk again.")
    assert not looks_like_html("The symbol a<b and b>c appear in maths text.")
