"""Rule types, loader validation and pack fallback, on rules written into a temp dir."""

from __future__ import annotations

import textwrap

import pytest

from auditor.document import Document
from auditor.errors import RuleError
from auditor.rules.casing import preserve_case, to_case
from auditor.rules.loader import load_rule
from auditor.rules.registry import fallback_chain, load_rules, select
from auditor.rules.types import RuleTimeout

EXAMPLES = "examples:\n  flag: ['x']\n  pass: ['y']\n"


def rule(tmp_path, body: str, name: str = "r.yml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(body) + EXAMPLES, encoding="utf-8")
    return load_rule(p, "t." + name[:-4])


def hits(r, text):
    return [(f.text, list(f.suggestions)) for f in r.check(Document.from_string(text))]


COMMON = "message: 'm %s'\ncategory: style\nseverity: minor\n"


def test_existence(tmp_path):
    r = rule(tmp_path, "extends: existence\n" + COMMON + "tokens: [foo, 'ba+r']\nsuggestions: ['']\n")
    assert hits(r, "foo bar baaar foobar") == [("foo", [""]), ("bar", [""]), ("baaar", [""])]


def test_substitution_groups_and_case(tmp_path):
    r = rule(tmp_path, "extends: substitution\n" + COMMON + "ignorecase: true\nswap:\n  'bomb(ed|ing)': 'shell$1'\n")
    assert hits(r, "They bombed it. Bombing continued.") == [("bombed", ["shelled"]), ("Bombing", ["Shelling"])]


def test_substitution_message_uses_first_suggestion(tmp_path):
    r = rule(tmp_path, "extends: substitution\n" + COMMON + "swap:\n  'fire points': [firing positions, gun positions]\n")
    f = next(r.check(Document.from_string("silence the fire points")))
    assert f.message == "m firing positions (or: 'gun positions')" and f.suggestions == ("firing positions", "gun positions")


def test_occurrence(tmp_path):
    r = rule(tmp_path, "extends: occurrence\n" + COMMON + "tokens: in turn\nmax: 1\n")
    assert [t for t, _ in hits(r, "In turn, A. In turn, B. In turn, C.")] == ["In turn", "In turn"] or hits(
        r, "in turn a. in turn b."
    ) == [("in turn", [])]


def test_occurrence_counts_per_scope(tmp_path):
    r = rule(tmp_path, "extends: occurrence\n" + COMMON + "scope: paragraph\ntokens: very\nmax: 1\n")
    assert len(hits(r, "very very good.\n\nvery good.")) == 1


def test_consistency(tmp_path):
    r = rule(tmp_path, "extends: consistency\n" + COMMON + "either:\n  Kyiv: Kiev\n")
    assert hits(r, "Kyiv said. Kyiv agreed. Kiev denied.") == [("Kiev", ["Kyiv"])]
    assert hits(r, "Kiev only.") == []


def test_conditional(tmp_path):
    r = rule(
        tmp_path, "extends: conditional\n" + COMMON + "first: '\\bNSDC\\b'\nsecond: 'National Security and Defense Council'\n"
    )
    assert hits(r, "The NSDC met.") == [("NSDC", [])]
    assert hits(r, "The National Security and Defense Council (NSDC) met. The NSDC agreed.") == []


def test_sequence(tmp_path):
    r = rule(
        tmp_path,
        "extends: sequence\n"
        + COMMON
        + "tokens:\n  - pattern: '[A-Z]\\w+\\.net'\n  - pattern: tell\n  - pattern: the\n    optional: true\n"
        "mark: [0, 1]\nsuggestions: ['{0} reports']\n",
    )
    assert hits(r, "Korrespondent.net tell the details.") == [("Korrespondent.net tell", ["Korrespondent.net reports"])]
    assert hits(r, "They tell Korrespondent.net nothing.") == []


def test_sequence_case_negate_skip(tmp_path):
    r = rule(
        tmp_path,
        "extends: sequence\n"
        + COMMON
        + "tokens:\n  - pattern: said\n  - case: capitalized\n    skip: 1\n  - pattern: '[.]'\n    negate: true\n",
    )
    assert hits(r, "He said Putin is here.") == [("said Putin is", [])]
    assert hits(r, "He said so, Putin.") == []


def test_capitalization(tmp_path):
    r = rule(tmp_path, "extends: capitalization\n" + COMMON + "match: capitalized\ntokens: ['(?i:secretary)(?= [A-Z])']\n")
    assert hits(r, "NSDC secretary Oleksiy Danilov") == [("secretary", ["Secretary"])]
    assert hits(r, "the secretary said") == []


def test_capitalization_of_headings(tmp_path):
    r = rule(tmp_path, "extends: capitalization\n" + COMMON + "match: sentence\nscope: heading\n")
    assert hits(r, "Talks Fail In Geneva\n\nThe talks failed on Monday.") == [("Talks Fail In Geneva", ["Talks fail in geneva"])]


def test_repetition(tmp_path):
    r = rule(tmp_path, "extends: repetition\n" + COMMON + "ignorecase: true\n")
    text = "The the ministry met. Troops were\twere sent. The the-word stays; so does theory the theme.\nline\nline"
    assert hits(r, text) == [("The the", ["The"]), ("were\twere", ["were"])]
    assert hits(r, "So so. ΣΑΣ σας. Nothing repeated here.") == [("So so", ["So"]), ("ΣΑΣ σας", ["ΣΑΣ"])]  # final sigma folds
    strict = rule(tmp_path, "extends: repetition\n" + COMMON, "s.yml")
    assert hits(strict, "The the end, the the end") == [("the the", ["the"])]


def test_repetition_byte_test_never_misses_a_repeat() -> None:
    """may_repeat may say yes wrongly, never no wrongly: checked against the rule's regex."""
    import random

    import regex

    from auditor.rules.repetition import may_repeat
    from auditor.rules.types import Repetition

    pattern = regex.compile(Repetition.PATTERN, regex.V1 | regex.IGNORECASE)
    rng = random.Random(7)
    alphabet = list("abK ZТтЖжſsSkK\u212a\u0301İıiIß ẞ\t\n.,-'’“”中あ²") + ["the ", "The ", "THE", "ΣΑΣ", "σας", "ς"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25)))
        if pattern.search(text):
            assert may_repeat(text), text
    assert not may_repeat("No word here is repeated, not even “the” or The.")


