"""Per-document glossary context shared by the glossary checks: glossary, mentions, date."""

from __future__ import annotations

from .dates import article_date
from .loader import load_glossary
from .matcher import SOURCE, Mention, matcher_for


def glossary_for(options):
    paths = tuple(getattr(options, "glossaries", ()) or ())
    return load_glossary(paths)


def mentions(doc, options, *, english: bool = False) -> list[Mention]:
    """Glossary mentions in the document's text (only English forms with ``english``), computed once per
    document and glossary content."""
    glossary = glossary_for(options)
    key = ("_glossary_mentions", glossary.fingerprint, english)
    cached = doc.__dict__.get(key)
    if cached is None:
        found = mentions(doc, options) if english else matcher_for(glossary).mentions(doc.text)
        cached = [m for m in found if m.kind != SOURCE] if english else found
        doc.__dict__[key] = cached
    return cached


def english_mentions(doc, options) -> list[Mention]:
    return mentions(doc, options, english=True)


def date_of(doc, options):
    return article_date(doc, getattr(options, "date", None))
