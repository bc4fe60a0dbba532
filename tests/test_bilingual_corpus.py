"""The bilingual corpus: every planted error is found, the clean reference has no major finding,
and the aligner reproduces the hand-written gold alignment."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.bilingual.evaluate import accuracy, predicted_beads
from auditor.bilingual.formats import load_bilingual
from auditor.bilingual.report import check_bilingual
from auditor.engine import Auditor, Options
from auditor.findings import Severity

CORPUS = Path(__file__).parents[1] / "corpora" / "bilingual"
PLANTED = yaml.safe_load((CORPUS / "izium-bridge.planted.yml").read_text(encoding="utf-8"))
GOLD = yaml.safe_load((CORPUS / "izium-bridge.gold.yml").read_text(encoding="utf-8"))
AUDITOR = Auditor(Options())


def _doc(target: str):
    path = CORPUS / target
    return load_bilingual(str(path), path.read_bytes(), source=(PLANTED["source"], (CORPUS / PLANTED["source"]).read_bytes()))


@pytest.fixture(scope="module")
def mt():
    doc = _doc(PLANTED["target"])
    return doc, check_bilingual(AUDITOR, doc).findings


def test_source_is_long_enough():
    from auditor.segment import paragraphs, sentences

    text = (CORPUS / PLANTED["source"]).read_text(encoding="utf-8")
    assert len(sentences(text, paragraphs(text))) >= 30


@pytest.mark.parametrize("entry", PLANTED["planted"], ids=lambda e: e["id"])
def test_planted_error_is_found(mt, entry):
    doc, findings = mt
    hits = [f for f in findings if f.rule == entry["rule"]]
    if "target" in entry:
        start = doc.raw.index(entry["target"])
        end = start + len(entry["target"])
        hits = [f for f in hits if f.start < end and start < f.end]
    if "source" in entry:
        hits = [f for f in hits if entry["source"] in f.extra.get("source_sentence", "")]
    assert hits, f"{entry['id']}: no {entry['rule']} finding"


def test_clean_reference_has_no_major_finding():
    doc = _doc(PLANTED["reference"])
    major = [f"{f.line}:{f.column} {f.rule} {f.text!r}" for f in check_bilingual(AUDITOR, doc).findings if f.severity >= Severity.MAJOR]
    assert major == []


@pytest.mark.parametrize(("which", "target"), [("mt", PLANTED["target"]), ("ref", PLANTED["reference"])])
def test_alignment_matches_gold(which, target):
    gold = [(tuple(a), tuple(b)) for a, b in GOLD[which]]
    assert accuracy(predicted_beads(_doc(target)), gold) >= 0.95
