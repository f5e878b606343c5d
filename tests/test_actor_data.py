"""The actor dictionary's data: coverage of 2023-2026 office holders, consistency of the files, and titles that resolve on a date."""

import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations

import pycountry
import pytest

from tidings.actors import TITLE_OFFICES, dictionary
from tidings.resources import load

PEOPLE = load("people")["people"]
ORGS = load("organisations")["organisations"]
COUNTRIES = {k: v for k, v in load("countries").items() if not k.startswith("_")}
ORG_IDS = {o["id"] for o in ORGS}
ISO3 = {c.alpha_3 for c in pycountry.countries} | {"TWN"}

# Offices one person holds at a time in a country or organisation; spokespeople, envoys, vice premiers and
# officials come several at once.
SINGLE_HOLDER = {
    "head_of_state", "head_of_government", "foreign_minister", "defence_minister", "vice_president", "supreme_leader",
    "party_leader", "crown_prince", "chief_cabinet_secretary", "national_security_adviser", "press_secretary",
    "presidential_spokesperson", "un_ambassador", "finance_minister", "trade_representative", "military_chief",
    "security_council_secretary", "security_council_deputy_chairman", "chief_of_staff", "leader", "prosecutor",
    "suspended_head_of_state", "suspended_head_of_government", "senate_president",
}
MULTI_HOLDER = {"spokesperson", "special_envoy", "vice_premier", "senior_official", "intelligence_chief"}

# Countries an analyst of 2023-2026 news needs with a leader and a foreign minister on any day.
REQUIRED = (
    "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA "  # G20 members (and the P5)
    "PRK TWN PHL MYS SGP THA VNM KHM MMR BRN "  # East and South-East Asia
    "ISR IRN IRQ SYR ARE QAT EGY JOR LBN YEM OMN BHR PSE "  # Middle East
    "UKR POL SWE NOR FIN DNK ISL NGA KEN ETH PAK BGD VEN COL CHL"
).split()


def _day(s):
    return date.fromisoformat(s) if s else None


def _roles():
    """(person, role, where) for every role; where is the country or organisation the role is in."""
    for p in PEOPLE:
        for r in p["roles"]:
            where = r["organisation"] if r.get("organisation") else r.get("country", p.get("country"))
            yield p, r, where


def _holders(code, offices, day):
    return [p["id"] for p, r, where in _roles()
            if where == code and r["office"] in offices and _day(r["from"]) <= day and (r["to"] is None or day < _day(r["to"]))]


# ── coverage ──────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("day", [date(2023, 1, 1), date(2024, 6, 1), date(2025, 6, 1), date(2025, 11, 1)])
def test_many_countries_have_a_leader_and_a_foreign_minister(day):
    covered = {code for code in ISO3
               if _holders(code, {"head_of_state", "head_of_government"}, day) and _holders(code, {"foreign_minister"}, day)}
    assert len(covered) >= 50, len(covered)


def test_the_countries_the_news_needs_are_covered_on_2025_06_01():
    day = date(2025, 6, 1)
    missing = [code for code in REQUIRED
               if not (_holders(code, {"head_of_state", "head_of_government"}, day) and _holders(code, {"foreign_minister"}, day))]
    assert missing == []


def test_heads_of_the_main_international_organisations():
    day = date(2025, 6, 1)
    expected = {"UN": "antonio-guterres", "NATO": "mark-rutte", "EC": "ursula-von-der-leyen", "IAEA": "rafael-grossi",
                "WHO": "tedros-adhanom-ghebreyesus", "IMF": "kristalina-georgieva", "EUCO": "antonio-costa"}
    for org, pid in expected.items():
        assert _holders(org, {"leader"}, day) == [pid], org
    assert _holders("NATO", {"leader"}, date(2024, 6, 1)) == ["jens-stoltenberg"]
    assert _holders("EU", {"foreign_minister"}, day) == ["kaja-kallas"]


def test_spokespeople_and_defence_ministers_of_the_main_powers():
    day = date(2025, 6, 1)
    for code in ("USA", "CHN", "JPN", "KOR", "PRK", "RUS"):
        assert _holders(code, {"defence_minister"}, day), code
    assert set(_holders("CHN", {"spokesperson"}, day)) >= {"mao-ning", "lin-jian", "guo-jiakun"}
    assert _holders("RUS", {"presidential_spokesperson"}, day) == ["dmitry-peskov"]
    assert _holders("RUS", {"spokesperson"}, day) == ["maria-zakharova"]
    assert _holders("USA", {"press_secretary"}, day) == ["karoline-leavitt"]
    assert _holders("JPN", {"chief_cabinet_secretary"}, day) == ["yoshimasa-hayashi"]


