"""The event lexicon (data/event_lexicon.json) and its look-ups on parsed tokens.

A spec names a PLOVER type and mode ("ASSAULT/aerial"), or "-" for "no event here". A verb
entry can depend on its particle, object, preposition or subject; light-verb pairs ("lift
sanctions") override both the verb and its object; support verbs ("carry out an attack")
take the type of their object noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from ..resources import load


@dataclass(frozen=True)
class Spec:
    type: str  # a PLOVER type, or "-" for "no event"
    mode: str | None = None

    @property
    def is_event(self) -> bool:
        return self.type != "-"


NO_EVENT = Spec("-")
# Conflictual types: what a promise of these is a threat of.
CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "PROTEST", "MOBILIZE", "ACCUSE", "REJECT"})


def parse_spec(raw: str) -> Spec:
    if raw == "-":
        return NO_EVENT
    kind, _, mode = raw.partition("/")
    return Spec(kind, mode or None)


def _entry(raw: Any) -> Any:
    if isinstance(raw, str):
        return parse_spec(raw)
    return {key: _entry(value) for key, value in raw.items()}


class Lexicon:
    """Look-ups over the lexicon data; every method takes spaCy tokens or lemmas."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.classes: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data["classes"].items()}
        self.verbs = {k: _entry(v) for k, v in data["verbs"].items()}
        self.nouns = {k: _entry(v) for k, v in data["nouns"].items()}
        self.support = frozenset(data["support"])
        self.light = {verb: {noun: parse_spec(s) for noun, s in pairs.items()} for verb, pairs in data["light"].items()}
        self.control: dict[str, str] = dict(data["control"])
        self.future = {k: parse_spec(v) for k, v in data["future"].items()}
        self.future_conflict = {k: parse_spec(v) for k, v in data["future_conflict"].items()}
        self.reporting = frozenset(data["reporting"])
        self.adjectives = {k: parse_spec(v) for k, v in data.get("adjectives", {}).items()}
        self.words = self._surface_words()
        # every verb the lexicon names in any role, to check the lemmatizer's output against
        self.known = frozenset(self.verbs) | frozenset(self.control) | self.reporting | self.support | frozenset(self.light)

    # ── matching keys ────────────────────────────────────────────────────────
    def in_class(self, lemma: str, name: str) -> bool:
        return lemma in self.classes.get(name, ())

    def _key_matches(self, key: str, word: str) -> bool:
        return self.in_class(word, key[1:]) if key.startswith("@") else key == word

    def resolve(self, entry: Any, *, particle: str | None = None, obj: list[str] | None = None,
                preps: list[str] | None = None, subj: str | None = None,
                is_person: Callable[[], bool] | None = None,
                is_country: Callable[[], bool] | None = None) -> tuple[Spec | None, str]:
        """(the spec an entry gives in this context, which key gave it); (None, "") when no
        key applies. The key is "obj" when the object decided, so that the caller knows the
        object names the event rather than its recipient."""
        if isinstance(entry, Spec):
            return entry, "*"
        if particle and f"prt:{particle}" in entry:
            sub = entry[f"prt:{particle}"]
            if isinstance(sub, Spec):
                return sub, "prt"
            return self.resolve(sub, obj=obj, preps=preps, subj=subj, is_person=is_person, is_country=is_country)
        for word in obj or ():  # exact words first, then classes, then any object at all
            if f"obj:{word}" in entry:
                return entry[f"obj:{word}"], "obj"
        for word in obj or ():
            for key, spec in entry.items():
                if key.startswith("obj:@"):
                    target = key[4:]
                    if target == "@person":
                        if is_person is not None and is_person():
                            return spec, "person"
                        continue
                    if target == "@country":
                        if is_country is not None and is_country():
                            return spec, "person"
                        continue
                    if self._key_matches(target, word):
                        return spec, "obj"
        if obj and "obj:*" in entry:
            return entry["obj:*"], "any-obj"
        for word in preps or ():
            if f"prep:{word}" in entry:
                return entry[f"prep:{word}"], "prep"
        if subj:
            for key, spec in entry.items():
                if key.startswith("subj:") and self._key_matches(key[5:], subj):
                    return spec, "subj"
        return entry.get("*"), "*"

    def light_pair(self, verb: str, nouns: list[str]) -> Spec | None:
        pairs = self.light.get(verb)
        if not pairs:
            return None
        for noun in nouns:
            if noun in pairs:
                return pairs[noun]
        for noun in nouns:
            for key, spec in pairs.items():
                if key.startswith("@") and self.in_class(noun, key[1:]):
                    return spec
        return None

    # ── a cheap pre-filter: can this sentence hold an event at all? ─────────
    def _surface_words(self) -> frozenset[str]:
        stems = set(self.verbs) | set(self.nouns) | set(self.light) | {w for w in self.control if " " not in w}
        for pairs in self.light.values():
            stems.update(k for k in pairs if not k.startswith("@"))
        return frozenset(s for s in stems if " " not in s)

    @lru_cache(maxsize=50_000)
    def may_trigger(self, word: str) -> bool:
        """True when a lowercase word could be an inflection of a lexicon entry."""
        if word in self.words or word in IRREGULAR:
            return True
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix):
                base = word[: len(word) - len(suffix)] + repl
                if base in self.words:
                    return True
        return False


# Irregular forms of lexicon verbs, which no suffix rule reaches.
IRREGULAR = frozenset(
    "met held sought struck fought brought took taken gave given sent told said spoke spoken shot froze frozen "
    "began begun undertook undertaken forgave forgiven withdrew withdrawn stood led lent cut put set shut hit "
    "made paid laid left quit bore borne rode drove went gone saw seen kept won beat beaten swore sworn "
    "sank sunk stole stolen flew flown arose arisen".split()
)
_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("ying", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""),
    ("es", ""), ("s", ""), ("ment", ""), ("ments", ""), ("ation", "e"), ("ations", "e"), ("ion", "e"), ("ions", "e"),
    ("ion", ""), ("ions", ""), ("al", ""), ("als", ""), ("er", "e"), ("ers", "e"),
)
WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shared lexicon, loaded once."""
    return Lexicon(load("event_lexicon"))


def sentence_may_hold_event(text: str) -> bool:
    """Cheap test on raw text, before any parsing: does a word look like a trigger?"""
    lex = lexicon()
    for match in WORD.finditer(text):
        word = match.group(0).lower()
        if lex.may_trigger(word):
            return True
        if "-" in word and any(lex.may_trigger(part) for part in word.split("-") if part):
            return True
    return False
