import pytest

from tidings.extraction.dateline import is_dateline_only, split_dateline, strip_wire_credit


@pytest.mark.parametrize(
    "paragraph, place, wires, rest",
    [
        ("Tokyo: Ministers met on Monday.", "Tokyo", [], "Ministers met on Monday."),
        ("WASHINGTON (Kyodo) -- The talks ended.", "Washington", ["Kyodo"], "The talks ended."),
        ("SEOUL -- Lee spoke.", "Seoul", [], "Lee spoke."),
        ("SEOUL, Oct. 29 (Yonhap) -- Lee spoke.", "Seoul", ["Yonhap"], "Lee spoke."),
        ("GYEONGJU, South Korea (Kyodo) -- Leaders met.", "Gyeongju", ["Kyodo"], "Leaders met."),
        ("NEW DELHI: The ministry said so.", "New Delhi", [], "The ministry said so."),
        ("Tokyo, June 6 (Jiji Press)--Universities acted.", "Tokyo", ["Jiji Press"], "Universities acted."),
    ],
)
def test_datelines_are_lifted_with_their_wire(paragraph, place, wires, rest):
    assert split_dateline(paragraph) == (place, wires, rest)


@pytest.mark.parametrize("paragraph", ["Update: the meeting moved.", "President Trump: a profile.", "Note: prices vary."])
def test_a_colon_after_a_word_that_is_no_place_is_not_a_dateline(paragraph):
    assert split_dateline(paragraph) == (None, [], paragraph)


def test_a_dateline_alone_on_its_line_is_recognised():
    assert is_dateline_only("WASHINGTON (Kyodo) --")
    assert not is_dateline_only("WASHINGTON (Kyodo) -- The talks ended.")


@pytest.mark.parametrize(
    "last, wires",
    [("(IANS)", ["IANS"]), ("IANS", ["IANS"]), ("==Kyodo", ["Kyodo"]), ("-- Reuters", ["Reuters"]),
     ("(With inputs from IANS and PTI)", ["IANS", "PTI"])],
)
def test_trailing_wire_credits_are_removed_and_named(last, wires):
    assert strip_wire_credit(["Body text.", last]) == (["Body text."], wires)


def test_a_credit_glued_to_the_last_sentence_is_removed():
    assert strip_wire_credit(["It ended well. (IANS)"]) == (["It ended well."], ["IANS"])


def test_a_normal_last_paragraph_is_kept():
    assert strip_wire_credit(["One.", "The AP style guide was cited."]) == (["One.", "The AP style guide was cited."], [])
