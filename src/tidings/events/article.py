"""Coding whole articles: the events of every sentence, dated and placed.

For a batch of articles:
1. skip what cannot be coded yet (a language other than English), with a warning;
2. find every dictionary actor in each article's text once, dated to its publication day;
3. split the text into sentences with offsets and keep those that can hold an event (a
   trigger word and an actor, or a pronoun that may point to one), within size bounds;
4. parse the kept sentences of the whole batch with one nlp.pipe;
5. code each sentence (coder.py), then date each event (dating.py) and place it (where.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Iterable, Sequence

from ..actors import Mention
from ..records import Article
from ..settings import Options
from .actorindex import ActorIndex
from .coder import code_sentence
from .dating import Anchor, DateContext
from .lexicon import sentence_may_hold_event
from .records import EventMention
from .where import locate

CODER_VERSION = "events-1"
KINDS = ("person", "country", "organisation")
REFERRING = re.compile(r"\b(?:he|she|it|they|both|two|the (?:president|prime minister|premier|leader|country|government))\b", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"'])\s+(?=[\"\u201c'\u2018(]?[A-Z0-9])")


@dataclass
class CodedArticle:
    """What coding one article gave: its events, where its actors are named, and why not, if skipped."""

    article_id: str
    events: list[EventMention] = field(default_factory=list)
    actor_mentions: list[Mention] = field(default_factory=list)
    skipped: str | None = None
    warnings: list[str] = field(default_factory=list)
    sentences: int = 0  # sentences in the text
    parsed: int = 0  # sentences parsed (could hold an event)


@dataclass(frozen=True)
class _Sentence:
    article: int  # index in the batch
    number: int  # 0-based sentence number in the article
    start: int
    end: int
    text: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a body, in characters; paragraphs always split."""
    from ..sentences import split_sentences

    spans = []
    cursor = 0
    for sentence in split_sentences(text):
        start = text.find(sentence, cursor)
        if start == -1:  # the splitter normalised something; fall back to a looser search
            start = text.find(sentence[:40], cursor)
            if start == -1:
                continue
        end = start + len(sentence)
        spans.append((start, end))
        cursor = end
    return spans


def _home(dateline: str | None) -> str | None:
    """The country a dateline names ("Seoul" -> KOR), when it is a capital or a country."""
    if not dateline:
        return None
    from ..actors import dictionary

    forms = dictionary().country_forms
    return forms.get(dateline) or forms.get(dateline.title())


def _anchor(article: Article) -> Anchor:
    if article.published:
        try:
            return Anchor(date.fromisoformat(article.published[:10]), "published")
        except ValueError:
            pass
    if article.reference_time:
        try:
            return Anchor(datetime.fromisoformat(article.reference_time.replace("Z", "+00:00")).date(), "fetched")
        except ValueError:
            pass
    return Anchor(None, "unknown")


