import os
import subprocess
import sys
import time
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.stories.digest import (
    STOP_WORDS,
    Sentence,
    centrality,
    key_terms,
    reading_minutes,
    story_summary,
    story_title,
    summarize,
)

TITLE = "Japan and South Korea agree hydrogen shipping pact at APEC"
# A body as extraction leaves it, with the furniture that sometimes survives it.
ARTICLE = """Gyeongju, Oct 30: Japan and South Korea agreed on Thursday to build a joint fleet of hydrogen carriers, as Prime Minister Sanae Takaichi met President Lee Jae-myung on the sidelines of the APEC summit in Gyeongju.

Photo: Kyodo

By Mariko Sato and Kenji Ito, staff writers at the Tokyo bureau

Sanae Takaichi and Lee Jae-myung shake hands before their meeting in Gyeongju on Thursday. (AP Photo/Kim Min-jun)

The hydrogen shipping pact sets aside 900 billion won over five years for six carriers to be built at shipyards in Ulsan and Nagasaki, according to a joint statement.

ALSO READ: APEC LEADERS ARRIVE IN GYEONGJU

Read more

Takaichi said the agreement showed that the two neighbours could turn a difficult history into practical cooperation. She added that Tokyo wanted similar deals on batteries.

What happens next? Officials will meet in Seoul in October to pick the first shipyard.

"This is a good day for both of our countries," Lee told reporters.

The hydrogen carriers will move fuel from Australia to ports in Japan and South Korea from 2029, when demand from steelmakers is expected to rise sharply. (IANS)"""


def _assert_exact(text: str, sentences: list[Sentence]) -> None:
    for s in sentences:
        assert text[s.start:s.end] == s.text
    assert all(a.end <= b.start for a, b in pairwise(sentences))


# ------------------------------------------------------------------------------ summarize


def test_summary_leads_with_the_news_without_the_dateline():
    summary = summarize(TITLE, ARTICLE)
    assert summary[0].text.startswith("Japan and South Korea agreed on Thursday")
    assert not any("Gyeongju, Oct 30:" in s.text for s in summary)
    _assert_exact(ARTICLE, summary)


def test_summary_skips_captions_bylines_cross_links_capitals_and_questions():
    texts = [s.text for s in summarize(TITLE, ARTICLE, k=10)]
    assert texts, "the article has prose"
    for junk in ("Photo", "By Mariko", "Sanae Takaichi and Lee", "ALSO READ", "Read more", "What happens next"):
        assert not any(t.startswith(junk) for t in texts), junk
    assert all(len(t.split()) >= 7 for t in texts)


def test_summary_respects_k_and_keeps_text_order():
    for k in (1, 2, 3, 5):
        summary = summarize(TITLE, ARTICLE, k=k)
        assert 1 <= len(summary) <= k
        assert [s.start for s in summary] == sorted(s.start for s in summary)
    assert summarize(TITLE, ARTICLE, k=0) == []
    assert summarize(TITLE, ARTICLE, k=1)[0].text.startswith("Japan and South Korea agreed")


def test_summary_prefers_headline_words_and_numbers_over_colour():
    summary = [s.text for s in summarize(TITLE, ARTICLE, k=2)]
    assert summary[1].startswith("The hydrogen shipping pact sets aside 900 billion won")


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Photo: Reuters", "BREAKING NEWS", "Advertisement", "Yes."])
def test_summary_of_nothing_is_empty(text):
    assert summarize("A title", text) == []


def test_summary_of_one_line_is_that_line():
    short = "  Talks resume in Geneva on Monday.\n"
    assert summarize(None, short) == [Sentence("Talks resume in Geneva on Monday.", 2, 35)]
    long = "The central bank held its policy rate at 0.5 percent for a third straight meeting"
    assert summarize("Rates on hold", long) == [Sentence(long, 0, len(long))]


