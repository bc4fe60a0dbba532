"""Configuration: discovery, validation (file:line errors), CLI precedence, `auditor config show`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from auditor.config import Resolver, discover
from auditor.errors import ConfigError
from cli import app
from tests.conftest import write

runner = CliRunner()
ARTICLE = "Weak RF.\n\nThe positions were bombed today.\n\nLeave a Comment\n"


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input)


def rules_of(result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]]


def test_discovery_walks_up_and_prefers_auditor_toml(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.auditor]: skipped
    art = write(tmp_path, "news/2024/a.txt", ARTICLE)
    assert discover(art) is None
    write(tmp_path, "news/pyproject.toml", "[tool.auditor]\nthreshold = 70\n")
    path, table, name = discover(art)
    assert path == (tmp_path / "news" / "pyproject.toml").resolve() and table == {"threshold": 70} and name == "tool.auditor"
    write(tmp_path, "news/auditor.toml", "threshold = 60\n")
    assert discover(art)[0].name == "auditor.toml"


def test_config_file_drives_check_and_cli_overrides_it(tmp_path):
    write(tmp_path, "auditor.toml", 'disable = ["en.boilerplate"]\n[severity]\n"ru-en.military.bombing" = "major"\n')
    art = write(tmp_path, "a.txt", ARTICLE)
    r = run("check", art, "-f", "json")
    data = json.loads(r.stdout)["files"][0]["findings"]
    assert {f["rule"] for f in data} == {"en.terminology.rf", "ru-en.military.bombing"}
    assert {f["severity"] for f in data} == {"major"}
    # command line wins over the file
    r = run("check", art, "-f", "json", "--disable", "en.terminology", "--severity", "ru-en.military=critical")
    data = json.loads(r.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["severity"]) for f in data] == [
        ("ru-en.military.bombing", "critical"),
        ("en.boilerplate.comment-form", "major"),
    ]
    # --no-config ignores the file
    assert "en.boilerplate.comment-form" in rules_of(run("check", art, "-f", "json", "--no-config"))


def test_pyproject_table_and_forced_config(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.auditor]\nrules = ["en.boilerplate"]\nformat = "lines"\n')
    art = write(tmp_path, "a.txt", ARTICLE)
    r = run("check", art)
    assert r.stdout.splitlines() and all("en.boilerplate" in line for line in r.stdout.splitlines())
    other = write(tmp_path, "elsewhere/custom.toml", 'rules = ["en.terminology"]\nformat = "json"\n')
    r = run("check", art, "--config", other)
    assert rules_of(r) == ["en.terminology.rf"]
    assert run("check", art, "--config", tmp_path / "missing.toml").exit_code == 2


def test_stdin_uses_config_of_cwd(tmp_path, monkeypatch):
    write(tmp_path, "auditor.toml", 'rules = ["en.terminology"]\nformat = "json"\n')
    monkeypatch.chdir(tmp_path)
    r = run("check", "-", input=ARTICLE)
    assert rules_of(r) == ["en.terminology.rf"]


@pytest.mark.parametrize(
    "content, line, problem",
    [
        ("lang_pair = 'ru-en'\ncolour = true\n", 2, "unknown key 'colour'"),
        ("threshold = 'high'\n", 1, "threshold: expected a number"),
        ("gate = 1\n", 1, "gate: expected true or false"),
        ("\nrules = ['ru-en.nope']\n", 2, "unknown rule or rule prefix 'ru-en.nope'"),
        ("disable = [\n  'en.boilerplate',\n  'no.such',\n]\n", 3, "unknown rule or rule prefix 'no.such'"),
        ("[severity]\n'en.terminology' = 'huge'\n", 2, "'huge' for 'en.terminology' is not one of"),
        ("[severity]\n'no.such.rule' = 'minor'\n", 2, "unknown rule or rule prefix 'no.such.rule'"),
        ("[weights]\nmajor = 'x'\n", 2, "weights: major must be a number"),
        ("format = 'pdf'\n", 1, "format: 'pdf' is not one of"),
        ("date = 'yesterday'\n", 1, "date: 'yesterday' is not a date"),
        ("x = [\n", 1, "invalid TOML"),
    ],
)
def test_invalid_config_is_one_line_file_line_error(tmp_path, content, line, problem):
    cfg = write(tmp_path, "auditor.toml", content)
    art = write(tmp_path, "a.txt", ARTICLE)
    r = run("check", art)
    assert r.exit_code == 2
    message = r.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in r.output
    assert message.startswith(f"auditor: error: {cfg.resolve()}:{line}:"), message
    assert problem in message


def test_pyproject_errors_point_at_the_right_line(tmp_path):
    cfg = write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.auditor]\nthreshold = 80\nfail-on = "minor"\n')
    art = write(tmp_path, "a.txt", ARTICLE)
    r = run("check", art)
    assert r.exit_code == 2 and f"{cfg.resolve()}:6: unknown key 'fail-on' (did you mean 'fail_on'?)" in r.stderr


def test_paths_are_relative_to_the_config_file(tmp_path):
    write(tmp_path, "cfg/auditor.toml", 'glossaries = ["house"]\nrule_dirs = ["rules"]\n')
    cfg = Resolver(config=tmp_path / "cfg" / "auditor.toml").config_for(None)
    assert cfg.values["glossaries"] == [str((tmp_path / "cfg").resolve() / "house")]
    assert cfg.values["rule_dirs"] == [str((tmp_path / "cfg").resolve() / "rules")]


def test_date_policy_and_options(tmp_path):
    write(tmp_path, "auditor.toml", 'date = "today"\nthreshold = 65\n[weights]\nminor = 2\n')
    options = Resolver().config_for(tmp_path).options()
    assert options.date == dt.date.today() and options.threshold == 65.0 and options.weights == (2.0, 5.0, 25.0)
    write(tmp_path, "auditor.toml", "date = 2022-09-13\n")  # a TOML date literal
    assert Resolver().config_for(tmp_path).options().date == dt.date(2022, 9, 13)
    write(tmp_path, "auditor.toml", "")
    assert Resolver().config_for(tmp_path).options().date is None


def test_resolver_raises_config_error(tmp_path):
    write(tmp_path, "auditor.toml", "min_severity = 'low'\n")
    with pytest.raises(ConfigError, match=r"auditor.toml:1: min_severity: 'low' is not one of minor, major, critical"):
        Resolver().config_for(tmp_path)


def test_config_show_reports_origins(tmp_path, monkeypatch):
    cfg = write(tmp_path, "auditor.toml", 'lang_pair = "ru-en"\n\n[severity]\n"ru-en.military.bombing" = "major"\n')
    monkeypatch.chdir(tmp_path)
    r = run("config", "show", "--threshold", "70")
    assert r.exit_code == 0
    lines = {line.split("#")[0].strip(): line.rsplit("# ", 1)[1] for line in r.stdout.splitlines() if " # " in line}
    assert lines['lang_pair = "ru-en"'] == f"{cfg.resolve()}:1"
    assert lines["threshold = 70.0"] == "command line"
    assert lines['format = "terminal"'] == "default"
    assert lines['"ru-en.military.bombing" = "major"'] == f"{cfg.resolve()}:4"
    assert lines["minor = 1.0"] == "default"
    r = run("config", "show", "--no-config")
    assert 'lang_pair = "auto"' in r.stdout and "config file: (none)" in r.stdout


def test_config_show_subprocess(tmp_path):
    write(tmp_path, "auditor.toml", "gate = true\n")
    out = subprocess.run([sys.executable, "-m", "auditor", "config", "show", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "gate = true" in out.stdout and f"{(tmp_path / 'auditor.toml').resolve()}:1" in out.stdout


def test_per_file_configs_in_one_run(tmp_path):
    write(tmp_path, "a/auditor.toml", 'rules = ["en.terminology"]\n')
    write(tmp_path, "b/auditor.toml", 'rules = ["en.boilerplate"]\n')
    a = write(tmp_path, "a/x.txt", ARTICLE)
    b = write(tmp_path, "b/y.txt", ARTICLE)
    r = run("check", a, b, "-f", "json")
    files = json.loads(r.stdout)["files"]
    assert [f["rule"] for f in files[0]["findings"]] == ["en.terminology.rf"]
    assert [f["rule"] for f in files[1]["findings"]] == ["en.boilerplate.comment-form"]


def test_help_lists_new_commands():
    r = run("--help")
    for name in ("fix", "baseline", "config"):
        assert name in r.stdout


def test_config_enables_optional_check_groups(tmp_path):
    from auditor.config import Resolver

    (tmp_path / "auditor.toml").write_text("neural = true\ngrammar = true\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Text.\n", encoding="utf-8")
    options = Resolver({}, config=None, no_config=False).config_for(article).options()
    assert options.neural and {"neural", "grammar"} <= options.optional
    (tmp_path / "auditor.toml").write_text("neural = 'yes'\n", encoding="utf-8")
    import pytest as _pytest

    from auditor.errors import AuditorError

    with _pytest.raises(AuditorError, match=r"auditor\.toml:1"):
        Resolver({}, config=None, no_config=False).config_for(article)
