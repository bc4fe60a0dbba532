"""`auditor batch`: check many articles in parallel into a resumable JSONL or Parquet file."""

from __future__ import annotations

import math
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor.commands._common import Device, error


class Engine(StrEnum):
    process = "process"
    ray = "ray"


def batch(
    inputs: Annotated[list[str], typer.Argument(help="Directories, globs, .jsonl or .parquet files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Results: .jsonl (appended, resumable) or .parquet.")],
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: CPU cores).")] = None,
    chunk_size: Annotated[int, typer.Option(help="Articles per task; each finished chunk is written and fsynced.")] = 16,
    engine: Annotated[Engine, typer.Option(help='process (local pool) or ray (needs pip install "auditor[cluster]").')] = Engine.process,
    address: Annotated[Optional[str], typer.Option(help="Ray cluster address (e.g. ray://head:10001 or auto).")] = None,
    lang_pair: Annotated[str, typer.Option(help="Language pair, e.g. ru-en, uk-en; 'auto' uses every *-en pack.")] = "auto",
    rules: Annotated[Optional[list[str]], typer.Option("--rules", help="Only these packs, rule ids or id prefixes.")] = None,
    rule_dir: Annotated[Optional[list[Path]], typer.Option("--rule-dir", help="Extra rule pack directory.")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="House glossary file or folder.")] = None,
    min_severity: Annotated[str, typer.Option(help="Report only findings at or above: minor, major, critical.")] = "minor",
    date: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for articles without one.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name for articles without one.")] = None,
    max_size: Annotated[float, typer.Option(help="Largest article accepted, in MB (larger ones are recorded as errors).")] = 10.0,
    timeout: Annotated[float, typer.Option(help="Seconds one article may take before it is recorded as timed out (0: none).")] = 60.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    grammar: Annotated[bool, typer.Option("--grammar", help='Also run the parser-based grammar checks (needs "auditor[grammar]").')] = False,
    neural: Annotated[bool, typer.Option("--neural", help='Also match calque anchors semantically (needs "auditor[neural]").')] = False,
    lm: Annotated[Optional[Path], typer.Option("--lm", help="Local causal LM directory: report unusual phrasing.")] = None,
    qe_model: Annotated[Optional[Path], typer.Option("--qe-model", help="Local quality-estimation model directory.")] = None,
    qe_threshold: Annotated[float, typer.Option(help="Report sentences the QE model scores below this.")] = 0.5,
    device: Annotated[Device, typer.Option(help="Device for the neural checks.")] = Device.auto,
    batch_size: Annotated[int, typer.Option(min=1, help="Batch size of the neural checks.")] = 32,
) -> None:
    """Check many articles in parallel; re-running with the same --out resumes where it stopped.

    Each output line is the article's report (as in `check --format json`) plus its id, content
    hash and the auditor signature. Exit 0 when the run completes (per-article errors are in the
    output), 2 on a usage error, 130 when interrupted.
    """
    from auditor.document import parse_date
    from auditor.engine import Options
    from auditor.errors import AuditorError
    from auditor.findings import Severity
    from auditor.neural import cli_options

    if engine is Engine.ray:
        try:
            import ray  # noqa: F401
        except ImportError:
            raise error('the Ray engine needs Ray: pip install "auditor[cluster]"') from None
    if out.suffix.lower() not in (".jsonl", ".ndjson", ".parquet", ".pq"):
        raise error(f"{out}: --out must end in .jsonl (or .ndjson) for JSON lines, or .parquet")
    if out.suffix.lower() in (".parquet", ".pq"):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise error('Parquet output needs pyarrow: pip install "auditor[batch]"') from None
    if jobs is not None and jobs < 1:
        raise error("--jobs must be at least 1")
    if chunk_size < 1:
        raise error("--chunk-size must be at least 1")
    if not (timeout >= 0 and math.isfinite(timeout)):
        raise error("--timeout must be a number of seconds, 0 or more (0: no limit)")
    if not (max_size > 0 and math.isfinite(max_size)):
        raise error("--max-size must be a positive number of MB")
    from rich.console import Console

    from auditor.batch import journal_path, run_batch
    from auditor.batch.summary import render

    err = Console(stderr=True)
    show_progress = not quiet and sys.stderr.isatty() and not os.environ.get("CI")
    try:
        options = Options(
            lang_pair=lang_pair,
            rules=tuple(rules or ()),
            rule_dirs=tuple(str(d) for d in rule_dir or ()),
            min_severity=Severity.parse(min_severity),
            date=parse_date(date, "--date") if date else None,
            outlet=outlet,
            glossaries=tuple(str(g) for g in glossary or ()),
            optional=frozenset({"grammar"}) if grammar else frozenset(),
            jobs=jobs or os.cpu_count() or 1,  # neural workers share the cores
            **cli_options(neural, lm, qe_model, qe_threshold, device.value, batch_size),
        )
    except (AuditorError, ValueError) as exc:
        raise error(str(exc)) from None
    progress = task = None
    if show_progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), console=err, transient=True)
        task = progress.add_task("batch", total=None, rate=0.0)
    import time

    t0 = time.perf_counter()
    state = {"checked": 0}

    def on_total(n):
        if progress is not None:
            progress.update(task, total=n)

    def on_progress(skipped: int, checked: int) -> None:
        state["checked"] += checked
        if progress is not None:
            rate = state["checked"] / max(time.perf_counter() - t0, 1e-9)
            progress.update(task, advance=skipped + checked, rate=rate)

    try:
        if progress is not None:
            progress.start()
        result = run_batch(inputs, out, options, jobs=jobs, chunk_size=chunk_size, engine=engine.value, address=address,
                           max_bytes=int(max_size * 1_000_000), timeout=timeout or None, outlet=outlet,
                           on_progress=on_progress, on_total=on_total)
    except KeyboardInterrupt:
        if progress is not None:
            progress.stop()
        typer.echo(f"auditor: interrupted; finished chunks are in {journal_path(out)}, re-run the same command to resume", err=True)
        raise typer.Exit(130) from None
    except AuditorError as exc:
        raise error(str(exc)) from None
    except OSError as exc:
        raise error(f"{out}: {exc.strerror or exc}") from None
    finally:
        if progress is not None:
            progress.stop()
    if result.truncated_bytes:
        typer.echo(f"auditor: {out}: dropped a torn last line ({result.truncated_bytes} bytes) from an interrupted run", err=True)
    if not quiet:
        render(result, Console())
