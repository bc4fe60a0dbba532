from __future__ import annotations

import datetime as dt

import pytest

from auditor.document import Document
from auditor.errors import InputError


def sentences(text: str) -> list[str]:
    doc = Document.from_string(text)
    return [text[s.start : s.end] for s in doc.sentences]


def test_abbreviations_do_not_split():
    text = "Mr. Smith met Gen. J. R. Brown at 5 p.m. on Jan. 5 in St. Petersburg. They talked."
    assert sentences(text) == ["Mr. Smith met Gen. J. R. Brown at 5 p.m. on Jan. 5 in St. Petersburg.", "They talked."]


def test_sentence_final_abbreviation_before_a_sentence_opener():
    assert sentences("He lives in the U.S. The talks failed.") == ["He lives in the U.S.", "The talks failed."]
    assert sentences("The U.S. Army said so.") == ["The U.S. Army said so."]


def test_quotes_close_sentences():
    text = "“We will respond.” The ministry said so. “Why?” he asked."
    assert sentences(text) == ["“We will respond.”", "The ministry said so.", "“Why?” he asked."]


def test_headlines_without_final_punctuation_are_their_own_sentences():
    text = "Azerbaijan has taken new positions\nOn the night of September 13, fighting began."
    assert sentences(text) == ["Azerbaijan has taken new positions", "On the night of September 13, fighting began."]
    doc = Document.from_string("Weak Russia\n\nThe text of the article goes here.")
    assert [doc.text[h.start : h.end] for h in doc.headings] == ["Weak Russia"]


def test_lowercase_after_period_does_not_split():
    assert sentences("He launched an operation. military in response.") == ["He launched an operation. military in response."]


def test_paragraphs():
    doc = Document.from_string("One.\n\n  Two.\nStill two.\n\n\nThree.")
    assert [doc.text[p.start : p.end] for p in doc.paragraphs] == ["One.", "Two.\nStill two.", "Three."]


def test_bom_is_stripped_and_front_matter_read():
    raw = "\ufeff---\ndate: 2022-09-13\noutlet: Korrespondent.net\n---\nHeadline\n\nBody text here."
    doc = Document.from_string(raw)
    assert doc.meta.date == dt.date(2022, 9, 13)
    assert doc.meta.outlet == "Korrespondent.net"
    assert doc.text.startswith("Headline")
    i = doc.text.index("Body")
    start, end = doc.raw_span(i, i + 4)
    assert doc.raw[start:end] == "Body"


def test_front_matter_errors_are_input_errors():
    with pytest.raises(InputError, match="front matter"):
        Document.from_string("---\ndate: [\n---\nText")
    with pytest.raises(InputError, match="not a date"):
        Document.from_string("---\ndate: yesterday\n---\nText")


def test_cli_date_is_the_default_only():
    doc = Document.from_string("---\ndate: 2020-01-01\n---\nText", date=dt.date(2022, 9, 13))
    assert doc.meta.date == dt.date(2020, 1, 1)
    assert Document.from_string("Text", date=dt.date(2022, 9, 13)).meta.date == dt.date(2022, 9, 13)


def test_html_visible_text_and_offsets():
    raw = (
        "<html><head><title>t</title><script>var RF = 1;</script><style>p{}</style></head>"
        "<body><h1>Weak RF</h1><p>Putin &amp; Co.   said\nhello.</p><p>Second &#8220;quote&#8221;</p></body></html>"
    )
    doc = Document.from_string(raw, fmt="html")
    assert "var RF" not in doc.text and "p{}" not in doc.text
    assert "Putin & Co. said hello." in doc.text
    assert [doc.text[h.start : h.end] for h in doc.headings] == ["Weak RF"]
    for needle, raw_needle in [("RF", "RF"), ("&", "&amp;"), ("said hello", "said\nhello"), ("“quote”", "&#8220;quote&#8221;")]:
        i = doc.text.index(needle)
        start, end = doc.raw_span(i, i + len(needle))
        assert doc.raw[start:end] == raw_needle


def test_markdown_markup_is_not_prose():
    raw = "# Weak **RF** here\n\nSee [the link](http://example.com/x.y) and `code`.\n\n```\nRF RF\n```\n<!-- note -->\nEnd."
    doc = Document.from_string(raw, fmt="md")
    assert "http" not in doc.text and "RF RF" not in doc.text and "note" not in doc.text
    assert [doc.text[h.start : h.end] for h in doc.headings] == ["Weak RF here"]
    i = doc.text.index("the link")
    start, end = doc.raw_span(i, i + 8)
    assert doc.raw[start:end] == "the link"


def test_line_and_column():
    doc = Document.from_string("ab\ncd\n\nef")
    assert doc.lines.locate(0) == (1, 1)
    assert doc.lines.locate(4) == (2, 2)
    assert doc.lines.locate(7) == (4, 1)


def test_speed_shortcuts_hold_for_the_data():
    """segment._is_boundary answers at once after seven letters; boilerplate probes guard its phrases."""
    from auditor import segment
    from auditor.detectors import boilerplate

    for words in (segment.ABBREVIATIONS, segment.FINAL_ABBREVIATIONS, segment.FINAL_DOTTED_ABBREVIATIONS):
        assert max(len(w.replace(".", "")) for w in words) < 7
    assert all(any(p in phrase for p in boilerplate._YAML_PROBES) for phrase in boilerplate._YAML_PHRASES)
