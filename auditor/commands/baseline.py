"""`auditor baseline`: record today's findings so that `check --baseline` reports only new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor.errors import AuditorError

from ._common import error as _error


def baseline(
    paths: Annotated[list[str], typer.Argument(help="Articles: files, directories or globs.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The baseline file to write (atomically).")] = Path(
        ".auditor-baseline.json"
    ),
    config: Annotated[Optional[Path], typer.Option("--config", help="Use this auditor.toml or pyproject.toml.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")] = False,
) -> None:
    """Record the current findings of ARTICLES (rule + hash of the flagged text + hash of its sentence).

    Nothing is written if an article cannot be checked (exit 2).
    """
    from auditor import baseline as bl
    from auditor.api import check_document
    from auditor.config import Resolver
    from auditor.fileio import atomic_write
    from auditor.inputs import expand, load

    try:
        resolver = Resolver(config=config, no_config=no_config)
    except AuditorError as exc:
        raise _error(str(exc)) from None
    entries, errors = [], []
    for source in expand(paths):
        if isinstance(source, AuditorError):
            errors.append(str(source))
            continue
        try:
            auditor = resolver.auditor_for(source.path)
            doc = load(source, date=auditor.options.date)
            entries.append((doc, check_document(auditor, doc).findings))
        except AuditorError as exc:
            errors.append(str(exc))
    if errors:
        for e in errors[:-1]:
            typer.echo(f"auditor: error: {e}", err=True)
        raise _error(f"{errors[-1]} (baseline not written)")
    data = bl.build(entries, out)
    try:
        atomic_write(out, bl.dumps(data))
    except OSError as exc:
        raise _error(f"{out}: cannot write: {exc.strerror or exc}") from None
    count = sum(n for counts in data["files"].values() for n in counts.values())
    typer.echo(f"recorded {count} finding(s) from {len(entries)} file(s) in {out}", err=True)
