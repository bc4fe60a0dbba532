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


@dataclass
class Auditor:
    """Holds compiled checks; reuse one instance for many documents."""

    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        from .rules.registry import load_rules, select

        self.checks: list[Check] = list(select(load_rules(self.options.lang_pair, self.options.rule_dirs), self.options.rules))

    def check(self, doc: Document) -> list[Finding]:
        found: list[Finding] = []
        for check in self.checks:
            try:
                found.extend(check.check(doc))
            except RuleTimeout as exc:
                raise AuditorError(
                    f"{doc.path}: rule {exc.rule} timed out (its pattern may backtrack catastrophically)"
                ) from None
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
