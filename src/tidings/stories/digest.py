"""Digests of articles and stories: reading time, an extractive summary, key terms as tags,
and for a story (several articles about one happening) its most central headline and a
summary that covers what the articles say without repeating one sentence twice.

Plain heuristics over the standard library, fast enough for thousands of articles a
second: sentences are scored by position, overlap with the headline, names, numbers and
length; terms by frequency, headline and lead. Site furniture is recognised by the rules
in data/furniture.json plus a few of its own (captions, bylines, cross-links), wire
agencies by data/wires.json. Same input, same output, whatever the hash seed.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load
from ..sentences import split_sentences

WORDS_PER_MINUTE = 238

# A small English stop list: function words, reporting verbs and words every news story uses.
STOP_WORDS = frozenset("""
a about above across after again against all almost also although always am among an and another any
anyone are around as at away back be became because become been before being below between both but by
can cannot could did do does doing done down during each either else enough even ever every few for from
further get gets got had has have having he her here hers herself him himself his how however i if in
including into is it its itself just last least less let like made make many may me meanwhile might more
most much must my myself near nearly neither never new next no nor not now of off often on once one only
onto or other others our ours ourselves out over own per perhaps rather said same say saying says she
should since so some still such than that the their theirs them themselves then there these they this
those though through thus to told too toward towards under until up upon us very via was we well were
what whatever when where whether which while who whom whose why will with within without would yet you
your yours added according asked later earlier already two three four five first second third year years
week weeks day days time times today yesterday tomorrow percent cent mr mrs ms dr hundred thousand million
billion trillion
""".split())
MONTHS_AND_DAYS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())
# Dates only when capitalised: in lower case these are ordinary English ("sun", "sat", "wed").
_ABBREVIATED_DATES = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur "
                               "thurs fri sat sun".split())
# Roles around a name ("Prime Minister Sanae Takaichi"): a run of capitals is split at them and they go.
_ROLES = frozenset("""
president presidents minister ministers premier chancellor secretary governor senator sen rep representative
mayor ambassador envoy spokesperson spokesman spokeswoman chairman chairwoman chair ceo king queen prince
princess emperor pope sheikh gen lt col maj capt sgt adm admiral commander judge justice director attorney
commissioner dr mr mrs ms sir lord lady professor prof leader chief
""".split())
_ROLE_BEFORE = frozenset("""prime foreign defence defense finance trade economy economic interior home
external cabinet vice deputy former acting chief state top senior supreme opposition""".split())
_ROLE_AFTER = frozenset(["general", "designate", "elect"])  # "Secretary General", "President-elect"
_PARTICLES = frozenset("of de da del der van von bin al du la le".split())
_PRONOUNS = frozenset("he she it they this these that those his her its their we them him".split())

# Summary material is prose of a comfortable length, in words; later sentences are not scanned.
MIN_WORDS, BAND_LOW, BAND_HIGH = 7, 12, 45
SCAN_SENTENCES = 30
# Near-duplicates, as from outlets copying one wire: content-word Jaccard at least this.
DUPLICATE_JACCARD = 0.5

# Tokens are split at spaces, dashes and slashes, with punctuation trimmed off their edges
# (str.translate would be simpler, but it is slow on text with curly quotes).
_PUNCTUATION = string.punctuation + "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u2022\u00b7"
_DIGIT = re.compile(r"\d")
_QUOTED = re.compile(r"[\"\u201c][^\"\u201d]*[\"\u201d]")
_OPENING_QUOTES = "\"'\u201c\u2018"
_CAPITAL = r"[A-Z\u00c0-\u00d6\u00d8-\u00de][\w'\u2019-]*(?:\.[A-Z]\.?)*"
# A run of capitalised words, particles inside ("Bank of Japan"): one name or a few side by side.
_NAME_RUN = re.compile(rf"{_CAPITAL}(?: (?:(?:{'|'.join(sorted(_PARTICLES))}) )?{_CAPITAL})*")
_SENTENCE_START = ".!?:\n\"\u201c\u2018(\u2014\u2013"  # a capital after one of these may be only that
# A dateline left at the head of a paragraph: "Tokyo, Oct 28:", "SEOUL, Oct. 28 (Yonhap) --", "Tokyo:".
_DATELINE = re.compile(
    r"""(?P<place>[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*){0,3}?)
        (?:,\s*[A-Z][\w.']*(?:\s[A-Z][\w.']*){0,2}?)?
        (?P<date>,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?
        \s*(?P<wire>\([A-Za-z][A-Za-z .&/-]{1,40}\))?
        \s*(?P<sep>--|\u2014|\u2013|:|-(?=\s))\s*(?=[\"\u201c\u2018A-Z0-9])""",
    re.X,
)
# Furniture that may head a sentence of any length: captions, credits, cross-links, bylines.
_FURNITURE_HEAD = re.compile(
    r"""[\W_]*(?:(?:file\s+)?(?:photo|photograph|image|picture|video|caption|graphic|illustration)s?
        (?:\s+credit)?\s*[:|/\u2013\u2014-]
        |credits?\s*:|(?:also\s+read|read\s+(?:more|also|next)|see\s+also)\b
        |(?:related|watch|listen|more)\s*[:|\u2013\u2014-]
        |click\s+here|(?:with\s+)?inputs?\s+from\b|advertisement\b|(?:written|reported|edited)\s+by\b
        |by\s+(?-i:[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){1,3})(?:\s*[,|]|\s+and\s|\s*$))""",
    re.X | re.I,
)
# A caption ends on its credit: "... in Tokyo on Oct. 28. (AP Photo/Eugene Hoshiko)".
_CAPTION_CREDIT = re.compile(r"\((?:[^()]*\b)?(?:photo|photograph|image|picture)s?\b[^()]*\)\W*$", re.I)
_SHORT = 12  # the project's furniture lines (data/furniture.json) are tried on sentences up to this long


def reading_minutes(words: int) -> float:
    """Minutes to read `words` words at WORDS_PER_MINUTE, to 0.1; at least 0.1 when there is text."""
    if words <= 0:
        return 0.0
    return max(0.1, round(words / WORDS_PER_MINUTE, 1))


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article's text, with its character offsets in that text."""

    text: str
    start: int
    end: int


# --------------------------------------------------------------------------------- words


@lru_cache(maxsize=1)
def _furniture_line() -> re.Pattern[str]:
    rules = load("furniture")
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in rules["stops"] + rules["furniture"]) + r")\Z", re.I)