def test_summary_passes_over_a_sentence_leaning_on_one_left_out():
    text = (
        "Finance ministers from twelve Pacific nations met in Suva on Monday to plan a regional disaster fund.\n\n"
        "Photo: Pacific Islands Forum\n\n"
        "They did not say how large the fund would be when it opens to members next year.\n\n"
        "Fiji offered to host the fund's secretariat and pledged 20 million dollars toward its first year of work."
    )
    summary = [s.text for s in summarize("Pacific nations plan disaster fund", text, k=2)]
    assert summary[0].startswith("Finance ministers")
    assert summary[1].startswith("Fiji offered")


def test_summary_passes_over_a_bare_quotation():
    text = (
        "Kenya's parliament approved a bill on Wednesday that caps interest rates on mobile loans at 15 percent.\n\n"
        '"We have listened to the people and we have acted for the people of this country," the speaker said.\n\n'
        "The cap applies to lenders with more than 100,000 customers and takes effect in January."
    )
    summary = [s.text for s in summarize("Kenya caps mobile loan rates", text, k=2)]
    assert summary[1].startswith("The cap applies")


def test_summary_offsets_survive_odd_spacing_and_repeats():
    line = "The same sentence appears twice in this article body."
    text = f"\r\n{line}  \n\n{line}\n"
    summary = summarize(None, text, k=5)
    assert len(summary) == 2
    _assert_exact(text, summary)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("aAbBzZ .,:;?!\"'\u201c\u201d\u2014-()0123\n\r\t")) | st.characters(),
            max_size=400),
    st.integers(min_value=0, max_value=5),
)
def test_summary_slices_the_text_in_order_for_any_text(text, k):
    summary = summarize("Any title", text, k=k)
    assert len(summary) <= k
    _assert_exact(text, summary)
    assert all(s.text.strip() == s.text and s.text for s in summary)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=0, max_value=6))
def test_key_terms_never_crash_and_respect_k(text, k):
    terms = key_terms(text[:40], text, k=k)
    assert len(terms) <= k
    assert len(set(terms)) == len(terms)


# ------------------------------------------------------------------------------ key terms


def test_key_terms_are_the_main_names_and_words():
    terms = key_terms(TITLE, ARTICLE)
    assert len(terms) == 8
    for expected in ("Sanae Takaichi", "South Korea", "APEC", "hydrogen", "Japan"):
        assert expected in terms
    assert "Takaichi" not in terms and "Lee" not in terms  # short forms count for the full names
    assert "Korea" not in terms


def test_key_terms_drop_wires_outlets_months_stop_words_and_roles():
    terms = key_terms(TITLE, ARTICLE, k=30, names=["The Korea Ledger", "Kyodo"])
    assert {"IANS", "Kyodo", "Korea Ledger"}.isdisjoint(terms)  # IANS always: a wire agency
    assert {"October", "Oct", "Thursday", "october", "thursday"}.isdisjoint(terms)
    assert not [t for t in terms if t.lower() in STOP_WORDS]
    assert not [t for t in terms if "Minister" in t or "President" in t]
    assert "Mariko Sato" not in terms  # a byline, not the story


def test_key_terms_fold_plurals_and_lower_case_common_words():
    text = (
        "Tariffs on steel rose again on Monday. The new tariff applies to steel from every exporter.\n\n"
        "Exporters said the tariffs would raise steel prices for carmakers, and carmakers agreed."
    )
    terms = key_terms("Steel tariffs rise", text)
    assert terms[:2] == ["steel", "tariffs"]
    assert "tariff" not in terms and "Tariffs" not in terms
    assert "carmakers" in terms


def test_key_terms_count_a_short_form_for_the_full_name_it_follows():
    text = (
        "Chinese President Xi Jinping met Brazilian leaders in Brasilia on Tuesday to sign a soybean deal.\n\n"
        "Xi said China would buy more soybeans. Xi also invited Brazil to a summit in Beijing next year."
    )
    terms = key_terms("Xi signs soybean deal in Brasilia", text, k=20)
    assert terms[0] == "Xi Jinping" and "Xi" not in terms


