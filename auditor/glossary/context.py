"""Per-document glossary context shared by the glossary checks: glossary, mentions, date."""

from __future__ import annotations

from .dates import article_date
from .loader import load_glossary
from .matcher import SOURCE, Mention, matcher_for


def glossary_for(options):
    paths = tuple(getattr(options, "glossaries", ()) or ())
    return load_glossary(paths)


def mentions(doc, options) -> list[Mention]:
    """Glossary mentions in the document's text, computed once per document and glossary."""
    glossary = glossary_for(options)
    key = ("_glossary_mentions", id(glossary))
    cached = doc.__dict__.get(key)
    if cached is None:
        cached = matcher_for(glossary).mentions(doc.text)
        doc.__dict__[key] = cached
    return cached


def english_mentions(doc, options) -> list[Mention]:
    return [m for m in mentions(doc, options) if m.kind != SOURCE]


def date_of(doc, options):
    return article_date(doc, getattr(options, "date", None))
