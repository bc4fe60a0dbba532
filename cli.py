"""Command-line interface: argument parsing and wiring only (typer)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor import __version__
from auditor.commands._common import error as _error
from auditor.commands.glossary import glossary_app
from auditor.commands.rules import rules_app
from auditor.errors import AuditorError, ExitCode

app = typer.Typer(
    name="auditor",
    help="Audit machine-translated English news for translation artifacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    lines = "lines"


class Level(StrEnum):
    minor = "minor"
    major = "major"
    critical = "critical"


class FailOn(StrEnum):
    minor = "minor"
    major = "major"
    critical = "critical"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Audit machine-translated English news for translation artifacts.

    Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage, input,
    rule or configuration error.
    """


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for standard input.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.terminal,
    fail_on: Annotated[FailOn, typer.Option(help="Exit 1 when a finding is at or above this severity.")] = FailOn.major,
    min_severity: Annotated[Level, typer.Option(help="Report only findings at or above this severity.")] = Level.minor,
    rules: Annotated[
        Optional[list[str]], typer.Option("--rules", help="Only these packs, rule ids or id prefixes (repeatable).")
    ] = None,
    rule_dir: Annotated[Optional[list[Path]], typer.Option("--rule-dir", help="Extra rule pack directory (repeatable).")] = None,
    lang_pair: Annotated[str, typer.Option(help="Language pair, e.g. ru-en, uk-en; 'auto' uses every *-en pack.")] = "auto",
    date: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for files without front matter.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name for files without front matter.")] = None,
    glossary: Annotated[
        Optional[list[Path]],
        typer.Option("--glossary", help="House glossary file or folder, applied over the bundled one (repeatable)."),
    ] = None,
    max_size: Annotated[float, typer.Option(help="Largest input accepted, in MB.")] = 10.0,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")] = False,
    color: Annotated[
        Optional[bool], typer.Option("--color/--no-color", help="Colour terminal output (default: when a terminal).")
    ] = None,
    grammar: Annotated[
        bool, typer.Option("--grammar", help='Also run the parser-based grammar checks (needs pip install "auditor[grammar]").')
    ] = False,
) -> None:
    """Check articles and report translation artifacts."""
    from auditor.api import check_document
    from auditor.document import parse_date
    from auditor.engine import Auditor, Options
    from auditor.findings import Severity
    from auditor.inputs import expand, load
    from auditor.report import FileReport, Report, render

    try:
        options = Options(
            lang_pair=lang_pair,
            rules=tuple(rules or ()),
            rule_dirs=tuple(str(d) for d in rule_dir or ()),
            min_severity=Severity.parse(min_severity.value),
            date=parse_date(date, "--date") if date else None,
            outlet=outlet,
            optional=frozenset({"grammar"}) if grammar else frozenset(),
            glossaries=tuple(str(g) for g in glossary or ()),
        )
        auditor = Auditor(options)
    except AuditorError as exc:
        raise _error(str(exc)) from None
    report = Report()
    raw_texts: dict[str, str] = {}
    for source in expand(paths):
        if isinstance(source, AuditorError):
            report.files.append(FileReport(path=str(source).split(":", 1)[0], error=str(source)))
            continue
        try:
            doc = load(source, max_bytes=int(max_size * 1_000_000), date=options.date, outlet=outlet)
            file_report = check_document(auditor, doc)
        except AuditorError as exc:
            report.files.append(FileReport(path=source.name, error=str(exc)))
            continue
        raw_texts[doc.path] = doc.raw
        report.files.append(file_report)
    for file in report.files:
        if file.error:
            typer.echo(f"auditor: error: {file.error}", err=True)
    use_color = sys.stdout.isatty() if color is None else color
    out = (
        render(report, fmt.value, color=use_color, documents=raw_texts)
        if fmt is OutputFormat.terminal
        else render(report, fmt.value)
    )
    sys.stdout.write(out)
    code = report.exit_code(None if fail_on is FailOn.never else Severity.parse(fail_on.value))
    if exit_zero and code is ExitCode.FINDINGS:
        code = ExitCode.OK
    raise typer.Exit(code)


app.add_typer(rules_app, name="rules")
app.add_typer(glossary_app, name="glossary")


def main() -> None:
    """Console entry point: one-line errors, never a traceback (AUDITOR_DEBUG=1 shows one)."""
    try:
        app()
    except AuditorError as exc:
        typer.echo(f"auditor: error: {exc}", err=True)
        sys.exit(ExitCode.ERROR)
    except KeyboardInterrupt:
        typer.echo("auditor: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence
        if os.environ.get("AUDITOR_DEBUG"):
            raise
        typer.echo(f"auditor: internal error: {type(exc).__name__}: {exc} (AUDITOR_DEBUG=1 shows a traceback)", err=True)
        sys.exit(ExitCode.ERROR)


if __name__ == "__main__":
    main()
