"""Every check the engine can run: YAML rules plus detector rule ids, selected by id prefix."""
from __future__ import annotations

from .detectors import detector_classes
from .detectors.base import DetectorRule
from .rules.registry import load_rules, select


def available_checks(lang_pair: str = "auto", rule_dirs: tuple[str, ...] = (), optional: frozenset[str] = frozenset(), options=None) -> list:
    """Rules for the language pair and every detector rule whose optional extra is enabled."""
    checks: list = list(load_rules(lang_pair, rule_dirs))
    for cls in detector_classes():
        if cls.needs and cls.needs not in optional:
            continue
        detector = cls(options)
        checks.extend(DetectorRule(detector, rule_id, info) for rule_id, info in cls.rules.items())
    return sorted(checks, key=lambda c: c.id)


def optional_groups() -> frozenset[str]:
    """Names of the optional check groups (detectors' ``needs``), e.g. {"grammar", "neural"}."""
    return frozenset(cls.needs for cls in detector_classes() if cls.needs)


def selected_checks(options) -> list:
    checks = available_checks(options.lang_pair, options.rule_dirs, options.optional, options)
    return select(tuple(checks), options.rules)
