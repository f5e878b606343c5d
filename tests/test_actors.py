"""The actor dictionary: names, titles on a date, possessives and later surnames."""

from datetime import date

import pytest

from tidings.actors import dictionary


def _found(text, day):
    return [(m.text, m.actor.id, m.how) for m in dictionary().find(text, day)]


def test_full_names_titles_places_and_later_surnames():
    text = "Japanese Prime Minister Sanae Takaichi welcomed US President Donald Trump in Tokyo. Takaichi said talks went well."
    assert _found(text, date(2025, 10, 28)) == [
        ("Japanese Prime Minister Sanae Takaichi", "sanae-takaichi", "title"),
        ("US President Donald Trump", "donald-trump", "title"),
        ("Tokyo", "JPN", "country"),
        ("Takaichi", "sanae-takaichi", "surname"),
    ]


@pytest.mark.parametrize("day, holder", [
    (date(2024, 3, 1), "fumio-kishida"),
    (date(2025, 8, 23), "shigeru-ishiba"),
    (date(2025, 10, 21), "sanae-takaichi"),
    (date(2025, 11, 7), "sanae-takaichi"),
])
def test_a_title_resolves_to_whoever_held_the_office_that_day(day, holder):
    assert _found("The Japanese Prime Minister arrived.", day)[0][1] == holder


@pytest.mark.parametrize("day, holder", [
    (date(2025, 1, 10), "choi-sang-mok"), (date(2025, 4, 10), "han-duck-soo"),
    (date(2025, 5, 20), "lee-ju-ho"), (date(2025, 6, 4), "lee-jae-myung"),
])
def test_south_koreas_acting_presidents(day, holder):
    assert _found("The South Korean President spoke.", day)[0][1] == holder


def test_role_valid_on_the_date_is_reported():
    lee = dictionary().person("lee-jae-myung", date(2025, 8, 25))
    assert (lee.kind, lee.country, lee.role) == ("person", "KOR", "President of South Korea")
    assert dictionary().person("lee-jae-myung", date(2024, 1, 1)).role is None
    assert dictionary().person("donald-trump").wikidata == "Q22686"


def test_possessives_metonyms_organisations_and_us_titles():
    text = ("Japan's Takaichi met President Lee. The White House and the Kremlin reacted, "
            "NATO was silent, and Secretary of State Marco Rubio called Seoul.")
    found = _found(text, date(2025, 10, 30))
    assert ("Japan's Takaichi", "sanae-takaichi", "title") in found
    assert ("President Lee", "lee-jae-myung", "title") in found
    assert ("White House", "USA", "country") in found
    assert ("the Kremlin", "RUS", "country") in found
    assert ("NATO", "NATO", "organisation") in found
    assert ("Secretary of State Marco Rubio", "marco-rubio", "title") in found


def test_every_country_has_an_actor():
    d = dictionary()
    assert len(d.countries) >= 249
    assert d.countries["PRK"].name == "North Korea"
