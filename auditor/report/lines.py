"""One finding per line, ``path:line:col: severity rule: message [→ suggestion]``, for grep and editors."""

from __future__ import annotations


def render_lines(report) -> str:
    out = []
    for file in report.files:
        if file.error:
            out.append(f"{file.path}:0:0: error input: {file.error}")
        for f in file.findings:
            hint = f" → {f.suggestions[0]!r}" if f.suggestions else ""
            out.append(f"{file.path}:{f.line}:{f.column}: {f.severity.label} {f.rule}: {f.message}{hint}")
    return "\n".join(out) + ("\n" if out else "")
