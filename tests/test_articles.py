"""'a'/'an' before a finding agrees with its suggestion (auditor/articles.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.articles import agree, article_for
from auditor.findings import Finding, Severity


@pytest.mark.parametrize("word, article", [("concentration", "a"), ("attack", "an"), ("order", "an"), ("idea", "an"),
                                           ("hour", None), ("unit", None), ("MP", None), ("European", None),
                                           ("euro", None), ("one-off", None), ("2020", None), ("", None)])
def test_article_for(word, article):
    assert article_for(word) == article


def _finding(start, end, text, *suggestions):
    return Finding("r.x", "style", Severity.MINOR, start, end, text[start:end], "m", tuple(suggestions))


def test_agree_takes_the_article_into_the_span():
    text = "Gunners struck an accumulation of equipment. A shock UAV fell."
    a = text.index("accumulation of")
    b = text.index("shock UAV")
    got = agree(text, [_finding(a, a + 15, text, "concentration of", "cluster of", ""),
                       _finding(b, b + 9, text, "attack UAV")])
    assert [(text[f.start:f.end], f.suggestions) for f in got] == [
        ("an accumulation of", ("a concentration of", "a cluster of", "")), ("A shock UAV", ("An attack UAV",))]


def test_agree_leaves_other_findings_alone():
    text = "They saw an accumulation and the accumulation. A cat."
    i, j = text.index("an accumulation") + 3, text.index("the accumulation") + 4
    same = [_finding(i, i + 12, text, "array"),  # 'an array': already right
            _finding(j, j + 12, text, "concentration"),  # no article before it
            _finding(i, i + 12, text, "hour"),  # unclear: left as it is
            _finding(i, i + 12, text)]  # no suggestion
    assert agree(text, same) == same


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["a", "an", "A", "An", "the", "xa"]), st.text("abcdefhioux", min_size=1, max_size=6),
       st.text("abcdefhioux ", min_size=1, max_size=8))
def test_agree_property(article, old, new):
    """Only a span right after 'a'/'an' changes; its first suggestion then starts with an agreeing article."""
    text = f"He saw {article} {old} there."
    start = text.index(f" {old} there") + 1
    f = _finding(start, start + len(old), text, new)
    (g,) = agree(text, [f])
    if g == f:
        return
    assert article in ("a", "an", "A", "An") and g.start == start - len(article) - 1 and g.end == f.end
    first, rest = g.suggestions[0].split(" ", 1)
    assert rest == new and first.lower() == article_for(new.split(" ", 1)[0])

