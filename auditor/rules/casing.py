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


def preserve_case(original: str, replacement: str, initial: bool = True) -> str:
    """Adapt ``replacement`` to the case pattern of ``original``.

    A capital at the start of ``original`` is not carried over to a replacement that starts with a small
    word (the, of…) where ``original`` cannot start a sentence (``initial`` false): there the capital
    belonged to a name ("during Russia's special military operation" → "during the war in Ukraine", not
    "The war in Ukraine"), nor from an abbreviation there ("artillery, AGS and mortars" → "automatic grenade
    launchers"). A title keeps it ("first Vice-speaker X" → "first Deputy speaker X").
    """
    if not replacement or not original:
        return replacement
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 4 and all(c.isupper() for c in letters) and " " in original.strip():
        return replacement.upper()
    if not initial and len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement  # an abbreviation mid-sentence ("artillery, AGS and mortars"): its capitals are not a sentence start
    first = next((c for c in original if c.isalpha()), "")
    rep_first_i = next((i for i, c in enumerate(replacement) if c.isalpha()), None)
    if rep_first_i is None:
        return replacement
    if first.isupper() and replacement[rep_first_i].islower() and (initial or not _small_first(replacement)):
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


def _small_first(replacement: str) -> bool:
    words = replacement.split(None, 1)
    return bool(words) and words[0].lower() in SMALL_WORDS


_OPENERS = frozenset(' \t“‘«„"\'([—–-')
_ENDS = frozenset(".!?…:")


def sentence_initial(text: str, start: int) -> bool:
    """Whether ``text[start:]`` may begin a sentence: only spaces, opening quotes, brackets or dashes
    stand between it and the start of the text, a line break, or sentence-final punctuation."""
    j = start - 1
    while j >= 0 and text[j] in _OPENERS:
        j -= 1
    if j < 0 or text[j] in "\n\r" or text[j] in _ENDS:
        return True
    return text[j] in "”’)»" and j > 0 and text[j - 1] in _ENDS


def case_of_match(m, replacement: str) -> str:
    """``preserve_case`` for a match of a pattern run over the document text (``m.string``)."""
    return preserve_case(m.group(0), replacement, sentence_initial(m.string, m.start()))