def code_articles(articles: Sequence[Article], options: Options) -> list[CodedArticle]:
    """Events of each article (one CodedArticle per input, in order)."""
    from ..nlp import pipeline

    results = [CodedArticle(a.id) for a in articles]
    indexes: list[ActorIndex | None] = [None] * len(articles)
    work: list[_Sentence] = []
    for i, article in enumerate(articles):
        result = results[i]
        if article.language and article.language != "en":
            result.skipped = f"language {article.language}"
            result.warnings.append(f"not coded: the text is in '{article.language}', and only English is supported for now")
            continue
        text = article.text
        if len(text) > options.max_event_chars:
            result.warnings.append(f"only the first {options.max_event_chars} characters were coded (the text has {len(text)})")
            text = text[: options.max_event_chars]
        result.warnings.extend(_garbled(text))
        anchor = _anchor(article)
        index = ActorIndex(text, anchor.day, home=_home(article.dateline))
        indexes[i] = index
        result.actor_mentions = index.mentions
        spans = sentence_spans(text)
        result.sentences = len(spans)
        long = 0
        for n, (start, end) in enumerate(spans):
            sentence = text[start:end]
            if len(sentence.split()) > options.max_sentence_words:
                long += 1
                continue
            if not sentence_may_hold_event(sentence):
                continue
            if not index.within(start, end) and not (REFERRING.search(sentence) and index.before(start, KINDS, 600)):
                continue  # no actor here, and none just before for a pronoun to point to
            work.append(_Sentence(i, n, start, end, sentence))
        if long:
            result.warnings.append(f"{long} sentence(s) longer than {options.max_sentence_words} words were not coded")
    if not work:
        return results
    nlp = pipeline(options.spacy_model)
    contexts = {i: DateContext(_anchor(a), articles[i].dateline) for i, a in enumerate(articles) if indexes[i] is not None}
    for item, doc in zip(work, nlp.pipe((w.text for w in work), batch_size=options.nlp_batch)):
        article = articles[item.article]
        result = results[item.article]
        result.parsed += 1
        index = indexes[item.article]
        context = contexts[item.article]
        sent = doc[:]
        coded = code_sentence(sent, index, article=article.id, offset=item.start)
        context.new_sentence(item.number, doc, item.start)
        for c in coded:
            when = context.date(c, doc)
            place, place_from = locate(doc, c, index, item.start, article.dateline)
            mention = replace(c.mention, date=when.date if when else None, date_precision=when.precision if when else None,
                              date_from=when.how if when else "unknown: no time expression and no anchor",
                              location=place, location_from=place_from)
            result.events.append(mention)
    return results


def code_sentences(sentences: Sequence[str], options: Options | str | None = None, day: date | None = None) -> list[list[EventMention]]:
    """Events of each sentence on its own (one list per input; evidence.line counts from 1).
    `day` anchors relative times ("on Tuesday") and decides who held an office; without it
    only self-contained dates resolve."""
    from ..nlp import pipeline

    if not isinstance(options, Options):
        options = Options.from_env(spacy_model=options) if options else Options.from_env()
    nlp = pipeline(options.spacy_model)
    anchor = Anchor(day, "given date") if day else Anchor(None, "unknown")
    out: list[list[EventMention]] = []
    for line, doc in enumerate(nlp.pipe((s[: options.max_event_chars] for s in sentences), batch_size=options.nlp_batch), start=1):
        if len(doc) > options.max_sentence_words * 2:
            out.append([])
            continue
        index = ActorIndex(doc.text, day)
        context = DateContext(anchor)
        context.new_sentence(0, doc, 0)
        found = []
        for coded in code_sentence(doc[:], index, line=line):
            when = context.date(coded, doc)
            place, place_from = locate(doc, coded, index, 0, None)
            found.append(replace(coded.mention, date=when.date if when else None,
                                 date_precision=when.precision if when else None,
                                 date_from=when.how if when else "unknown: no time expression and no anchor",
                                 location=place, location_from=place_from))
        out.append(found)
    return out


def code_article(article: Article, options: Options | None = None) -> CodedArticle:
    """Events of one article."""
    return code_articles([article], options or Options.from_env())[0]


@lru_cache(maxsize=1)
def _garbled_pattern() -> re.Pattern[str]:
    """Demonyms split after their country's name ('Japan ese', 'North Korea n'), as a broken
    scrape leaves them: built from the dictionary's names and demonyms."""
    from ..actors import dictionary

    d = dictionary()
    forms = set()
    for demonym, code in d.demonyms.items():
        for name, other in d.country_forms.items():
            if other == code and demonym.startswith(name) and len(demonym) > len(name) and demonym[len(name)].islower():
                forms.add(f"{name} {demonym[len(name):]}")
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")


def _garbled(text: str) -> list[str]:
    """A warning for words split by a broken scrape ('Japan ese', 'North Korea n')."""
    found = _garbled_pattern().findall(text)
    if not found:
        return []
    sample = ", ".join(sorted({f"'{f}'" for f in found})[:3])
    return [f"{len(found)} split word(s) such as {sample}: read as the country they start with"]


def iter_events(coded: Iterable[CodedArticle]) -> Iterable[EventMention]:
    for c in coded:
        yield from c.events
