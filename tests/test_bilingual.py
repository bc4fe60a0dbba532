"""Bilingual input: number parsing, Gale–Church alignment, translation files, CLI wiring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.bilingual.align import gale_church
from auditor.bilingual.formats import load_bilingual, read_units
from auditor.bilingual.numbers import source_values, target_values
from auditor.bilingual.report import check_bilingual
from auditor.engine import Auditor, Options
from cli import app

DATA = Path(__file__).parent / "data" / "bilingual"
AUDITOR = Auditor(Options(rules=("bilingual",)))
runner = CliRunner()


def _vals(values):
    return [v.value for v in values if not v.soft]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6,5 тыс. тонн", [6500.0]),
        ("25-30 тысяч человек", [25000.0, 30000.0]),
        ("від 25 до 30 тисяч", [25000.0, 30000.0]),
        ("1,2 млрд грн", [1.2e9]),
        ("320 мільйонів гривень", [3.2e8]),
        ("1 400 кілометрів", [1400.0]),
        ("13 сентября", [(9, 13)]),
        ("1 березня 2024 року", [(3, 1), 2024.0]),
        ("на 10-15%", [10.0, 15.0]),
        ("44-денна війна", [44.0]),
    ],
)
def test_source_numbers(text, expected):
    assert _vals(source_values(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6,500 tonnes", [6500.0]),
        ("6.5 thousand tonnes", [6500.0]),
        ("25,000-30,000 people", [25000.0, 30000.0]),
        ("25 to 30 thousand", [25000.0, 30000.0]),
        ("$1.2bn", [1.2e9]),
        ("on September 13", [(9, 13)]),
        ("on 13 September", [(9, 13)]),
        ("Sept. 13th", [(9, 13)]),
        ("a 47-kilometre detour", [47.0]),
    ],
)
def test_target_numbers(text, expected):
    assert _vals(target_values(text)) == expected


def test_number_words_are_soft():
    assert [v.soft for v in target_values("two of the 14 houses")] == [True, False]
    assert [v.value for v in source_values("дві з 14 хат")] == [2.0, 14.0]


def test_gale_church_one_to_one_and_merges():
    assert gale_church([10, 20, 30], [11, 19, 31]) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    # a long source sentence translated as two sentences
    assert gale_church([10, 60, 30], [10, 28, 30, 30]) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_gale_church_omission_and_anchors():
    beads = gale_church([30, 30, 30, 30], [30, 30, 30], c=1.0)
    assert sum(1 for bs, bt in beads if bs and not bt) == 1
    # anchors decide which equal-length sentence was dropped
    a = [frozenset({1}), frozenset({2}), frozenset({3}), frozenset({4})]
    b = [frozenset({1}), frozenset({3}), frozenset({4})]
    beads = gale_church([30, 30, 30, 30], [30, 30, 30], c=1.0, src_anchors=a, tgt_anchors=b)
    assert ((1,), ()) in beads


def test_gale_church_band_handles_long_inputs():
    n = 1500
    beads = gale_church([40 + i % 7 for i in range(n)], [42 + i % 7 for i in range(n)])
    assert len(beads) == n and all(len(bs) == len(bt) == 1 for bs, bt in beads)


UNIT_FILES = {
    "article.xlf": ["t1", "t2", "t3"],  # XLIFF 1.2
    "article2.xlf": ["u1", "u2", "u3"],  # XLIFF 2.0
    "article.po": ["p1", "p2", "p3"],
    "article.tmx": ["s1", "s2", "s3"],
    "article.ts": ["m1", "m2", "m3"],
    "article.tsv": ["r1", "r2", "r3"],
    "article.jsonl": ["j1", "j2", "j3"],
}


@pytest.mark.parametrize("name", sorted(UNIT_FILES))
def test_translation_file_round_trip(name):
    """read → check → every finding's unit id and offsets point at the right text of that unit."""
    path = DATA / name
    units = {u.id: u for u in read_units(str(path), path.read_bytes())}
    assert list(units) == UNIT_FILES[name]
    assert units[UNIT_FILES[name][0]].source == "Міст відкрили 13 вересня."
    doc = load_bilingual(str(path), path.read_bytes())
    findings = check_bilingual(AUDITOR, doc).findings
    got = {(f.rule, f.extra["unit"], f.text) for f in findings}
    first, _, third = UNIT_FILES[name]
    assert got == {("bilingual.number.changed", first, "September 3"), ("bilingual.name.form", third, "Kharkov")}
    for f in findings:
        target = units[f.extra["unit"]].target
        assert target[f.start : f.end] == f.text
        assert f.line == 1 and f.column == f.start + 1
        assert f.extra["source_sentence"] == units[f.extra["unit"]].source


