"""Per-document glossary context shared by the glossary checks: glossary, mentions, cue words, date."""

from __future__ import annotations

from .dates import MONTH_NAMES, article_date
from .loader import load_glossary
from .matcher import SOURCE, Mention, matcher_for


def glossary_for(options):
    paths = tuple(getattr(options, "glossaries", ()) or ())
    return load_glossary(paths)


def _scan(doc, options):
    """Glossary mentions and cue words (``matcher.CUES``) in the document's text, found once per document
    and glossary content."""
    glossary = glossary_for(options)
    key = ("_glossary_scan", glossary.fingerprint)
    cached = doc.__dict__.get(key)
    if cached is None:
        cached = doc.__dict__[key] = matcher_for(glossary).scan(doc.text)
    return cached


def mentions(doc, options, *, english: bool = False) -> list[Mention]:
    """Glossary mentions in the document's text (only English forms with ``english``)."""
    found = _scan(doc, options)[0]
    if not english:
        return found
    key = ("_glossary_english", glossary_for(options).fingerprint)
    cached = doc.__dict__.get(key)
    if cached is None:
        cached = doc.__dict__[key] = [m for m in found if m.kind != SOURCE]
    return cached


def english_mentions(doc, options) -> list[Mention]:
    return mentions(doc, options, english=True)


def cue_starts(doc, options, words) -> list[int]:
    """Sorted start offsets of the occurrences of ``words`` (all in ``matcher.CUES``) in the document's text."""
    found = _scan(doc, options)[1]  # the few cue words in this text, not all of ``words``
    return sorted({start for word, starts in found.items() if word in words for start in starts})


def cue_matches(doc, options, pattern, words):
    """``pattern().finditer(doc.text)`` for a pattern whose matches all start with one of ``words`` (cue words);
    ``pattern`` (compiled on first use) is called only if one occurs."""
    text, last = doc.text, 0
    for start in cue_starts(doc, options, words):
        if start >= last:
            m = pattern().match(text, start)
            if m:
                last = m.end()
                yield m


def date_of(doc, options):
    return article_date(doc, getattr(options, "date", None), lambda: cue_starts(doc, options, MONTH_NAMES))
