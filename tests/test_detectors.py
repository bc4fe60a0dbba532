"""Detectors beyond their own examples: edge cases, exact suggestions, number-parser properties."""
from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.detectors.boilerplate import BoilerplateDetector
from auditor.detectors.numbers import NumbersDetector, format_date, format_number, parse_number
from auditor.detectors.quotes import QuotesDetector, _lone_marks
from auditor.detectors.segmentation import SegmentationDetector
from auditor.detectors.untranslated import UntranslatedDetector, detect_language
from auditor.document import Document

DETECTORS = [NumbersDetector(), QuotesDetector(), SegmentationDetector(), UntranslatedDetector(), BoilerplateDetector()]


def hits(text: str, detector=None) -> list[tuple[str, str, str | None]]:
    doc = Document.from_string(text)
    dets = [detector] if detector else DETECTORS
    return [(f.rule, f.text, f.suggestions[0] if f.suggestions else None) for d in dets for f in d.find(doc)]


def fixed(text: str, detector) -> str:
    """Apply every first suggestion (right to left)."""
    doc = Document.from_string(text)
    for f in sorted(detector.find(doc), key=lambda f: -f.start):
        if f.suggestions:
            text = text[: f.start] + f.suggestions[0] + text[f.end :]
    return text


# -- numbers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("In the war 6.5,000 people died.", "In the war 6,500 people died."),
        ("Up to 25-30 thousand people died.", "Up to 25,000-30,000 people died."),
        ("Up to 25–30 thousand people died.", "Up to 25,000–30,000 people died."),
        ("The fine is 1,5 thousand hryvnias.", "The fine is 1,500 hryvnias."),
        ("It cost 1,500 thousand rubles.", "It cost 1,500,000 rubles."),
        ("It cost 2.25 mln euros.", "It cost 2.25 million euros."),
        ("It cost 1,5 bln hryvnias.", "It cost 1.5 billion hryvnias."),
        ("Losses: 1.2,000,000 hryvnias.", "Losses: 1,200,000 hryvnias."),
        ("Crowds grew from 25-30 thousand people.", "Crowds grew from 25,000 to 30,000 people."),
        ("Inflation hit 12,75% in May.", "Inflation hit 12.75% in May."),
        ("Turnout was 64,2 % on Sunday.", "Turnout was 64.2% on Sunday."),
        ("Some 1 250 000 people fled.", "Some 1,250,000 people fled."),
        ("It was signed on 01.03.2023.", "It was signed on March 1, 2023."),
    ],
)
def test_number_suggestions_are_exact(text, expected):
    assert fixed(text, NumbersDetector()) == expected


def test_date_style_option():
    det = NumbersDetector(SimpleNamespace(date_style="dmy"))
    assert fixed("Signed on 13.09.2022 in Kyiv.", det) == "Signed on 13 September 2022 in Kyiv."
    assert format_date(13, 9, 2022) == "September 13, 2022"


@pytest.mark.parametrize(
    "text",
    [
        "Some 6,500 people and 25,000-30,000 troops; 1.5 million refugees; $709 million; 3.5%-4% growth.",
        "Tens of thousands fled; thousands of homes burned; a thousand volunteers came.",
        "The score was 115-112. Data from 1999-2000 and 2014-2015. They came back from 2-0 down.",
        "He was born on 31.02.2000 (an impossible date), version 1.10.2022 shipped.",
        "On May 5 200 people gathered; in 2022 100 more; No. 3 500 was the code.",
        "Flight MH17 was shot down on July 17, 2014, killing all 298 people aboard.",
        "The rate rose from 10.5 per cent to 17 per cent at 01:00 Moscow time.",
        "Temperatures ranged from -5 to +5 degrees; the index rose +5 points.",
        "The fund raised $2bn; the bank lost 40mn; 1,500 km of front.",
    ],
)
def test_numbers_leave_english_alone(text):
    assert hits(text, NumbersDetector()) == []


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_parse_russian_grouping_roundtrip(n, sep):
    russian = f"{n:,}".replace(",", sep)
    assert parse_number(russian) == n
    assert parse_number(f"{n:,}") == n
    assert format_number(Decimal(n)) == f"{n:,}"