def test_malformed_xliff_is_a_one_line_error():
    result = runner.invoke(app, ["check", str(DATA / "broken.xlf")])
    assert result.exit_code == 2
    err = [line for line in result.output.splitlines() if line.startswith("auditor: error:")]
    assert len(err) == 1 and "malformed XLIFF" in err[0] and "broken.xlf" in err[0]


def test_malformed_jsonl_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "Так", "target": "Yes"}\n{oops\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 2 and "bad.jsonl:2: invalid JSON" in result.output


def test_cli_source_pair_json_and_terminal(tmp_path):
    src = tmp_path / "a.uk.txt"
    tgt = tmp_path / "a.en.txt"
    src.write_text("Город получил 6,5 тыс. тонн зерна.\n\nМэр Тарас Мельничук посетил Харьков.\n", encoding="utf-8")
    tgt.write_text("The city received 65,000 tonnes of grain.\n\nMayor Taras Melnychuk visited Kharkiv.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--source", str(src), str(tgt), "--format", "json", "--no-config"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    (finding,) = [f for f in data["files"][0]["findings"] if f["rule"].startswith("bilingual.")]
    assert finding["text"] == "65,000" and finding["suggestions"] == ["6,500"]
    assert finding["extra"]["source_sentence"] == "Город получил 6,5 тыс. тонн зерна."
    assert data["files"][0]["source"] == str(src)
    result = runner.invoke(app, ["check", "--source", str(src), str(tgt), "--no-color", "--no-config"])
    assert "source: Город получил 6,5 тыс. тонн зерна." in result.output


def test_cli_source_needs_one_target(tmp_path):
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    result = runner.invoke(app, ["check", "--source", str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), str(DATA / "article.tsv")])
    assert result.exit_code == 2


def test_metrics_block_validates_against_schema():
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "auditor/report/schema/auditor-report-1.schema.json").read_text())
    corpus = Path(__file__).parents[1] / "corpora" / "bilingual"
    result = runner.invoke(app, ["check", "--source", str(corpus / "izium-bridge.uk.txt"), str(corpus / "izium-bridge.mt.en.txt"),
                                 "--ref", str(corpus / "izium-bridge.ref.en.txt"), "--format", "json", "--no-config"])  # fmt: skip
    data = json.loads(result.output)
    jsonschema.validate(data, schema)
    metrics = data["files"][0]["metrics"]
    assert set(metrics["scores"]) == {"bleu", "chrf", "chrf++", "ter"}
    assert metrics["segments"] >= 30 and 0 < metrics["scores"]["bleu"]["score"] < 100
    assert metrics["scores"]["bleu"]["signature"].startswith("nrefs:1|")


def test_monolingual_documents_are_untouched():
    from auditor.document import Document

    doc = Document.from_string("The city received 65,000 tonnes of grain.")
    assert doc.source is None and doc.alignment is None
    assert AUDITOR.check(doc) == []


def test_import_auditor_stays_light():
    import subprocess
    import sys

    code = "import sys, auditor, cli; print(any(m.startswith('translate') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert out.stdout.strip() == "False", out.stderr
