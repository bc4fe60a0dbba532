"""docs/rules.md is generated from the rules (`auditor rules --format md`) and must not be stale."""
from __future__ import annotations

from auditor.checks import available_checks, optional_groups
from auditor.rules.docs import rules_markdown
from tests.conftest import ROOT


def test_rules_doc_is_current():
    expected = rules_markdown(available_checks("auto", (), optional_groups()))
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "docs/rules.md is stale: run `auditor rules --format md > docs/rules.md`"
