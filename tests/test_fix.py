"""`auditor fix`: planning, applying, diff, --write (atomic), interactive, faults."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from auditor import fileio
from auditor.api import check_document
from auditor.document import Document
from auditor.engine import Auditor, Options
from auditor.findings import Finding, Severity
from auditor.fixes import Edit, apply, overlaps, plan
from auditor.rules.examples import example_text
from cli import app
from tests.conftest import SAMPLE, write

runner = CliRunner()
AUDITOR = Auditor(Options())


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input)


def mk(start, end, sugg=("x",), severity=Severity.MAJOR, rule="en.a.b"):
    return Finding(rule, "style", severity, start, end, "t" * (end - start), "m", tuple(sugg))


def findings_of(path) -> list[Finding]:
    doc = Document.from_string(path.read_text(encoding="utf-8"), path=str(path), fmt="txt")
    return check_document(AUDITOR, doc).findings


def outside_spans_identical(old: str, new: str, edits: list[Edit]) -> bool:
    """new == old with exactly the edited spans replaced, in order; the one allowed difference is the
    documented one: the letter left first by a deletion at a sentence start may be capitalised."""
    from auditor.rules.casing import sentence_initial

    pos, rebuilt, openers = 0, [], set()
    for e in sorted(edits, key=lambda e: e.start):
        rebuilt += [old[pos : e.start], e.replacement]
        if not e.replacement and e.end > e.start and sentence_initial(old, e.start):
            openers.add(sum(map(len, rebuilt)))  # where the deleted text was, in the rebuilt text
        pos = e.end
    rebuilt_text = "".join(rebuilt) + old[pos:]
    if len(rebuilt_text) != len(new):
        return False
    for i, (a, b) in enumerate(zip(rebuilt_text, new, strict=True)):
        if a != b:
            first = any(j <= i and not rebuilt_text[j:i].strip(" \t") for j in openers)
            if not (first and a.islower() and b == a.upper()):
                return False
    return True


# -- unit -------------------------------------------------------------------------------------
def test_plan_skips_overlaps_minor_and_other_rules():
    fs = [mk(0, 10, ("long",)), mk(5, 7, ("inner",)), mk(12, 14, ("m",), Severity.MINOR), mk(20, 22, ("o",), rule="en.c.d"), mk(30, 30, ("ins",))]
    assert [(e.start, e.replacement) for e in plan(fs)] == [(0, "long"), (20, "o"), (30, "ins")]
    assert [e.replacement for e in plan(fs, Severity.MINOR)] == ["long", "m", "o", "ins"]
    assert [e.replacement for e in plan(fs, only=("en.c",))] == ["o"]
    assert plan([mk(0, 3, ())]) == []  # nothing to apply without a suggestion


def test_overlaps_touching_insertions():
    assert overlaps(mk(3, 3), mk(3, 5)) and overlaps(mk(5, 5), mk(3, 5)) and not overlaps(mk(2, 3), mk(3, 5))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 20), st.text(max_size=8)), max_size=15))
def test_apply_never_touches_bytes_outside_spans(raw, specs):
    fs = [mk(min(s, len(raw)), min(s + n, len(raw)), (r,)) for s, n, r in specs]
    fs = [f for f in fs if f.text != f.suggestions[0]]
    edits = plan(fs, Severity.MINOR)
    new = apply(raw, edits)
    assert outside_spans_identical(raw, new, edits)
    for a in edits:
        assert not any(a is not b and overlaps(a, b) for b in edits)


news = st.lists(
    st.sampled_from(["Weak RF. ", "The positions were bombed. ", "Home » World » ", "Leave a Comment\n", "He said , no. ", "\n\n", "ok "]),
    max_size=25,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news)
def test_fixing_real_findings_only_edits_their_spans(text):
    doc = Document.from_string(text)
    edits = plan(AUDITOR.check(doc), Severity.MINOR)
    assert outside_spans_identical(doc.raw, apply(doc.raw, edits), edits)


def test_apply_rejects_overlapping_edits():
    with pytest.raises(ValueError):
        apply("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])


# -- end to end -------------------------------------------------------------------------------
def test_fix_sample_write_then_check(tmp_path):
    art = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, art)
    old = art.read_text(encoding="utf-8")
    before = findings_of(art)
    expected = plan(before, Severity.MAJOR)
    assert len(expected) > 20
    r = run("fix", art)  # default: a diff, nothing written
    assert r.exit_code == 1 and r.stdout.startswith(f"--- a/{art}\n+++ b/{art}\n") and art.read_text(encoding="utf-8") == old
    r = run("fix", art, "--write")
    assert r.exit_code == 0 and f"fixed {len(expected)} finding(s)" in r.stderr
    new = art.read_text(encoding="utf-8")
    assert outside_spans_identical(old, new, expected)
    # the fixed findings are gone: no finding of the same rule where an edit landed
    after = findings_of(art)
    shift = 0
    for e in expected:
        lo = e.start + shift
        hi = lo + len(e.replacement)
        shift += len(e.replacement) - (e.end - e.start)
        assert not [f for f in after if f.rule == e.finding.rule and lo <= f.start <= hi], e
    assert not [f for f in after if f.severity >= Severity.MAJOR]
    assert run("fix", art).exit_code == 0  # nothing left to fix at major


def test_fix_keeps_bom_crlf_and_mode_and_backs_up(tmp_path):
    p = tmp_path / "a.txt"
    original = "\ufeffWeak RF\r\n\r\nKeep this line.\r\n".encode()
    p.write_bytes(original)
    os.chmod(p, 0o640)
    r = run("fix", p, "--write", "--backup")
    assert r.exit_code == 0
    assert p.read_bytes() == "\ufeffWeak Russia\r\n\r\nKeep this line.\r\n".encode()
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert (tmp_path / "a.txt.bak").read_bytes() == original


def test_fix_markup_uses_raw_offsets(tmp_path):
    p = write(tmp_path, "a.html", '<p class="x">Weak <b>RF</b> &amp; more.</p>\n')
    assert run("fix", p, "--write").exit_code == 0
    assert p.read_text() == '<p class="x">Weak <b>Russia</b> &amp; more.</p>\n'
    q = write(tmp_path, "a.md", "# Weak RF\n\nSee [the RF site](http://rf.example/RF).\n")
    assert run("fix", q, "--write").exit_code == 0
    assert q.read_text() == "# Weak Russia\n\nSee [Russia site](http://rf.example/RF).\n"


def test_fix_min_severity_and_only(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF.\n\nThe positions were bombed.\n\nLeave a Comment\n")
    r = run("fix", p, "--only", "en.terminology")
    assert "+Weak Russia." in r.stdout and "shelled" not in r.stdout and "-Leave a Comment" not in r.stdout
    r = run("fix", p, "--min-severity", "minor", "--only", "ru-en")
    assert "+The positions were shelled." in r.stdout and "+Weak Russia." not in r.stdout


def test_fix_respects_suppressions(tmp_path):
    p = write(tmp_path, "a.md", "<!-- auditor-ignore en.terminology -->\nWeak RF.\n")
    r = run("fix", p)
    assert r.exit_code == 0 and r.stdout == "" and "nothing to fix" in r.stderr


def test_interactive_accept_skip_choose_edit_quit(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF. Weak RF. Weak RF. Weak RF. Weak RF.\n")
    # accept, skip, edit, bad answer then accept, quit
    r = run("fix", p, "--interactive", input="a\ns\ne\nthe Kremlin\nzz\na\nq\n")
    assert r.exit_code == 0, r.output
    assert p.read_text() == "Weak Russia. Weak RF. Weak the Kremlin. Weak Russia. Weak RF.\n"
    assert "please answer one of" in r.stdout


def test_interactive_choose_other_suggestion(tmp_path):
    p = write(tmp_path, "a.txt", "The positions were bombed.\n")
    doc = Document.from_string(p.read_text(), path=str(p))
    f = check_document(AUDITOR, doc).findings[0]
    if len(f.suggestions) < 2:
        pytest.skip("this rule has a single suggestion")
    r = run("fix", p, "-i", "--min-severity", "minor", input="c\n2\n")
    assert r.exit_code == 0
    assert f.suggestions[1] in p.read_text()


def test_interactive_end_of_input_keeps_accepted(tmp_path):
    p = write(tmp_path, "a.txt", "Weak RF. Weak RF.\n")
    r = run("fix", p, "-i", input="a\n")
    assert r.exit_code == 0 and p.read_text() == "Weak Russia. Weak RF.\n"


# -- faults -----------------------------------------------------------------------------------
def _one_line_error(r, p):
    err = r.stderr.strip().splitlines()
    assert r.exit_code == 2 and len(err) == 1 and err[0].startswith(f"auditor: error: {p}: cannot write:"), r.output


def test_disk_full_midway_leaves_original(tmp_path, monkeypatch):
    p = write(tmp_path, "a.txt", "Weak RF\n")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fsync", full)
    r = run("fix", p, "--write")
    _one_line_error(r, p)
    assert "No space left on device" in r.stderr
    assert p.read_text() == "Weak RF\n" and os.listdir(tmp_path) == ["a.txt"]  # no temp file left


def test_unwritable_folder_leaves_original(tmp_path, monkeypatch):
    p = write(tmp_path, "a.txt", "Weak RF\n")

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fileio.tempfile, "mkstemp", denied)
    r = run("fix", p, "--write")
    _one_line_error(r, p)
    assert p.read_text() == "Weak RF\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_leaves_original(tmp_path):
    d = tmp_path / "ro"
    p = write(d, "a.txt", "Weak RF\n")
    os.chmod(d, 0o555)
    try:
        r = run("fix", p, "--write")
        _one_line_error(r, p)
        assert p.read_text() == "Weak RF\n"
    finally:
        os.chmod(d, 0o755)


def test_fix_errors_on_unreadable_input_but_fixes_the_rest(tmp_path):
    good = write(tmp_path, "a.txt", "Weak RF\n")
    bad = write(tmp_path, "b.txt", b"\xff\xfe")
    r = run("fix", bad, good, "--write")
    assert r.exit_code == 2 and "not valid UTF-8" in r.stderr and good.read_text() == "Weak Russia\n"


def test_fix_subprocess(tmp_path):
    art = tmp_path / "a.txt"
    shutil.copy(SAMPLE, art)
    out = subprocess.run([sys.executable, "-m", "auditor", "fix", str(art), "--write"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    out = subprocess.run([sys.executable, "-m", "auditor", "check", str(art), "--fail-on", "major"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def _applied(text: str, rule: str) -> str | None:
    """``text`` with the first suggestion of each of ``rule``'s findings applied; None when it has none.
    A first suggestion equal to the flagged text is no fix at all ('… of the RF' once suggested itself)."""
    from auditor import fixes
    from auditor.api import audit
    from auditor.findings import Severity

    mine = [f for f in audit(text).findings if f.rule == rule and f.suggestions]
    assert not [f.text for f in mine if f.suggestions[0] == f.text], (rule, text)
    return fixes.apply(text, fixes.plan(mine, Severity.MINOR)) if mine else None


def _flag_examples():
    from auditor.engine import Auditor, Options

    for check in Auditor(Options()).checks:
        examples = getattr(check, "examples", None) or getattr(getattr(check, "info", None), "examples", None) or {}
        for item in examples.get("flag", []):
            text = example_text(item)
            yield check.id, text
            first, _, rest = text.partition(" ")
            if first in ("The", "A", "An", "In", "On") and rest:  # the same words in mid-sentence
                yield check.id, f"Officials said that {first.lower()} {rest}"


def test_applied_fixes_read_as_english():
    """Every rule's own fix, applied to its flag examples (and to them in mid-sentence), leaves no doubled
    small word ('the the', 'on in'), no sentence starting in lower case, no 'The' after a lower-case word
    and no 'a'/'an' that disagrees with the word after it ('an concentration')."""
    import re

    doubled = re.compile(r"\b(the|a|an|on|in|of|to|by|for|with|at|from)\s+\1\b", re.I)
    lower_start = re.compile(r"(?:^|(?<!\.)[.!?] )[a-z]")  # not after an ellipsis
    mid_capital = re.compile(r"(?<=[a-z,] )(?:The|A|An|Of|On|In|To) ")
    article = re.compile(r"\b[Aa] (?:[aeio]\w+)|\b[Aa]n (?:[bcdfgjklmnpqrstvwxz]\w+)")  # 'an concentration'
    problems = []
    for rule, text in _flag_examples():
        new = _applied(text, rule)
        if new is None:
            continue
        for name, rx in (("doubled word", doubled), ("lower-case start", lower_start), ("capital mid-sentence", mid_capital),
                         ("a/an", article)):
            if len(rx.findall(new)) > len(rx.findall(text)):
                problems.append((rule, text, new, name))
    assert not problems, problems


def test_deleting_a_sentence_opener_capitalises_the_next_word():
    assert _applied("It was cold. It is known that this team won the cup.", "ru-en.discourse.it-is-known-that") == (
        "It was cold. This team won the cup.")
    # a deletion inside a sentence is left as it is
    assert _applied("Kyiv confirmed the fact of the attack.", "ru-en.discourse.the-fact-of") == "Kyiv confirmed the attack."


@pytest.mark.parametrize("raw, edits, out", [
    ("Recall, the deputy left.", [(0, 8, "")], "The deputy left."),
    ("It rained. Recall that the deputy left.", [(11, 23, "")], "It rained. The deputy left."),
    ("He confirmed the fact of the attack.", [(13, 25, "")], "He confirmed the attack."),  # mid-sentence: as is
    ("Recall, the RF army left.", [(0, 8, ""), (12, 14, "Russian")], "The Russian army left."),
    ("Recall, rf army left.", [(0, 8, ""), (8, 10, "russian")], "Russian army left."),  # the next edit's text
    ("Photo: TASS\nthe text", [(0, 11, "")], "\nthe text"),  # a deleted line: the next line is left alone
])
def test_apply_capitalises_after_a_deleted_opener(raw, edits, out):
    from auditor.fixes import Edit, apply

    assert apply(raw, [Edit(a, b, r) for a, b, r in edits]) == out


def test_a_sentence_initial_article_is_not_doubled():
    """Where a rule's flag example has an article before (or at the start of) the flagged span, the same
    words opening a sentence ('The VLK…') get a fix without a doubled article ('The the military…')."""
    import re

    from auditor import fixes
    from auditor.api import audit

    problems = []
    for rule, text in _flag_examples():
        for f in audit(text).findings:
            if f.rule != rule or not f.suggestions:
                continue
            before = re.search(r"\b(the|a|an|its|his|their) $", text[: f.start])
            if before:
                variant = before.group(1).capitalize() + " " + text[f.start :]
            elif re.match(r"(?:the|a|an|its|his|their) ", text[f.start :]):
                variant = text[f.start].upper() + text[f.start + 1 :]
            else:
                continue
            for g in audit(variant).findings:
                if g.rule == rule and g.suggestions:
                    new = fixes.apply(variant, [fixes.Edit(g.start, g.end, g.suggestions[0], g)])
                    if re.search(r"\b(?:the|a|an)\s+(?:the|a|an)\b", new, re.I) or re.match(r"[a-z]", new):
                        problems.append((rule, variant, new))
    assert not problems, problems