# ── consistency of people.json ────────────────────────────────────────────────
def test_ids_are_unique_lowercase_hyphenated_names():
    ids = [p["id"] for p in PEOPLE]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_no_two_people_share_a_name_or_alias():
    owner = {}
    for p in PEOPLE:
        for form in {p["name"], *p.get("aliases", [])}:
            assert owner.setdefault(form, p["id"]) == p["id"], f"{form!r}: {owner[form]} and {p['id']}"


def test_the_surname_is_part_of_a_name_form():
    for p in PEOPLE:
        surname = p.get("surname") or p["name"].split()[-1]
        assert any(surname in form for form in [p["name"], *p.get("aliases", [])]), p["id"]


def test_every_person_has_a_country_roles_and_a_plausible_wikidata_id():
    for p in PEOPLE:
        assert p["country"] in ISO3, p["id"]
        assert p["roles"], p["id"]
        if "wikidata" in p:
            assert re.fullmatch(r"Q[1-9]\d*", p["wikidata"]), p["id"]


def test_role_dates_are_iso_days_in_order():
    for p, r, _ in _roles():
        start, end = _day(r["from"]), _day(r["to"])
        assert end is None or start < end, (p["id"], r)
        assert start <= date(2026, 12, 31), (p["id"], r)


def test_every_role_is_in_a_known_country_or_organisation():
    for p, r, where in _roles():
        assert where in ISO3 or where in ORG_IDS, (p["id"], r)
        assert r["office"] in SINGLE_HOLDER | MULTI_HOLDER, (p["id"], r["office"])
        assert r.get("title"), p["id"]


def test_one_holder_at_a_time_except_acting_arrangements():
    spans = defaultdict(list)
    for p, r, where in _roles():
        if r["office"] in SINGLE_HOLDER:
            spans[(r["office"], where)].append((p["id"], r))
    clashes = []
    for (office, where), held in spans.items():
        for (a, ra), (b, rb) in combinations(held, 2):
            if ra.get("acting") or rb.get("acting"):
                continue
            start = max(_day(ra["from"]), _day(rb["from"]))
            end = min(_day(ra["to"]) or date.max, _day(rb["to"]) or date.max)
            if end - start > timedelta(days=1):
                clashes.append((office, where, a, b))
    assert clashes == []


def test_titles_name_offices_that_people_hold():
    offices = {r["office"] for _, r, _ in _roles()}
    for title, wanted in TITLE_OFFICES.items():
        assert set(wanted) & offices, title


# ── resolution on a date ──────────────────────────────────────────────────────
def _first(text, day):
    found = dictionary().find(text, day)
    return found[0].actor.id if found else None


@pytest.mark.parametrize("text, day, holder", [
    ("the Japanese Prime Minister", date(2025, 10, 20), "shigeru-ishiba"),
    ("the Japanese Prime Minister", date(2025, 10, 22), "sanae-takaichi"),
    ("the South Korean President", date(2025, 7, 1), "lee-jae-myung"),
    ("the South Korean President", date(2024, 6, 1), "yoon-suk-yeol"),
    ("Secretary of State", date(2025, 3, 1), "marco-rubio"),
    ("Secretary of State", date(2024, 3, 1), "antony-blinken"),
    ("the Indian Prime Minister", date(2025, 6, 1), "narendra-modi"),
    ("German Chancellor", date(2025, 6, 1), "friedrich-merz"),
    ("German Chancellor", date(2024, 6, 1), "olaf-scholz"),
    ("French President", date(2025, 6, 1), "emmanuel-macron"),
    ("the French Prime Minister", date(2025, 1, 15), "francois-bayrou"),
    ("British Foreign Secretary", date(2025, 10, 1), "yvette-cooper"),
    ("British Foreign Secretary", date(2024, 1, 10), "david-cameron"),
    ("the Chinese Foreign Minister", date(2023, 5, 1), "qin-gang"),
    ("the Chinese Foreign Minister", date(2023, 9, 1), "wang-yi"),
    ("Russian Defence Minister", date(2024, 6, 1), "andrei-belousov"),
    ("the Kremlin spokesman", date(2025, 6, 1), "dmitry-peskov"),
    ("the Russian foreign ministry spokeswoman", date(2025, 6, 1), "maria-zakharova"),
    ("White House press secretary", date(2025, 3, 1), "karoline-leavitt"),
    ("the Thai Prime Minister", date(2025, 7, 15), "phumtham-wechayachai"),
    ("the Thai Prime Minister", date(2025, 10, 1), "anutin-charnvirakul"),
    ("the Saudi Crown Prince", date(2025, 6, 1), "mohammed-bin-salman"),
    ("the Qatari Emir", date(2025, 6, 1), "tamim-bin-hamad"),
    ("Israeli Defence Minister", date(2024, 6, 1), "yoav-gallant"),
    ("Israeli Defence Minister", date(2025, 1, 1), "israel-katz"),
    ("the Iranian President", date(2024, 6, 10), "mohammad-mokhber"),
    ("the Syrian President", date(2024, 6, 1), "bashar-al-assad"),
    ("the Syrian President", date(2025, 3, 1), "ahmed-al-sharaa"),
    ("the Taiwanese President", date(2023, 6, 1), "tsai-ing-wen"),
    ("Pakistani army chief", date(2025, 5, 10), "asim-munir"),
    ("the North Korean leader", date(2025, 6, 1), "kim-jong-un"),
    ("Vietnamese General Secretary", date(2025, 6, 1), "to-lam"),
    ("the Canadian Prime Minister", date(2025, 2, 1), "justin-trudeau"),
    ("the Canadian Prime Minister", date(2025, 4, 1), "mark-carney"),
    ("the Polish President", date(2025, 9, 1), "karol-nawrocki"),
    ("the Ukrainian Prime Minister", date(2025, 8, 1), "yulia-svyrydenko"),
    ("Nigerian President", date(2024, 1, 1), "bola-tinubu"),
    ("the Egyptian Foreign Minister", date(2024, 8, 1), "badr-abdelatty"),
    ("China's top diplomat", date(2025, 6, 1), "wang-yi"),
    ("the Irish Taoiseach", date(2025, 6, 1), "micheal-martin"),
])
def test_a_title_resolves_to_the_holder_on_the_day(text, day, holder):
    assert _first(text, day) == holder


