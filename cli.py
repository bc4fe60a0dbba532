"""Command-line interface: argument parsing and wiring only (typer)."""

from __future__ import annotations

import gc
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor import __version__
from auditor.commands._common import Device
from auditor.commands._common import error as _error
from auditor.commands.baseline import baseline as baseline_command
from auditor.commands.batch import batch as batch_command
from auditor.commands.config import config_app
from auditor.commands.fix import fix as fix_command
from auditor.commands.glossary import glossary_app
from auditor.commands.rules import rules_app
from auditor.commands.score import compare_command, score_command
from auditor.commands.serve import serve as serve_command
from auditor.errors import AuditorError, ExitCode
from auditor.neural import cli_options as _neural_options

_APP_SETTINGS = dict(
    name="auditor",
    help="Audit machine-translated English news for translation artifacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app = typer.Typer(**_APP_SETTINGS)


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    lines = "lines"
    sarif = "sarif"
    junit = "junit"
    html = "html"
    github = "github"


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
    neural: Annotated[
        bool, typer.Option("--neural", help='Also match calque rules\' anchors semantically (needs pip install "auditor[neural]").')
    ] = False,
    lm: Annotated[Optional[Path], typer.Option("--lm", help="Local causal LM directory: report unusual phrasing.")] = None,
    qe_model: Annotated[
        Optional[Path], typer.Option("--qe-model", help="Local quality-estimation (sequence regression) model directory.")
    ] = None,
    qe_threshold: Annotated[float, typer.Option(help="Report sentences the QE model scores below this.")] = 0.5,
    device: Annotated[Device, typer.Option(help="Device for the neural checks.")] = Device.auto,
    batch_size: Annotated[int, typer.Option(min=1, help="Batch size of the neural checks.")] = 32,
    ctx: typer.Context = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Use this auditor.toml or pyproject.toml.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")] = False,
    gate: Annotated[
        bool, typer.Option("--gate/--no-gate", help="Exit 1 when an article scores below --threshold or has a critical finding.")
    ] = False,
    threshold: Annotated[Optional[float], typer.Option(help="Quality an article needs to pass the gate (default 80).")] = None,
    disable: Annotated[Optional[list[str]], typer.Option("--disable", help="Turn off rule ids or prefixes (repeatable).")] = None,
    severity: Annotated[
        Optional[list[str]], typer.Option("--severity", help="Override a severity: RULE=minor|major|critical (repeatable).")
    ] = None,
    baseline: Annotated[
        Optional[Path], typer.Option("--baseline", help="Report only findings not in this file (see `auditor baseline`).")
    ] = None,
    source_path: Annotated[
        Optional[Path], typer.Option("--source", help="Russian/Ukrainian source of the target file: run source-aware checks.")
    ] = None,
    ref_paths: Annotated[
        Optional[list[Path]], typer.Option("--ref", help="Reference translation: add BLEU/chrF/TER metrics (repeatable).")
    ] = None,
) -> None:
    """Check articles and report translation artifacts."""
    from auditor.api import check_document
    from auditor.bilingual import is_translation_file
    from auditor.config import Resolver, anchor_of, cli_overrides
    from auditor.document import parse_date
    from auditor.findings import Severity
    from auditor.gate import gate_summary
    from auditor.inputs import expand, load
    from auditor.report import FileReport, Report, render

    try:  # settings: command line over the nearest auditor.toml / [tool.auditor] over defaults
        if date:
            parse_date(date, "--date")
        resolver = Resolver(
            cli_overrides(ctx, locals()),
            config=config,
            no_config=no_config,
            outlet=outlet,
            optional=frozenset({"grammar"}) if grammar else frozenset(),
            baseline=str(baseline) if baseline else None,
            **_neural_options(neural, lm, qe_model, qe_threshold, device.value, batch_size),
        )
        run_config = resolver.config_for(anchor_of(paths))  # run-wide: format, fail_on, gate
        auditor = resolver.auditor_for(anchor_of(paths))
        gc.freeze()  # rules and glossary live as long as the process: keep them out of every collection
        _resume_gc()
    except AuditorError as exc:
        raise _error(str(exc)) from None
    if source_path is not None and len(paths) != 1:
        raise _error("--source goes with exactly one target file")
    fmt, gate = OutputFormat(run_config.values["format"]), run_config.values["gate"]
    fail_on = FailOn(run_config.values["fail_on"]) if run_config.origins["fail_on"] != "default" or not gate else FailOn.never
    thresholds: dict[str, float] = {}
    report = Report()
    raw_texts: dict[str, str] = {}
    for source in expand(paths):
        if isinstance(source, AuditorError):
            report.files.append(FileReport(path=str(source).split(":", 1)[0], error=str(source)))
            continue
        try:
            auditor = resolver.auditor_for(source.path)
            if source_path or ref_paths or is_translation_file(source.name):  # bilingual input / reference metrics
                from auditor.bilingual.report import check_bilingual, load_for_check, needs_bilingual

                doc = load_for_check(source, source_path, max_bytes=int(max_size * 1_000_000), date=auditor.options.date,
                                     outlet=outlet, lang_pair=auditor.options.lang_pair) if needs_bilingual(source.name, source_path) else load(source, max_bytes=int(max_size * 1_000_000), date=auditor.options.date, outlet=outlet)  # fmt: skip
                file_report = check_bilingual(auditor, doc, ref_paths or (), source_name=str(source_path) if source_path else None)
            else:
                doc = load(source, max_bytes=int(max_size * 1_000_000), date=auditor.options.date, outlet=outlet)
                file_report = check_document(auditor, doc)
            thresholds[doc.path] = auditor.options.threshold
        except AuditorError as exc:
            report.files.append(FileReport(path=source.name, error=str(exc)))
            continue
        raw_texts[doc.path] = doc.raw
        report.files.append(file_report)
    for file in report.files:
        if file.error:
            typer.echo(f"auditor: error: {file.error}", err=True)
    use_color = sys.stdout.isatty() if color is None else color
    if fmt is OutputFormat.json:  # streamed: large reports never exist as one string
        from auditor.report.json_report import write_json

        write_json(report, sys.stdout)
    else:
        sys.stdout.write(
            render(report, fmt.value, color=use_color, documents=raw_texts)
            if fmt is OutputFormat.terminal
            else render(report, fmt.value, documents=raw_texts, checks=auditor.checks)
            if fmt in (OutputFormat.sarif, OutputFormat.html)
            else render(report, fmt.value)
        )
    code = report.exit_code(None if fail_on is FailOn.never else Severity.parse(fail_on.value))
    if gate:
        lines, failed = gate_summary(report, thresholds)
        typer.echo("\n".join(lines), err=True)
        if failed and code is ExitCode.OK:
            code = ExitCode.FINDINGS
    if exit_zero and code is ExitCode.FINDINGS:
        code = ExitCode.OK
    raise typer.Exit(code)


