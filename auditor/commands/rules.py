"""`auditor rules`: list rules, show one, run their examples."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from auditor.errors import AuditorError, ExitCode

from ._common import error as _error


class RulesFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


rules_app = typer.Typer(help="List rules and show their documentation.", invoke_without_command=True, no_args_is_help=False)


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
    from auditor.checks import available_checks, optional_groups
    from auditor.rules.docs import rules_json, rules_markdown, rules_table

    try:
        rules = available_checks(lang_pair, tuple(str(d) for d in rule_dir or ()), optional_groups())
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
    from auditor.checks import available_checks, optional_groups
    from auditor.rules.docs import rule_detail

    try:
        rules = {r.id: r for r in available_checks(lang_pair, (), optional_groups())}
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
    from auditor.checks import available_checks, optional_groups
    from auditor.rules.examples import example_problems

    try:
        rules = available_checks(lang_pair, tuple(str(d) for d in rule_dir or ()), optional_groups())
    except AuditorError as exc:
        raise _error(str(exc)) from None
    problems = [p for rule in rules for p in example_problems(rule)]
    for problem in problems:
        typer.echo(problem)
    typer.echo(f"{len(rules)} rules, {len(problems)} example problem(s)")
    raise typer.Exit(ExitCode.FINDINGS if problems else ExitCode.OK)
