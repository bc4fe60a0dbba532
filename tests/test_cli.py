"""End-to-end CLI tests (typer CliRunner and real subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import ROOT, SAMPLE, write

runner = CliRunner()
SCHEMA = json.loads((ROOT / "auditor" / "report" / "schema" / "auditor-report-1.schema.json").read_text())


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input)


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and r.output.startswith("auditor ")


def test_sample_article_json_validates_and_fails_on_major():
    r = run("check", SAMPLE, "--format", "json")
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    jsonschema.validate(report, SCHEMA)
    findings = report["files"][0]["findings"]
    assert findings, "the sample article must produce findings"
    text = SAMPLE.read_text(encoding="utf-8")
    for f in findings:
        assert text[f["start"] : f["end"]] == f["text"]
    assert findings == sorted(findings, key=lambda f: (f["start"], f["end"]))


def test_fail_on_and_exit_zero():
    assert run("check", SAMPLE, "--fail-on", "critical", "-f", "lines").exit_code == 0
    assert run("check", SAMPLE, "--fail-on", "never", "-f", "lines").exit_code == 0
    assert run("check", SAMPLE, "--exit-zero", "-f", "lines").exit_code == 0
    assert run("check", SAMPLE, "--fail-on", "minor", "-f", "lines").exit_code == 1


def test_min_severity_filters(tmp_path):
    p = write(tmp_path, "a.txt", "The the talks ended.\n\nLeave a Comment\n")
    r = run("check", p, "-f", "json", "--min-severity", "major")
    rules = [f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]]
    assert rules == ["en.boilerplate.comment-form"]


def test_lines_format(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF\n\nThe talks ended , he said.\n")
    r = run("check", p, "-f", "lines")
    lines = r.stdout.splitlines()
    assert (
        lines[0]
        == f"{p}:1:6: major en.terminology.rf: 'RF' (Russian Federation) is a Russian-press abbreviation; English news writes 'Russia' → 'Russia'"
    )
    assert lines[1].startswith(f"{p}:3:16: minor en.punctuation.space-before:")


def test_terminal_format_shows_context_and_fix(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF\n")
    r = run("check", p, "--no-color")
    assert "a.txt:1:6" in r.stdout and "RF → Russia" in r.stdout and "Weak RF" in r.stdout
    assert "\x1b[" not in r.stdout


def test_rules_selection_and_lang_pair(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF\n\nLeave a Comment\n")
    r = run("check", p, "-f", "json", "--rules", "en.boilerplate")
    assert {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]} == {"en.boilerplate.comment-form"}
    assert run("check", p, "--rules", "nonexistent").exit_code == 2
    assert run("check", p, "--lang-pair", "xx").exit_code == 2


def test_stdin():
    r = run("check", "-", "-f", "json", input="Weak RF\n")
    report = json.loads(r.stdout)
    assert report["files"][0]["path"] == "-" and report["files"][0]["findings"][0]["rule"] == "en.terminology.rf"


def test_empty_file_is_not_an_error(tmp_path):
    p = write(tmp_path, "empty.txt", "")
    r = run("check", p, "-f", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["files"][0]["note"] == "empty file"


def test_bad_inputs_exit_2_and_other_files_are_still_checked(tmp_path):
    good = write(tmp_path, "good.txt", "Weak RF\n")
    bad = write(tmp_path, "bad.txt", b"ok\n\xc3\x28 broken")
    binary = write(tmp_path, "bin.txt", b"\x00\x01\x02")
    r = run("check", bad, good, binary, tmp_path / "missing.txt", "-f", "json")
    assert r.exit_code == 2
    files = json.loads(r.stdout)["files"]
    errors = {Path(f["path"]).name: f.get("error", "") for f in files}
    assert "not valid UTF-8 at byte offset 3" in errors["bad.txt"]
    assert "binary file" in errors["bin.txt"]
    assert "no such file" in errors["missing.txt"]
    assert [f for f in files if f["path"].endswith("good.txt")][0]["findings"]
    assert "Traceback" not in r.output


def test_date_option_validation(tmp_path):
    p = write(tmp_path, "a.txt", "Text.\n")
    assert run("check", p, "--date", "2022-09-13").exit_code == 0
    r = run("check", p, "--date", "13.09.2022")
    assert r.exit_code == 2 and "not a date" in r.output


def test_directory_of_1000_files(tmp_path):
    for i in range(1000):
        write(tmp_path, f"d/{i:04}.txt", f"Article {i} about the RF.\n")
    r = run("check", tmp_path / "d", "-f", "lines", "--fail-on", "never")
    assert r.exit_code == 0
    assert len(r.stdout.splitlines()) == 1000


def test_oversized_file_is_refused(tmp_path):
    p = tmp_path / "big.txt"
    with p.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse 50 MB
    r = run("check", p, "-f", "json")
    assert r.exit_code == 2 and "over the 10.0 MB limit" in r.output


def test_malformed_rule_dir(tmp_path):
    d = tmp_path / "pack"
    d.mkdir()
    (d / "bad.yml").write_text("extends: existence\nmessage: [\n")
    p = write(tmp_path, "a.txt", "Text.\n")
    r = run("check", p, "--rule-dir", d)
    assert r.exit_code == 2 and "bad.yml:" in r.output and "invalid YAML" in r.output


def test_catastrophic_pattern_in_user_rule(tmp_path):
    d = tmp_path / "pack"
    d.mkdir()
    (d / "slow.yml").write_text(
        "extends: existence\nmessage: m\ncategory: style\nseverity: minor\nnonword: true\ntokens: ['(?:a|aa)+$']\n"
        "examples: {flag: [aa], pass: [b]}\n"
    )
    p = write(tmp_path, "a.txt", "a" * 80 + "!\n")
    r = run("check", p, "--rule-dir", d, "-f", "json")
    assert r.exit_code == 2 and "timed out" in r.output


def test_rules_list_show_and_test():
    r = run("rules")
    assert r.exit_code == 0 and "en.terminology.rf" in r.stdout
    listed = json.loads(run("rules", "--format", "json").stdout)
    assert all(item["examples"]["flag"] for item in listed)
    r = run("rules", "show", "en.terminology.rf")
    assert r.exit_code == 0 and "Weak RF" in r.stdout
    r = run("rules", "show", "rf")
    assert r.exit_code == 2 and "did you mean" in r.output
    assert run("rules", "test").exit_code == 0


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "; import sys; print('\\n'.join(sys.modules))"], capture_output=True, text=True, cwd=ROOT
    )
    return set(out.stdout.split())


HEAVY = {"torch", "transformers", "lingua", "fastapi", "ray", "spacy", "sacrebleu", "langdetect", "numpy"}


def test_import_auditor_is_light():
    assert not _modules_after("import auditor") & HEAVY


def test_help_is_light():
    mods = _modules_after("import sys; sys.argv=['auditor','--help']\ntry:\n import cli; cli.app()\nexcept SystemExit: pass")
    assert "cli" in mods and not mods & HEAVY


def test_console_script_subprocess(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF\n")
    out = subprocess.run(["auditor", "check", str(p), "-f", "json"], capture_output=True, text=True)
    assert out.returncode == 1 and json.loads(out.stdout)["files"][0]["findings"]
    out = subprocess.run(
        [sys.executable, "-m", "auditor", "check", str(p), "--exit-zero", "-f", "lines"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "en.terminology.rf" in out.stdout


@pytest.mark.parametrize("fmt", ["terminal", "json", "lines"])
def test_html_and_markdown_inputs(tmp_path, fmt):
    h = write(tmp_path, "a.html", "<html><body><h1>Weak RF</h1><script>RF</script><p>Leave a Comment</p></body></html>")
    m = write(tmp_path, "b.md", "# Weak RF\n\n[RF link](http://x/RF)\n")
    r = run("check", h, m, "-f", fmt, "--fail-on", "never")
    assert r.exit_code == 0
    if fmt == "json":
        files = json.loads(r.stdout)["files"]
        raw_h = h.read_text()
        assert [raw_h[f["start"] : f["end"]] for f in files[0]["findings"]] == ["RF", "Leave a Comment"]
        raw_m = m.read_text()
        assert [raw_m[f["start"] : f["end"]] for f in files[1]["findings"]] == ["RF", "RF"]


def test_check_only_app_behaves_like_the_full_cli(tmp_path):
    """`auditor check` builds only that command (start-up); help, errors and results are the same."""
    import cli

    fast = cli._app_for(["auditor", "check"])
    assert fast is not cli.app and cli._app_for(["auditor", "rules"]) is cli.app
    p = write(tmp_path, "a.txt", "Weak RF army said , officials said.\n")
    for args in (["check", "--help"], ["check", "--bogus", str(p)], ["check", str(p), "-f", "json"], ["--version"]):
        full, only = CliRunner().invoke(cli.app, args), CliRunner().invoke(fast, args)
        assert (only.exit_code, only.output) == (full.exit_code, full.output), args


def test_main_pauses_collections_only_while_a_check_starts_up(tmp_path, monkeypatch, capsys):
    """`main()` turns the garbage collector off for a check's start-up and always back on, also
    when the check fails; it never turns on a collector its host had turned off."""
    import gc

    import cli

    good = write(tmp_path, "a.txt", "Weak RF army said , officials said.\n")
    seen = []
    real_freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (seen.append(gc.isenabled()), real_freeze()))
    for argv in (["auditor", "check", "--exit-zero", str(good)], ["auditor", "check", str(tmp_path / "missing.txt")],
                 ["auditor", "check", "--config", str(tmp_path / "nope.toml"), str(good)]):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit):
            cli.main()
        assert gc.isenabled(), argv
    assert seen and not any(seen)  # every Auditor was built with collections off
    gc.disable()
    try:
        monkeypatch.setattr(sys, "argv", ["auditor", "check", "--exit-zero", str(good)])
        with pytest.raises(SystemExit):
            cli.main()
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()