@lru_cache(maxsize=1)
def _wire_names() -> tuple[frozenset[str], frozenset[str]]:
    """The wire agencies' names and aliases in lower case, and the words in them."""
    names = set()
    for agency in load("wires")["agencies"]:
        names.add(agency["name"].lower())
        names.update(alias.lower() for alias in agency["aliases"])
    return frozenset(names), frozenset(w for name in names for w in name.split())


def _tokens(text: str) -> list[str]:
    text = text.replace("\u2014", " ").replace("\u2013", " ").replace("/", " ")
    return list(filter(None, [w.strip(_PUNCTUATION) for w in text.split()]))


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Lower case, possessive dropped, plural folded to singular: one key per word."""
    word = word.lower().replace("\u2019", "'").strip("'-.")
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _content(token: str) -> str:
    """The folded content word of a token; "" for stop words, dates and short words."""
    if token[0].isdigit():
        return token if len(token) > 1 else ""
    word = _fold(token)
    return word if len(word) > 2 and word not in STOP_WORDS and word not in MONTHS_AND_DAYS else ""


def _content_words(text: str) -> list[str]:
    """Folded content words (and numbers) of a text, in order."""
    return [w for w in map(_content, _tokens(text)) if w]


def _is_date_word(token: str) -> bool:
    lower = token.lower().rstrip(".")
    return lower in MONTHS_AND_DAYS or (token[0].isupper() and lower in _ABBREVIATED_DATES)


# ------------------------------------------------------------------------ what is prose


def _dateline_end(sentence: str) -> int:
    """Where a leftover dateline heading the sentence ends (0 when there is none)."""
    match = _DATELINE.match(sentence)
    if not match:
        return 0
    if match.group("sep") != ":" and not (match.group("place").isupper() or match.group("date")
                                          or match.group("wire")):
        return 0  # "Prime Minister Takaichi - who ..." is prose, not a dateline
    return match.end()


def _is_furniture(sentence: str, words: int) -> bool:
    """Captions, bylines, cross-links, site chrome and lines in capitals (a caption known by
    the credit ending its line is the caller's to find: the line may hold several sentences)."""
    if _FURNITURE_HEAD.match(sentence) or (sentence.isupper() and len(sentence) > 1):
        return True
    return words <= _SHORT and _furniture_line().match(sentence) is not None


def _is_question(sentence: str) -> bool:
    return sentence.rstrip("\"'\u201d\u2019)] ").endswith("?")


def _quotes_only(sentence: str) -> bool:
    """Mostly a quotation, or the opening of one that goes on into the next sentence."""
    if sentence[0] not in _OPENING_QUOTES:
        return False
    quoted = sum(len(m) for m in _QUOTED.findall(sentence))
    return quoted == 0 or quoted >= 0.6 * len(sentence)


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, start of its line) of every sentence; a line break always ends one."""
    out: list[tuple[int, int, int]] = []
    position = 0
    for sentence in split_sentences(text):
        found = text.find(sentence, position)
        if found < 0:  # cannot happen: sentences are substrings of the text
            continue
        position = found + len(sentence)
        pieces = sentence.split("\n") if "\n" in sentence else (sentence,)
        offset = found
        for piece in pieces:
            stripped = piece.strip()
            if stripped:
                start = offset + piece.index(stripped)
                out.append((start, start + len(stripped), text.rfind("\n", 0, start) + 1))
            offset += len(piece) + 1
    return out


# ----------------------------------------------------------------------------- summarize


@dataclass
class _Candidate:
    start: int
    end: int
    score: float
    pronoun: bool  # opens on a pronoun: needs the sentence before it
    previous: int | None  # index among candidates of the sentence just before, if it is one


def _length_score(words: int) -> float:
    if words < BAND_LOW:
        return (words - MIN_WORDS + 1) / (BAND_LOW - MIN_WORDS + 1)
    return 1.0 if words <= BAND_HIGH else BAND_HIGH / words


def _title_forms(title: str | None) -> dict[str, str]:
    """The headline's content words, each under the forms it may take in a sentence ("pact",
    "pacts", "pact's"), so that a sentence is matched with set operations alone."""
    forms: dict[str, str] = {}
    for word in filter(None, map(_content, _tokens((title or "").lower()))):
        plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
        for form in (word, plural, word + "es", word + "'s", word + "\u2019s"):
            forms.setdefault(form, word)
    return forms


def _sentence_score(sentence: str, spaced: list[str], lowered: list[str], rank: int,
                    title_forms: dict[str, str], title_size: int) -> float:
    """How much a sentence looks like the news, from its position, headline words, names,
    numbers or dates and length; a bare quotation scores less."""
    names = sum(map(str.istitle, spaced[1:])) + sum(map(str.isupper, spaced[1:]))
    dated = _DIGIT.search(sentence) is not None or not MONTHS_AND_DAYS.isdisjoint(lowered)
    overlap = 0.0
    if title_size:
        overlap = len({title_forms[f] for f in title_forms.keys() & set(lowered)}) / title_size
    score = (
        1.5 * (rank == 0)  # the first real sentence almost always carries the news
        + 1.5 / (1.0 + 0.5 * rank)
        + 1.5 * overlap
        + 0.4 * min(names, 3) / 3
        + 0.3 * dated
        + 0.6 * _length_score(len(spaced))
    )
    return score - 0.8 * _quotes_only(sentence)


def summarize(title: str | None, text: str, k: int = 3) -> list[Sentence]:
    """An extractive summary: at most k sentences that carry the news, in text order.

    A leftover dateline is cut off the sentence it heads; captions, bylines, cross-links,
    lines in capitals, questions and sentences under MIN_WORDS words are skipped. A text
    with nothing else gives its first short sentence of three words or more."""
    if k <= 0 or not text.strip():
        return []
    title_forms = _title_forms(title)
    title_size = len(set(title_forms.values()))
    candidates: list[_Candidate] = []
    fallback: tuple[int, int] | None = None
    previous_index = -2
    line_start, caption = -1, False
    for index, (start, end, line) in enumerate(_sentences(text)):
        if line != line_start:  # the first sentence of a line: a dateline may head it, a credit end it
            line_start = line
            line_end = text.find("\n", line)
            caption = _CAPTION_CREDIT.search(text, line, len(text) if line_end < 0 else line_end) is not None
            start += _dateline_end(text[start:end])
        if caption:
            continue
        sentence = text[start:end]
        spaced = sentence.split()
        words = len(spaced)
        if words < MIN_WORDS:
            if fallback is None and words >= 3 and not _is_question(sentence) and not _is_furniture(sentence, words):
                fallback = (start, end)
            continue
        if _is_question(sentence) or _is_furniture(sentence, words):
            continue
        lowered = _tokens(sentence.lower())
        if not lowered:
            continue
        score = _sentence_score(sentence, spaced, lowered, len(candidates), title_forms, title_size)
        pronoun = lowered[0] in _PRONOUNS
        previous = len(candidates) - 1 if previous_index == index - 1 else None
        candidates.append(_Candidate(start, end, score, pronoun, previous))
        previous_index = index
        if len(candidates) == SCAN_SENTENCES:
            break
    if not candidates:
        return [Sentence(text[fallback[0]:fallback[1]], *fallback)] if fallback else []
    chosen = _pick(candidates, k)
    return [Sentence(text[c.start:c.end], c.start, c.end) for i, c in enumerate(candidates) if i in chosen]


def _pick(candidates: list[_Candidate], k: int) -> set[int]:
    """Best first; a sentence opening on a pronoun is worth less while the sentence it leans
    on is not in the summary."""
    chosen: set[int] = set()
    by_score = sorted(range(len(candidates)), key=lambda i: (-round(candidates[i].score, 9), i))
    while len(chosen) < min(k, len(candidates)):
        best: tuple[float, int] | None = None
        for i in by_score:
            c = candidates[i]
            if i in chosen:
                continue
            if best is not None and -round(c.score, 9) > best[0]:
                break  # a penalty only lowers a score: nothing further down can do better
            dangling = c.pronoun and (c.previous is None or c.previous not in chosen)
            key = (-round(c.score - 0.6 * dangling, 9), i)
            if best is None or key < best:
                best = key
        chosen.add(best[1])
    return chosen


# ----------------------------------------------------------------------------- key terms


def _roles(run: list[str]) -> list[bool]:
    """Which words of a run of capitals are a role ("Chief Cabinet Secretary", "Secretary General")."""
    lower = [w.lower().rstrip(".") for w in run]
    role = [w in _ROLES for w in lower]
    for i in range(len(run) - 2, -1, -1):
        role[i] = role[i] or (lower[i] in _ROLE_BEFORE and role[i + 1])
    for i in range(1, len(run)):
        role[i] = role[i] or (lower[i] in _ROLE_AFTER and role[i - 1])
    return role


def _is_filler(word: str) -> bool:
    """A stop word or particle at the edge of a run ("The", "But"), though not an acronym ("US")."""
    return word in _PARTICLES or (word.lower() in STOP_WORDS and not (word.isupper() and len(word) > 1))


def _trim(part: list[str]) -> list[str]:
    start, end = 0, len(part)
    while start < end and _is_filler(part[start]):
        start += 1
    while end > start and _is_filler(part[end - 1]):
        end -= 1
    return part[start:end]


@lru_cache(maxsize=65536)
def _names_in_run(run: str, initial: bool) -> tuple[tuple[str, bool], ...]:
    """The names in a run of capitalised words, each with whether it is one word standing at
    the start of a sentence (capitalised perhaps only for that): "Japan's Foreign Ministry" ->
    Japan, Foreign Ministry; "US President Donald Trump" -> US, Donald Trump."""
    pieces: list[tuple[list[str], bool]] = [([], initial)]
    for token in run.split(" "):
        possessive = token.replace("\u2019", "'").endswith("'s")
        token = token[:-2] if possessive else token.rstrip("-'\u2019")
        if _is_date_word(token):
            pieces.append(([], False))
            continue
        pieces[-1][0].append(token)
        if possessive:
            pieces.append(([], False))
    out: list[tuple[str, bool]] = []
    for words, at_start in pieces:
        part: list[str] = []
        part_start = 0
        for i, (word, is_role) in enumerate(zip(words, _roles(words))):
            if not is_role:
                part_start = part_start if part else i
                part.append(word)
            if is_role or i == len(words) - 1:
                trimmed = _trim(part)
                if trimmed:
                    alone = at_start and part_start == 0 and len(part) == 1 and not part[0].isupper()
                    out.append((" ".join(trimmed), alone))
                part = []
    return tuple(out)


def _count_names(body: str) -> tuple[Counter, Counter, dict[str, int]]:
    """Names by how they are written, capitalised words seen only opening a sentence, and the
    order in which each first appears."""
    runs: Counter = Counter()
    for match in _NAME_RUN.finditer(body):
        start = match.start()
        before = body[start - 1] if start else "\n"
        if before == " ":
            before = body[start - 2] if start > 1 else "\n"
        elif before.isalnum():
            continue  # a capital inside a word ("iPhone")
        runs[match.group(), before in _SENTENCE_START] += 1
    names: Counter = Counter()
    openers: Counter = Counter()
    first: dict[str, int] = {}
    for order, ((run, initial), count) in enumerate(runs.items()):
        for surface, alone in _names_in_run(run, initial):
            (openers if alone else names)[surface] += count
            first.setdefault(surface, order)
    return names, openers, first


def _count_words(tokens: list[str]) -> tuple[dict[str, int], dict[str, list[str]], Counter]:
    """Common content words (folded) with their counts, the forms each is written in, and the
    count of every token."""
    counts = Counter(tokens)
    words: dict[str, int] = {}
    forms: dict[str, list[str]] = {}
    for token, count in counts.items():
        if token[0].islower():
            word = _content(token)
            if word:
                words[word] = words.get(word, 0) + count
                forms.setdefault(word, []).append(token)
    return words, forms, counts


def _resolve(names: Counter, openers: Counter, first: dict[str, int], words: dict[str, int],
             forms: dict[str, list[str]], counts: Counter, title: str) -> None:
    """Sentence openers are names when written so elsewhere (or in the title, never in lower
    case), else ordinary words. A short form ("Takaichi", "Xi") counts for the full name it
    begins or ends when there is just one and it came first ("Sanae Takaichi", "Xi Jinping"):
    "Japan" after "U.S. Forces Japan" would be a place of its own."""
    in_names = {w for key in names for w in key.split()}
    for key, count in openers.items():
        word = _content(key)
        if key in names or key in in_names or (word not in words and key in title):
            names[key] += count
        elif word:
            words[word] = words.get(word, 0) + count
            forms.setdefault(word, []).append(key.lower())
            counts[key.lower()] += count
    full: dict[str, list[str]] = {}
    for key in names:
        parts = key.split()
        if 1 < len(parts) <= 3 and not any(p in _PARTICLES for p in parts):
            for part in dict.fromkeys((parts[0], parts[-1])):
                full.setdefault(part, []).append(key)
    for key in [k for k in names if len(full.get(k, ())) == 1 and first[full[k][0]] <= first[k]]:
        names[full[key][0]] += names.pop(key)


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A name's words in lower case, and its folded words without particles."""
    return tuple(name.lower().split()), frozenset(_fold(w) for w in name.split() if w not in _PARTICLES)


