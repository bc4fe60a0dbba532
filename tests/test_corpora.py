"""Corpus tests: the MT sample produces findings; clean, edited news prose gets nothing major."""

from __future__ import annotations

import pytest

from auditor.engine import Auditor, Options
from auditor.findings import Severity
from auditor.inputs import Source, load
from tests.conftest import ROOT, SAMPLE

AUDITOR = Auditor(Options())
CLEAN = sorted((ROOT / "corpora").glob("clean*/*.txt"))


def test_sample_article_has_findings():
    doc = load(Source(str(SAMPLE), SAMPLE))
    findings = AUDITOR.check(doc)
    assert len(findings) >= 9
    assert {f.category for f in findings} >= {"boilerplate", "terminology", "fluency/punctuation"}


def test_clean_corpus_exists():
    assert len(CLEAN) >= 10


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_clean_corpus_has_no_major_finding(path):
    doc = load(Source(str(path), path))
    major = [f"{f.line}:{f.column} {f.rule} {f.text!r}" for f in AUDITOR.check(doc) if f.severity >= Severity.MAJOR]
    assert major == []


@pytest.mark.parametrize("folder", ["clean", "clean-2"])
def test_clean_corpus_minor_density(folder):
    """At most one minor finding per 2,000 words of edited news prose (issue #9 acceptance)."""
    paths = sorted((ROOT / "corpora" / folder).glob("*.txt"))
    words = findings = 0
    for path in paths:
        doc = load(Source(str(path), path))
        words += doc.word_count
        findings += len(AUDITOR.check(doc))
    assert words > 8000
    assert findings * 2000 <= words, f"{findings} findings in {words} words"
