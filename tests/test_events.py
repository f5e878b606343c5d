"""The event coder on sentences written for these tests (spaCy pipeline from settings)."""

from datetime import date

import pytest

from tidings.events import code_sentences, main_event
from tidings.settings import Options

MODEL = Options().spacy_model
pytest.importorskip("spacy")


def _main(sentence, day=date(2025, 10, 28)):
    return main_event(code_sentences([sentence], MODEL, day)[0])


def test_agreement_between_two_leaders_names_both_actors():
    e = _main("Japanese Prime Minister Sanae Takaichi and US President Donald Trump signed a framework on rare earths in Tokyo.")
    assert e.type == "SUPPORT"  # PLOVER: signing an agreement is SUPPORT; promising one is AGREE
    assert {a.id for a in e.actors} == {"sanae-takaichi", "donald-trump"}
    assert e.quad_class == "verbal cooperation"


def test_request_with_a_quoted_demand_targets_the_object():
    e = _main("Chinese Foreign Ministry spokesman Lin Jian urged Washington to stop sowing discord.", date(2025, 6, 4))
    assert e.type == "REQUEST"
    assert [a.id for a in e.actors] == ["lin-jian"]
    assert [r.id for r in e.recipients] == ["USA"]


def test_passive_voice_swaps_source_and_target():
    e = _main("The proposal was rejected by North Korea on Monday.")
    assert e.type == "REJECT"
    assert [a.id for a in e.actors] == ["PRK"]


def test_negation_and_intent_are_flagged():
    negated = _main("China did not condemn the launch.")
    assert negated.negated and negated.type == "ACCUSE"
    intent = _main("Seoul will send aid to the flooded provinces.")
    assert intent.intent and intent.type == "AGREE"  # PLOVER: promised aid is AGREE


def test_a_sentence_without_an_event_gives_none():
    assert _main("The weather in Busan was mild on Thursday.") is None
