"""Terminal report: without colour it is plain text, byte-identical to what rich prints."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from auditor.api import audit
from auditor.report import terminal
from auditor.report.terminal import render_terminal

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "mt" / "korrespondent-2022-09-13-armenia-azerbaijan.txt"
TEXTS = [
    SAMPLE.read_text(encoding="utf-8"),
    "The the\tRF army said , officials said.\n\tHe said  “ hello ” .\n",  # tabs in the context line
    "Ｒｆ 中文 RF army said , x.\t\tz RF\n",  # wide characters before a tab
]


def _through_rich(report, documents, monkeypatch) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=False, no_color=True, width=100, highlight=False, soft_wrap=True)
    monkeypatch.setattr(terminal, "_PlainText", Text)
    monkeypatch.setattr(terminal, "_PlainConsole", lambda _buf: console)
    render_terminal(report, color=False, documents=documents)
    monkeypatch.undo()
    return buf.getvalue()


@pytest.mark.parametrize("text", TEXTS, ids=["sample", "tabs", "wide"])
def test_plain_output_equals_rich_without_colour(text, monkeypatch) -> None:
    report = audit(text)
    documents = {report.files[0].path: text}
    plain = render_terminal(report, color=False, documents=documents)
    assert plain == _through_rich(report, documents, monkeypatch)
    assert "→" in plain and "\x1b[" not in plain


def test_colour_output_uses_ansi_styles() -> None:
    report = audit(TEXTS[1])
    out = render_terminal(report, color=True, documents={report.files[0].path: TEXTS[1]})
    assert "\x1b[" in out and "RF" in out
