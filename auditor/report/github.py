"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding."""

from __future__ import annotations

from ..findings import Severity


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _end(f) -> tuple[int, int]:
    """End line and (inclusive) end column of a finding."""
    lines = f.text.split("\n")
    if len(lines) == 1:
        return f.line, f.column + max(len(f.text) - 1, 0)
    return f.line + len(lines) - 1, max(len(lines[-1]), 1)


def render_github(report) -> str:
    out = []
    for file in report.files:
        path = _prop(file.path)
        if file.error:
            out.append(f"::error file={path},title=auditor::{_data(file.error)}")
        for f in file.findings:
            level = "warning" if f.severity is Severity.MINOR else "error"
            end_line, end_col = _end(f)
            message = f.message
            if f.suggestions:
                message += f" (suggestion: {f.suggestions[0]!r})" if f.suggestions[0] else " (suggestion: delete)"
            out.append(
                f"::{level} file={path},line={f.line},col={f.column},endLine={end_line},endColumn={end_col},"
                f"title={_prop(f.rule)}::{_data(f'{f.severity.label}: {message}')}"
            )
    return "\n".join(out) + ("\n" if out else "")
