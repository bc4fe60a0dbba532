"""Run a rule's own examples: every ``flag`` example must fire, no ``pass`` example may.

An example is a string, or a mapping ``{text, suggestion?, source?}``; ``source`` (Russian or
Ukrainian) makes it a bilingual example, checked with the source attached to the Document.
"""

from __future__ import annotations

from ..document import Document


def example_text(ex) -> str:
    """The English text of an example (a string, or a mapping's ``text``)."""
    return ex if isinstance(ex, str) else ex["text"]


def _document(ex) -> tuple[str, Document]:
    text = example_text(ex)
    doc = Document.from_string(text)
    if not isinstance(ex, str) and ex.get("source") is not None:
        doc.source = ex["source"]
    return text, doc


def example_problems(check) -> list[str]:
    """Problems with one check's examples (empty list = all examples behave)."""
    problems = []
    check = check.for_examples() if hasattr(check, "for_examples") else check
    for ex in check.examples.get("flag", []):
        text, doc = _document(ex)
        expected = None if isinstance(ex, str) else ex.get("suggestion")
        hits = [f for f in check.check(doc) if f.rule == check.id]
        if not hits:
            problems.append(f"{check.id}: flag example not flagged: {text!r}")
        elif expected is not None and not any(h.suggestions and h.suggestions[0] == expected for h in hits):
            got = [h.suggestions[0] if h.suggestions else None for h in hits]
            problems.append(f"{check.id}: flag example {text!r}: expected first suggestion {expected!r}, got {got}")
    for ex in check.examples.get("pass", []):
        text, doc = _document(ex)
        hits = [f for f in check.check(doc) if f.rule == check.id]
        if hits:
            problems.append(f"{check.id}: pass example flagged: {text!r} at {[h.text for h in hits]}")
    return problems