def test_key_terms_of_nothing():
    assert key_terms(None, "") == []
    assert key_terms("Title", ARTICLE, k=0) == []
    assert key_terms(None, "Photo: Reuters\n\nRead more") == []


# ------------------------------------------------------------------------------ stories

WIRE = (
    "Chile and Argentina signed a treaty on Friday to share water from three rivers that cross the Andes, "
    "ending a dispute that began in 2019."
)
STORY = [
    (
        "Chile, Argentina sign Andes water treaty",
        (
            f"Santiago, Mar 7: {WIRE}\n\nThe treaty sets up a joint commission that will publish river flows "
            "every month and settle disagreements within ninety days."
        ),
    ),
    (
        "Chile and Argentina sign Andes water treaty",
        WIRE.replace("on Friday", "on Friday in Santiago")
        + "\n\nFarmers in Mendoza province welcomed the deal, saying dry summers had cut grape harvests by a third.",
    ),
    (
        "Andes rivers: a treaty at last",
        (
            "Water ministers from Chile and Argentina spent four years negotiating the rules that were finally "
            "signed on Friday.\n\nEnvironmental groups said the treaty ignores glaciers that feed the rivers and "
            "warned that mining projects could still drain them."
        ),
    ),
]


def test_centrality():
    assert centrality(["anything"]) == [1.0]
    assert centrality([]) == []
    same = centrality(["rivers treaty water", "rivers treaty water", "football match result"])
    assert same[0] == same[1] == 0.5 and same[2] == 0.0


def test_story_title_is_the_headline_most_like_the_others():
    titles = [t for t, _ in STORY]
    assert story_title(titles + [None, ""]) == "Chile, Argentina sign Andes water treaty"  # tie: the shorter
    headlines = ["Football: late goal wins derby", "Markets slide on rate fears", "Stocks slide as rate fears grow"]
    assert story_title(headlines) == "Markets slide on rate fears"
    assert story_title([None, "  "]) is None and story_title([]) is None
    assert story_title(["Only one"]) == "Only one"


def test_story_summary_avoids_two_outlets_copying_each_other():
    summary = story_summary(STORY, k=3)
    assert len(summary) == 3
    texts = [s.text for _, s in summary]
    assert sum("signed a treaty on Friday" in t for t in texts) == 1
    for index, sentence in summary:
        _assert_exact(STORY[index][1], [sentence])
    assert len({index for index, _ in summary}) >= 2


def test_story_summary_is_deterministic_and_respects_k():
    assert story_summary(STORY, k=2) == story_summary(list(STORY), k=2)
    assert len(story_summary(STORY, k=1)) == 1
    assert story_summary(STORY, k=0) == [] and story_summary([], k=3) == []
    twins = story_summary([STORY[0], STORY[0]], k=3)
    assert [i for i, _ in twins] == [0] * len(twins)  # ties go to the first copy, never both


def test_digests_do_not_depend_on_hash_seed():
    script = (
        "from tests.test_digest import ARTICLE, STORY, TITLE\n"
        "from tidings.stories.digest import key_terms, story_summary, summarize\n"
        "print(key_terms(TITLE, ARTICLE, k=20), summarize(TITLE, ARTICLE), story_summary(STORY))\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outputs = {
        subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_reading_minutes():
    assert reading_minutes(0) == 0.0
    assert reading_minutes(5) == 0.1
    assert reading_minutes(238) == 1.0
    assert reading_minutes(600) == 2.5


def test_digest_is_fast_on_a_long_article():
    text = "\n\n".join([ARTICLE] * 5)  # about 800 words
    summarize(TITLE, text), key_terms(TITLE, text)
    started = time.perf_counter()
    for _ in range(50):
        summarize(TITLE, text)
        key_terms(TITLE, text)
    assert (time.perf_counter() - started) / 50 < 0.01  # generous: about 1 ms is usual