@given(st.integers(min_value=0, max_value=10**9), st.from_regex(r"[0-9]?[1-9]", fullmatch=True))
def test_parse_decimal_comma(whole, frac):
    value = parse_number(f"{whole},{frac}")
    assert value == Decimal(f"{whole}.{frac}")
    assert format_number(value) == f"{whole:,}.{frac}"


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9))
def test_hybrid_value(whole, tenth):
    text = f"About {whole}.{tenth},000 people died."
    found = hits(text, NumbersDetector())
    assert found and found[0][0] == "numbers.hybrid"
    assert parse_number(found[0][2]) == Decimal(f"{whole}.{tenth}") * 1000


@pytest.mark.parametrize("bad", ["", "abc", "1..2", "1.2.3", "1,2,3"])
def test_parse_number_rejects(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


# -- quotes ------------------------------------------------------------------------------
def test_misplaced_close_variants():
    det = QuotesDetector()
    assert fixed("“We can talk, “said Kuleba in an interview.", det) == "“We can talk,” said Kuleba in an interview."
    assert fixed("“They were found under the rubble, ”Fedorov emphasized.", det) == (
        "“They were found under the rubble,” Fedorov emphasized."
    )
    assert fixed("“Will it work? “he asked.", det) == "“Will it work?” he asked."


@pytest.mark.parametrize(
    "text",
    [
        "“We will respond,” the minister said. “Nobody should doubt it.”",
        "He said: “Yes.” Then he left.",
        "The “republic” of Nagorno-Karabakh – a Russian-backed entity – declared martial law.",
        "“We will hold.\n\n“Nobody retreats,” he said.",
        "Fuel, food, etc., were sent to the U.S., officials said at 5 a.m., Monday.",
        "The minister said, “we will not retreat,” and left. “Ever,” he added.",
        "He called it \"absurd\" and said \"no\" twice.",
        "“Stay,” — that is what the minister said.",
    ],
)
def test_quotes_leave_english_alone(text):
    assert hits(text, QuotesDetector()) == []


def test_dash_attribution_keeps_question_mark():
    assert fixed("“Why now?” – he asked.", QuotesDetector()) == "“Why now?” he asked."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“This should not be”, – said Klitschko.", "“This should not be,” Klitschko said."),
        ("“It is over” – added the mayor.", "“It is over,” the mayor added."),
        ("“Two tanks”, — noted in the ministry.", "“Two tanks,” the ministry noted."),
        ("“Two tanks”, — informs the General Staff.", "“Two tanks,” the General Staff reports."),
        ("“Stop it”, — said Igor Dodon.", "“Stop it,” said Igor Dodon."),  # a full name may follow the verb
        ("“Stop it”, — said Volodin reporters.", "“Stop it,” said Volodin reporters."),
        ("“Stop it”, — he said.", "“Stop it,” he said."),
        ("— Thank you, citizens, — said the president.", "“Thank you, citizens,” the president said."),
        ("Two villages were shelled. - the OBA said.", "Two villages were shelled, the OBA said."),
    ],
)
def test_dash_attribution_puts_a_short_speaker_first(text, expected):
    assert fixed(text, QuotesDetector()) == expected


def test_a_guillemet_without_its_partner_on_the_line_is_flagged_alone():
    text = "«The enemy attacked 13 settlements.\n\nCivilians were not injured». Home » News"
    assert [(r, t, s) for r, t, s in hits(text, QuotesDetector())] == [
        ("quotes.guillemets", "«", "“"),
        ("quotes.guillemets", "»", "”"),
    ]


_LONE_MARK = re.compile(r"[«„](?=\S)|(?<=\S)»|(?P<alone>^[ \t]*«[ \t]*$)", re.M)  # the definition _lone_marks scans for


@given(st.text(alphabet="«»„ \t\na.\u00a0\r", max_size=40))
def test_lone_marks_scan_matches_its_regex_definition(text):
    expected = [(m.start(), m.end(), "" if m["alone"] else "”" if m[0] == "»" else "“") for m in _LONE_MARK.finditer(text)]
    assert list(_lone_marks(text)) == expected


