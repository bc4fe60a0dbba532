"""`auditor config show`: the effective configuration and where each value came from."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor.errors import AuditorError

from ._common import error as _error

config_app = typer.Typer(help="Show the effective configuration (auditor.toml / [tool.auditor]).", no_args_is_help=True)


@config_app.command("show")
def config_show(
    ctx: typer.Context,
    path: Annotated[
        Optional[Path], typer.Argument(help="A file or folder; its configuration is searched upward (default: the cwd).")
    ] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Use this auditor.toml or pyproject.toml.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")] = False,
    lang_pair: Annotated[Optional[str], typer.Option(help="Language pair.")] = None,
    rules: Annotated[Optional[list[str]], typer.Option("--rules", help="Only these packs or rule prefixes.")] = None,
    disable: Annotated[Optional[list[str]], typer.Option("--disable", help="Rule prefixes to turn off.")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", help="RULE=minor|major|critical.")] = None,
    glossary: Annotated[Optional[list[str]], typer.Option("--glossary", help="House glossary.")] = None,
    rule_dir: Annotated[Optional[list[str]], typer.Option("--rule-dir", help="Extra rule pack directory.")] = None,
    threshold: Annotated[Optional[float], typer.Option(help="Gate threshold.")] = None,
    date: Annotated[Optional[str], typer.Option(help="YYYY-MM-DD or today.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="Output format of check.")] = None,
    fail_on: Annotated[Optional[str], typer.Option(help="minor, major, critical or never.")] = None,
    min_severity: Annotated[Optional[str], typer.Option(help="minor, major or critical.")] = None,
    gate: Annotated[Optional[bool], typer.Option("--gate/--no-gate", help="Gate on the quality score.")] = None,
) -> None:
    """Print the effective configuration as TOML, each value commented with its origin
    (default, FILE:LINE or command line). Flags are those of `auditor check`."""
    from auditor.config import Resolver, cli_overrides, show

    try:
        resolver = Resolver(cli_overrides(ctx, locals()), config=config, no_config=no_config)
        cfg = resolver.config_for(path)
    except AuditorError as exc:
        raise _error(str(exc)) from None
    sys.stdout.write(show(cfg, str(path) if path else "."))
