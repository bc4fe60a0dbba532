"""The Hyperscan gate never hides a match: a rewritten pattern matches every document its regex matches in."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.document import Document
from auditor.engine import Auditor, Options
from auditor.rules import hsgate, prefilter

hyperscan = pytest.importorskip("hyperscan")
ROOT = Path(__file__).resolve().parent.parent
V1 = regex.V1


def _db(expressions: list[str], multi: bool = False):
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    flag = 0 if multi else hyperscan.HS_FLAG_SINGLEMATCH
    db.compile(expressions=[e.encode() for e in expressions], ids=list(range(len(expressions))), elements=len(expressions), flags=[flag] * len(expressions))
    return db


def _hs_matches(expression: str, text: str) -> bool:
    got = []
    _db([expression]).scan(hsgate.data(text), match_event_handler=lambda *a: got.append(a))
    return bool(got)


@pytest.mark.parametrize(
    "cls, ci",
    [(r"\w", False), (r"\W", False), (r"\s", False), (r"\d", False), (r".", False), (r"\p{Lu}", False), (r"[\w'’-]", False),
     (r"k", True), (r"s", True), (r"[а-я]", True), (r"[^”\"\n]", False), (r"\p{L}", True), (r"[ёЁ]", True)],
)
def test_class_atoms_match_exactly_what_regex_matches(cls: str, ci: bool) -> None:
    """Within the universe, an atom's byte expression matches the same characters as the regex class."""
    atom = hsgate._members(cls, ci)
    want = {c for c in hsgate.universe() if regex.fullmatch(cls, c, V1 | (regex.IGNORECASE if ci else 0))}
    data = hsgate.universe().encode("utf-8")
    ends, pos = {}, 0
    for c in hsgate.universe():
        pos += len(c.encode("utf-8"))
        ends[pos] = c
    got: set[str] = set()
    db = _db([atom], multi=True)  # reports the end of every character the atom matches
    db.scan(data, match_event_handler=lambda i, a, b, f, c: got.add(ends.get(b, "")))
    got.discard("")
    if "\\xc2-\\xf4" in atom:  # a broad class stands for any non-ASCII character: a superset, exact on ASCII
        assert want <= got and {c for c in got if c < "\x80"} == {c for c in want if c < "\x80"}
    else:
        assert got == want


def test_case_insensitive_letters_include_their_unicode_case_mates() -> None:
    assert _hs_matches(hsgate.rewrite("μs", V1 | regex.IGNORECASE), "5 \u00b5S")  # MICRO SIGN folds to μ
    assert not hsgate.usable("5 \u212aELVIN")  # KELVIN SIGN folds to k: such a document is left to the prefilter
    assert _hs_matches(hsgate.rewrite("(?i)киев", V1), "КИЕВ")
    assert not _hs_matches(hsgate.rewrite("киев", V1), "КИЕВ")


@pytest.mark.parametrize(
    "pattern, text, needed",
    [
        (r"(?<=[“\"][^”\n]*)([”\"]) said", "“Yes” said he", "”"),  # a lookbehind first becomes text sought
        (r"\b[Aa]n? (?=Kremlin spokesman)", "a Kremlin spokesman Dmitry", "spokesman"),  # a lookahead last too
        (r"(?<!not )agreed", "they agreed", "agreed"),  # a negative one is only dropped
    ],
)
def test_lookarounds(pattern: str, text: str, needed: str) -> None:
    expr = hsgate.rewrite(pattern, V1)
    assert _hs_matches(expr, text)
    assert not _hs_matches(expr, text.replace(needed, "x" * len(needed)))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20) | st.text(alphabet=st.characters(min_codepoint=0x100, max_codepoint=0x3100), max_size=8))
def test_usable_means_every_character_is_in_the_universe(text: str) -> None:
    assert hsgate.usable(text) == (set(text) <= set(hsgate.universe()))


def test_unusable_documents_and_patterns() -> None:
    assert hsgate.usable("Київ, “quotes” — NBSP\u00a0and 🙂 emoji")
    assert not hsgate.usable("Straße")  # ß folds to two letters
    assert not hsgate.usable("İstanbul")
    assert not hsgate.usable("中文")
    assert hsgate.rewrite("stra(?i:ß)e", V1) is None  # a pattern letter that folds to two
    assert hsgate.rewrite(r"\m\w+", V1) is None  # regex-only syntax
    assert hsgate.rewrite(r"[[:alpha:]--[a]]", V1) is None  # V1 set operations
    assert hsgate.rewrite(r"(?<!x)\b", V1) is None  # nothing a match must contain


