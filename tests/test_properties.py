"""Random input never crashes the extractor: it gives an Article or a TidingsError."""

from hypothesis import HealthCheck, given, settings, strategies as st

from tidings import extract
from tidings.errors import TidingsError
from tidings.records import RawPage
from tidings.settings import Options

OPTIONS = Options(html_timeout=10)


def _check(data: bytes) -> None:
    try:
        article = extract(RawPage("random", data), OPTIONS)
    except TidingsError as exc:
        assert exc.line()
    else:
        assert article.text.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes_never_crash(data):
    _check(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div>", "Tokyo:", "WASHINGTON (Kyodo) --", "(IANS)", "\n", "\n\n",
                                 "Related Posts", "2 days ago", "Render Time: 2025-02-15 06:34:28",
                                 "Officials met on Monday and agreed to talk again soon.", "\u2022 Home", "\x00", "\ufeff"]),
                max_size=60))
def test_page_like_fragments_never_crash(parts):
    _check("".join(parts).encode("utf-8"))
