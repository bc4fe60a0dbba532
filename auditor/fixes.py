"""Apply suggestions to the stored file: plan non-overlapping edits, apply them, diff the result.

Finding offsets are code points into the decoded file (BOM stripped; raw markup for HTML and
Markdown), so an edit replaces exactly ``raw[start:end]`` and leaves every other character as is.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .findings import Finding, Severity
from .policy import matches
from .rules.casing import sentence_initial


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    finding: Finding | None = None


def candidates(findings: Iterable[Finding], min_severity: Severity = Severity.MAJOR, only: tuple[str, ...] = ()) -> list[Finding]:
    """Findings that may be fixed: with a suggestion, at or above ``min_severity``, of the ``only`` rules."""
    out = [
        f
        for f in findings
        if f.suggestions and f.severity >= min_severity and (not only or matches(f.rule, only)) and f.text != f.suggestions[0]
    ]
    # Earliest first; at one start the longer span, then the more severe finding.
    return sorted(out, key=lambda f: (f.start, -(f.end - f.start), -f.severity, f.rule))


def overlaps(a: Edit | Finding, b: Edit | Finding) -> bool:
    if a.start < b.end and b.start < a.end:
        return True
    if a.start == a.end or b.start == b.end:  # an insertion conflicts with a span it touches
        return a.start <= b.end and b.start <= a.end
    return False


def plan(findings: Iterable[Finding], min_severity: Severity = Severity.MAJOR, only: tuple[str, ...] = ()) -> list[Edit]:
    """The first suggestion of each finding that does not overlap an earlier chosen one."""
    chosen: list[Edit] = []
    for f in candidates(findings, min_severity, only):
        edit = Edit(f.start, f.end, f.suggestions[0], f)
        if not any(overlaps(edit, e) for e in chosen):
            chosen.append(edit)
    return sorted(chosen, key=lambda e: (e.start, e.end))


def apply(raw: str, edits: Iterable[Edit]) -> str:
    """``raw`` with the (non-overlapping) edits applied; all other characters are untouched, except that a
    deletion at the start of a sentence ('Recall that the deputy…') capitalises the letter it leaves first."""
    out: list[str] = []
    pending = False  # the next text written starts where a sentence opener was deleted

    def write(piece: str) -> None:
        nonlocal pending
        if pending and piece:
            piece, pending = _capitalised(piece), False
        out.append(piece)

    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos or e.end < e.start or e.end > len(raw):
            raise ValueError(f"edit {e.start}:{e.end} overlaps another or is out of range")
        write(raw[pos : e.start])
        write(e.replacement)
        if not e.replacement and e.end > e.start and sentence_initial(raw, e.start):
            pending = True
        pos = e.end
    write(raw[pos:])
    return "".join(out)


def _capitalised(text: str) -> str:
    """``text`` with its first letter upper-cased when nothing but spaces comes before it."""
    i = len(text) - len(text.lstrip(" \t"))
    return text[:i] + text[i].upper() + text[i + 1 :] if i < len(text) and text[i].islower() else text


def unified_diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
