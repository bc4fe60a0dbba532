"""Policy between checks and reporters: disabled rules, severity overrides, suppressions, baseline.

Light module (no heavy imports): the engine and ``check_document`` call into it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .findings import Finding, Severity

UNUSED_SUPPRESSION = "meta.unused-suppression"
META_RULES = (UNUSED_SUPPRESSION,)
ALL_OPTIONAL = frozenset({"grammar"})
# Rule ids of the neural group are known to suppressions, but its examples need models (not run by `rules test`).
KNOWN_OPTIONAL = ALL_OPTIONAL | {"neural"}


def matches(rule_id: str, prefixes: Iterable[str]) -> bool:
    """True when ``rule_id`` is one of ``prefixes`` or starts with ``prefix.`` (``ru-en.military``)."""
    return any(rule_id == p or rule_id.startswith(p + ".") for p in prefixes)


def severity_for(rule_id: str, overrides: tuple[tuple[str, str], ...]) -> Severity | None:
    """The overridden severity of a rule: the longest matching prefix wins."""
    best: tuple[int, str] | None = None
    for prefix, level in overrides:
        if matches(rule_id, (prefix,)) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), level)
    return Severity.parse(best[1]) if best else None


def override_severities(findings: Iterable[Finding], overrides: tuple[tuple[str, str], ...]) -> list[Finding]:
    findings = list(findings)
    if not overrides:
        return findings
    out = []
    for f in findings:
        level = severity_for(f.rule, overrides)
        out.append(f if level is None or level is f.severity else replace(f, severity=level))
    return out


def known_rule_ids(options) -> frozenset[str]:
    """Every rule id available for the options' language pair and rule dirs (optional groups included)."""
    from .checks import available_checks

    return frozenset(c.id for c in available_checks(options.lang_pair, options.rule_dirs, KNOWN_OPTIONAL)) | frozenset(META_RULES)


def apply_policy(auditor, doc, findings: list[Finding]) -> list[Finding]:
    """Inline and sidecar suppressions, then the baseline; adds ``meta.unused-suppression`` findings."""
    from . import suppressions

    options = auditor.options
    enabled = getattr(auditor, "_policy_enabled", None)
    if enabled is None:
        enabled = frozenset(c.id for c in auditor.checks) | frozenset(META_RULES)
        auditor._policy_enabled = enabled

    def known() -> frozenset[str]:
        ids = getattr(auditor, "_policy_known", None)
        if ids is None:
            ids = auditor._policy_known = known_rule_ids(options)
        return ids

    # Unused suppressions are only judged when nothing was hidden by --min-severity.
    report_unused = options.min_severity is Severity.MINOR and not matches(UNUSED_SUPPRESSION, options.disable)
    kept, unused = suppressions.apply(doc, findings, enabled=enabled, known=known, report_unused=report_unused)
    unused = override_severities(unused, options.severity)
    kept += [f for f in unused if f.severity >= options.min_severity]
    if options.baseline:
        from .baseline import filter_new

        kept = filter_new(options.baseline, doc, kept)
    kept.sort(key=Finding.sort_key)
    return kept
