"""Document language: a cheap English test first, langdetect (restricted) only when needed."""

from __future__ import annotations

from . import regexcache

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
# langdetect mistakes short Russian for Bulgarian or Macedonian; only these are plausible here.
PLAUSIBLE = ("en", "ru", "uk", "de", "fr", "es", "it", "pl", "tr")


def detect(text: str, sample: int = 4000) -> str:
    """ISO 639-1 code of the dominant language, or ``und`` when there is no text."""
    chunk = text[:sample]
    words = regexcache.compile(r"\p{L}+").findall(chunk)
    if not words:
        return "und"
    need, hits = 0.08 * len(words), 0
    for w in words:  # English once 8% of the words are English function words (stop counting there)
        if w.lower() in _ENGLISH_FUNCTION_WORDS:
            hits += 1
            if hits >= need:
                return "en"
    return _langdetect(chunk)


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
