"""Command-line interface: argument parsing and wiring only (typer)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor import __version__
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


def _error(message: str) -> typer.Exit:
    typer.echo(f"auditor: error: {message}", err=True)
    return typer.Exit(ExitCode.ERROR)


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
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="House glossary file or folder, applied over the bundled one (repeatable).")] = None,
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


ALL_OPTIONAL = frozenset({"grammar"})


class RulesFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


rules_app = typer.Typer(help="List rules and show their documentation.", invoke_without_command=True, no_args_is_help=False)
app.add_typer(rules_app, name="rules")


@rules_app.callback(invoke_without_command=True)
def rules_list(
    ctx: typer.Context,
    lang_pair: Annotated[str, typer.Option(help="Language pair whose packs to list.")] = "auto",
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="table, json or md (docs/rules.md).")] = RulesFormat.table,
    rule_dir: Annotated[Optional[list[Path]], typer.Option("--rule-dir", help="Extra rule pack directory (repeatable).")] = None,
) -> None:
    """List rule ids with their type, severity and category."""
    if ctx.invoked_subcommand:
        return
    from auditor.checks import available_checks
    from auditor.rules.docs import rules_json, rules_markdown, rules_table

    try:
        rules = available_checks(lang_pair, tuple(str(d) for d in rule_dir or ()), ALL_OPTIONAL)
    except AuditorError as exc:
        raise _error(str(exc)) from None
    render = {"table": rules_table, "json": rules_json, "md": rules_markdown}[fmt.value]
    sys.stdout.write(render(rules))


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. en.boilerplate.breadcrumb.")],
    lang_pair: Annotated[str, typer.Option(help="Language pair whose packs to search.")] = "auto",
) -> None:
    """Show one rule: its documentation and examples."""
    from auditor.checks import available_checks
    from auditor.rules.docs import rule_detail

    try:
        rules = {r.id: r for r in available_checks(lang_pair, (), ALL_OPTIONAL)}
    except AuditorError as exc:
        raise _error(str(exc)) from None
    if rule_id not in rules:
        close = [r for r in rules if rule_id in r]
        hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
        raise _error(f"no rule {rule_id!r}{hint}")
    sys.stdout.write(rule_detail(rules[rule_id]))


@rules_app.command("test")
def rules_test(
    lang_pair: Annotated[str, typer.Option(help="Language pair whose packs to test.")] = "auto",
    rule_dir: Annotated[Optional[list[Path]], typer.Option("--rule-dir", help="Extra rule pack directory (repeatable).")] = None,
) -> None:
    """Run every rule's examples; exit 1 if a flag example is missed or a pass example is flagged."""
    from auditor.checks import available_checks
    from auditor.rules.examples import example_problems

    try:
        rules = available_checks(lang_pair, tuple(str(d) for d in rule_dir or ()), ALL_OPTIONAL)
    except AuditorError as exc:
        raise _error(str(exc)) from None
    problems = [p for rule in rules for p in example_problems(rule)]
    for problem in problems:
        typer.echo(problem)
    typer.echo(f"{len(rules)} rules, {len(problems)} example problem(s)")
    raise typer.Exit(ExitCode.FINDINGS if problems else ExitCode.OK)


glossary_app = typer.Typer(help="Glossary of names, titles and roles: lint, find, import, export.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("lint")
def glossary_lint(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Extra glossary files or folders (the bundled ones are always linted).")] = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Check glossaries: schema, duplicate ids, conflicting forms, overlapping roles, missing sources."""
    from auditor.glossary.tools import lint

    try:
        errors, warnings, count = lint(tuple(str(p) for p in paths or ()))
    except AuditorError as exc:
        raise _error(str(exc)) from None
    for line in errors:
        typer.echo(f"error: {line}")
    for line in warnings:
        typer.echo(f"warning: {line}")
    typer.echo(f"{count} entities, {len(errors)} error(s), {len(warnings)} warning(s)")
    if errors or (strict and warnings):
        raise typer.Exit(ExitCode.ERROR)


@glossary_app.command("find")
def glossary_find(
    name: Annotated[str, typer.Argument(help="A name, variant, wrong form, Cyrillic form or id.")],
    date: Annotated[Optional[str], typer.Option(help="Show the roles held on this date (YYYY-MM-DD or 'today').")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="House glossary (repeatable).")] = None,
) -> None:
    """Show an entity: its forms, roles (and which were held on --date) and source."""
    from auditor.document import parse_date
    from auditor.glossary.loader import load_glossary
    from auditor.glossary.tools import describe

    try:
        on = parse_date(date, "--date") if date else None
        found = load_glossary(tuple(str(g) for g in glossary or ())).find(name)
    except AuditorError as exc:
        raise _error(str(exc)) from None
    if not found:
        raise _error(f"no glossary entity matches {name!r}")
    typer.echo("\n\n".join(describe(e, on) for e in found))


class ExportFormat(StrEnum):
    yaml = "yaml"
    csv = "csv"
    tsv = "tsv"
    tbx = "tbx"


@glossary_app.command("export")
def glossary_export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="yaml, csv, tsv or tbx.")] = ExportFormat.tbx,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here (atomically) instead of standard output.")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="House glossary to include (repeatable).")] = None,
) -> None:
    """Export the effective glossary (bundled plus house glossaries)."""
    from auditor.glossary import tools
    from auditor.glossary.loader import load_glossary

    try:
        entities = list(load_glossary(tuple(str(g) for g in glossary or ())).entities.values())
    except AuditorError as exc:
        raise _error(str(exc)) from None
    render = {"yaml": tools.export_yaml, "tbx": tools.export_tbx,
              "csv": lambda e: tools.export_delimited(e, ","), "tsv": lambda e: tools.export_delimited(e, "\t")}[fmt.value]
    _write_output(render(entities), out)


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A .csv, .tsv or .tbx termbase.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write the YAML glossary here (atomically).")] = None,
) -> None:
    """Convert a CSV/TSV/TBX termbase into a glossary YAML file (validated)."""
    from auditor.glossary import tools
    from auditor.glossary.loader import parse_file

    try:
        text = tools.export_yaml(tools.import_file(file))
        parse_file(out or Path("<output>"), text)  # validate against the schema before writing
    except AuditorError as exc:
        raise _error(str(exc)) from None
    _write_output(text, out)


def _write_output(text: str, out: Optional[Path]) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from auditor.fileio import atomic_write

    try:
        atomic_write(out, text)
    except OSError as exc:
        raise _error(f"{out}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"wrote {out}", err=True)


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
