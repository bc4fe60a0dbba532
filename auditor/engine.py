"""Run checks over a Document and turn their hits into located, ordered findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .articles import agree
from .document import Document
from .errors import AuditorError
from .findings import Finding, Severity
from .policy import matches, override_severities
from .rules import prefilter
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
    glossaries: tuple[str, ...] = ()  # house glossaries, applied over the bundled ones
    # neural checks (auditor/neural/, docs/neural.md); any of the first three enables the "neural" group
    neural: bool = False  # semantic calque matching against rule anchors
    lm: str | None = None  # local causal LM directory: unusual-phrasing spans
    qe_model: str | None = None  # local sequence-regression (QE) model directory
    qe_threshold: float = 0.5  # sentences the QE model scores below this are reported
    device: str = "auto"  # cpu | cuda | mps | auto
    batch_size: int = 32
    jobs: int = 0  # worker processes sharing the CPU (--jobs): each neural worker then uses cores/jobs torch threads
    # policy (auditor/policy.py, auditor/config.py): turned-off rule prefixes, severity overrides
    # ((prefix, level) pairs; the longest prefix wins), score weights (minor, major, critical), baseline file
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    weights: tuple[float, float, float] = (1.0, 5.0, 25.0)
    baseline: str | None = None

    def __post_init__(self) -> None:
        if (self.neural or self.lm or self.qe_model) and "neural" not in self.optional:
            object.__setattr__(self, "optional", frozenset(self.optional) | {"neural"})


@dataclass
class Auditor:
    """Holds compiled checks; reuse one instance for many documents."""

    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        from .checks import selected_checks
        from .detectors.base import DetectorRule

        if self.options.glossaries:  # fail fast on a bad house glossary, before any file is read
            from .glossary.loader import load_glossary

            load_glossary(self.options.glossaries)
        self.checks: list[Check] = selected_checks(self.options)
        if self.options.disable:
            self.checks = [c for c in self.checks if not matches(c.id, self.options.disable)]
        self._rules = [c for c in self.checks if not isinstance(c, DetectorRule)]
        self._gated = prefilter.gate(self._rules)
        # A detector runs once per document; only its selected rule ids are kept.
        self._detectors: dict[int, tuple] = {}
        for c in self.checks:
            if isinstance(c, DetectorRule):
                det, ids = self._detectors.setdefault(id(c.detector), (c.detector, set()))
                ids.add(c.id)

    def check(self, doc: Document) -> list[Finding]:
        found: list[Finding] = []
        for rule in prefilter.active(doc, self._gated):  # YAML rules missing a required word are skipped
            try:
                found.extend(rule.check(doc))
            except RuleTimeout as exc:
                raise AuditorError(
                    f"{doc.path}: rule {exc.rule} timed out (its pattern may backtrack catastrophically)"
                ) from None
        for detector, ids in self._detectors.values():
            found.extend(f for f in detector.find(doc) if f.rule in ids)
        found = agree(doc.text, found)  # 'an accumulation' → 'a concentration', not 'an concentration'
        found = override_severities(found, self.options.severity)
        return locate(doc, found, self.options.min_severity)

    def document_extra(self, doc: Document) -> dict:
        """File-level results of the last ``check(doc)`` from detectors that have them (e.g. a QE score)."""
        extra: dict = {}
        for detector, _ in self._detectors.values():
            hook = getattr(detector, "document_extra", None)
            if hook is not None:
                extra.update(hook(doc) or {})
        return extra


def locate(doc: Document, findings: Iterable[Finding], min_severity: Severity = Severity.MINOR) -> list[Finding]:
    """Map text offsets to raw offsets, add line/column, drop duplicates, order deterministically."""
    seen: set[tuple] = set()
    out: list[Finding] = []
    lines = doc.lines
    # Most severe first, so that of two findings proposing the same edit the stronger one is kept.
    for f in sorted(findings, key=lambda f: -f.severity):
        if f.severity < min_severity:
            continue
        start, end = doc.raw_span(f.start, f.end)
        key = (start, end, f.suggestions[:1]) if f.suggestions else (f.rule, start, end)
        if key in seen:
            continue
        seen.add(key)
        line, column = lines.locate(start)
        out.append(f.located(start, end, doc.raw[start:end], line, column))
    out.sort(key=Finding.sort_key)
    return _drop_nested(out)


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """Drop a finding inside a longer one of the same category whose suggestion rewrites the whole span.

    One sweep per category over findings sorted by (start, -end): a finding is covered when an
    earlier finding with suggestions reaches at least as far and is longer.
    """
    covered: set[int] = set()
    by_category: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        by_category.setdefault(f.category, []).append(i)
    for idxs in by_category.values():
        best = None  # the finding with suggestions that reaches furthest so far
        for i in sorted(idxs, key=lambda i: (findings[i].start, -findings[i].end)):
            f = findings[i]
            if best is not None and _covers(best, f):
                covered.add(i)
            elif f.suggestions and (best is None or f.end > best.end):
                best = f
    return [f for i, f in enumerate(findings) if i not in covered]


def _covers(g: Finding, f: Finding) -> bool:
    return (
        g.category == f.category
        and bool(g.suggestions)
        and g.start <= f.start
        and f.end <= g.end
        and (g.end - g.start) > (f.end - f.start)
    )