def _blocked(words: tuple[str, ...], blocked: frozenset[str], blocked_words: frozenset[str]) -> bool:
    """Whether a name (its words in lower case) is or holds a blocked name ("Kyodo" in "Kyodo News")."""
    if blocked_words.isdisjoint(words):
        return False
    return any(" ".join(words[i:j]) in blocked
               for i in range(len(words)) for j in range(i + 1, min(len(words), i + 4) + 1))


def _form(word: str, forms: dict[str, list[str]], counts: Counter) -> str:
    """How a common word is mostly written: "minerals" rather than "mineral" if so."""
    form = min(forms[word], key=lambda t: (-counts[t], len(t), t))
    return form[:-2] if form.replace("\u2019", "'").endswith("'s") else form


def key_terms(title: str | None, text: str, k: int = 8, names: Iterable[str] = ()) -> list[str]:
    """Key terms as tags: names as written ("Sanae Takaichi", "APEC") and common content words
    in lower case, ranked by frequency, presence in the title and in the first paragraph.

    `names` (the outlet, say) are never returned; nor are wire agencies, months and weekdays.
    A single word inside a chosen multi-word name is not listed again."""
    if k <= 0:
        return []
    wires, wire_words = _wire_names()
    given = {" ".join(n.lower().split()) for n in ([names] if isinstance(names, str) else names or ())}
    given |= {n.removeprefix("the ") for n in given}
    given.discard("")
    frozen = wires | given
    blocked_words = wire_words.union(*(n.split() for n in given))
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        line = line[_dateline_end(line):]
        if line and not _is_furniture(line, len(line.split())) and not _CAPTION_CREDIT.search(line):
            lines.append(line)
    if not lines:
        return []
    body = "\n".join(lines)
    found, openers, first_seen = _count_names(body)
    words, forms, counts = _count_words(_tokens(body))
    _resolve(found, openers, first_seen, words, forms, counts, title or "")
    title_words = {_fold(w) for w in _tokens(title or "")}
    lead_words = {_fold(w) for w in _tokens(lines[0])}

    # (minus score, common word?, order of appearance, key): names first on equal scores
    ranked: list[tuple[float, bool, int, str]] = [
        (-(count + 2.0 * (key in title_words) + 1.0 * (key in lead_words)), True, first, key)
        for first, (key, count) in enumerate(words.items())
        if (count > 1 or key in title_words) and key not in frozen
    ]
    for key, count in found.items():
        lowered, folded = _name_words(key)
        if folded and not _blocked(lowered, frozen, blocked_words):
            score = count + 2.0 * (folded <= title_words) + 1.0 * (folded <= lead_words)
            ranked.append((-round(score * (1.5 if len(folded) > 1 else 1.3), 9), False, first_seen[key], key))
    ranked.sort()

    chosen: list[str] = []
    seen: set[str] = set()  # folded terms chosen so far ("Hydrogen" and "hydrogen" are one)
    inside: set[str] = set()  # folded words of the multi-word names chosen so far
    for _, common, _, key in ranked:
        folded = " ".join(_fold(w) for w in key.split())
        if folded in seen or (" " not in key and folded in inside):
            continue
        chosen.append(_form(key, forms, counts) if common else key)
        seen.add(folded)
        if " " in key:
            inside.update(folded.split())
        if len(chosen) == k:
            break
    return chosen