app.command("fix")(fix_command)
app.command("baseline")(baseline_command)
app.command("batch")(batch_command)
app.command("score")(score_command)
app.command("compare")(compare_command)
app.add_typer(rules_app, name="rules")
app.add_typer(glossary_app, name="glossary")
app.add_typer(config_app, name="config")
app.command("serve")(serve_command)


def _app_for(argv: list[str]) -> typer.Typer:
    """The whole CLI, or for ``auditor check …`` an app with only that command: typer builds the
    options of every registered command on each run, a fifth of a cold check's time."""
    if len(argv) < 2 or argv[1] != "check":
        return app
    only = typer.Typer(**_APP_SETTINGS)
    only.callback()(_root)
    only.command()(check)
    return only


_gc_paused = False


def _pause_gc() -> None:
    global _gc_paused
    _gc_paused = gc.isenabled()
    gc.disable()


def _resume_gc() -> None:
    """Turn collections back on if ``_pause_gc`` turned them off (never otherwise)."""
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.enable()


def main() -> None:
    """Console entry point: one-line errors, never a traceback (AUDITOR_DEBUG=1 shows one)."""
    if sys.argv[1:2] == ["check"]:
        _pause_gc()  # start-up builds long-lived rules and glossary and frees little: check() resumes it
    try:
        _app_for(sys.argv)()
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
    finally:
        _resume_gc()


if __name__ == "__main__":
    main()
