"""The literal prefilter and lazy compilation change speed only: findings equal the full-scan path."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.api import check_document
from auditor.document import Document
from auditor.engine import Auditor, Options
from auditor.rules import prefilter

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted(p for d in ("mt", "clean", "clean-2") for p in (ROOT / "corpora" / d).glob("*.txt"))


def _findings(auditor: Auditor, text: str, name: str, enabled: bool) -> list[dict]:
    prefilter.set_enabled(enabled)
    try:
        return [f.to_dict() for f in check_document(auditor, Document.from_string(text, path=name)).findings]
    finally:
        prefilter.set_enabled(True)


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    return Auditor(Options())


def test_corpora_exist() -> None:
    assert len(CORPORA) > 40


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_findings_as_full_scan(auditor: Auditor, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _findings(auditor, text, path.name, True) == _findings(auditor, text, path.name, False)


def test_same_findings_on_a_long_text(auditor: Auditor) -> None:
    """Over 20,000 characters the prefilter also narrows the scan to separator-free windows."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in CORPORA)
    assert len(text) > 100_000
    on, off = _findings(auditor, text, "all.txt", True), _findings(auditor, text, "all.txt", False)
    assert on == off and len(on) > 50


@pytest.mark.parametrize(
    "pattern,literals,separator",
    [
        (r"after\s+which\s+(?:the\s+)?fires?\s+began", {"after", "which", "fire", "began"}, True),
        (r"[Bb]rought\s+\p{Ll}+\s+to\s+responsibility", {"brought", "responsibility"}, True),
        (r"(?:half|all) the world", {" the world", "half", "all"}, True),
        (r"(\p{L}+)[ \t]+\1", set(), True),
        (r"x?", set(), False),  # can match the empty string: no windows
        (r"end$", {"end"}, False),  # $ behaves differently at a window edge
        (r"\P{L}foo", None, False),  # not understood: never filtered
    ],
)
def test_pattern_analysis(pattern: str, literals, separator: bool) -> None:
    import regex

    info = prefilter._analyse(pattern, regex.V1)
    if literals is None:
        assert info.literals is None and info.separator is None
        return
    assert info.words <= literals  # only words every match contains
    assert bool(info.words) == bool(literals)
    assert bool(info.separator) is separator


def test_filter_skips_absent_words() -> None:
    import regex

    p = prefilter.LazyPattern(r"(?<!\w)(?:hanging\s+in\s+the\s+air)(?!\w)", regex.V1 | regex.IGNORECASE)
    doc = Document.from_string("The question is still HANGING in the AIR.")
    assert [m.group(0) for m in prefilter.finditer(p, doc, [(0, len(doc.text))], 1.0)] == ["HANGING in the AIR"]
    doc2 = Document.from_string("Nothing to see here.")
    assert list(prefilter.finditer(p, doc2, [(0, len(doc2.text))], 1.0)) == []
