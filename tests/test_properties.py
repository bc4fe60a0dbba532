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


counted_alphabet = st.sampled_from(
    list("ab Z09.,'’-_\n\t“”«»ЖшÉéİſKß²Ⅻ٣\u0301\u0308中あ$%")
    + ["6.5,000", "1 000", "COVID-19", "don’t", "3rd", "a1,5", "\udc80", "the ", "of ", "в ", "і "]
)
counted_texts = st.lists(counted_alphabet, max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(counted_texts)
def test_word_count_equals_the_regex_definition(text):
    """count_words reads bytes for speed; it must count exactly the tokens of segment._WORDS."""
    from auditor import segment

    assert segment.count_words(text) == len(segment._WORDS.findall(text))


@settings(max_examples=400, deadline=None)
@given(counted_texts)
def test_english_test_equals_the_regex_definition(text):
    """The function-word test reads bytes for speed; it must decide as on the ``\\p{L}+`` words."""
    import regex

    from auditor import language

    words = regex.findall(r"\p{L}+", text[:4000])
    expected = bool(words) and sum(w.lower() in language._ENGLISH_FUNCTION_WORDS for w in words) >= 0.08 * len(words)
    got = language._letter_runs(text[:4000])
    assert len(got) == len(words)
    assert (bool(got) and sum(map(language._FUNCTION_BYTES.__contains__, got)) >= 0.08 * len(got)) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(counted_texts, min_size=1, max_size=40), st.integers(min_value=8, max_value=200))
def test_long_texts_are_counted_piece_by_piece(lines, size):
    """pieces() covers the text in order, cut after newlines; counting and the repeat test by pieces agree with the whole."""
    import regex

    from auditor import bytetext, segment
    from auditor.rules.repetition import may_repeat
    from auditor.rules.types import Repetition

    text = "\n".join(lines) * 3
    spans = bytetext.pieces(text, size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b == c and (b == 0 or text[b - 1] == "\n") for (_, b), (c, _) in zip(spans, spans[1:], strict=False))
    assert sum(segment._count_words(text[a:b]) for a, b in spans) == len(segment._WORDS.findall(text))
    pattern = regex.compile(Repetition.PATTERN, regex.V1 | regex.IGNORECASE)
    for m in pattern.finditer(text):
        assert any(a <= m.start() and m.end() <= b and may_repeat(text[a:b]) for a, b in spans)


def _findings_of(doc, rule: str):
    return [f for f in AUDITOR.check(doc) if f.rule == rule]


glued_alphabet = st.sampled_from(["that", "which", "this", "Th", "wri", "tes", "é", "-", "’", " ", ".", "\n", "A"])


@settings(max_examples=300, deadline=None)
@given(st.lists(glued_alphabet, max_size=30).map("".join))
def test_glued_words_are_one_run_of_letters_ending_in_a_function_word(text):
    """Every glued-word finding is a whole lower-case-joined word, and its fix only inserts one space."""
    doc = Document.from_string(text)
    for f in _findings_of(doc, "segmentation.glued-words"):
        word = f.text
        assert word.isalpha() and word.endswith(("that", "which", "this")) and len(word) >= 6
        assert f.suggestions[0].replace(" ", "", 1) == word and f.suggestions[0].count(" ") == 1
        assert f.end == len(doc.raw) or not doc.raw[f.end].isalnum()


clock_parts = st.sampled_from(
    ["at ", "from ", "to ", "after ", "06.00", "14.30", "24.00", "12.61", "0", "5", "9", ".", ",", " ", "UAH", " EDT", "%", " a.m."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(clock_parts, max_size=25).map("".join))
def test_clock_findings_are_times_of_day(text):
    """A numbers.clock finding is HH.MM with a valid hour and minute, and the fix only swaps the full stop."""
    for f in _findings_of(Document.from_string(text), "numbers.clock"):
        hour, minute = f.text.split(".")
        assert len(hour) == 2 and 0 <= int(hour) <= 23 and len(minute) == 2 and 0 <= int(minute) <= 59
        assert f.suggestions[0] == f"{hour}:{minute}"
