"""Quality score and gate, the GitHub Actions format and the pre-commit hook definition."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml
from typer.testing import CliRunner

from auditor.findings import Finding, Severity
from auditor.gate import gate_summary
from auditor.report import FileReport, Report, render
from auditor.score import score
from cli import app
from tests.conftest import ROOT, SAMPLE, write

runner = CliRunner()
CLEAN = ROOT / "corpora" / "clean" / "01-minsk-ceasefire-2014.txt"
LONG_CLEAN = ROOT / "corpora" / "clean" / "02-izium-counteroffensive-2022.txt"


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input)


def finding(severity=Severity.MINOR, rule="en.x.y", text="RF", line=1, column=1, message="m", suggestions=("Russia",)):
    return Finding(rule, "style", severity, 0, len(text), text, message, suggestions, line=line, column=column)


def test_score_weights_threshold_and_critical():
    fs = [finding(Severity.MINOR), finding(Severity.MAJOR), finding(Severity.MAJOR)]
    s = score(fs, 1000)
    assert (s.penalty, s.quality, s.passed) == (11.0, 89.0, True)
    s = score(fs, 500)  # normalised per 1,000 words
    assert (s.quality, s.passed) == (78.0, False)
    s = score(fs, 1000, weights={Severity.MINOR: 0, Severity.MAJOR: 1, Severity.CRITICAL: 10}, threshold=99)
    assert (s.quality, s.passed) == (98.0, False)
    s = score([finding(Severity.CRITICAL)], 100_000)
    assert s.quality > 99 and not s.passed  # a critical finding always fails


def test_gate_summary_lines():
    report = Report(
        [
            FileReport("a.txt", findings=[finding()], score=score([finding()], 1000, threshold=99.5)),
            FileReport("b.txt", findings=[], score=score([], 10), note="x"),
            FileReport("c.txt", error="c.txt: not valid UTF-8"),
        ]
    )
    lines, failed = gate_summary(report, {"a.txt": 99.5})
    assert lines == ["FAIL a.txt quality=99 threshold=99.5 findings=1", "PASS b.txt quality=100 threshold=80 findings=0"]
    assert failed


def test_gate_cli_fails_sample_and_passes_clean():
    r = run("check", SAMPLE, CLEAN, "--gate", "-f", "json")
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith(f"FAIL {SAMPLE} quality=") and "threshold=80 findings=" in lines[0]
    assert lines[1] == f"PASS {CLEAN} quality=100 threshold=80 findings=0"
    report = json.loads(r.stdout)
    assert report["files"][0]["score"]["passed"] is False and report["files"][1]["score"]["passed"] is True
    assert run("check", CLEAN, "--gate").exit_code == 0


def test_gate_replaces_default_fail_on_but_not_an_explicit_one(tmp_path):
    # one major finding in a long article: quality stays above the threshold
    p = write(tmp_path, "a.txt", "Weak RF\n\n" + LONG_CLEAN.read_text(encoding="utf-8"))
    assert run("check", p, "-f", "lines").exit_code == 1  # fail_on major
    r = run("check", p, "-f", "lines", "--gate")
    assert r.exit_code == 0 and r.stderr.startswith("PASS ")
    assert run("check", p, "-f", "lines", "--gate", "--fail-on", "major").exit_code == 1
    assert run("check", p, "-f", "lines", "--gate", "--threshold", "99.9").exit_code == 1
    # a critical finding fails the gate whatever the quality
    r = run("check", p, "-f", "lines", "--gate", "--severity", "en.terminology.rf=critical")
    assert r.exit_code == 1 and r.stderr.startswith("FAIL ")
    assert run("check", p, "--gate", "--threshold", "99.9", "--exit-zero").exit_code == 0


def test_gate_and_weights_from_config(tmp_path):
    write(tmp_path, "auditor.toml", "gate = true\nthreshold = 50\n[weights]\nmajor = 0.5\n")
    p = write(tmp_path, "a.txt", "Weak RF. The talks ended in Geneva on Monday without agreement.\n")
    r = run("check", p, "-f", "json")
    s = json.loads(r.stdout)["files"][0]["score"]
    assert s["penalty"] == 0.5 and s["passed"] is True
    assert r.exit_code == 0 and r.stderr.startswith(f"PASS {p} quality=") and "threshold=50 " in r.stderr
    assert run("check", p, "--no-gate", "-f", "lines").exit_code == 1


def test_github_format():
    f1 = finding(Severity.MAJOR, rule="en.terminology.rf", text="RF", line=3, column=6, message="50% of: it, here")
    f2 = finding(Severity.MINOR, rule="en.a.b", text="two\nlines", line=4, column=2, suggestions=())
    out = render(Report([FileReport("dir/a,b.txt", findings=[f1, f2]), FileReport("c.txt", error="c.txt: bad")]), "github")
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=dir/a%2Cb.txt,line=3,col=6,endLine=3,endColumn=7,title=en.terminology.rf"
        "::major: 50%25 of: it, here (suggestion: 'Russia')"
    )
    assert lines[1].startswith("::warning file=dir/a%2Cb.txt,line=4,col=2,endLine=5,endColumn=5,title=en.a.b::minor: m")
    assert lines[2] == "::error file=c.txt,title=auditor::c.txt: bad"


def test_github_format_cli(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF\n\nThe talks ended , he said.\n")
    r = run("check", p, "--format", "github")
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"::error file={p},line=1,col=6,endLine=1,endColumn=7,title=en.terminology.rf::major: ")
    assert lines[1].startswith("::warning ") and "title=en.punctuation.space-before" in lines[1]


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "auditor")
    assert hook["entry"] == "auditor check" and hook["pass_filenames"] is True
    import re

    pattern = re.compile(hook["files"])
    assert all(pattern.search(n) for n in ("a.txt", "news/b.md", "c.html"))
    assert not pattern.search("setup.py")


def test_gate_subprocess():
    out = subprocess.run([sys.executable, "-m", "auditor", "check", str(SAMPLE), "--gate", "-f", "json"], capture_output=True, text=True)
    assert out.returncode == 1 and out.stderr.startswith(f"FAIL {SAMPLE} quality=")
