"""The event coder on sentences written for these tests: PLOVER types, who did what to whom,
and the rules a user relies on (coordination, passive, reported speech, negation, promises)."""

from datetime import date

import pytest

from tidings.events import code_sentences, main_event

pytest.importorskip("spacy")
DAY = date(2025, 10, 28)  # a Tuesday


def _events(sentence, day=DAY):
    return code_sentences([sentence], None, day)[0]


def _main(sentence, day=DAY):
    return main_event(_events(sentence, day))


def _ids(refs):
    return {r.id for r in refs}


def test_signing_an_agreement_is_support_with_both_leaders_as_actors():
    e = _main("Japanese Prime Minister Sanae Takaichi and US President Donald Trump signed a framework on rare earths in Tokyo.")
    assert e.type == "SUPPORT"  # PLOVER: signing is SUPPORT; promising to sign is AGREE
    assert _ids(e.actors) == {"sanae-takaichi", "donald-trump"}
    assert e.location == "Tokyo" and e.quad_class == "verbal cooperation" and e.cameo == "050"


def test_actors_carry_their_role_on_the_day():
    before = _main("Japan's Prime Minister met the South Korean President in Seoul.", date(2025, 10, 1))
    after = _main("Japan's Prime Minister met the South Korean President in Seoul.", date(2025, 10, 25))
    assert "shigeru-ishiba" in _ids(before.actors) and "sanae-takaichi" in _ids(after.actors)
    takaichi = next(a for a in after.actors if a.id == "sanae-takaichi")
    assert takaichi.kind == "person" and takaichi.country == "JPN" and takaichi.role == "Prime Minister of Japan"


def test_a_request_names_who_is_asked():
    e = _main("Chinese Foreign Ministry spokesman Lin Jian urged Washington to stop sowing discord.", date(2025, 6, 4))
    assert e.type == "REQUEST"
    assert _ids(e.actors) == {"lin-jian"} and _ids(e.recipients) == {"USA"}


def test_passive_voice_takes_the_agent_as_actor():
    e = _main("The proposal was rejected by North Korea on Monday.")
    assert e.type == "REJECT" and _ids(e.actors) == {"PRK"}
    assert e.date == "2025-10-27"


def test_negation_is_flagged_and_not_asserted():
    e = _main("China did not condemn the launch.")
    assert e.type == "ACCUSE" and e.negated and not e.asserted


def test_promised_cooperation_is_agree_and_a_refusal_reject():
    promise = _main("Seoul will send aid to the flooded provinces.")
    assert promise.type == "AGREE" and promise.intent  # PLOVER 3.1: future aid is AGREE
    refusal = _main("Pyongyang said it would not attend the talks.")
    assert refusal.type == "REJECT" and _ids(refusal.actors) == {"PRK"}


def test_a_promised_withdrawal_is_a_concession_but_agreeing_to_one_is_agree():
    assert _main("Russia pledged to withdraw its troops from the border.").type == "CONCEDE"
    assert _main("Russia agreed to withdraw its troops from the border.").type == "AGREE"


def test_a_condition_makes_the_event_hypothetical():
    e = _main("If Iran resumes enrichment, Israel would strike its nuclear sites.")
    assert e is not None and e.hypothetical and not e.asserted


def test_reported_speech_keeps_the_speaker_apart_from_the_actor():
    e = _main("Trump said Japan would raise its investment in the United States to $1 trillion.", date(2025, 2, 8))
    assert e.type == "AGREE" and _ids(e.actors) == {"JPN"} and _ids(e.recipients) == {"USA"}
    assert e.speaker is not None and e.speaker.id == "donald-trump"


def test_must_in_reported_speech_is_a_request_to_the_subject():
    e = _main("The United States said North Korea must first disarm before it can receive aid.")
    assert e.type == "REQUEST" and _ids(e.actors) == {"USA"} and _ids(e.recipients) == {"PRK"}


def test_a_meeting_of_several_leaders_codes_all_as_actors():
    e = _main("Xi Jinping, Vladimir Putin and Kim Jong Un met in Beijing on Wednesday.", date(2025, 9, 3))
    assert e.type == "CONSULT"
    assert _ids(e.actors) == {"xi-jinping", "vladimir-putin", "kim-jong-un"} and not e.recipients
    assert e.date == "2025-09-03" and e.location == "Beijing"


def test_a_host_receives_and_the_visitor_acts():
    e = _main("Trump hosted Japanese Prime Minister Shigeru Ishiba at the White House on Friday.", date(2025, 2, 8))
    assert e.type == "CONSULT" and e.mode == "visit"
    assert _ids(e.actors) == {"shigeru-ishiba"} and _ids(e.recipients) == {"donald-trump"}
    assert e.date == "2025-02-07" and "Washington" in e.location


def test_a_travel_warning_is_a_sanction_against_the_destination():
    e = _main("China on Friday warned its citizens against travelling to Japan.", date(2025, 11, 14))
    assert e.type == "SANCTION" and _ids(e.actors) == {"CHN"} and _ids(e.recipients) == {"JPN"}


def test_a_quoted_statement_keeps_its_quote():
    e = _main('"We urge the United States to stop sowing discord," Lin Jian said.', date(2025, 6, 4))
    assert e.type == "REQUEST" and e.evidence.quote == "We urge the United States to stop sowing discord,"


def test_an_offence_named_by_a_participle_still_has_its_agent():
    e = _main("Trump met families of Japanese citizens abducted by North Korea.")
    abduction = [x for x in _events("Trump met families of Japanese citizens abducted by North Korea.") if x.type == "ASSAULT"]
    assert e is not None and abduction and _ids(abduction[0].actors) == {"PRK"} and _ids(abduction[0].recipients) == {"JPN"}


def test_a_sentence_without_an_event_gives_none():
    assert _events("The weather in Busan was mild on Thursday.") == []
    assert _events("Analysts said the alliance was the foundation of regional security.") == []


def test_sentences_are_numbered_by_line():
    coded = code_sentences(["Seoul protested.", "", "Japan and China agreed to resume talks."], None, DAY)
    assert [len(x) for x in coded][1] == 0
    assert coded[2][0].evidence.line == 3