@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"x[a[b]]", "xb"),  # a V1 nested set
        (r"x[a[:digit:]]", "x5"),  # a POSIX class inside a set
        (r"(?:cat){s<=1}", "cbt"),  # fuzzy matching
        (r"(?:cat){1<=e<=1}", "cbt"),
        (r"ab[(?i)c]", "ab("),  # flag-like text inside a class is a member
        (r"b[^a](?i)", "bA"),  # a later (?i) narrows a negated class: not widened
        (r"b\P{Lu}(?i)", "ba"),
        (r"x[\p{L}-\p{N}]", "x-"),  # a union in regex, not a range
        (r"x[a-\p{L}]", "xA"),
        (r"x\pAy", "xpAy"),  # not a property: literal text in regex
        (r"x\p{é}y", "xp{é}y"),
        (r"x[\pA]y", "xpy"),
    ],
)
def test_syntax_regex_reads_differently_is_not_missed(pattern: str, text: str) -> None:
    """Cases found by differential fuzzing where the stdlib parser reads a pattern unlike regex V1."""
    assert regex.search(pattern, text, V1)
    expr = hsgate.rewrite(pattern, V1)
    assert expr is None or _hs_matches(expr, text)


def test_a_match_at_the_end_of_the_text_is_found() -> None:
    """Hyperscan 5.4 misses this match when it ends the buffer (and other expressions' matches with it);
    the gate scans one byte more."""
    expr = r"(?:AB|CD|XYZ.{3,12}AB)"
    text = "aa9XYZS12345678AB"
    assert _hs_matches(expr, text) and _hs_matches(hsgate.rewrite(expr, V1), text)
    p = prefilter.LazyPattern(expr, V1)
    assert prefilter.may_match(p, Document.from_string(text))


def test_open_repeats_stay_small() -> None:
    """A large count on a group is sought as + (a {30,} repeat of a group crashed Hyperscan's scan)."""
    expr = hsgate.rewrite(r"x(?:ab|cd\s){35,40}y", V1)
    assert "{3" not in expr and _hs_matches(expr, "x" + "ab" * 36 + "y")


_ALPHABET = "aAbBkKsS \n\t.,-_'\"”“1\u00a0ſ\u212aéÉёЁкКиИевВ"
_ATOMS = ["a", "b", "k", "s", "ab", "ки", "Ев", "ё", r"\w", r"\W", r"\s", r"\S", r"\d", ".", r"\p{L}", r"\p{Lu}", r"\p{Ll}",
          "[ab]", "[^a ]", "[ёЁ]", "[”\"]", r"[\w-]", "[к-я]", r"\.", ","]


