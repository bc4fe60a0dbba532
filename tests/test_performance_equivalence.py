"""The literal prefilter and lazy compilation change speed only: findings equal the full-scan path."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.api import check_document
from auditor.document import Document
from auditor.engine import Auditor, Options
from auditor.rules import hsgate, prefilter

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted(p for d in ("mt", "mt-2", "mt-3", "mt-4", "mt-5", "mt-6", "clean", "clean-2") for p in (ROOT / "corpora" / d).glob("*.txt"))


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
    """On a long text the windows, the automaton's recorded positions and the rule gate all come into play."""
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
        (r"(?:(?m)^[ \t]*Leave a reply[ \t]*$)", {"leave a reply"}, True),  # mid-pattern (?m) hoisted; (?m)$ fine with \n
        (r"(?<=\p{L})[ \t]+([,;])(?=\s)", {" ,", "\t,", " ;", "\t;"}, True),  # punctuation pairs are literals
        (r"[Aa]s\s+it\s+would|[Mm]ay\s+be", {"would", "may"}, True),  # a branch's best word, not "as"
        (r"(?x) a b (?i) c", None, False),  # (?x) mid-pattern would change the parse: not analysed
        (r"(?<=[.!?]\s)Moreover,", {"moreover,"}, True),  # a lookbehind may read a separator
        (r"RSZ[VO]|RSSU", {"rszv", "rszo", "rssu"}, True),  # the parser's factored prefix "RS" joins its branches
        (r"OP(?= (?:head|chief))", {"head", "chief", " head", " chief"}, True),  # a lookahead's words are required
        (r"Moreover(?=[.!?])", {"moreover"}, True),  # a lookahead may not: '\n' and ';' remain
        (r"(?<=\w)[ \t]+([,;])(?=\s|$)", {" ,", "\t,", " ;", "\t;"}, True),  # true at a newline and at the end alike
        (r"foo(?=[ ]|$)", {"foo"}, False),  # false at a newline, true at the end: no windows
        (r"foo(?=\s\s|$)", {"foo"}, False),  # reads past the newline
    ],
)
def test_pattern_analysis(pattern: str, literals, separator: bool) -> None:
    import regex

    info = prefilter._analyse(pattern, regex.V1)
    if literals is None:
        assert info.literals is None and info.separator is None
        return
    words = set().union(*(info.literals or ()))
    assert words <= literals  # only words every match contains
    assert bool(words) == bool(literals)
    assert bool(info.separator) is separator


@pytest.mark.parametrize(
    "pattern, lead",
    [
        (r"(?:half|all) the world", {"half the world", "all the world"}),
        (r"(?<![\w])(?:(?=\p{Ll})(?:russia|moscow)\b)", {"russia", "moscow"}),
        (r"(?:[Tt]he )?Kremlin said", {"the kremlin said", "kremlin said"}),
        (r"(?<=\bhead of )(?:ministry|office)", {"ministry", "office"}),
        (r"(?:[Oo]n|[Ii]n) (?:the )?air of", {"on the air of", "on air of", "in the air of", "in air of"}),
        (r"\s+(?:ministry|office)", None),  # may start with any space
        (r"x*abc", None),
        (r"(?:abc|d)ef", None),  # no required word of three letters: no lead either
    ],
)
def test_leading_words(pattern: str, lead) -> None:
    """``lead``: words one of which every match starts with; matches are then tried only there."""
    import regex

    info = prefilter._analyse(pattern, regex.V1)
    assert (set(info.lead) if info.lead else None) == lead


