"""`auditor glossary`: lint, find, import, export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor.errors import AuditorError, ExitCode

from ._common import error as _error
from ._common import write_output as _write_output

glossary_app = typer.Typer(help="Glossary of names, titles and roles: lint, find, import, export.", no_args_is_help=True)


@glossary_app.command("lint")
def glossary_lint(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="Extra glossary files or folders (the bundled ones are always linted).")
    ] = None,
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
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", help="Write here (atomically) instead of standard output.")
    ] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="House glossary to include (repeatable).")] = None,
) -> None:
    """Export the effective glossary (bundled plus house glossaries)."""
    from auditor.glossary import tools
    from auditor.glossary.loader import load_glossary

    try:
        entities = list(load_glossary(tuple(str(g) for g in glossary or ())).entities.values())
    except AuditorError as exc:
        raise _error(str(exc)) from None
    render = {
        "yaml": tools.export_yaml,
        "tbx": tools.export_tbx,
        "csv": lambda e: tools.export_delimited(e, ","),
        "tsv": lambda e: tools.export_delimited(e, "\t"),
    }[fmt.value]
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