def _pattern():
    atom = st.sampled_from(_ATOMS)

    def extend(inner):
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{1,3}", "{2}", "{0,40}", "+?"])).map(lambda t: f"(?:{t[0]}){t[1]}"),
            inner.map(lambda x: f"({x})"),
            st.tuples(st.sampled_from(["(?=", "(?!", "(?<=", "(?<!", "(?i:"]), inner).map(lambda t: f"{t[0]}{t[1]})"),
            st.tuples(st.sampled_from([r"\b", "^", "$", r"\B"]), inner).map("".join),
        )

    return st.recursive(atom, extend, max_leaves=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pattern(), st.booleans(), st.text(alphabet=_ALPHABET, max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_rewrite_never_misses_a_match(pattern: str, ci: bool, text: str, lo: int, hi: int) -> None:
    flags = V1 | (regex.IGNORECASE if ci else 0)
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error:
        return
    expr = hsgate.rewrite(pattern, flags)
    if expr is None or not hsgate.usable(text):
        return
    try:
        _db([expr])
    except hyperscan.HyperscanError:
        return  # refused expressions are always reported as matching
    lo, hi = min(lo, hi, len(text)), min(max(lo, hi), len(text))
    if compiled.search(text) or compiled.search(text, lo, hi):
        assert _hs_matches(expr, text), (pattern, expr, text)


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    return Auditor(Options())


def test_bundled_patterns_are_all_rewritten(auditor: Auditor) -> None:
    patterns = [p for r in auditor._rules for alt in (r.requirements() or []) for p in alt]
    assert len(patterns) > 500
    assert sum(p.hs >= 0 for p in patterns) / len(patterns) > 0.95


def test_bundled_patterns_never_missed_on_corpus_articles(auditor: Auditor) -> None:
    """Pattern by pattern: wherever the regex finds a match in a corpus article, the gate reports it."""
    paths = sorted((ROOT / "corpora").glob("*/*.txt"))
    random.Random(7).shuffle(paths)
    patterns = {p.hs: p for r in auditor._rules for alt in (r.requirements() or []) for p in alt if p.hs >= 0}
    checked = 0
    for path in paths[:40]:
        doc = Document.from_string(path.read_text(encoding="utf-8"))
        hits = prefilter.gate_hits(doc)
        if hits is None:
            continue
        checked += 1
        for i, p in patterns.items():
            if i not in hits:
                assert p.compiled.search(doc.text) is None, (path.name, p.source)
    assert checked >= 30


def test_patterns_registered_after_a_scan_get_their_own_segment() -> None:
    first = prefilter.LazyPattern(r"zanzibar\s+quay", V1)
    doc = Document.from_string("At Zanzibar quay and on the zanzibar  quay.")
    assert first.hs >= 0 and prefilter.may_match(first, doc)
    later = prefilter.LazyPattern(r"quay\s+zanzibar", V1 | regex.IGNORECASE)
    doc2 = Document.from_string("The QUAY ZANZIBAR, then.")
    assert prefilter.may_match(later, doc2) and not prefilter.may_match(first, doc2)
    assert [m.group(0) for m in prefilter.finditer(later, doc2, [(0, len(doc2.text))], 1.0)] == ["QUAY ZANZIBAR"]


def test_a_database_loaded_from_the_cache_scans(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    exprs = [hsgate.rewrite(r"cached\s+gate", V1), hsgate.rewrite(r"(?<!\w)[\p{Lu}]{2,}x", V1)]
    built, refused = hsgate._compile(exprs, [0, 1])
    loaded, refused2 = hsgate._compile(exprs, [0, 1])  # from the cache this time
    assert refused == refused2 == set()
    for db in (built, loaded):
        got: set[int] = set()
        db.scan(b"a cached  gate", match_event_handler=lambda i, a, b, f, c, got=got: got.add(i))
        assert got == {0}


def test_a_failing_scan_switches_the_gate_off(monkeypatch) -> None:
    """Hyperscan that cannot run here (an old CPU, a broken install) leaves the literal prefilter to do the work."""
    p = prefilter.LazyPattern(r"failing\s+scan", V1)

    def broken(data):
        raise hyperscan.HyperscanError("no scratch")

    monkeypatch.setattr(hsgate.GATE, "scan", broken)
    doc = Document.from_string("A failing  scan here.")
    try:
        assert hsgate.hits(doc.text) is None and not hsgate.available()
        assert [m.group(0) for m in prefilter.finditer(p, doc, [(0, len(doc.text))], 1.0)] == ["failing  scan"]
    finally:
        hsgate.set_enabled(True)


def test_a_large_uncached_database_waits_for_enough_text(tmp_path, monkeypatch) -> None:
    """One short article does not pay the compile of a large database; a batch's worth of text does."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(hsgate, "BUILD_AFTER", 10_000)
    gate = hsgate._Gate()
    for i in range(hsgate.SMALL_SEGMENT + 5):
        gate.add(rf"word{i}x\s+zz", V1)
    assert gate.scan(b"word3x zz") is None and gate.scan(b"word3x zz") is None
    assert gate.scan(b"." * 10_000 + b" word3x zz") == {3}
    fresh = hsgate._Gate()  # another process: the database is cached now
    for i in range(hsgate.SMALL_SEGMENT + 5):
        fresh.add(rf"word{i}x\s+zz", V1)
    assert fresh.scan(b"word7x  zz") == {7}


def test_switched_off_gate_assigns_no_ids() -> None:
    hsgate.set_enabled(False)
    try:
        p = prefilter.LazyPattern(r"switched\s+off", V1)
        assert p.hs == -1 and prefilter.gate_hits(Document.from_string("switched off")) is None
    finally:
        hsgate.set_enabled(True)


def test_an_expression_hyperscan_misses_in_its_own_sample_is_refused(monkeypatch, tmp_path):
    """Hyperscan 5.4 misses this expression's match in this sentence (found by a rule's flag example);
    a database compiled with samples refuses the expression, so its rule always runs."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    buggy = hsgate.rewrite(r"(?:[Oo]n|[Uu]pon|[Bb]y|[Ii]n connection with) the fact of (?:the |a )?\p{L}", regex.V1)
    healthy = hsgate.rewrite(r"fact of (?:the |a )?\p{L}", regex.V1)
    text = "A criminal case was opened on the fact of the explosion."
    assert buggy and healthy and not _hs_matches(buggy, text) and _hs_matches(healthy, text)
    db, refused = hsgate._compile([buggy, healthy], [40, 41], vouchers={"t": lambda: [(40, text), (41, text)]})
    assert refused == {40}
    assert hsgate._compile([buggy, healthy], [40, 41])[1] == {40}  # kept with the database in the cache


def test_rule_examples_pass_with_the_gate_on(tmp_path):
    """Every rule's examples, checked with the Hyperscan gate compiled at once (not after 1 MB of text):
    the gate never hides a finding its rule's own examples expect."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path), AUDITOR_HYPERSCAN_BUILD_AFTER="0")
    r = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "rules", "test"], cwd=Path(__file__).parent.parent,
                       env=env, capture_output=True, text=True)
    assert r.returncode == 0 and "0 example problem(s)" in r.stdout, r.stdout[-2000:] + r.stderr[-2000:]
