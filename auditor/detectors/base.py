"""Detector: a check implemented in code, documented and tested like a YAML rule."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from ..document import Document
from ..findings import Finding, Severity


@dataclass(frozen=True)
class RuleInfo:
    """Documentation and examples of one rule id a detector reports."""

    message: str
    category: str
    severity: Severity
    description: str = ""
    examples: dict = field(default_factory=dict)  # {"flag": [...], "pass": [...]} like YAML rules
    example_options: dict = field(default_factory=dict)  # engine Options fields the examples need


class Detector:
    """Subclass, set ``name`` and ``rules``, implement ``find``.

    ``rules`` maps a rule id (``numbers.hybrid``) to its RuleInfo; ``find`` yields findings
    built with ``self.finding(...)`` in ``doc.text`` offsets. ``needs`` names an optional
    extra the detector requires (it is then off unless asked for).
    """

    name: ClassVar[str] = ""
    rules: ClassVar[dict[str, RuleInfo]] = {}
    needs: ClassVar[str | None] = None

    def __init__(self, options=None) -> None:
        self.options = options

    def find(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, rule: str, doc: Document, start: int, end: int, suggestions=(), message: str | None = None, **extra) -> Finding:
        info = self.rules[rule]
        return Finding(
            rule=rule,
            category=info.category,
            severity=info.severity,
            start=start,
            end=end,
            text=doc.text[start:end],
            message=message or info.message,
            suggestions=tuple(suggestions),
            source=f"detector:{self.name}",
            extra=extra,
        )


@dataclass
class DetectorRule:
    """One rule id of a detector, seen as a check (listing, selection, example tests)."""

    detector: Detector
    id: str
    info: RuleInfo
    kind: str = "detector"

    @property
    def message(self) -> str:
        return self.info.message

    @property
    def category(self) -> str:
        return self.info.category

    @property
    def severity(self) -> Severity:
        return self.info.severity

    @property
    def description(self) -> str:
        return self.info.description

    @property
    def examples(self) -> dict:
        return self.info.examples

    @property
    def path(self) -> str:
        return type(self.detector).__module__

    link = ""

    def check(self, doc: Document) -> Iterator[Finding]:
        return (f for f in self.detector.find(doc) if f.rule == self.id)

    def for_examples(self) -> DetectorRule:
        """This rule with the options its examples need (e.g. a house glossary)."""
        if not self.info.example_options:
            return self
        from ..engine import Options

        return DetectorRule(type(self.detector)(Options(**self.info.example_options)), self.id, self.info)
