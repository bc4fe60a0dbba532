"""Load and validate one YAML rule file into a Rule (errors: ``file:line: problem``)."""

from __future__ import annotations

from pathlib import Path

import regex

from .. import regexcache
from ..errors import RuleError
from ..findings import CATEGORIES, Severity
from .types import RULE_TYPES, Rule, Sequence
from .yamlio import YamlFileError, line_of, read_text, read_yaml

COMMON_FIELDS = {
    "extends",
    "message",
    "category",
    "severity",
    "description",
    "link",
    "scope",
    "ignorecase",
    "nonword",
    "suggestions",
    "exceptions",
    "examples",
    "mark",
    "level",
    "anchors",  # canonical bad phrasings for the semantic matcher (auditor/neural/calques.py)
    "threshold",  # its cosine-similarity threshold for this rule
}
SCOPES = ("text", "sentence", "paragraph", "heading", "body", "unquoted")
# A repeated group whose body is itself one repeated atom, e.g. (a+)+ or (?:\w*)*, can
# backtrack exponentially; the run-time match timeout catches subtler cases.
_NESTED_QUANTIFIER = regexcache.compile(r"\((?:\?:)?(?:\\.|\[[^\]]+\]|[^()\\])[+*]\)(?:[+*]|\{\d+,\})")


def load_rule(path: Path, rule_id: str) -> Rule:
    """Parse, validate and compile one rule file."""
    text = _read(path)
    try:
        spec = read_yaml(path, text)
    except YamlFileError as exc:
        raise RuleError(str(exc)) from None

    def fail(problem: str, *keys) -> RuleError:
        return RuleError(f"{path}:{line_of(text, keys)}: {problem}")

    if not isinstance(spec, dict):
        raise fail("a rule file must be a mapping")
    kind = spec.get("extends")
    if kind not in RULE_TYPES:
        raise fail(f"'extends' must be one of {', '.join(RULE_TYPES)}, got {kind!r}", "extends")
    cls = RULE_TYPES[kind]
    for key in spec:
        if key not in COMMON_FIELDS and key not in cls.TYPE_FIELDS:
            raise fail(f"unknown field {key!r} for a {kind} rule", key)
    for key in ("message", "category", "severity", *cls.TYPE_FIELDS):
        if key == "tokens" and kind == "capitalization":
            continue
        if key not in spec:
            raise fail(f"missing required field {key!r}")
    for key, expected in cls.TYPE_FIELDS.items():
        if key in spec and not isinstance(spec[key], expected):
            raise fail(f"{key!r} has the wrong type ({type(spec[key]).__name__})", key)
    if spec["category"] not in CATEGORIES:
        raise fail(f"unknown category {spec['category']!r} (choose from {', '.join(CATEGORIES)})", "category")
    try:
        severity = Severity.parse(spec["severity"])
    except ValueError as exc:
        raise fail(str(exc), "severity") from None
    scope = spec.get("scope", "sentence" if cls is Sequence else "text")
    if scope not in SCOPES:
        raise fail(f"unknown scope {scope!r} (choose from {', '.join(SCOPES)})", "scope")
    anchors = spec.get("anchors", [])
    if not isinstance(anchors, list) or not all(isinstance(a, str) and a.strip() for a in anchors):
        raise fail("'anchors' must be a list of non-empty strings", "anchors")
    threshold = spec.get("threshold", 0.5)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 < threshold < 1:
        raise fail("'threshold' must be a number between 0 and 1", "threshold")
    examples = spec.get("examples")
    if not isinstance(examples, dict) or not examples.get("flag") or not examples.get("pass"):
        raise fail("every rule needs examples with non-empty 'flag' and 'pass' lists", "examples")
    for group in ("flag", "pass"):
        for i, ex in enumerate(examples[group]):
            if not (isinstance(ex, str) or (isinstance(ex, dict) and isinstance(ex.get("text"), str))):
                raise fail("an example is a string or a mapping with 'text' (and 'suggestion')", "examples", group, i)
    suggestions = spec.get("suggestions", [])
    suggestions = [suggestions] if isinstance(suggestions, str) else suggestions
    if cls is Sequence:
        for i, step in enumerate(spec["tokens"]):
            if isinstance(step, dict) and set(step) - Sequence.STEP_FIELDS:
                raise fail(f"unknown token condition {sorted(set(step) - Sequence.STEP_FIELDS)}", "tokens", i)
    if kind == "capitalization" and spec["match"] not in RULE_TYPES["capitalization"].STYLES:
        raise fail(f"'match' must be one of {', '.join(RULE_TYPES['capitalization'].STYLES)}", "match")
    try:
        rule = cls(
            id=rule_id,
            message=str(spec["message"]),
            category=spec["category"],
            severity=severity,
            path=str(path),
            line=1,
            description=str(spec.get("description", "")).strip(),
            link=str(spec.get("link", "")),
            scope=scope,
            ignorecase=bool(spec.get("ignorecase", False)),
            nonword=bool(spec.get("nonword", False)),
            suggestions=tuple(str(s) for s in suggestions),
            exceptions=tuple(spec.get("exceptions", [])),
            examples=examples,
            spec=spec,
        )
    except regex.error as exc:
        raise fail(f"invalid pattern: {exc}") from None
    except (TypeError, ValueError, KeyError) as exc:
        raise fail(f"invalid rule: {exc}") from None
    for pattern in rule.patterns():
        if _NESTED_QUANTIFIER.search(pattern):
            raise fail(f"pattern {pattern[:60]!r} nests unbounded quantifiers and can backtrack catastrophically")
    return rule


def _read(path: Path) -> str:
    try:
        return read_text(path)
    except YamlFileError as exc:
        raise RuleError(str(exc)) from None
