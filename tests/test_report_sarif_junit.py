"""SARIF 2.1.0 (validated against the official OASIS schema) and JUnit XML reporters."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from typer.testing import CliRunner

from auditor.findings import Finding, Severity
from auditor.report import FileReport, Report, render
from auditor.report.sarif import artifact_uri, end_position
from auditor.score import score
from cli import app
from tests.conftest import ROOT, SAMPLE, write

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
runner = CliRunner()


def validate_sarif(log: dict) -> None:
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def finding(rule, start, end, raw, severity=Severity.MAJOR, category="terminology", suggestions=(), message="msg", **extra):
    from auditor.offsets import LineIndex

    line, column = LineIndex(raw).locate(start)
    return Finding(
        rule, category, severity, start, end, raw[start:end], message, tuple(suggestions), line=line, column=column, extra=extra
    )


def file_report(path, raw, findings, threshold=80.0):
    words = len(raw.split())
    return FileReport(path=path, language="en", findings=findings, score=score(findings, words, threshold=threshold))


# -- SARIF ------------------------------------------------------------------------------------
def test_sarif_of_sample_article_validates_against_official_schema():
    r = runner.invoke(app, ["check", str(SAMPLE), "--format", "sarif"])
    assert r.exit_code == 1, r.output
    log = json.loads(r.stdout)
    validate_sarif(log)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "auditor" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = {d["id"]: d for d in driver["rules"]}
    raw = SAMPLE.read_text(encoding="utf-8")
    assert run["results"], "the sample article has findings"
    assert run["columnKind"] == "unicodeCodePoints"
    for res in run["results"]:
        assert res["ruleId"] in rules and driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        span = raw[region["charOffset"] : region["charOffset"] + region["charLength"]]
        assert span == region["snippet"]["text"]
        lines = raw.split("\n")
        start_line, start_col = region["startLine"], region["startColumn"]
        assert lines[start_line - 1][start_col - 1 :].startswith(span.split("\n")[0])
        if "\n" not in span:
            assert region["endLine"] == start_line and region["endColumn"] == start_col + len(span)
        level = {"minor": "warning", "major": "error", "critical": "error"}[res["properties"]["severity"]]
        assert res["level"] == level
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and uri.endswith(SAMPLE.name)
        if res["properties"]["suggestions"]:
            repl = res["fixes"][0]["artifactChanges"][0]["replacements"][0]
            assert repl["insertedContent"]["text"] == res["properties"]["suggestions"][0]
            assert repl["deletedRegion"] == {"charOffset": region["charOffset"], "charLength": region["charLength"]}
    scores = run["properties"]["scores"]
    assert list(scores.values())[0]["quality"] < 80 and list(scores.values())[0]["passed"] is False


def test_sarif_rule_descriptors_carry_docs_and_examples():
    log = json.loads(runner.invoke(app, ["check", str(SAMPLE), "--format", "sarif"]).stdout)
    rules = {d["id"]: d for d in log["runs"][0]["tool"]["driver"]["rules"]}
    rf = rules["en.terminology.rf"]
    assert rf["defaultConfiguration"]["level"] == "error"
    assert rf["properties"]["category"] == "terminology"
    assert "Russia" in rf["shortDescription"]["text"]
    assert rf["fullDescription"]["text"]
    assert "Flags:" in rf["help"]["text"] and "Does not flag:" in rf["help"]["text"]
    assert "%s" not in json.dumps([d["shortDescription"] for d in rules.values()])
    minor = [d for d in rules.values() if d["properties"]["severity"] == "minor"]
    assert minor and all(d["defaultConfiguration"]["level"] == "warning" for d in minor)


def test_sarif_edge_cases_validate(tmp_path):
    raw = "Line one RF.\nSecond line with a\nbreak & <tag> “quotes” ünïcödé.\n"
    multi_start = raw.index("a\nbreak")
    findings = [
        finding("en.terminology.rf", 9, 11, raw, suggestions=("Russia",), message="say '%s'"),
        finding("x.multi", multi_start, multi_start + 7, raw, severity=Severity.CRITICAL, category="style"),
        finding("x.delete", raw.index("&"), raw.index("&") + 2, raw, severity=Severity.MINOR, suggestions=("",)),
        finding("x.insert", 4, 4, raw, severity=Severity.MINOR, suggestions=(",",), source_sentence="Строка"),
    ]
    report = Report(
        [
            file_report("dir with space/статья.txt", raw, findings),
            FileReport(path="missing.txt", error="missing.txt: no such file or directory"),
        ]
    )
    log = json.loads(render(report, "sarif"))
    validate_sarif(log)
    run = log["runs"][0]
    results = {r["ruleId"]: r for r in run["results"]}
    region = results["x.multi"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"], region["endColumn"]) == (2, 3, 6)
    assert results["x.multi"]["level"] == "error"
    assert results["x.delete"]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == ""
    assert results["x.insert"]["locations"][0]["physicalLocation"]["region"]["charLength"] == 0
    assert results["x.insert"]["properties"]["extra"]["source_sentence"] == "Строка"
    uri = results["x.multi"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "dir%20with%20space/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F.txt"
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error"
    # rules not in the registry are described from their findings
    assert {"x.multi", "x.delete", "x.insert", "en.terminology.rf"} <= {d["id"] for d in run["tool"]["driver"]["rules"]}


def test_sarif_empty_report_validates():
    validate_sarif(json.loads(render(Report(), "sarif")))


@pytest.mark.parametrize(
    "text, expected",
    [("abc", (1, 8)), ("a\nbc", (2, 3)), ("ab\n", (2, 1)), ("", (1, 5))],
)
def test_end_position(text, expected):
    assert end_position(1, 5, text) == expected


def test_artifact_uri_is_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(str(tmp_path / "a b.txt")) == "a%20b.txt"
    assert artifact_uri("-") == "stdin"


# -- JUnit ------------------------------------------------------------------------------------
def test_junit_structure_and_gate():
    good = "The talks ended on Monday. " * 40
    bad = "Weak RF. " * 3
    crit_raw = "A long clean article. " * 400 + "BAD"  # quality above 80: fails on the critical finding alone
    report = Report(
        [
            file_report("news/good.txt", good, []),
            file_report("news/world/bad.txt", bad, [finding("en.terminology.rf", 5, 7, bad, suggestions=("Russia",))]),
            file_report(
                "crit.txt",
                crit_raw,
                [
                    finding(
                        "x.crit", len(crit_raw) - 3, len(crit_raw), crit_raw, severity=Severity.CRITICAL, message="bad \x0b char"
                    )
                ],
            ),
            FileReport(path="gone.txt", error="gone.txt: no such file or directory"),
        ]
    )
    text = render(report, "junit")
    root = ET.fromstring(text.encode("utf-8"))  # well-formed, control characters removed
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "1")
    cases = {(c.get("classname"), c.get("name")): c for c in suite.findall("testcase")}
    assert set(cases) == {("news", "good.txt"), ("news/world", "bad.txt"), (".", "crit.txt"), (".", "gone.txt")}
    assert cases[("news", "good.txt")].find("failure") is None
    fail = cases[("news/world", "bad.txt")].find("failure")
    assert fail is not None and "quality" in fail.get("message") and "en.terminology.rf" in fail.text and "Russia" in fail.text
    crit = cases[(".", "crit.txt")].find("failure")
    assert crit is not None and "1 critical" in crit.get("message")
    assert "\x0b" not in crit.text
    assert cases[(".", "gone.txt")].find("error") is not None
    out = cases[("news/world", "bad.txt")].find("system-out").text
    assert "1 finding(s)" in out and "quality" in out and "FAILED" in out


def test_junit_cli_sample(tmp_path):
    clean = write(tmp_path, "clean/ok.txt", "The talks ended on Monday, officials said.\n")
    r = runner.invoke(app, ["check", str(SAMPLE), str(clean), "--format", "junit"])
    root = ET.fromstring(r.stdout.encode("utf-8"))
    cases = root.find("testsuite").findall("testcase")
    assert [c.get("name") for c in cases] == [SAMPLE.name, "ok.txt"]
    assert cases[0].find("failure") is not None and cases[1].find("failure") is None
    assert cases[0].get("classname").endswith("corpora/mt")