def test_a_quotation_run_on_without_its_reopening_mark_flags_the_closer_only():
    text = "He said: “We will hold the line.\n\nNobody will retreat,” he added."
    found = [(r, t) for r, t, _ in hits(text, QuotesDetector())]
    assert found == [("quotes.unbalanced", "”")]
    assert text.index("”") == next(f.start for f in QuotesDetector().find(Document.from_string(text)))


def test_a_straight_quote_after_a_digit_closes_an_open_quotation():
    assert hits('"Dnipro-1" - "Kryvbas" - 1:0 (0:0)\n\nThe pipe is 12" wide.', QuotesDetector()) == []


def test_unbalanced_reports_the_lonely_quote():
    found = hits("The ministry called the claims “absurd and left.\n\nNothing else.", QuotesDetector())
    assert [(r, t) for r, t, _ in found] == [("quotes.unbalanced", "“")]


# -- segmentation ----------------------------------------------------------------------------
def test_duplicate_sentence_flags_second_copy_only():
    text = "Russian troops shelled Kharkiv again overnight, officials said. Two died. Russian troops shelled Kharkiv again overnight, officials said."
    found = [f for f in SegmentationDetector().find(Document.from_string(text))]
    assert len(found) == 1 and found[0].start > 60


def test_headline_repeated_is_not_a_duplicate_sentence():
    text = "Home » World » Talks in Istanbul end without any agreement\n\nTalks in Istanbul end without any agreement\n\nThe talks ended."
    assert [r for r, *_ in hits(text, SegmentationDetector())] == []


# -- untranslated ------------------------------------------------------------------------------
def test_script_message_carries_transliteration_hint_not_a_suggestion():
    doc = Document.from_string("The governor of the область said the shelling stopped.")
    (f,) = [f for f in UntranslatedDetector().find(doc) if f.rule == "untranslated.script"]
    assert f.text == "область" and "oblast" in f.message and f.suggestions == ()


def test_untranslated_sentence_is_one_finding():
    doc = Document.from_string("Two died. Вночі російські війська знову обстріляли місто Харків. The mayor said.")
    rules = [f.rule for f in UntranslatedDetector().find(doc)]
    assert rules == ["untranslated.sentence"]


def test_detect_language_is_deterministic():
    text = "Российские войска обстреляли город ночью и утром"
    assert detect_language(text, ("en", "ru", "uk")) == detect_language(text, ("en", "ru", "uk"))
    assert detect_language(text, ("en", "ru", "uk"))[0] == "ru"


def test_transliteration_article_and_case():
    det = UntranslatedDetector()
    assert fixed("According to OVA, two died.", det) == "According to the regional military administration, two died."
    assert fixed("Kharkiv OVA said two died.", det) == "Kharkiv regional military administration said two died."
    assert fixed("Deputat Ivanov voted.", det) == "Lawmaker Ivanov voted."
    assert fixed("OVA said two died.", det) == "The regional military administration said two died."
    assert hits("The ODA approved aid to Kenya.", det) == []
    assert hits("Kharkiv ODA said.", det)[0][2] == "regional state administration"


# -- boilerplate -----------------------------------------------------------------------------
def test_boilerplate_trailing_block():
    text = (
        "Scouts spoke about the shelling\n\n"
        "The Ukrainian military regularly fires on city blocks, intelligence officers told reporters.\n\n"
        "Yesterday, 08:37\n\nReferendum in Zaporizhia region continues despite shelling\n\n"
        "Translation by RJ983\n\nDisclaimer: Via RIA Novosti – Checked"
    )
    rules = [r for r, *_ in hits(text, BoilerplateDetector())]
    assert rules == [
        "boilerplate.timestamp",
        "boilerplate.translation-credit",
        "boilerplate.disclaimer",
        "boilerplate.trailing-line",
    ]


def test_boilerplate_leaves_fixed_phrases_to_yaml_rules():
    text = "The talks ended.\n\nNews from Korrespondent.net in Telegram. Subscribe to our channel https://t.me/korrespondentnet\n\nLeave a Comment"
    assert hits(text, BoilerplateDetector()) == []


def test_every_detector_rule_is_documented():
    for det in DETECTORS:
        for rule_id, info in det.rules.items():
            assert rule_id.startswith(det.name + ".")
            assert info.message and info.description
            assert len(info.examples["flag"]) >= 2 and len(info.examples["pass"]) >= 3
