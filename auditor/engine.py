"""Run checks over a Document and turn their hits into located, ordered findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

from .document import Document
from .errors import AuditorError
from .findings import Finding, Severity
from .rules.types import RuleTimeout


class Check(Protocol):
    """Anything that reads a Document and yields findings in ``doc.text`` offsets."""

    id: str

    def check(self, doc: Document) -> Iterator[Finding]: ...


@dataclass(frozen=True)
class Options:
    """What to check and how; shared by the CLI, the library API and services."""

    lang_pair: str = "auto"
    rules: tuple[str, ...] = ()
    rule_dirs: tuple[str, ...] = ()
    min_severity: Severity = Severity.MINOR
    date: dt.date | None = None
    outlet: str | None = None
    threshold: float = 80.0
    optional: frozenset[str] = frozenset()  # optional check groups to enable, e.g. {"grammar"}


@dataclass
class Auditor:
    """Holds compiled checks; reuse one instance for many documents."""

    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        from .checks import selected_checks
        from .detectors.base import DetectorRule

        self.checks: list[Check] = selected_checks(self.options)
        self._rules = [c for c in self.checks if not isinstance(c, DetectorRule)]
        # A detector runs once per document; only its selected rule ids are kept.
        self._detectors: dict[int, tuple] = {}
        for c in self.checks:
            if isinstance(c, DetectorRule):
                det, ids = self._detectors.setdefault(id(c.detector), (c.detector, set()))
                ids.add(c.id)

    def check(self, doc: Document) -> list[Finding]:
        found: list[Finding] = []
        for rule in self._rules:
            try:
                found.extend(rule.check(doc))
            except RuleTimeout as exc:
                raise AuditorError(
                    f"{doc.path}: rule {exc.rule} timed out (its pattern may backtrack catastrophically)"
                ) from None
        for detector, ids in self._detectors.values():
            found.extend(f for f in detector.find(doc) if f.rule in ids)
        return locate(doc, found, self.options.min_severity)


def locate(doc: Document, findings: Iterable[Finding], min_severity: Severity = Severity.MINOR) -> list[Finding]:
    """Map text offsets to raw offsets, add line/column, drop duplicates, order deterministically."""
    seen: set[tuple] = set()
    out: list[Finding] = []
    lines = doc.lines
    for f in findings:
        if f.severity < min_severity:
            continue
        start, end = doc.raw_span(f.start, f.end)
        key = (f.rule, start, end)
        if key in seen:
            continue
        seen.add(key)
        line, column = lines.locate(start)
        out.append(replace(f, start=start, end=end, text=doc.raw[start:end], line=line, column=column))
    out.sort(key=Finding.sort_key)
    return out
