"""Reference metrics: equal to the sacrebleu CLI on the same files; score and compare commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.metrics import compare, corpus_scores, read_segments
from cli import app

runner = CliRunner()
HYP = [
    "The bridge over the Siverskyi Donets opened on September 13.",
    "The work took 11 months and cost 320 million hryvnias.",
    "Between 6,500 and 8,000 vehicles will use it every day.",
    "Residents greeted the opening with cautious optimism.",
    "The next stage starts on March 1.",
]
HYP_B = [
    "The bridge across the Seversky Donets opened on September 3.",
    "Works lasted 11 months and cost 32 million UAH.",
    "Every day 65 thousand to 8 thousand cars will use it.",
    "Residents met the opening with restrained optimism.",
    "The next stage starts March 1.",
]
REF = [
    "A rebuilt bridge over the Siverskyi Donets opened to traffic on September 13.",
    "The work took 11 months and cost 320 million hryvnias.",
    "Between 6,500 and 8,000 vehicles will use the bridge every day.",
    "Residents greeted the opening of the bridge with cautious optimism.",
    "The next stage of the programme starts on March 1.",
]
REF2 = [
    "The bridge across the Siverskyi Donets reopened on 13 September.",
    "It took eleven months and 320 million hryvnias to build.",
    "Up to 8,000 vehicles a day are expected, and at least 6,500.",
    "Locals welcomed the opening cautiously.",
    "The programme's next stage begins on March 1.",
]


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _sacrebleu_cli(ref_paths, hyp_path, *extra) -> list[dict]:
    exe = shutil.which("sacrebleu")
    cmd = [exe] if exe else [sys.executable, "-m", "sacrebleu"]
    out = subprocess.run([*cmd, *map(str, ref_paths), "-i", str(hyp_path), "-w", "6", "-f", "json", *extra],
                         capture_output=True, text=True, check=True)  # fmt: skip
    data = json.loads(out.stdout)
    return data if isinstance(data, list) else [data]


@pytest.mark.parametrize("refs", [[REF], [REF, REF2]], ids=["1ref", "2refs"])
def test_scores_equal_sacrebleu_cli(tmp_path, refs):
    hyp = _write(tmp_path, "hyp.txt", HYP)
    ref_paths = [_write(tmp_path, f"ref{i}.txt", r) for i, r in enumerate(refs)]
    cli = {d["name"]: d for d in _sacrebleu_cli(ref_paths, hyp, "-m", "bleu", "chrf", "ter")}
    cli_pp = _sacrebleu_cli(ref_paths, hyp, "-m", "chrf", "--chrf-word-order", "2")[0]
    ours = corpus_scores(HYP, refs)
    assert round(ours["bleu"]["score"], 6) == pytest.approx(cli["BLEU"]["score"], abs=1e-6)
    assert round(ours["chrf"]["score"], 6) == pytest.approx(cli["chrF2"]["score"], abs=1e-6)
    assert round(ours["ter"]["score"], 6) == pytest.approx(cli["TER"]["score"], abs=1e-6)
    assert round(ours["chrf++"]["score"], 6) == pytest.approx(cli_pp["score"], abs=1e-6)
    assert ours["bleu"]["signature"] == cli["BLEU"]["signature"]
    assert ours["chrf++"]["signature"] == cli_pp["signature"]
    assert ours["ter"]["signature"] == cli["TER"]["signature"]
    # and through `auditor score --lines --format json`
    args = ["score", str(hyp), "--lines", "--format", "json"] + [a for p in ref_paths for a in ("--ref", str(p))]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scores"]["bleu"]["score"] == pytest.approx(cli["BLEU"]["score"], abs=1e-6)
    assert data["segments"] == len(HYP)


def test_score_text_output_and_segments(tmp_path):
    hyp = _write(tmp_path, "hyp.txt", HYP)
    ref = _write(tmp_path, "ref.txt", REF)
    result = runner.invoke(app, ["score", str(hyp), "--ref", str(ref), "--lines", "--segments"])
    assert result.exit_code == 0, result.output
    assert "BLEU" in result.output and "chrF2++" in result.output and "TER" in result.output
    assert "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" in result.output
    assert len([line for line in result.output.splitlines() if line.strip()[:1].isdigit()]) == len(HYP)


def test_document_mode_regroups_sentences():
    hyp = "The bridge opened on Monday. It is 186 metres long. Traffic is heavy."
    ref = "The bridge opened on Monday and is 186 metres long. Traffic is heavy."
    hyps, refs = read_segments(hyp, [ref])
    assert len(hyps) == len(refs[0]) == 2
    assert hyps[0] == "The bridge opened on Monday. It is 186 metres long."


def test_mismatched_lines_is_an_error(tmp_path):
    hyp = _write(tmp_path, "hyp.txt", HYP)
    ref = _write(tmp_path, "ref.txt", REF[:3])
    result = runner.invoke(app, ["score", str(hyp), "--ref", str(ref), "--lines"])
    assert result.exit_code == 2 and "5 segments but a reference has 3" in result.output


def test_compare_uses_sacrebleu_significance():
    res = compare([("a", HYP), ("b", HYP_B)], [REF], ["bleu", "chrf"], test="bs", n_samples=200)
    rows = res["metrics"]["BLEU"]["results"]
    assert rows[0]["p_value"] is None and rows[1]["p_value"] is not None
    assert rows[0]["score"] > rows[1]["score"] and rows[0]["ci"] > 0
    assert "bs:200" in res["metrics"]["BLEU"]["signature"]
    ar = compare([("a", HYP), ("b", HYP_B)], [REF], ["bleu"], test="ar", n_samples=200)
    assert 0 <= ar["metrics"]["BLEU"]["results"][1]["p_value"] <= 1


def test_compare_command(tmp_path):
    a = _write(tmp_path, "a.txt", HYP)
    b = _write(tmp_path, "b.txt", HYP_B)
    ref = _write(tmp_path, "ref.txt", REF)
    result = runner.invoke(app, ["compare", str(a), str(b), "--ref", str(ref), "--lines", "--n-samples", "100",
                                 "-m", "bleu", "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [t["test"] for t in data["tests"]] == ["bs", "ar"]
    result = runner.invoke(app, ["compare", str(a), str(b), "--ref", str(ref), "--lines", "--n-samples", "100", "-m", "chrf"])
    assert "paired bootstrap resampling" in result.output and "p = " in result.output
