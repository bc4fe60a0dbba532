"""MQM-style article score: severity-weighted penalty per 1,000 words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .findings import Finding, Severity

DEFAULT_WEIGHTS = {Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 25.0}
DEFAULT_THRESHOLD = 80.0


@dataclass(frozen=True)
class Score:
    words: int
    penalty: float
    quality: float
    passed: bool

    def to_dict(self) -> dict:
        return {"words": self.words, "penalty": self.penalty, "quality": self.quality, "passed": self.passed}


def score(findings: Iterable[Finding], words: int, *, weights=None, threshold: float = DEFAULT_THRESHOLD) -> Score:
    weights = weights or DEFAULT_WEIGHTS
    findings = list(findings)
    penalty = sum(weights[f.severity] for f in findings)
    normalised = penalty * 1000.0 / max(words, 1)
    quality = round(100.0 - normalised, 1)
    critical = any(f.severity is Severity.CRITICAL for f in findings)
    return Score(words=words, penalty=round(penalty, 2), quality=quality, passed=quality >= threshold and not critical)
