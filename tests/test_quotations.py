"""Direct-quotation spans (auditor.quotations) and the ``unquoted`` rule scope."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.quotations import outside, spans


def quoted(text: str) -> list[str]:
    return [text[a:b] for a, b in spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said “we will hold” and left.", ["“we will hold”"]),
        ('He said "we will hold," and left.', ['"we will hold,"']),
        ("'The operation continues,' said Peskov.", ["'The operation continues,'"]),
        ("‘Russia’s army is tired,’ he said.", ["‘Russia’s army is tired,’"]),
        ("«Всё», сказал он.", ["«Всё»"]),
        ("The citizens’ rights and Russia’s army.", []),  # apostrophes only
        ("It's the '90s and the people’s choice.", []),
        ("An open “quote with no end.\n\nNext paragraph.", []),
    ],
)
def test_spans(text, expected):
    assert quoted(text) == expected


def test_a_quotation_runs_on_over_paragraphs_that_reopen_it():
    text = "“We are ready to act.\n\n“If the Russian Federation takes part, we boycott,” he said.\n\nThe end."
    (a, b), = spans(text)
    assert text[a:b].startswith("“We are ready") and text[a:b].endswith("we boycott,”")


def test_a_quotation_runs_on_when_mt_dropped_the_reopening_mark():
    text = 'Quote: "Ukraine is determined.\n\nWe boycott the Games if the Russian Federation takes part."\n\nThe end.'
    assert quoted(text) == [text[text.index('"') : text.rindex('"') + 1]]
    text = "He said: “We hold.\n\nShe said “no” to that.\n\nThe end."
    assert quoted(text) == ["“no”"]  # a new quotation opens first: the old one was never closed


def test_outside_is_the_complement():
    text = 'A "b" c "d" e'
    assert [text[a:b] for a, b in outside(text, spans(text))] == ["A ", " c ", " e"]


@given(st.text(alphabet="ab ’‘'\"“”«»\n.,", max_size=60))
def test_spans_are_sorted_disjoint_and_start_with_a_mark(text):
    found = spans(text)
    assert found == sorted(found)
    for (_, b), (c, _) in zip(found, found[1:], strict=False):
        assert b <= c
    for a, b in found:
        assert 0 <= a < b <= len(text)
        assert text[a] in "“«„\"‘'"
    covered = sum(b - a for a, b in found) + sum(b - a for a, b in outside(text, found))
    assert covered == len(text)
