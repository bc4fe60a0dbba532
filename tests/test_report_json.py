"""The JSON report: one finding per line, streamed, and exactly the ``to_dict`` data."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from auditor.api import audit
from auditor.report import FileReport, render
from auditor.report.json_report import dumps, write_json

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_json_layout_round_trips(value) -> None:
    assert json.loads(dumps(value)) == value


def test_json_layout_puts_each_finding_on_one_line() -> None:
    finding = {"rule": "x", "start": 1, "suggestions": ["a", "b"], "extra": {"k": 1}}
    text = dumps({"files": [{"path": "a.txt", "findings": [finding, finding]}]})
    lines = text.splitlines()
    assert sum(1 for line in lines if line.strip().rstrip(",") == json.dumps(finding, ensure_ascii=False)) == 2
    assert lines[0] == "{" and lines[1].startswith('  "files": [')


def test_streamed_and_rendered_reports_are_the_same_data() -> None:
    report = audit("The the RF army said , officials said.\n")
    report.files.append(FileReport(path="bad.bin", error="bad.bin: not UTF-8 text"))
    report.files.append(FileReport(path="empty.txt", note="empty file"))
    stream = io.StringIO()
    write_json(report, stream)
    assert stream.getvalue() == render(report, "json")
    assert json.loads(stream.getvalue()) == report.to_dict()
    assert len(report.files[0].findings) >= 2
