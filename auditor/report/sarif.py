"""SARIF 2.1.0 reporter, for code-scanning dashboards (GitHub, GitLab, Azure DevOps, VS Code viewers).

One run; ``tool.driver.rules`` describes every rule that ran (or, without that list, every rule
that fired), results carry code-point regions (``run.columnKind = unicodeCodePoints``), the first
suggestion becomes a ``fix``, and each article's score is in ``run.properties.scores``.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import PurePath
from urllib.parse import quote

from ..findings import CATEGORIES, Severity

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# Used until pyproject.toml names a Homepage/Repository in [project.urls] (read from package metadata).
FALLBACK_INFORMATION_URI = "https://pypi.org/project/auditor/"
LEVELS = {Severity.MINOR: "warning", Severity.MAJOR: "error", Severity.CRITICAL: "error"}


def information_uri() -> str:
    try:
        from importlib.metadata import metadata

        for entry in metadata("auditor").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("homepage", "repository", "source", "documentation") and url.strip():
                return url.strip()
    except Exception:  # noqa: BLE001 - not installed, or no metadata
        pass
    return FALLBACK_INFORMATION_URI


def level(severity: Severity) -> str:
    return LEVELS[severity]


def artifact_uri(path: str) -> str:
    """A relative URI reference for a report path (POSIX separators, percent-encoded)."""
    if path == "-":
        return "stdin"
    p = path
    if os.path.isabs(p):
        with contextlib.suppress(ValueError):  # another drive on Windows
            p = os.path.relpath(p)
    return quote(PurePath(p).as_posix(), safe="/-._~")


def end_position(line: int, column: int, text: str) -> tuple[int, int]:
    """Line and column just past ``text`` that starts at (line, column); columns are code points."""
    breaks = text.count("\n")
    if not breaks:
        return line, column + len(text)
    return line + breaks, len(text) - text.rfind("\n")


def _examples(rule, group: str) -> list[tuple[str, str | None]]:
    out = []
    for e in (getattr(rule, "examples", None) or {}).get(group, []):
        if isinstance(e, str):
            out.append((e, None))
        else:
            out.append((str(e.get("text", "")), e.get("suggestion")))
    return out


def _template(message: str) -> str:
    return message.replace("%s", "…")


def rule_descriptor(rule) -> dict:
    """A reportingDescriptor for a rule or detector check (anything with id/message/severity/category)."""
    message = _template(rule.message or rule.id)
    description = (getattr(rule, "description", "") or "").strip()
    flags, passes = _examples(rule, "flag"), _examples(rule, "pass")
    text_lines = [description or message]
    md_lines = [description or message]
    if flags:
        text_lines += ["", "Flags:"] + [f"- {t}" + (f" (→ {s})" if s else "") for t, s in flags]
        md_lines += ["", "**Flags:**", ""] + [f"- {t}" + (f" → *{s}*" if s else "") for t, s in flags]
    if passes:
        text_lines += ["", "Does not flag:"] + [f"- {t}" for t, _ in passes]
        md_lines += ["", "**Does not flag:**", ""] + [f"- {t}" for t, _ in passes]
    category = rule.category
    descriptor: dict = {
        "id": rule.id,
        "name": _camel(rule.id),
        "shortDescription": {"text": message},
        "fullDescription": {"text": description or message},
        "help": {"text": "\n".join(text_lines), "markdown": "\n".join(md_lines)},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "category": category,
            "severity": rule.severity.label,
            "type": getattr(rule, "kind", "rule"),
            "tags": list(dict.fromkeys([category.split("/")[0], category])),
        },
    }
    link = getattr(rule, "link", "")
    if link:
        descriptor["helpUri"] = link
    if category in CATEGORIES:
        descriptor["properties"]["categoryDescription"] = CATEGORIES[category]
    return descriptor


def _camel(rule_id: str) -> str:
    parts = [p for chunk in rule_id.replace("-", ".").replace("_", ".").split(".") for p in [chunk] if p]
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:]) if parts else rule_id


class _Adhoc:
    """Rule metadata taken from a finding, for a rule id not in the given rule list."""

    kind = "rule"
    description = ""
    examples: dict = {}
    link = ""

    def __init__(self, finding) -> None:
        self.id = finding.rule
        self.message = finding.message
        self.severity = finding.severity
        self.category = finding.category


def _known_rules(rule_ids: set[str]) -> dict:
    """Look the fired rules up among every available check (used when the caller passes none)."""
    try:
        from ..checks import available_checks

        return {c.id: c for c in available_checks("auto", (), frozenset({"grammar"})) if c.id in rule_ids}
    except Exception:  # noqa: BLE001 - metadata is best effort; findings carry enough to describe a rule
        return {}


def sarif_log(report, *, checks=None, **_) -> dict:
    """The SARIF log as a dict. ``checks``: the rules that ran (``Auditor.checks``), for tool.driver.rules."""
    from .. import __version__

    fired = {f.rule for f in report.findings}
    rules = {c.id: c for c in checks} if checks is not None else _known_rules(fired)
    for file in report.files:
        for f in file.findings:
            if f.rule not in rules:
                rules[f.rule] = _Adhoc(f)
    ordered = sorted(rules)
    index = {rule_id: i for i, rule_id in enumerate(ordered)}

    results, artifacts, notifications, scores = [], [], [], {}
    for file in report.files:
        uri = artifact_uri(file.path)
        artifact: dict = {"location": {"uri": uri}, "roles": ["analysisTarget"]}
        if file.score is not None:
            artifact["properties"] = {"score": file.score.to_dict(), "language": file.language}
            scores[uri] = file.score.to_dict()
        artifacts.append(artifact)
        art_index = len(artifacts) - 1
        if file.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": file.error},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "index": art_index}}}],
                }
            )
        for f in file.findings:
            results.append(_result(f, uri, art_index, index[f.rule]))

    run: dict = {
        "tool": {
            "driver": {
                "name": "auditor",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": information_uri(),
                "rules": [rule_descriptor(rules[r]) for r in ordered],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not any(f.error for f in report.files),
                "toolExecutionNotifications": notifications,
            }
        ],
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"reportSchema": "auditor-report/1", "scores": scores},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _result(f, uri: str, art_index: int, rule_index: int) -> dict:
    end_line, end_column = end_position(f.line, f.column, f.text)
    region = {
        "startLine": max(f.line, 1),
        "startColumn": max(f.column, 1),
        "endLine": max(end_line, 1),
        "endColumn": max(end_column, 1),
        "charOffset": f.start,
        "charLength": f.end - f.start,
        "snippet": {"text": f.text},
    }
    location = {"artifactLocation": {"uri": uri, "index": art_index}, "region": region}
    message = f.message
    if f.suggestions:
        new = f.suggestions[0]
        if new and new not in message:
            message += f" (suggestion: {new!r})"
        elif not new and "delete" not in message.lower():
            message += " (suggestion: delete it)"
    result: dict = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "properties": {
            "category": f.category,
            "severity": f.severity.label,
            "source": f.source,
            "suggestions": list(f.suggestions),
        },
    }
    if f.extra:
        result["properties"]["extra"] = f.extra
    if f.suggestions:
        new = f.suggestions[0]
        result["fixes"] = [
            {
                "description": {"text": f"Replace {f.text!r} with {new!r}" if new else f"Delete {f.text!r}"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri, "index": art_index},
                        "replacements": [
                            {
                                "deletedRegion": {"charOffset": f.start, "charLength": f.end - f.start},
                                "insertedContent": {"text": new},
                            }
                        ],
                    }
                ],
            }
        ]
    return result


def render_sarif(report, **options) -> str:
    return json.dumps(sarif_log(report, **options), ensure_ascii=False, indent=2, default=str) + "\n"
