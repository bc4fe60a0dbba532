"""Alignment anchors: numbers (by value) and glossary entities that a sentence mentions."""

from __future__ import annotations

from ..segment import Span
from .numbers import source_values, target_values


def _value_key(v) -> tuple:
    return ("d", *v.value) if v.kind == "date" else ("n", round(float(v.value), 6))


def anchor_functions(doc, glossary=None):
    """(source anchor, target anchor): functions from a sentence span to a frozenset of anchor keys."""
    if glossary is None:
        try:
            from ..glossary.loader import load_glossary

            glossary = load_glossary(())
        except Exception:  # a broken bundled glossary must not stop alignment
            glossary = None
    src_text, tgt_text = doc.source or "", doc.text
    if glossary is not None:
        from ..glossary.matcher import SOURCE, matcher_for
        from .entities import source_index

        index = source_index(glossary)
        tgt_mentions = [m for m in matcher_for(glossary).mentions(tgt_text) if m.kind != SOURCE]
    else:
        index, tgt_mentions = None, []

    def src_anchor(span: Span) -> frozenset:
        keys = {_value_key(v) for v in source_values(src_text, span.start, span.end) if not v.soft}
        if index is not None:
            keys.update(("e", m.entity.id) for m in index.mentions(src_text, span.start, span.end))
        return frozenset(keys)

    def tgt_anchor(span: Span) -> frozenset:
        keys = {_value_key(v) for v in target_values(tgt_text, span.start, span.end) if not v.soft}
        keys.update(("e", m.entity.id) for m in tgt_mentions if span.start <= m.start < span.end)
        return frozenset(keys)

    return _memo(src_anchor), _memo(tgt_anchor)


def _memo(fn):
    cache: dict = {}

    def wrapped(span):
        key = (span.start, span.end)
        if key not in cache:
            cache[key] = fn(span)
        return cache[key]

    return wrapped