def test_organisation_heads_resolve_by_title_and_name():
    day = date(2025, 6, 1)
    found = dictionary().find("UN Secretary-General António Guterres and NATO Secretary General Mark Rutte spoke.", day)
    assert [(m.actor.id, m.how) for m in found if m.actor.kind == "person"] == [("antonio-guterres", "title"), ("mark-rutte", "title")]
    assert dictionary().person("antonio-guterres", day).role == "Secretary-General of the United Nations"
    assert dictionary().person("ursula-von-der-leyen", day).role == "President of the European Commission"


def test_suspended_and_acting_holders_are_reported_as_such():
    d = dictionary()
    assert d.person("yoon-suk-yeol", date(2025, 1, 10)).role == "President (suspended) of South Korea"
    assert d.person("yoon-suk-yeol", date(2025, 4, 5)).role is None
    assert d.person("han-duck-soo", date(2024, 12, 20)).role == "Acting President of South Korea"
    assert d.person("paetongtarn-shinawatra", date(2025, 7, 15)).role == "Prime Minister (suspended) of Thailand"


def test_a_later_surname_and_a_possessive_find_the_person():
    text = "Chinese Foreign Ministry spokesperson Guo Jiakun rejected the claim. Guo said Taiwan's Lai was to blame."
    found = [(m.text, m.actor.id) for m in dictionary().find(text, date(2025, 6, 1))]
    assert ("Guo", "guo-jiakun") in found
    assert ("Taiwan's Lai", "lai-ching-te") in found


# ── organisations ─────────────────────────────────────────────────────────────
def test_organisations_are_many_unique_and_typed():
    assert len(ORGS) >= 55
    assert len(ORG_IDS) == len(ORGS)
    assert {o["kind"] for o in ORGS} <= {"igo", "ngo", "armed_group", "alliance", "forum", "company"}
    assert {"UN", "UNSC", "UNGA", "UNHCR", "UNICEF", "WFP", "WHO", "IAEA", "ICC", "ICJ", "IMF", "WB", "ADB", "AIIB", "EU", "EC", "EP", "ASEAN",
            "AU", "ARAB_LEAGUE", "GCC", "OAS", "SCO", "BRICS", "QUAD", "AUKUS", "G7", "G20", "APEC", "OPEC", "OPEC_PLUS", "OECD", "WTO", "ICRC",
            "AMNESTY", "HRW", "MSF", "HAMAS", "HEZBOLLAH", "HOUTHIS", "TALIBAN", "ISIS", "AL_QAEDA", "AL_SHABAAB", "BOKO_HARAM", "WAGNER",
            "RSF", "NATO"} <= ORG_IDS


