from tidings.sentences import split_sentences


def test_abbreviations_and_initials_do_not_split():
    text = "U.S. President Donald Trump met Mr. Lee on Oct. 27 in Gyeongju. They talked for an hour."
    assert split_sentences(text) == ["U.S. President Donald Trump met Mr. Lee on Oct. 27 in Gyeongju.", "They talked for an hour."]


def test_quotes_close_a_sentence_and_paragraphs_always_split():
    text = "\u201cWe agreed,\u201d he said. \u201cIt is done.\u201d Then he left\n\nA new paragraph"
    assert split_sentences(text) == ["\u201cWe agreed,\u201d he said.", "\u201cIt is done.\u201d", "Then he left", "A new paragraph"]
