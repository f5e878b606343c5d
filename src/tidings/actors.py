"""The actor dictionary: countries, organisations and office holders, found in text.

Countries come from ISO 3166 (pycountry) plus our own names, demonyms and metonyms
("Tokyo", "the White House"); people carry their offices with date ranges, so that
"the Japanese Prime Minister" resolves to whoever held the office on the article's date,
and a later "Takaichi said" to the same person as "Sanae Takaichi" earlier on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .resources import load

# Surnames that are also everyday English words never resolve without a first name.
COMMON_WORDS = frozenset("""may king bush rice brown black white green young long little sharp strong rich hope
will gates page love price rose bird bell hill wood stone moon sun day march miller baker cook""".split())

TITLE_OFFICES = {
    "president": ("head_of_state",),
    "acting president": ("head_of_state",),
    "emperor": ("head_of_state",),
    "king": ("head_of_state",),
    "prime minister": ("head_of_government",),
    "pm": ("head_of_government",),
    "premier": ("head_of_government",),
    "chancellor": ("head_of_government",),
    "leader": ("supreme_leader", "head_of_state", "head_of_government"),
    "supreme leader": ("supreme_leader",),
    "foreign minister": ("foreign_minister",),
    "foreign secretary": ("foreign_minister",),
    "secretary of state": ("foreign_minister",),
    "external affairs minister": ("foreign_minister",),
    "vice president": ("vice_president",),
    "defense secretary": ("defence_minister",),
    "defence secretary": ("defence_minister",),
    "defense minister": ("defence_minister",),
    "defence minister": ("defence_minister",),
    "chief cabinet secretary": ("chief_cabinet_secretary",),
    "foreign ministry spokesman": ("spokesperson",),
    "foreign ministry spokeswoman": ("spokesperson",),
    "foreign ministry spokesperson": ("spokesperson",),
    # added with the 2023-2026 dictionary (people.json lists the offices)
    "queen": ("head_of_state",),
    "emir": ("head_of_state",),
    "sultan": ("head_of_state",),
    "taoiseach": ("head_of_government",),
    "chief adviser": ("head_of_government",),
    "crown prince": ("crown_prince",),
    "general secretary": ("party_leader",),
    "secretary-general": ("leader",),
    "secretary general": ("leader",),
    "director-general": ("leader",),
    "director general": ("leader",),
    "top diplomat": ("foreign_minister",),
    "foreign affairs minister": ("foreign_minister",),
    "minister of foreign affairs": ("foreign_minister",),
    "secretary of defense": ("defence_minister",),
    "war secretary": ("defence_minister",),
    "secretary of war": ("defence_minister",),
    "armed forces minister": ("defence_minister",),
    "national security adviser": ("national_security_adviser",),
    "national security advisor": ("national_security_adviser",),
    "press secretary": ("press_secretary",),
    "spokesman": ("presidential_spokesperson", "spokesperson"),
    "spokeswoman": ("presidential_spokesperson", "spokesperson"),
    "spokesperson": ("presidential_spokesperson", "spokesperson"),
    "un ambassador": ("un_ambassador",),
    "u.n. ambassador": ("un_ambassador",),
    "ambassador to the un": ("un_ambassador",),
    "ambassador to the united nations": ("un_ambassador",),
    "special envoy": ("special_envoy",),
    "vice premier": ("vice_premier",),
    "treasury secretary": ("finance_minister",),
    "finance minister": ("finance_minister",),
    "trade representative": ("trade_representative",),
    "army chief": ("military_chief",),
    "chief of the general staff": ("military_chief",),
}


@dataclass(frozen=True)
class Actor:
    id: str  # "JPN", "UN", "sanae-takaichi"
    name: str
    kind: str  # "country", "organisation", "person"
    country: str | None = None
    role: str | None = None  # the office held on the date asked about
    wikidata: str | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    actor: Actor
    how: str  # "name", "title", "surname", "country", "organisation"


@dataclass(frozen=True)
class _Role:
    office: str
    title: str
    country: str | None
    start: date
    end: date | None

    def holds(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class _Person:
    id: str
    name: str
    surname: str
    country: str | None
    wikidata: str | None
    roles: tuple[_Role, ...]
    forms: tuple[str, ...]

    def role_on(self, day: date | None) -> _Role | None:
        if day is None:
            return None
        return next((r for r in self.roles if r.holds(day)), None)


class ActorDictionary:
    """All actors tidings knows, and a finder for their mentions in text."""

    def __init__(self) -> None:
        self.countries: dict[str, Actor] = {}
        self.country_forms: dict[str, str] = {}  # surface form -> ISO alpha-3
        self.demonyms: dict[str, str] = {}
        self.organisations: dict[str, Actor] = {}
        self.org_forms: dict[str, str] = {}
        self.people: dict[str, _Person] = {}
        self._load_countries()
        self._load_organisations()
        self._load_people()
        self._build_patterns()

    # ── loading ──────────────────────────────────────────────────────────────
    def _load_countries(self) -> None:
        import pycountry

        extra = {k: v for k, v in load("countries").items() if not k.startswith("_")}
        for country in pycountry.countries:
            code = country.alpha_3
            name = getattr(country, "common_name", None) or country.name
            info = extra.get(code, {})
            display = info.get("names", [name])[0]
            self.countries[code] = Actor(code, display, "country", country=code)
            for form in {country.name, name, *info.get("names", [])}:
                if "," not in form:
                    self.country_forms.setdefault(form, code)
            for form in info.get("metonyms", []):
                self.country_forms.setdefault(form, code)
            for form in info.get("demonyms", []):
                self.demonyms.setdefault(form, code)
        if "TWN" not in self.countries:
            self.countries["TWN"] = Actor("TWN", "Taiwan", "country", country="TWN")

    def _load_organisations(self) -> None:
        for org in load("organisations")["organisations"]:
            actor = Actor(org["id"], org["name"], "organisation", country=org.get("country"))
            self.organisations[org["id"]] = actor
            for form in [org["name"], *org.get("aliases", [])]:
                self.org_forms[form] = org["id"]

    def _load_people(self) -> None:
        for p in load("people")["people"]:
            roles = tuple(
                _Role(r["office"], r["title"], r.get("country", p.get("country")) if not r.get("organisation") else r["organisation"],
                      date.fromisoformat(r["from"]), date.fromisoformat(r["to"]) if r.get("to") else None)
                for r in p["roles"]
            )
            surname = p.get("surname") or p["name"].split()[-1]
            forms = tuple(dict.fromkeys([p["name"], *p.get("aliases", [])]))
            self.people[p["id"]] = _Person(p["id"], p["name"], surname, p.get("country"), p.get("wikidata"), roles, forms)

    def _build_patterns(self) -> None:
        alternation = trie_alternation

        person_forms = {f: pid for pid, p in self.people.items() for f in p.forms}
        self._person_forms = person_forms
        self._names = re.compile(rf"(?<![\w.])(?:{alternation(person_forms)})(?![\w])")
        places = {**self.country_forms, **{d: c for d, c in self.demonyms.items()}}
        self._places = places
        self._countries = re.compile(rf"(?<![\w.])(?:{alternation(places)})(?:'s|\u2019s)?(?![\w])")
        self._orgs = re.compile(rf"(?<![\w.])(?:{alternation(self.org_forms)})(?![\w])")
        titles = alternation(list(TITLE_OFFICES))
        self._titled = re.compile(
            rf"(?<![\w])(?:(?P<place>{alternation(places)})(?:'s|\u2019s)?\s+)?(?:(?:new|former|then)\s+)?(?P<title>(?i:{titles}))"
            rf"(?:\s+(?P<surname>[A-Z][\w'\u2019-]+(?:\s[A-Z][\w'\u2019-]+){{0,2}}))?"
        )

        self._possessive = re.compile(
            rf"(?<![\w])(?P<place>{alternation(self.country_forms)})(?:'s|\u2019s)\s+(?P<surname>{alternation(p.surname for p in self.people.values())})(?![\w])"
        )

        # Surnames only one person in the dictionary has ("Takaichi", "Zelensky"; not "Lee" or
        # "Kim"), and that are no English word, resolve on their own.
        counts: dict[str, int] = {}
        for p in self.people.values():
            counts[p.surname] = counts.get(p.surname, 0) + 1
        lone = {p.surname: pid for pid, p in self.people.items()
                if counts[p.surname] == 1 and p.surname[:1].isupper() and len(p.surname) >= 2
                and p.surname.lower() not in COMMON_WORDS and p.surname not in self._places}
        self._lone_surname_ids = lone
        self._lone_surnames = re.compile(rf"(?<![\w.])(?:{alternation(lone)})(?![\w])") if lone else re.compile(r"(?!x)x")

    def _recent(self, pid: str, day: date | None) -> bool:
        """Did the person hold an office within two years before the day (or is no day given)?"""
        if day is None:
            return True
        for r in self.people[pid].roles:
            if r.start <= day and (r.end is None or (day - r.end).days <= 730):
                return True
        return False

    # ── lookups ──────────────────────────────────────────────────────────────
    def person(self, person_id: str, day: date | None = None) -> Actor:
        p = self.people[person_id]
        role = p.role_on(day)
        title = None
        if role:
            where = self.countries.get(role.country) if role.country in self.countries else self.organisations.get(role.country or "")
            title = f"{role.title} of {_with_article(where.name)}" if where else role.title
        return Actor(p.id, p.name, "person", country=p.country, role=title, wikidata=p.wikidata)

    def holder(self, country: str, title: str, day: date | None) -> str | None:
        """Who held the office a title names in a country on a day (None if unknown)."""
        if day is None:
            return None
        offices = TITLE_OFFICES.get(title.lower())
        if not offices:
            return None
        for office in offices:
            for pid, p in self.people.items():
                for r in p.roles:
                    if r.office == office and r.country == country and r.holds(day):
                        return pid
        return None

    def find(self, text: str, day: date | None = None) -> list[Mention]:
        """Every actor mention in text, left to right, longest first where they overlap."""
        found: list[Mention] = []
        for m in self._names.finditer(text):
            pid = self._person_forms[m.group(0)]
            found.append(Mention(m.start(), m.end(), m.group(0), self.person(pid, day), "name"))
        seen = {x.actor.id for x in found}
        for m in self._titled.finditer(text):
            mention = self._titled_mention(m, day, seen)
            if mention:
                found.append(mention)
                seen.add(mention.actor.id)
        for m in self._possessive.finditer(text):
            code = self._places[m.group("place")]
            pid = next((pid for pid, p in self.people.items() if p.surname == m.group("surname") and p.country == code), None)
            if pid:
                found.append(Mention(m.start(), m.end(), m.group(0), self.person(pid, day), "title"))
                seen.add(pid)
        surnames = {self.people[pid].surname: pid for pid in seen if pid in self.people}
        for m in self._lone_surnames.finditer(text):  # "Takaichi said", with no full name before
            pid = self._lone_surname_ids[m.group(0)]
            if pid not in seen and self._recent(pid, day):
                found.append(Mention(m.start(), m.end(), m.group(0), self.person(pid, day), "surname"))
        if surnames:
            pattern = re.compile(rf"(?<![\w])(?:{'|'.join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))})(?![\w])")
            for m in pattern.finditer(text):
                pid = surnames[m.group(0)]
                found.append(Mention(m.start(), m.end(), m.group(0), self.person(pid, day), "surname"))
        for m in self._orgs.finditer(text):
            oid = self.org_forms[m.group(0)]
            found.append(Mention(m.start(), m.end(), m.group(0), self.organisations[oid], "organisation"))
        for m in self._countries.finditer(text):
            form = re.sub(r"('s|\u2019s)$", "", m.group(0))
            code = self._places[form]
            found.append(Mention(m.start(), m.start() + len(form), form, self.countries[code], "country"))
        return _longest_first(found)

    def _titled_mention(self, m: re.Match[str], day: date | None, seen: set[str]) -> Mention | None:
        title, place, surname = m.group("title"), m.group("place"), m.group("surname")
        if not surname and re.search(r"(?:^|\s)(?:an?|any|every|each|no|former|late|then|past|future|next)\s+$", m.string[max(0, m.start() - 10): m.start()], re.I):
            return None  # "a North Korean leader", "the then president": not the holder on the day
        country = self._places.get(place) if place else None
        if surname:
            for pid, p in self.people.items():
                if p.surname == surname or p.name.endswith(surname):
                    if country and p.country != country:
                        continue
                    role = p.role_on(day)
                    if day is None or (role and TITLE_OFFICES.get(title.lower(), ("",))[0] == role.office) or pid in seen:
                        return Mention(m.start(), m.end(), m.group(0), self.person(pid, day), "title")
            return None
        if country:
            pid = self.holder(country, title, day)
            if pid:
                return Mention(m.start(), m.end(), m.group(0), self.person(pid, day), "title")
        elif title.lower() == "secretary of state":
            pid = self.holder("USA", title, day)
            if pid:
                return Mention(m.start(), m.end(), m.group(0), self.person(pid, day), "title")
        return None


def trie_alternation(forms) -> str:
    """A regex alternation of literal strings, factored by common prefixes ('Kim Jong Un|Kim
    Yo Jong' becomes 'Kim\\ (?:Jong\\ Un|Yo\\ Jong)'), so that the engine tries each
    starting letter once instead of every form; longer forms win as in a longest-first list."""
    trie: dict = {}
    for form in set(forms):
        if not form:
            continue
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        ends = "" in node
        branches = sorted((k for k in node if k), key=lambda k: -_depth(node[k]))
        parts = [re.escape(ch) + emit(node[ch]) for ch in branches]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie) or "(?!x)x"


def _depth(node: dict) -> int:
    """The longest string below a trie node (longer branches are tried first)."""
    return max((1 + _depth(child) for key, child in node.items() if key), default=0)


def _with_article(name: str) -> str:
    """'the United States', 'the Philippines', but 'Japan'."""
    takes_the = ("United ", "Philippines", "Netherlands", "Czech Republic", "Bahamas", "Gambia", "Maldives",
                 "Central African", "Dominican Republic", "Democratic Republic", "Republic of", "European ", "Holy See")
    return f"the {name}" if name.startswith(takes_the) else name


def _longest_first(mentions: list[Mention]) -> list[Mention]:
    """Drop a mention that lies inside a longer one; order by position."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda x: (x.start, -(x.end - x.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


@lru_cache(maxsize=1)
def dictionary() -> ActorDictionary:
    """The shared dictionary, built once on first use."""
    return ActorDictionary()