# ------------------------------------------------------------------------------- stories


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(n * large[w] for w, n in small.items() if w in large)
    return dot / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values())) if dot else 0.0


def centrality(texts: Sequence[str]) -> list[float]:
    """Each text's mean cosine similarity (content-word counts) to the others; one text -> [1.0]."""
    if len(texts) == 1:
        return [1.0]
    vectors = [Counter(_content_words(t or "")) for t in texts]
    totals = [0.0] * len(vectors)
    for i in range(len(vectors)):
        for j in range(i + 1, len(vectors)):
            similarity = _cosine(vectors[i], vectors[j])
            totals[i] += similarity
            totals[j] += similarity
    return [round(total / (len(vectors) - 1), 9) for total in totals]


def story_summary(articles: Sequence[tuple[str | None, str]], k: int = 3) -> list[tuple[int, Sentence]]:
    """A story summary from several articles (title, text): k sentences from the articles' own
    summaries that together cover the most content words, preferring central articles, never
    two near-duplicates. (article index, Sentence) pairs in the order picked, most informative
    first; ties go to the sentence text, then the article index."""
    if k <= 0 or not articles:
        return []
    leads = ("\n\n".join([p for p in text.split("\n\n") if p.strip()][:2]) for _, text in articles)
    weights = centrality([f"{title or ''}\n\n{lead}" for (title, _), lead in zip(articles, leads)])
    pool: list[tuple[int, int, Sentence, frozenset[str]]] = []
    for index, (title, text) in enumerate(articles):
        for rank, sentence in enumerate(summarize(title, text, max(k, 3))):
            pool.append((index, rank, sentence, frozenset(_content_words(sentence.text))))
    picked: list[tuple[int, Sentence, frozenset[str]]] = []
    covered: set[str] = set()
    while len(picked) < k:
        best = None
        for index, rank, sentence, words in pool:
            new = len(words - covered)
            if not new or any(len(words & other) >= DUPLICATE_JACCARD * len(words | other) for _, _, other in picked):
                continue
            value = round(new * (0.5 + weights[index]) / (1.0 + 0.25 * rank), 9)
            key = (-value, sentence.text, index, sentence.start)
            if best is None or key < best[0]:
                best = (key, index, sentence, words)
        if best is None:
            break
        picked.append(best[1:])
        covered |= best[3]
    return [(index, sentence) for index, sentence, _ in picked]


def story_title(titles: Sequence[str | None]) -> str | None:
    """The headline most like the others (centrality over the titles); ties: the shortest,
    then alphabetical. None when there is no title."""
    present = [t.strip() for t in titles if t and t.strip()]
    if not present:
        return None
    scores = centrality(present)
    return min(zip(scores, present), key=lambda item: (-item[0], len(item[1]), item[1]))[1]
