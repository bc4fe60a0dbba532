"""Property tests: any text, any markup — no crash, offsets always point at the reported text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.document import Document
from auditor.engine import Auditor, Options

AUDITOR = Auditor(Options())
news_alphabet = st.sampled_from(
    list("abcdefghij ABCRF.,;:!?“”\"'«»-–—…»\n\t0123456789ЖшÉé&<>/")
    + ["RF", "Home » ", " the the ", ".” , ", "Leave a Comment\n"]
)
texts = st.lists(news_alphabet, max_size=120).map("".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts)
def test_findings_point_at_their_text(text):
    doc = Document.from_string(text)
    for f in AUDITOR.check(doc):
        assert 0 <= f.start <= f.end <= len(doc.raw)
        assert doc.raw[f.start : f.end] == f.text
        assert f.line >= 1 and f.column >= 1


@settings(max_examples=200, deadline=None)
@given(texts)
def test_sentences_are_ordered_disjoint_and_trimmed(text):
    doc = Document.from_string(text)
    prev_end = 0
    for s in doc.sentences:
        assert prev_end <= s.start < s.end <= len(doc.text)
        chunk = doc.text[s.start : s.end]
        assert chunk == chunk.strip()
        prev_end = s.end


html_parts = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<h1>",
        "</h1>",
        "<script>x</script>",
        "&amp;",
        "&#8220;",
        "&bogus;",
        "<br>",
        "RF",
        " text ",
        "\n",
        "Leave a Comment",
        "<",
        ">",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(html_parts, max_size=40).map("".join))
def test_html_offsets_stay_in_bounds(raw):
    doc = Document.from_string(raw, fmt="html")
    for i in range(len(doc.text) + 1):
        start, end = doc.raw_span(i, i)
        assert 0 <= start <= len(doc.raw) and 0 <= end <= len(doc.raw)
    for f in AUDITOR.check(doc):
        assert doc.raw[f.start : f.end] == f.text