def test_exceptions(tmp_path):
    r = rule(tmp_path, "extends: existence\n" + COMMON + "tokens: [RF]\nexceptions: ['RF signals?']\n")
    assert hits(r, "The RF said. RF signals travel.") == [("RF", [])]


def test_scope_heading_and_body(tmp_path):
    r = rule(tmp_path, "extends: existence\n" + COMMON + "scope: body\ntokens: [Weak]\n")
    assert hits(r, "Weak headline\n\nWeak body text goes on for a while.") == [("Weak", [])]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("extends: nope\n" + COMMON + "tokens: [x]\n", "'extends' must be one of"),
        ("extends: existence\nmessage: m\nseverity: minor\ntokens: [x]\n", "missing required field 'category'"),
        ("extends: existence\n" + COMMON.replace("minor", "huge") + "tokens: [x]\n", "unknown severity"),
        ("extends: existence\n" + COMMON + "tokens: [x]\nfoo: 1\n", "unknown field 'foo'"),
        ("extends: existence\n" + COMMON.replace("style", "stile") + "tokens: [x]\n", "unknown category"),
        ("extends: existence\n" + COMMON + "tokens: ['(unclosed']\n", "invalid pattern"),
        ("extends: existence\n" + COMMON + "tokens: ['(a+)+b']\n", "backtrack catastrophically"),
        ("extends: existence\n" + COMMON + "scope: chapter\ntokens: [x]\n", "unknown scope"),
        ("extends: substitution\n" + COMMON + "swap: [x]\n", "'swap' has the wrong type"),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path, body, problem):
    with pytest.raises(RuleError) as exc:
        rule(tmp_path, body)
    msg = str(exc.value)
    assert msg.startswith(str(tmp_path / "r.yml") + ":") and problem in msg
    assert "\n" not in msg


def test_error_line_points_at_the_field(tmp_path):
    with pytest.raises(RuleError, match=r"r\.yml:5: unknown field 'bogus'"):
        rule(tmp_path, "extends: existence\n" + COMMON.strip() + "\nbogus: 1\ntokens: [x]\n")


def test_rule_without_examples_is_an_error(tmp_path):
    p = tmp_path / "r.yml"
    p.write_text("extends: existence\n" + COMMON + "tokens: [x]\n")
    with pytest.raises(RuleError, match="examples"):
        load_rule(p, "t.r")
    p.write_text("extends: existence\n" + COMMON + "tokens: [x]\nexamples: {flag: [x], pass: []}\n")
    with pytest.raises(RuleError, match="examples"):
        load_rule(p, "t.r")


def test_malformed_yaml(tmp_path):
    p = tmp_path / "r.yml"
    p.write_text("extends: existence\nmessage: 'unclosed\n  tokens: [x\n")
    with pytest.raises(RuleError, match=r"r\.yml:\d+: invalid YAML"):
        load_rule(p, "t.r")


