"""Sentence splitting for news prose, aware of common abbreviations and quotes."""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm rep sen gov pres st mt no vs etc inc corp ltd co jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m e.g i.e approx dept est fig""".split()
)
_BOUNDARY = re.compile(r"""([.!?\u2026]+["'\u201d\u2019)\]]*)\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])""")


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph or a whole body (paragraph breaks always split)."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            end = match.end(1)
            before = paragraph[start: match.start(1)].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            if match.group(1).startswith(".") and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
                continue
            sentence = paragraph[start:end].strip()
            if sentence:
                out.append(sentence)
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            out.append(tail)
    return out