def test_organisation_names_are_unique_and_specific():
    owner = {}
    places = dictionary()._places
    for o in ORGS:
        for form in [o["name"], *o["aliases"]]:
            assert owner.setdefault(form, o["id"]) == o["id"], form
            assert form not in places, form
            assert len(form) >= 2 and form not in {"IS", "AU", "Amnesty", "Wagner", "quad"}, form
    by_id = {o["id"]: o for o in ORGS}
    assert {k: by_id[k].get("country") for k in ("HAMAS", "HEZBOLLAH", "HOUTHIS", "TALIBAN")} == {
        "HAMAS": "PSE", "HEZBOLLAH": "LBN", "HOUTHIS": "YEM", "TALIBAN": "AFG"}
    for o in ORGS:
        assert o.get("country") is None or o["country"] in ISO3


@pytest.mark.parametrize("text, ids", [
    ("Hamas and Hezbollah fired rockets; the Houthis and Islamic State claimed attacks.", ["HAMAS", "HEZBOLLAH", "HOUTHIS", "ISIS"]),
    ("The Pakistani Taliban attacked; the Taliban denied it.", ["TTP", "TALIBAN"]),
    ("The UN nuclear watchdog, the World Bank and the European Commission met.", ["IAEA", "WB", "EC"]),
    ("OPEC+ and Nato ministers met the Quad.", ["OPEC_PLUS", "NATO", "QUAD"]),
    ("He rode a quad bike. IS IT TRUE? Amnesty was offered.", []),
])
def test_organisations_are_found(text, ids):
    found = [m.actor.id for m in dictionary().find(text, date(2025, 6, 1)) if m.actor.kind == "organisation"]
    assert found == ids


# ── countries ─────────────────────────────────────────────────────────────────
def test_every_country_with_people_has_names_and_demonyms():
    for code in {p["country"] for p in PEOPLE} | {where for _, _, where in _roles() if where in ISO3}:
        entry = COUNTRIES.get(code)
        assert entry and entry["names"] and entry["demonyms"], code
        assert entry["metonyms"] or code not in REQUIRED or code == "SGP", code  # a city-state has no capital to stand for it


@pytest.mark.parametrize("form, code", [
    ("Japanese", "JPN"), ("Filipino", "PHL"), ("Filipinos", "PHL"), ("Philippine", "PHL"), ("Tokyo", "JPN"), ("Seoul", "KOR"),
    ("Pyongyang", "PRK"), ("Beijing", "CHN"), ("Moscow", "RUS"), ("the Kremlin", "RUS"), ("Kyiv", "UKR"), ("Kiev", "UKR"),
    ("Tehran", "IRN"), ("Jerusalem", "ISR"), ("New Delhi", "IND"), ("Islamabad", "PAK"), ("Canberra", "AUS"), ("Ottawa", "CAN"),
    ("Paris", "FRA"), ("the Elysee", "FRA"), ("Berlin", "DEU"), ("London", "GBR"), ("Downing Street", "GBR"), ("Taipei", "TWN"),
    ("Manila", "PHL"), ("Hanoi", "VNM"), ("Jakarta", "IDN"), ("Riyadh", "SAU"), ("Ankara", "TUR"), ("Cairo", "EGY"),
    ("Brasilia", "BRA"), ("Muscat", "OMN"), ("Bogota", "COL"), ("Khartoum", "SDN"), ("Emirati", "ARE"), ("Kuwaiti", "KWT"),
])
def test_demonyms_and_metonyms_name_the_country(form, code):
    found = dictionary().find(f"Officials in {form} said so.", date(2025, 6, 1))
    assert [(m.text, m.actor.id) for m in found] == [(form, code)]


def test_brussels_and_geneva_stand_for_no_country():
    assert dictionary().find("Officials in Brussels and Geneva said so.", date(2025, 6, 1)) == []


def test_broken_demonyms_are_listed():
    broken = {code: set(e.get("broken", [])) for code, e in COUNTRIES.items()}
    assert {"Japan ese"} <= broken["JPN"]
    assert {"Chin ese"} <= broken["CHN"]
    assert {"North Korea n"} <= broken["PRK"]
    assert {"South Korea n", "Korea n"} <= broken["KOR"]
    assert {"America n"} <= broken["USA"]
    assert {"Russia n"} <= broken["RUS"]
    assert {"Indonesia n"} <= broken["IDN"]
    assert {"Australia n"} <= broken["AUS"]
    for code, forms in broken.items():
        demonyms = set(COUNTRIES[code]["demonyms"]) | {"Korean"}
        for form in forms:
            assert "".join(form.rsplit(" ", 1)) in demonyms, (code, form)
            assert form.split(" ")[-1] not in {"is", "an", "in", "on", "as", "or", "a"}, (code, form)

