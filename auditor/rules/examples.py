"""Run a rule's own examples: every ``flag`` example must fire, no ``pass`` example may."""

from __future__ import annotations

from ..document import Document


def example_problems(check) -> list[str]:
    """Problems with one check's examples (empty list = all examples behave)."""
    problems = []
    check = check.for_examples() if hasattr(check, "for_examples") else check
    for ex in check.examples.get("flag", []):
        text, expected = (ex, None) if isinstance(ex, str) else (ex["text"], ex.get("suggestion"))
        hits = [f for f in check.check(Document.from_string(text)) if f.rule == check.id]
        if not hits:
            problems.append(f"{check.id}: flag example not flagged: {text!r}")
        elif expected is not None and not any(h.suggestions and h.suggestions[0] == expected for h in hits):
            got = [h.suggestions[0] if h.suggestions else None for h in hits]
            problems.append(f"{check.id}: flag example {text!r}: expected first suggestion {expected!r}, got {got}")
    for ex in check.examples.get("pass", []):
        text = ex if isinstance(ex, str) else ex["text"]
        hits = [f for f in check.check(Document.from_string(text)) if f.rule == check.id]
        if hits:
            problems.append(f"{check.id}: pass example flagged: {text!r} at {[h.text for h in hits]}")
    return problems
