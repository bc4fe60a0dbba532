"""Helpers shared by the CLI commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from auditor.errors import ExitCode


class Device(StrEnum):
    """Where the neural checks run."""

    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"
    mps = "mps"


def error(message: str) -> typer.Exit:
    """Print a one-line error and return the Exit to raise (code 2)."""
    typer.echo(f"auditor: error: {message}", err=True)
    return typer.Exit(ExitCode.ERROR)


def write_output(text: str, out: Path | None) -> None:
    """Write to ``out`` atomically, or to standard output."""
    import sys

    if out is None:
        sys.stdout.write(text)
        return
    from auditor.fileio import atomic_write

    try:
        atomic_write(out, text)
    except OSError as exc:
        raise error(f"{out}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"wrote {out}", err=True)
