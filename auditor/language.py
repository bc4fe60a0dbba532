"""Document language: a cheap English test first, langdetect (restricted) only when needed."""

from __future__ import annotations

from functools import lru_cache

from . import regexcache
from .bytetext import ascii_stand_ins

_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "said",
        "his",
        "be",
        "are",
        "has",
        "have",
        "not",
        "this",
        "an",
        "but",
        "were",
        "which",
        "had",
        "its",
        "after",
        "will",
        "been",
        "their",
        "who",
        "they",
        "also",
        "would",
    ]
)
_FUNCTION_BYTES = frozenset(w.encode() for w in _ENGLISH_FUNCTION_WORDS)
_LETTERS = bytes(c if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))  # other bytes become spaces
# langdetect mistakes short Russian for Bulgarian or Macedonian; only these are plausible here.
PLAUSIBLE = ("en", "ru", "uk", "de", "fr", "es", "it", "pl", "tr")


def detect(text: str, sample: int = 4000) -> str:
    """ISO 639-1 code of the dominant language, or ``und`` when there is no text."""
    chunk = text[:sample]
    words = _letter_runs(chunk)
    if not words:
        return "und"
    # English once 8% of the words are English function words
    if sum(map(_FUNCTION_BYTES.__contains__, words)) >= 0.08 * len(words):
        return "en"
    return _langdetect(chunk)


def _letter_runs(chunk: str) -> list:
    """The ``\\p{L}+`` runs of ``chunk``, lowered, as bytes (with 'q' for each non-ASCII letter when that is cheaper)."""
    data = ascii_stand_ins(chunk, _letter_stand_in)
    if data is None:
        return [w.lower().encode("utf-8", "surrogatepass") for w in regexcache.compile(r"\p{L}+").findall(chunk)]
    return data.translate(_LETTERS).lower().split()


@lru_cache(maxsize=4096)
def _letter_stand_in(c: str) -> tuple[bytes, bytes]:
    """A non-ASCII letter becomes 'q' (in no function word, and no such letter lowers to one), anything else a space."""
    return c.encode("utf-8", "surrogatepass"), b"q" if regexcache.compile(r"\p{L}").match(c) else b" "


def _langdetect(chunk: str) -> str:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # deterministic
    try:
        for guess in detect_langs(chunk):
            if guess.lang in PLAUSIBLE:
                return guess.lang
    except LangDetectException:
        return "und"
    if regexcache.compile(r"\p{Cyrillic}").search(chunk):
        return "ru"
    return "und"
