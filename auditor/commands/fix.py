"""`auditor fix`: apply suggestions (diff by default, --write atomically, --interactive per finding)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor.errors import AuditorError, ExitCode

from ._common import error as _error


class Level(StrEnum):
    minor = "minor"
    major = "major"
    critical = "critical"


CHOICES = {"a": "accept", "s": "skip", "c": "choose another suggestion", "e": "edit the replacement", "q": "quit"}


def fix(
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt, .md, .html) to fix.")],
    min_severity: Annotated[Level, typer.Option(help="Fix only findings at or above this severity.")] = Level.major,
    only: Annotated[Optional[list[str]], typer.Option("--only", help="Fix only these rule ids or prefixes (repeatable).")] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Show a unified diff of the fixes (the default without --write).")] = False,
    write: Annotated[bool, typer.Option("--write", help="Write the fixed files (atomically).")] = False,
    backup: Annotated[bool, typer.Option("--backup", help="With --write, keep the original as FILE.bak.")] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask per finding: accept, skip, choose, edit or quit; then write.")
    ] = False,
    config: Annotated[Optional[Path], typer.Option("--config", help="Use this auditor.toml or pyproject.toml.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")] = False,
    lang_pair: Annotated[Optional[str], typer.Option(help="Language pair, e.g. ru-en (default: from config, else auto).")] = None,
) -> None:
    """Apply the first suggestion of each non-overlapping finding at or above --min-severity.

    Without --write prints a unified diff and exits 1 when there is something to fix (0 when not).
    With --write (or --interactive) replaces each file atomically and exits 0; 2 on any error.
    """
    from auditor.api import check_document
    from auditor.config import Resolver
    from auditor.findings import Severity
    from auditor.fixes import apply, plan
    from auditor.inputs import Source, load

    overrides = {"min_severity": "minor"}
    if lang_pair:
        overrides["lang_pair"] = lang_pair
    try:
        resolver = Resolver(overrides, config=config, no_config=no_config)
    except AuditorError as exc:
        raise _error(str(exc)) from None
    level = Severity.parse(min_severity.value)
    write = write or interactive
    failed = pending = False
    for path in files:
        try:
            auditor = resolver.auditor_for(path)
            doc = load(Source(str(path), path), date=auditor.options.date)
            findings = check_document(auditor, doc).findings
        except AuditorError as exc:
            typer.echo(f"auditor: error: {exc}", err=True)
            failed = True
            continue
        if interactive:
            edits, quit_ = _ask(doc, findings, level, tuple(only or ()))
        else:
            edits, quit_ = plan(findings, level, tuple(only or ())), False
        new = apply(doc.raw, edits)
        if new == doc.raw:
            typer.echo(f"{path}: nothing to fix", err=True)
        else:
            if diff or not write:
                from auditor.fixes import unified_diff

                sys.stdout.write(unified_diff(str(path), doc.raw, new))
            if not write:
                pending = True
                typer.echo(f"{path}: {len(edits)} fix(es) (use --write to apply)", err=True)
            elif _write(path, new, backup):
                typer.echo(f"{path}: fixed {len(edits)} finding(s)", err=True)
            else:
                failed = True
        if quit_:
            break
    raise typer.Exit(ExitCode.ERROR if failed else ExitCode.FINDINGS if pending else ExitCode.OK)


def _write(path: Path, new: str, backup: bool) -> bool:
    """Write atomically, keeping a BOM if the file had one; one-line error and False on failure."""
    from auditor.fileio import atomic_write

    try:
        bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
        atomic_write(path, ("\ufeff" if bom else "") + new, backup=backup)
    except OSError as exc:
        typer.echo(f"auditor: error: {path}: cannot write: {exc.strerror or exc} (file left unchanged)", err=True)
        return False
    return True


def _ask(doc, findings, level, only) -> tuple[list, bool]:
    """Ask about each fixable finding in turn; returns (accepted edits, quit?)."""
    from auditor.fixes import Edit, candidates, overlaps

    accepted: list[Edit] = []
    for f in candidates(findings, level, only):
        if any(overlaps(f, e) for e in accepted):
            continue
        typer.echo(f"\n{doc.path}:{f.line}:{f.column} {f.severity.label} {f.rule}  {f.message}")
        typer.echo(f"    {_context(doc.raw, f.start, f.end)}")
        for n, s in enumerate(f.suggestions, 1):
            typer.echo(f"  {n}) {s!r}" + ("  (delete)" if s == "" else ""))
        try:
            answer = _choice("  [a]ccept, [s]kip, [c]hoose, [e]dit, [q]uit", CHOICES, default="s")
            replacement = f.suggestions[0]
            if answer == "q":
                return sorted(accepted, key=lambda e: (e.start, e.end)), True
            if answer == "s":
                continue
            if answer == "c":
                numbers = {str(n): s for n, s in enumerate(f.suggestions, 1)}
                replacement = numbers[_choice(f"  suggestion number (1-{len(f.suggestions)})", numbers, default="1")]
            elif answer == "e":
                replacement = typer.prompt("  replacement", default=replacement, show_default=True)
        except typer.Abort:  # end of input or Ctrl-C/Ctrl-D: keep what was accepted
            return sorted(accepted, key=lambda e: (e.start, e.end)), True
        accepted.append(Edit(f.start, f.end, replacement, f))
    return sorted(accepted, key=lambda e: (e.start, e.end)), False


def _choice(text: str, choices, default: str) -> str:
    while True:
        answer = typer.prompt(text, default=default).strip().lower()
        if answer in choices:
            return answer
        typer.echo(f"  please answer one of: {', '.join(choices)}")


def _context(raw: str, start: int, end: int, width: int = 40) -> str:
    lo = max(raw.rfind("\n", 0, start) + 1, start - width)
    hi = raw.find("\n", end)
    hi = min(len(raw) if hi < 0 else hi, end + width)
    return f"{raw[lo:start]}[{raw[start:end]}]{raw[end:hi]}".replace("\n", " ")
