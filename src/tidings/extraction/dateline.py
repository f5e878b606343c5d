"""Datelines ("TOKYO (Kyodo) --", "Tokyo:") and wire credits ("(IANS)", "==Kyodo")."""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import load

_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Za-z.'\u2019-]*(?:\s[A-Z][A-Za-z.'\u2019-]*){0,3}?)
        (?:,\s*(?P<region>[A-Z][A-Za-z.']*(?:\s[A-Z][A-Za-z.']*){0,2}))?
        (?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?
        \s*(?:\((?P<wire>[A-Za-z][A-Za-z .&/-]{1,40})\))?
        \s*(?P<sep>--|\u2014|\u2013|:|-(?=\s))\s*""",
    re.X,
)


@lru_cache(maxsize=1)
def _wire_aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for agency in load("wires")["agencies"]:
        for alias in agency["aliases"]:
            table[alias.lower()] = agency["name"]
    return table


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(p.lower() for p in load("places")["places"])


@lru_cache(maxsize=1)
def _credit_pattern() -> re.Pattern[str]:
    names = sorted(_wire_aliases(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"""^[\(\[]?\s*(?:\u2014|\u2013|-{{1,2}}|={{1,2}})?\s*
             (?:with\s+inputs?\s+from\s+|source:\s*|courtesy:?\s*)?
             (?P<names>(?:{alt})(?:\s*(?:,|/|and|&)\s*(?:{alt}))*)
             \s*[\)\]]?\s*\.?$""",
        re.X | re.I,
    )


def wire_name(text: str) -> str | None:
    """Canonical agency name for a credit such as "Kyodo News", or None."""
    return _wire_aliases().get(text.strip().lower())


def wires_in(text: str) -> list[str]:
    """Every agency named in a short credit line, in order, without repeats."""
    found: list[str] = []
    for part in re.split(r"\s*(?:,|/|\band\b|&)\s*", text):
        name = wire_name(part)
        if name and name not in found:
            found.append(name)
    return found


def split_dateline(paragraph: str) -> tuple[str | None, list[str], str]:
    """(place, wires, rest): the dateline lifted off the start of the first paragraph."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, [], paragraph
    place = match.group("place").strip()
    wire = match.group("wire")
    wires = wires_in(wire) if wire else []
    if wire and not wires:
        return None, [], paragraph
    shouting = place.replace(" ", "").replace(".", "").isupper() and len(place) >= 3
    known = place.lower() in _places()
    sep = match.group("sep")
    if not (known or wires or (shouting and sep != ":")):
        if not (shouting and place.lower() in _places()):
            return None, [], paragraph
    rest = paragraph[match.end():]
    if not rest.strip() and len(paragraph) > 60:
        return None, [], paragraph
    return _place_case(place), wires, rest.lstrip()


def strip_wire_credit(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(paragraphs, wires): trailing credit lines like "(IANS)" removed and named."""
    wires: list[str] = []
    out = list(paragraphs)
    while out:
        last = out[-1].strip()
        match = _credit_pattern().match(last) if len(last) < 80 else None
        if match:
            wires = wires_in(match.group("names")) + [w for w in wires if w not in wires_in(match.group("names"))]
            out.pop()
            continue
        tail = re.search(r"\s*\((?P<name>[A-Za-z][A-Za-z ]{1,30})\)\s*$", last)
        if tail and wire_name(tail.group("name")):
            name = wire_name(tail.group("name"))
            if name not in wires:
                wires.insert(0, name)
            out[-1] = last[: tail.start()].rstrip()
        break
    return out, wires


def is_dateline_only(line: str) -> bool:
    """A line that holds nothing but a dateline, as some dumps put it on its own line."""
    place, wires, rest = split_dateline(line.strip())
    return place is not None and not rest.strip()


def _place_case(place: str) -> str:
    if place.isupper():
        small = {"of", "the", "and"}
        words = [w.capitalize() if w.lower() not in small else w.lower() for w in place.split()]
        return " ".join(words).replace("D.c.", "D.C.")
    return place
