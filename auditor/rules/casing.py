"""Case helpers for suggestions: keep the capitalisation of the text being replaced."""

from __future__ import annotations

SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "the",
        "to",
        "up",
        "via",
        "with",
    ]
)


def preserve_case(original: str, replacement: str) -> str:
    """Adapt ``replacement`` to the case pattern of ``original``."""
    if not replacement or not original:
        return replacement
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 4 and all(c.isupper() for c in letters) and " " in original.strip():
        return replacement.upper()
    first = next((c for c in original if c.isalpha()), "")
    rep_first_i = next((i for i, c in enumerate(replacement) if c.isalpha()), None)
    if rep_first_i is None:
        return replacement
    if first.isupper() and replacement[rep_first_i].islower():
        return replacement[:rep_first_i] + replacement[rep_first_i].upper() + replacement[rep_first_i + 1 :]
    return replacement


def to_case(text: str, style: str) -> str:
    if style == "lower":
        return text.lower()
    if style == "upper":
        return text.upper()
    if style == "sentence":
        return text[:1].upper() + text[1:].lower()
    if style == "capitalized":
        return text[:1].upper() + text[1:]
    if style == "title":
        words = text.split(" ")
        out = []
        for i, w in enumerate(words):
            if i and w.lower() in SMALL_WORDS:
                out.append(w.lower())
            else:
                out.append(w[:1].upper() + w[1:])
        return " ".join(out)
    raise ValueError(style)


def has_case(text: str, style: str) -> bool:
    return to_case(text, style) == text