def test_lookahead_true_at_a_newline_and_at_the_end() -> None:
    import regex

    info = prefilter._analyse(r"(?<=\w)[ \t]+([,;])(?=\s|$)", regex.V1)
    assert "\n" in info.separator
    assert prefilter._analyse(r"foo(?=\s|\n\n|$)", regex.V1).separator is None


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(["a", "b", "zz", " ", ",", ";", ".", "\n", "\t"]), max_size=30).map("".join),
    pattern=st.sampled_from([r"(?<=\w)[ \t]+([,;.])(?=\s|$)", r"[ab ]+zz(?=\s|\Z)", r"(?m)[ab ,]+zz(?=\s|$)", r"[ab]+zz(?=\n|$)"]),
)
def test_windows_at_lookaheads_find_what_a_full_scan_finds(text: str, pattern: str) -> None:
    """Windows cut at separators a lookahead may test find exactly the full scan's matches."""
    import regex

    from auditor.rules.prefilter import LazyPattern

    p = LazyPattern(pattern, regex.V1)
    doc = Document.from_string(text)
    text = doc.text
    for regions in ([(0, len(text))], [(0, len(text) // 2), (len(text) // 2, len(text))]):
        found = [m.span() for m in prefilter.finditer(p, doc, regions, 1.0)]
        assert found == [m.span() for lo, hi in regions for m in p.compiled.finditer(text, lo, hi)]


def test_leading_words_keep_their_case_in_case_sensitive_patterns() -> None:
    import regex

    cased = prefilter._analyse(r"(?:[Tt]he )?Kremlin said", regex.V1)
    assert cased.lead_cased == {"The Kremlin said", "the Kremlin said", "Kremlin said"}
    assert prefilter._analyse(r"(?:[Tt]he )?Kremlin said", regex.V1 | regex.IGNORECASE).lead_cased is None
    assert prefilter._analyse(r"(?i:the) Kremlin said", regex.V1).lead_cased is None


def test_anchored_matching_equals_a_search() -> None:
    """Matching at each leading word finds what one search of the whole text finds, overlaps included."""
    import regex

    from auditor.document import Document
    from auditor.rules.prefilter import LazyPattern

    text = "russia and Russia's moscow. Moscow; russian-moscow? ukraine RUSSIA russia russia"
    pattern = LazyPattern(r"(?<![\w])(?:(?=\p{Ll})(?:russia|russian|moscow)(?:\s+(?:and\s+)?russia)?)(?![\w])", regex.V1)
    assert pattern.info.lead
    doc = Document.from_string(text)
    for regions in ([(0, len(text))], [(0, 27), (28, len(text))], [(5, 40)]):
        found = [m.span() for m in prefilter.finditer(pattern, doc, regions, 1.0)]
        expected = [m.span() for lo, hi in regions for m in pattern.compiled.finditer(text, lo, hi)]
        assert found == expected and found


def test_filter_skips_absent_words() -> None:
    import regex

    p = prefilter.LazyPattern(r"(?<!\w)(?:hanging\s+in\s+the\s+air)(?!\w)", regex.V1 | regex.IGNORECASE)
    doc = Document.from_string("The question is still HANGING in the AIR.")
    assert [m.group(0) for m in prefilter.finditer(p, doc, [(0, len(doc.text))], 1.0)] == ["HANGING in the AIR"]
    doc2 = Document.from_string("Nothing to see here.")
    assert list(prefilter.finditer(p, doc2, [(0, len(doc2.text))], 1.0)) == []


def test_hoisted_flags_keep_escapes() -> None:
    assert prefilter._hoist_flags(r"a(?m)b") == "(?m)ab"
    assert prefilter._hoist_flags(r"a\(?m)b") == r"a\(?m)b"  # an escaped parenthesis is text
    assert prefilter._hoist_flags(r"(?i)ab") == "(?i)ab"


def test_rules_gated_by_absent_words(auditor: Auditor) -> None:
    """A rule whose required words are all absent is not even called; one with no literals runs unless
    the Hyperscan gate shows its patterns cannot match."""
    doc = Document.from_string("Officials met on Monday.")
    active = {r.id for r in prefilter.active(doc, auditor._gated)}
    gated = {r.id: req for r, req in auditor._gated}
    assert "any-en.idioms.hangs-in-the-air" not in active and gated["any-en.idioms.hangs-in-the-air"] is not None
    always = [rid for rid, req in gated.items() if req is None]
    hsgate.set_enabled(False)
    try:
        assert always and set(always) <= {r.id for r in prefilter.active(Document.from_string(doc.text), auditor._gated)}
    finally:
        hsgate.set_enabled(True)
    prefilter.set_enabled(False)
    try:
        assert {r.id for r in prefilter.active(doc, auditor._gated)} == set(gated)
    finally:
        prefilter.set_enabled(True)


def test_gate_sees_sets_registered_after_the_index(auditor: Auditor) -> None:
    import regex

    doc = Document.from_string("The zyxwv quorum met.")
    prefilter.doc_index(doc).present_sets()  # cached before the new rule's sets exist
    late = prefilter.LazyPattern(r"zyxwv\s+quorum", regex.V1)
    gated = [(object(), (prefilter.requirement([late]),))]
    assert len(prefilter.active(doc, gated)) == 1


def test_rules_outside_the_hyperscan_gate_keep_the_literal_choice() -> None:
    """A rule the gate cannot rule out (here: no patterns it knows) runs on its literal sets alone."""
    import regex

    doc = Document.from_string("The quorum met.")
    present = prefilter.LazyPattern(r"quorum\s+met", regex.V1)
    absent = prefilter.LazyPattern(r"vwxyz\s+quorum", regex.V1)
    here, missing, always = object(), object(), object()
    gated = [(here, (prefilter.requirement([present]),)), (missing, (prefilter.requirement([absent]),)), (always, None)]
    assert prefilter.gate_hits(doc) is not None  # the gate applies to this document
    assert prefilter.active(doc, gated) == [here, always]


def test_lookbehind_sees_across_a_window_start() -> None:
    import regex

    p = prefilter.LazyPattern(r"(?<=[.!?]\s)Moreover,", regex.V1)
    assert "." in p.info.separator
    text = ("Filler sentence without the word. " * 800) + "Then it came. Moreover, more.\n" + "Moreover, at a line start."
    doc = Document.from_string(text)
    assert len(text) > 20_000
    spans = [m.span() for m in prefilter.finditer(p, doc, [(0, len(doc.text))], 1.0)]
    assert spans == [m.span() for m in regex.finditer(r"(?<=[.!?]\s)Moreover,", doc.text)] and len(spans) == 2


def test_frequent_literals_count_as_present_and_are_searched_on_demand() -> None:
    """Frequent literals stay out of the automaton; a pattern needing one still finds exactly its matches."""
    import regex

    frequent = prefilter.frequent()
    assert {" the", "said"} <= frequent and all(w and w == w.casefold() for w in frequent)
    p = prefilter.LazyPattern(r"(?<!\w)(?:said\s+in\s+a\s+statement)(?!\w)", regex.V1 | regex.IGNORECASE)
    assert "said" in prefilter._AUTOMATON.skipped and "said" not in prefilter._AUTOMATON.words
    for text, expected in [
        ("The ministry SAID in a statement. It said so.", ["SAID in a statement"]),
        ("The ministry wrote in a statement.", []),  # 'statement' present, 'said' absent
        ("Nothing here.", []),
    ]:
        doc = Document.from_string(text)
        assert [m.group(0) for m in prefilter.finditer(p, doc, [(0, len(doc.text))], 1.0)] == expected


@pytest.mark.parametrize("text", ["washİng the bones OF", "taken\tfrom\tTHE\tceİlİng", "after whİch the fire began"])
def test_turkic_i_does_not_hide_a_literal(auditor: Auditor, text: str) -> None:
    """regex matches İ as i case-insensitively while str.casefold gives i + U+0307; the index folds both to i."""
    on = _findings(auditor, text, "t.txt", True)
    assert on == _findings(auditor, text, "t.txt", False) and on


def test_dotless_i_does_not_hide_a_literal() -> None:
    import regex

    p = prefilter.LazyPattern(r"(?<!\w)(?:Iran\s+said)(?!\w)", regex.V1 | regex.IGNORECASE)
    doc = Document.from_string("Then ıran said no.")
    assert [m.group(0) for m in prefilter.finditer(p, doc, [(0, len(doc.text))], 1.0)] == ["ıran said"]
    assert prefilter.fold("İı") == "ii"


@pytest.mark.parametrize(
    "pattern, flags, text, regions",
    [
        # equal lengths after folding, positions shifted between: ß -> ss early, i + U+0307 -> i late
        (r"Kremlin said", 0, "ß Kremlin said i\u0307", None),
        (r"(?<=[\p{L}\p{N})])[ \t]+([,;:!?.])(?=\s|$)", 0, "\ufb01cials .\nExperts i\u0307", [(0, 8), (8, 20)]),
        (r"\w+ officials", 0, "ß the officials\ni\u0307", None),
        # an inline flag group that makes part of the pattern case-insensitive
        (r"(?mi)^kremlin said", 0, "KREMLIN said so", None),
        (r"(?si:the) Kremlin said", 0, "THE Kremlin said so", None),
    ],
)
def test_shortcuts_survive_case_folding_edge_cases(pattern, flags, text, regions) -> None:
    """Found by differential fuzzing: the prefilter must agree with a plain search on these."""
    import regex

    from auditor.document import Document
    from auditor.rules.prefilter import LazyPattern

    p = LazyPattern(pattern, regex.V1 | flags)
    regions = regions or [(0, len(text))]
    expected = [m.span() for lo, hi in regions for m in p.compiled.finditer(text, lo, hi)]
    assert [m.span() for m in prefilter.finditer(p, Document.from_string(text), regions, 2.0)] == expected


_WORDS = ["kremlin", "ears", " rf ", "blinken", "kiev", "zzqx", "said", "the"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(["Kremlin", "EARS", "ears", "RF", "Blinken", "kiEv", "Kiev", "zzqx", "said", "the", "ea", "rs"]),
        max_size=40,
    ).flatmap(lambda ws: st.just(ws) | st.just(["".join(ws)])).map(" ".join),
    asks=st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4), max_size=6),
    budget=st.sampled_from([0, 500, 10**9]),
)
def test_words_looked_up_one_by_one_answer_as_the_automaton_pass(text: str, asks, budget: int) -> None:
    """Before the pass, rare words are looked up with ``in`` and ``str.find``; whatever the budget, every
    answer equals the pass's, and unregistered words (``zzqx``) never count."""
    prefilter.LazyPattern(r"(?:Kremlin|ears|\bRF\b|Blinken|Kiev)\s+said", 0)  # registers the words
    lazy, full = prefilter.DocIndex(text), prefilter.DocIndex(text)
    full.found  # noqa: B018 - runs the pass
    lazy._budget = budget
    for words in map(frozenset, asks):
        assert [lazy.positions(w) for w in sorted(words)] == [full.positions(w) for w in sorted(words)]
        assert lazy.present(words) == full.present(words)
        assert lazy.rarest((words,)) == full.rarest((words,))
        assert lazy.occurrences(words) == full.occurrences(words)
        assert lazy.count(words) == full.count(words)
        assert all(lazy.has(w) == full.has(w) for w in words)
    assert not lazy.has("zzqx") and "zzqx" not in full.found
    assert lazy.found == full.found and lazy.present_sets() == full.present_sets()
