"""JUnit XML reporter, for CI dashboards (Jenkins, GitLab, Azure DevOps, GitHub test-report actions).

One ``<testsuite>`` (inside ``<testsuites>``), one ``<testcase>`` per article: ``classname`` is the
article's folder, ``name`` its file name. An article that fails the gate (quality below the
threshold, or a critical finding: ``Score.passed``) gets a ``<failure>`` listing its findings; an
unreadable one an ``<error>``. ``<system-out>`` carries the article's summary.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections import Counter

# Characters XML 1.0 cannot carry, even escaped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(value: object) -> str:
    return _ILLEGAL.sub("\ufffd", str(value))


def _split(path: str) -> tuple[str, str]:
    if path == "-":
        return "stdin", "-"
    folder, name = os.path.split(path)
    return (folder.replace(os.sep, "/") or "."), name or path


def _finding_line(path: str, f) -> str:
    hint = ""
    if f.suggestions:
        hint = f" → {f.suggestions[0]!r}" if f.suggestions[0] else " → delete"
    return f"{path}:{f.line}:{f.column}: {f.severity.label} {f.rule} [{f.category}]: {f.message}: {f.text!r}{hint}"


def _summary(file) -> str:
    counts = Counter(f.severity.label for f in file.findings)
    parts = [f"{file.path}: {len(file.findings)} finding(s)"]
    if file.findings:
        parts.append(", ".join(f"{counts[s]} {s}" for s in ("critical", "major", "minor") if counts[s]))
    if file.score is not None:
        s = file.score
        parts.append(f"{s.words} words, penalty {s.penalty}, quality {s.quality}, {'passed' if s.passed else 'FAILED'}")
    if file.note:
        parts.append(file.note)
    return "; ".join(parts)


def _failed(file) -> bool:
    if file.score is not None:
        return not file.score.passed
    return any(f.severity.label == "critical" for f in file.findings)


def junit_tree(report, *, suite_name: str = "auditor", **_) -> ET.Element:
    from .. import __version__

    root = ET.Element("testsuites", name=suite_name)
    suite = ET.SubElement(root, "testsuite", name=suite_name)
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="auditor.version", value=__version__)
    ET.SubElement(props, "property", name="report.schema", value="auditor-report/1")
    failures = errors = 0
    for file in report.files:
        folder, name = _split(file.path)
        case = ET.SubElement(suite, "testcase", classname=_clean(folder), name=_clean(name), time="0")
        if file.error:
            errors += 1
            err = ET.SubElement(case, "error", message=_clean(file.error), type="auditor.input")
            err.text = _clean(file.error)
        elif _failed(file):
            failures += 1
            score = file.score
            critical = sum(1 for f in file.findings if f.severity.label == "critical")
            why = []
            if score is not None:
                why.append(f"quality {score.quality}")
            if critical:
                why.append(f"{critical} critical finding(s)")
            message = f"gate failed: {', '.join(why) or 'critical finding'}; {len(file.findings)} finding(s)"
            failure = ET.SubElement(case, "failure", message=_clean(message), type="auditor.gate")
            failure.text = _clean("\n".join(_finding_line(file.path, f) for f in file.findings))
        out = ET.SubElement(case, "system-out")
        out.text = _clean(_summary(file))
    total = len(report.files)
    for node in (root, suite):
        node.set("tests", str(total))
        node.set("failures", str(failures))
        node.set("errors", str(errors))
        node.set("skipped", "0")
        node.set("time", "0")
    # properties must be the first child of a testsuite; ElementTree keeps insertion order.
    return root


def render_junit(report, **options) -> str:
    root = junit_tree(report, **options)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