def test_runtime_timeout_is_reported(tmp_path, monkeypatch):
    import auditor.rules.types as types

    monkeypatch.setattr(types, "MATCH_TIMEOUT", 0.05)
    # Not caught by vetting (alternation), exponential on this input.
    r = rule(tmp_path, "extends: existence\n" + COMMON + "nonword: true\ntokens: ['(?:a|aa)+$']\n")
    with pytest.raises(RuleTimeout):
        list(r.check(Document.from_string("a" * 60 + "!")))


def test_fallback_chain():
    packs = ["any-en", "en", "ru-en", "uk-en"]
    assert fallback_chain("ru-en", packs) == ["ru-en", "any-en", "en"]
    assert fallback_chain("*-en", packs) == ["any-en", "en"]
    assert fallback_chain("de-en", packs) == ["any-en", "en"]
    assert fallback_chain("en", packs) == ["en"]
    assert fallback_chain("auto", packs) == ["ru-en", "uk-en", "any-en", "en"]


def test_user_rule_dir_overrides_and_selects(tmp_path):
    d = tmp_path / "house"
    (d / "terminology").mkdir(parents=True)
    (d / "terminology" / "rf.yml").write_text("extends: existence\n" + COMMON + "tokens: [RF]\n" + EXAMPLES)
    rules = load_rules("en", (str(d),))
    ids = [r.id for r in rules]
    assert "house.terminology.rf" in ids and "en.terminology.rf" not in ids
    assert [r.id for r in select(rules, ("house",))] == ["house.terminology.rf"]
    with pytest.raises(RuleError, match="no rule or pack matches"):
        select(rules, ("nonexistent",))


def test_missing_rule_dir(tmp_path):
    with pytest.raises(RuleError, match="not found"):
        load_rules("en", (str(tmp_path / "missing"),))


def test_preserve_case():
    assert preserve_case("Bombing", "shelling") == "Shelling"
    assert preserve_case("bombing", "shelling") == "shelling"
    assert preserve_case("RF", "Russia") == "Russia"
    assert preserve_case("rf", "Russia") == "Russia"
    assert preserve_case("FIRE POINTS", "firing positions") == "FIRING POSITIONS"
    assert to_case("talks in geneva", "title") == "Talks in Geneva"
    # mid-sentence, a capital that belongs to a name is not carried to a small word; a title keeps it
    assert preserve_case("Russia’s special military operation", "the war in Ukraine", initial=False) == "the war in Ukraine"
    assert preserve_case("Russia’s special military operation", "the war in Ukraine", initial=True) == "The war in Ukraine"
    assert preserve_case("Vice-speaker", "deputy speaker", initial=False) == "Deputy speaker"
    # an abbreviation's capitals say nothing mid-sentence; at a sentence start they do
    assert preserve_case("AGS", "automatic grenade launchers", initial=False) == "automatic grenade launchers"
    assert preserve_case("NVF", "illegal armed groups", initial=True) == "Illegal armed groups"


@pytest.mark.parametrize("text, start, initial", [
    ("Russia said", 0, True), ("He left. Russia said", 9, True), ("He left.” Russia said", 10, True),
    ("He said: “Russia will", 10, True), ("line one\nRussia said", 9, True), ("— Russia said", 2, True),
    ("during Russia’s war", 7, False), ("the “NATO” caliber", 4, False), ("Mr. Smith", 4, True),
])
def test_sentence_initial(text, start, initial):
    from auditor.rules.casing import sentence_initial

    assert sentence_initial(text, start) is initial


def test_suggestions_follow_the_sentence_position():
    """A substitution's suggestion is capitalised at the start of a sentence only."""
    from auditor import audit

    def first(text):
        return [(f.rule, f.suggestions[0]) for f in audit(text).findings if f.rule == "ru-en.military.special-military-operation"]

    assert first("Prices rose during Russia’s special military operation in 2022.") == [
        ("ru-en.military.special-military-operation", "the war in Ukraine")]
    assert first("Russia’s special military operation began in 2022.") == [
        ("ru-en.military.special-military-operation", "The war in Ukraine")]


def test_located_finding_equals_a_replaced_one() -> None:
    import dataclasses

    from auditor.findings import Finding, Severity

    f = Finding("r.x", "style", Severity.MAJOR, 1, 3, "ab", "msg", ("c",), "rules", 0, 0, {"k": 1})
    assert f.located(5, 7, "cd", 2, 4) == dataclasses.replace(f, start=5, end=7, text="cd", line=2, column=4)
    assert f.located(5, 7, "cd", 2, 4).extra == {"k": 1}
