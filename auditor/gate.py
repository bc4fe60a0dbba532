"""The pre-publication gate: one PASS/FAIL line per article from its MQM-style score."""

from __future__ import annotations

from .score import DEFAULT_THRESHOLD


def gate_summary(report, thresholds: dict[str, float] | None = None) -> tuple[list[str], bool]:
    """Lines ``PASS|FAIL path quality=… threshold=… findings=…`` and whether any article failed.

    Files that could not be checked are left out (their error is reported already and exits 2).
    """
    thresholds = thresholds or {}
    lines, failed = [], False
    for file in report.files:
        if file.error or file.score is None:
            continue
        s = file.score
        failed |= not s.passed
        threshold = thresholds.get(file.path, DEFAULT_THRESHOLD)
        critical = " critical=yes" if s.passed is False and s.quality >= threshold else ""
        lines.append(
            f"{'PASS' if s.passed else 'FAIL'} {file.path} quality={s.quality:g} threshold={threshold:g} "
            f"findings={len(file.findings)}{critical}"
        )
    return lines, failed
