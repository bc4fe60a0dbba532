"""The hand-annotated MT corpora: annotations are well-formed, and recall/precision do not regress.

The figures here are a plain overlap count (a finding touches an annotated span), close to what
``shared/eval/score.py`` reports; docs/evaluation.md has the scorer's figures.
"""

from __future__ import annotations

import pytest
import yaml

from auditor.engine import Auditor, Options
from auditor.inputs import Source, load
from tests.conftest import ROOT

CATEGORIES = {
    "terminology", "calque-idiom", "omission-grammar", "boilerplate", "name-spelling", "punctuation-quote",
    "title-role", "number-format", "capitalization", "untranslated", "segmentation", "pronoun-gender", "agreement",
}
FOLDERS = ("mt", "mt-2", "mt-3", "mt-4", "mt-5", "mt-6", "mt-heldout")
AUDITOR = Auditor(Options())


def _pairs(folder: str):
    return sorted((p, p.with_suffix(".yml")) for p in (ROOT / "corpora" / folder).glob("*.txt"))


def _spans(text: str, ann: dict) -> list[tuple[int, int]]:
    out = []
    for a in ann["artifacts"]:
        starts, i = [], text.find(a["span"])
        while i >= 0:
            starts.append(i)
            i = text.find(a["span"], i + 1)
        chosen = starts if a.get("all") else [starts[a.get("occurrence", 1) - 1]]
        out.extend((s, s + len(a["span"])) for s in chosen)
    return out


@pytest.mark.parametrize("folder", FOLDERS)
def test_annotations_are_well_formed(folder):
    pairs = _pairs(folder)
    assert len(pairs) >= 6
    for txt, yml in pairs:
        text = txt.read_text(encoding="utf-8")
        ann = yaml.safe_load(yml.read_text(encoding="utf-8"))
        assert ann.get("provenance", {"url": "http"})["url"].startswith("http"), yml.name  # the seed has none
        for a in ann["artifacts"]:
            assert a["category"] in CATEGORIES, (yml.name, a["category"])
            count = text.count(a["span"])
            assert count >= a.get("occurrence", 1), (yml.name, a["span"])
            assert "fix" in a and a.get("why"), (yml.name, a["span"])
        for span in ann.get("clean_spans", []):
            assert span in text, (yml.name, span)


@pytest.mark.parametrize("folder, recall, precision", [("mt", 0.70, 0.90), ("mt-2", 0.38, 0.90), ("mt-3", 0.34, 0.90), ("mt-4", 0.32, 0.90), ("mt-5", 0.38, 0.90), ("mt-6", 0.33, 0.90)])
def test_development_corpora_do_not_regress(folder, recall, precision):
    touched = total = hits = findings = 0
    for txt, yml in _pairs(folder):
        text = txt.read_text(encoding="utf-8")
        spans = _spans(text, yaml.safe_load(yml.read_text(encoding="utf-8")))
        found = [(f.start, f.end) for f in AUDITOR.check(load(Source(str(txt), txt)))]
        total += len(spans)
        touched += sum(any(s < e2 and s2 < e for s2, e2 in found) for s, e in spans)
        findings += len(found)
        hits += sum(any(s < e2 and s2 < e for s2, e2 in spans) for s, e in found)
    assert touched / total >= recall, f"recall {touched}/{total}"
    assert hits / findings >= precision, f"precision {hits}/{findings}"
