"""Report model and reporters (terminal, json, lines, sarif, junit, html)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ExitCode
from ..findings import Finding, Severity
from ..score import Score

SCHEMA_ID = "auditor-report/1"
FORMATS = ("terminal", "json", "lines", "sarif", "junit", "html", "github")


@dataclass
class FileReport:
    path: str
    language: str = "und"
    findings: list[Finding] = field(default_factory=list)
    score: Score | None = None
    error: str | None = None
    note: str | None = None
    extra: dict = field(default_factory=dict)  # file-level results of optional checks, e.g. {"qe": {...}}
    source: str | None = None  # bilingual input: the source file checked against
    metrics: dict | None = None  # reference metrics (auditor.metrics) when a reference was given

    def to_dict(self, lazy: bool = False) -> dict:
        """``lazy``: findings as a LazyFindings the JSON writer turns into dicts one at a time."""
        data: dict = {"path": self.path, "language": self.language}
        if self.score is not None:
            data["score"] = self.score.to_dict()
        if lazy:
            from .json_report import LazyFindings

            data["findings"] = LazyFindings(self.findings)
        else:
            data["findings"] = [f.to_dict() for f in self.findings]
        if self.error:
            data["error"] = self.error
        if self.note:
            data["note"] = self.note
        if self.extra:
            data["extra"] = self.extra
        if self.source:
            data["source"] = self.source
        if self.metrics:
            data["metrics"] = self.metrics
        return data


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for file in self.files for f in file.findings]

    def to_dict(self, lazy: bool = False) -> dict:
        from .. import __version__

        return {"schema": SCHEMA_ID, "version": __version__, "files": [f.to_dict(lazy) for f in self.files]}

    def exit_code(self, fail_on: Severity | None = Severity.MAJOR) -> ExitCode:
        if any(f.error for f in self.files):
            return ExitCode.ERROR
        if fail_on is not None and any(f.severity >= fail_on for f in self.findings):
            return ExitCode.FINDINGS
        return ExitCode.OK


def render(report: Report, fmt: str, **options) -> str:
    """Render a report in one of FORMATS (terminal output is returned as plain text)."""
    if fmt == "json":
        from .json_report import render_json

        return render_json(report)
    if fmt == "lines":
        from .lines import render_lines

        return render_lines(report)
    if fmt == "terminal":
        from .terminal import render_terminal

        return render_terminal(report, **options)
    if fmt == "sarif":  # options: checks (the rules that ran, for tool.driver.rules)
        from .sarif import render_sarif

        return render_sarif(report, **options)
    if fmt == "junit":
        from .junit import render_junit

        return render_junit(report, **options)
    if fmt == "html":  # options: documents ({path: raw text}, for the highlighted article), title
        from .html import render_html

        return render_html(report, **options)
    if fmt == "github":  # GitHub Actions workflow commands (annotations)
        from .github import render_github

        return render_github(report)
    raise ValueError(f"unknown format {fmt!r}")
