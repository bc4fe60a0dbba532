"""Inline suppressions, .auditor-ignore sidecars, unused-suppression reports and baselines."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from auditor import baseline as bl
from auditor.api import check_document
from auditor.document import Document
from auditor.engine import Auditor, Options
from auditor.errors import InputError
from cli import app
from tests.conftest import SAMPLE, write

runner = CliRunner()
AUDITOR = Auditor(Options())


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input)


def found(text: str, fmt: str = "md", path: str = "a.md", auditor=AUDITOR) -> list[tuple[str, int]]:
    doc = Document.from_string(text, path=path, fmt=fmt)
    return [(f.rule, f.line) for f in check_document(auditor, doc).findings]


def test_next_line_suppression_by_id_and_prefix():
    text = "Weak RF here.\n<!-- auditor-ignore en.terminology.rf -->\nWeak RF here.\n<!-- auditor-ignore en.terminology -->\nWeak RF here.\n"
    assert found(text) == [("en.terminology.rf", 1)]


def test_next_line_only_and_several_ids():
    text = "<!-- auditor-ignore ru-en.military, en.terminology -->\nWeak RF, bombed positions.\nWeak RF.\n"
    assert found(text) == [("en.terminology.rf", 3)]


def test_block_suppression_in_html():
    text = (
        "<p>Weak RF.</p>\n<!-- auditor-ignore-start en.terminology.rf -->\n<p>Weak RF.</p>\n<p>The RF said.</p>\n"
        "<!-- auditor-ignore-end -->\n<p>Weak RF.</p>\n"
    )
    assert found(text, "html", "a.html") == [("en.terminology.rf", 1), ("en.terminology.rf", 6)]


def test_unused_suppressions_are_reported_with_a_fix():
    text = "<!-- auditor-ignore en.terminology.rf ru-en.military -->\nWeak RF.\n<!-- auditor-ignore en.boilerplate -->\nFine.\n"
    doc = Document.from_string(text, path="a.md", fmt="md")
    findings = check_document(AUDITOR, doc).findings
    assert [(f.rule, f.line, f.severity.label) for f in findings] == [
        ("meta.unused-suppression", 1, "minor"),
        ("meta.unused-suppression", 3, "minor"),
    ]
    assert "ru-en.military" in findings[0].message
    assert findings[0].suggestions == ("<!-- auditor-ignore en.terminology.rf -->",)
    assert findings[1].suggestions == ("",) and findings[1].text == "<!-- auditor-ignore en.boilerplate -->"


def test_unknown_rule_in_suppression_is_reported_but_disabled_rules_are_not():
    text = "<!-- auditor-ignore en.terminolgy -->\nWeak RF.\n"
    f = check_document(AUDITOR, Document.from_string(text, path="a.md", fmt="md")).findings
    assert [x.rule for x in f] == ["meta.unused-suppression", "en.terminology.rf"] and "names no known rule" in f[0].message
    only_boiler = Auditor(Options(rules=("en.boilerplate",)))
    assert found("<!-- auditor-ignore en.terminology -->\nFine.\n", auditor=only_boiler) == []
    quiet = Auditor(Options(disable=("meta",)))
    assert found("<!-- auditor-ignore en.terminology -->\nFine.\n", auditor=quiet) == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("<!-- auditor-ignore -->\nWeak RF\n", "a.md:1: suppression needs a rule id"),
        ("x\n\n<!--auditor-ignore-start-->\nWeak RF\n<!-- auditor-ignore-end -->\n", "a.md:3: suppression needs a rule id"),
        ("<!-- auditor-ignore-start en.terminology -->\nWeak RF\n", "a.md:1: auditor-ignore-start without auditor-ignore-end"),
        ("Weak RF\n<!-- auditor-ignore-end -->\n", "a.md:2: auditor-ignore-end without auditor-ignore-start"),
        ("<!-- auditor-ignore-next en.x -->\n", "a.md:1: unknown suppression 'auditor-ignore-next'"),
        ("<!-- auditor-ignore en.x! -->\n", "a.md:1: 'en.x!' is not a rule id"),
    ],
)
def test_malformed_suppressions_are_errors(text, message):
    with pytest.raises(InputError, match="^" + message.replace(".", r"\.").replace("(", r"\(")):
        found(text)


def test_missing_rule_id_exits_2_in_cli(tmp_path):
    p = write(tmp_path, "a.md", "<!-- auditor-ignore -->\nWeak RF\n")
    r = run("check", p, "-f", "lines")
    assert r.exit_code == 2 and f"{p}:1: suppression needs a rule id" in r.stderr


def test_comments_in_plain_text_are_not_suppressions():
    assert found("<!-- auditor-ignore en.terminology -->\nWeak RF.\n", "txt", "a.txt") == [("en.terminology.rf", 2)]


def test_sidecar_file(tmp_path):
    write(tmp_path, ".auditor-ignore", '# house exceptions\nen.terminology.rf\tRF\nru-en.military: "bombed"\n\nen.boilerplate: "Leave a Comment"\n')
    p = write(tmp_path, "a.txt", "Weak RF.\n\nThe positions were bombed.\n\nThe positions were shelled.\n")
    r = run("check", p, "-f", "json")
    findings = json.loads(r.stdout)["files"][0]["findings"]
    assert findings == [], findings
    # an entry whose text is in the article but no longer flagged there is unused
    q = write(tmp_path, "b.txt", "Leave a Comment on the story, he wrote.\n")
    findings = json.loads(run("check", q, "-f", "json").stdout)["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["meta.unused-suppression"]
    assert ".auditor-ignore:5" in findings[0]["message"]


@pytest.mark.parametrize(
    "line, message",
    [("\tRF\n", ":1: suppression needs a rule id"), ('en.x "RF"\n', ":1: expected RULE<TAB>exact text"), ("en.x\t\n", ":1: suppression needs the exact")],
)
def test_bad_sidecar_lines(tmp_path, line, message):
    write(tmp_path, ".auditor-ignore", line)
    p = write(tmp_path, "a.txt", "Weak RF.\n")
    r = run("check", p)
    assert r.exit_code == 2 and f"{tmp_path / '.auditor-ignore'}{message}" in r.stderr


def test_min_severity_hides_unused_suppression_reports():
    auditor = Auditor(Options(min_severity=__import__("auditor").Severity.MAJOR))
    assert found("<!-- auditor-ignore ru-en.military -->\nThe positions were bombed.\n", auditor=auditor) == []


# -- baseline ---------------------------------------------------------------------------------
def test_baseline_round_trip_reports_only_new_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = write(tmp_path, "news/a.txt", "Weak RF.\n\nThe positions were bombed.\n")
    r = run("baseline", p)
    assert r.exit_code == 0 and "recorded 2 finding(s) from 1 file(s)" in r.stderr
    data = json.loads((tmp_path / ".auditor-baseline.json").read_text())
    assert data["schema"] == "auditor-baseline/1" and list(data["files"]) == ["news/a.txt"]
    r = run("check", p, "--baseline", ".auditor-baseline.json", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["files"][0]["findings"] == []
    # edits elsewhere shift offsets: still known; a new occurrence is new
    p.write_text("Intro paragraph added.\n\nWeak RF.\n\nThe positions were bombed.\n\nThe RF said.\n", encoding="utf-8")
    r = run("check", p, "--baseline", ".auditor-baseline.json", "-f", "json")
    new = json.loads(r.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in new] == [("en.terminology.rf", 7)] and r.exit_code == 1


def test_baseline_counts_repeated_findings_and_follows_renames(tmp_path):
    out = tmp_path / "base.json"
    p = write(tmp_path, "a.txt", "Weak RF.\n\nWeak RF.\n")
    assert run("baseline", p, "--out", out).exit_code == 0
    assert list(json.loads(out.read_text())["files"]["a.txt"].values()) == [2]
    p.write_text("Weak RF.\n\nWeak RF.\n\nWeak RF.\n", encoding="utf-8")
    r = run("check", p, "--baseline", out, "-f", "json")
    assert len(json.loads(r.stdout)["files"][0]["findings"]) == 1
    moved = write(tmp_path, "moved/b.txt", "Weak RF.\n")
    r = run("check", moved, "--baseline", out, "-f", "json")
    assert json.loads(r.stdout)["files"][0]["findings"] == []


def test_baseline_errors(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF.\n")
    bad = write(tmp_path, "bad.json", "{not json")
    r = run("check", p, "--baseline", bad)
    assert r.exit_code == 2 and f"{bad}:1: not a baseline file" in r.stderr
    r = run("check", p, "--baseline", tmp_path / "none.json")
    assert r.exit_code == 2 and "cannot read baseline" in r.stderr
    r = run("baseline", p, tmp_path / "missing.txt", "--out", tmp_path / "b.json")
    assert r.exit_code == 2 and not (tmp_path / "b.json").exists()


def test_baseline_of_markup_uses_visible_sentences(tmp_path):
    p = write(tmp_path, "a.html", "<p>Weak <b>RF</b> said.</p>\n")
    doc = Document.from_string(p.read_text(), path=str(p), fmt="html")
    f = check_document(AUDITOR, doc).findings[0]
    assert bl.sentence_text(doc, f) == "Weak RF said."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Weak RF.", "The positions were bombed.", "Leave a Comment", "Fine news.", "\n\n"]), max_size=12))
def test_baseline_of_itself_hides_everything(tmp_path_factory, parts):
    tmp = tmp_path_factory.mktemp("b")
    doc = Document.from_string(" ".join(parts), path=str(tmp / "a.txt"))
    findings = AUDITOR.check(doc)
    out = tmp / "base.json"
    out.write_text(bl.dumps(bl.build([(doc, findings)], out)))
    assert bl.filter_new(out, doc, findings) == []


def test_baseline_subprocess(tmp_path):
    art = tmp_path / "a.txt"
    art.write_bytes(SAMPLE.read_bytes())
    base = tmp_path / "b.json"
    out = subprocess.run([sys.executable, "-m", "auditor", "baseline", str(art), "--out", str(base)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    out = subprocess.run([sys.executable, "-m", "auditor", "check", str(art), "--baseline", str(base)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


markup = st.lists(
    st.sampled_from(
        ["Weak RF. ", "bombed ", "\n", "<!-- auditor-ignore en.terminology -->", "<!-- auditor-ignore-start ru-en -->",
         "<!-- auditor-ignore-end -->", "<!-- auditor-ignore -->", "<!-- x -->", "<p>", "</p>", "# "]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup, st.sampled_from(["md", "html"]))
def test_suppressions_never_crash_and_only_remove_findings(text, fmt):
    doc = Document.from_string(text, path="a." + fmt, fmt=fmt)
    plain = AUDITOR.check(doc)
    try:
        kept = check_document(AUDITOR, doc).findings
    except InputError as exc:
        assert str(exc).startswith("a." + fmt + ":")
        return
    real = [f for f in kept if f.rule != "meta.unused-suppression"]
    assert set(real) <= set(plain)
    for f in kept:
        assert doc.raw[f.start : f.end] == f.text
