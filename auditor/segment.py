"""Paragraph and sentence segmentation with offsets (abbreviation-, quote- and headline-aware)."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache, partial
from typing import NamedTuple

from . import regexcache
from .bytetext import PIECE, ascii_stand_ins, pieces

# Tokens that end with a period but rarely end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "fr",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "no",
        "nos",
        "vol",
        "vols",
        "pp",
        "fig",
        "art",
        "sec",
        "ch",
        "para",
        "approx",
        "est",
        "dept",
        "univ",
        "assn",
        "bros",
        "corp",
        "inc",
        "ltd",
        "co",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "vs",
        "etc",
        "al",
        "ie",
        "eg",
        "cf",
        "ca",
        "op",
        "ed",
        "eds",
        "trans",
    ]
)
# Abbreviations that may also end a sentence: split after them only before a typical sentence opener.
FINAL_ABBREVIATIONS = frozenset(["inc", "ltd", "co", "corp", "etc", "jr", "sr"])
FINAL_DOTTED_ABBREVIATIONS = frozenset(["us", "uk", "eu", "un", "am", "pm"])
SENTENCE_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "there",
        "but",
        "and",
        "so",
        "yet",
        "in",
        "on",
        "at",
        "for",
        "as",
        "after",
        "before",
        "when",
        "while",
        "if",
        "his",
        "her",
        "its",
        "their",
        "our",
        "one",
        "two",
        "three",
        "some",
        "many",
        "most",
        "meanwhile",
        "however",
        "still",
        "then",
        "now",
        "according",
        "earlier",
        "later",
    ]
)

_BOUNDARY = regexcache.compile(r"""[.!?…]+["”’»)\]]*(?=\s+["“‘«(\[]?[\p{Lu}\p{N}])""")
_NEXT_WORD = regexcache.compile(r"\s+[\"“‘«(\[]?([\p{L}\p{N}]+)")
_MARKS = ".!?…"  # the first character of a _BOUNDARY match
_MARKS_AND_CLOSERS = frozenset(_MARKS + '"”’»)]')
_PARA_SPLIT = regexcache.compile(r"\n[ \t]*\n\s*")
_TERMINAL = tuple('.!?…:;"”’»)')
_WORDS = regexcache.compile(r"\p{L}[\p{L}\p{M}\p{N}'’\-]*|\p{N}+(?:[.,]\p{N}+)*")
# count_words reads one byte per character: a letter, 0 digit, ' apostrophe/hyphen/mark, . point or comma, space other
_WORD_CLASS = bytes(
    97 if chr(c).isalpha() else 48 if chr(c).isdigit() else 39 if c in b"'-" else 46 if c in b".," else 32 for c in range(128)
) + b" " * 128
_DOT_TO_SPACE = bytes.maketrans(b".", b" ")
_DIGITS_IN_WORD = re.compile(rb"a'*0[a0']*")
_NUMBER = re.compile(rb"0[0]*+(?:\.0+)*+")


class Span(NamedTuple):
    start: int
    end: int


_new_span = partial(tuple.__new__, Span)  # Span(start, end) without the Python-level __new__


def count_words(text: str) -> int:
    """``len(_WORDS.findall(text))``, counted on one byte per character where there are few kinds of character."""
    if len(text) > PIECE:  # no word crosses a newline
        return sum(_count_words(text[a:b]) for a, b in pieces(text))
    return _count_words(text)


def _count_words(text: str) -> int:
    data = ascii_stand_ins(text, _word_stand_in)
    if data is None:
        return len(_WORDS.findall(text))
    s = data.translate(_WORD_CLASS)
    words = s.translate(_DOT_TO_SPACE, b"0'")  # one word per run of a, 0 and ' that holds an a
    return words.count(b" a") + words.startswith(b"a") + len(_NUMBER.findall(_DIGITS_IN_WORD.sub(b"a", s)))


@lru_cache(maxsize=4096)
def _word_stand_in(c: str) -> tuple[bytes, bytes]:
    kind = b"a" if regexcache.compile(r"\p{L}").match(c) else b"0" if regexcache.compile(r"\p{N}").match(c) else b" "
    if c == "’" or regexcache.compile(r"\p{M}").match(c):
        kind = b"'"
    return c.encode("utf-8", "surrogatepass"), kind


def paragraphs(text: str) -> list[Span]:
    """Blocks separated by blank lines, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        _add_trimmed(text, pos, m.start(), spans)
        pos = m.end()
    _add_trimmed(text, pos, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(_new_span((start, end)))


def is_heading(text: str, span: Span) -> bool:
    """A one-line block that reads as a headline rather than a sentence."""
    block = text[span.start : span.end]
    if "\n" in block:
        return False
    stripped = block.rstrip()
    if stripped.endswith("?"):
        return count_words(block) <= 12
    return not stripped.endswith(_TERMINAL) and 0 < count_words(block) <= 20


def sentences(text: str, paras: list[Span]) -> list[Span]:
    """Sentence spans inside the given paragraphs."""
    out: list[Span] = []
    marks = _marks(text)
    for para in paras:
        for line in _lines(text, para):
            _split_line(text, line, marks, out)
    return out


def _lines(text: str, para: Span) -> list[Span]:
    """Hard line breaks inside a block that separate headline-like lines from what follows."""
    parts: list[Span] = []
    start = para.start
    i = text.find("\n", start, para.end)
    while i >= 0:
        prev = text[start:i].rstrip()
        j = i + 1
        while j < para.end and text[j].isspace():  # the next line's first character (no slicing: long blocks)
            j += 1
        first = text[j] if j < para.end else ""
        if (
            prev
            and first
            and (first.isupper() or first.isdigit() or first in '"“«')
            and (prev.endswith(_TERMINAL) or count_words(prev) <= 15)
        ):
            _add_trimmed(text, start, i, parts)
            start = i + 1
        i = text.find("\n", i + 1, para.end)
    _add_trimmed(text, start, para.end, parts)
    return parts


def _split_line(text: str, line: Span, marks: list[int], out: list[Span]) -> None:
    start, end = line
    scan = start  # where _BOUNDARY.finditer would search next
    for k in range(bisect_left(marks, start), bisect_left(marks, end - 1)):  # a match needs a character after the mark
        i = marks[k]
        if i < scan:
            continue
        m = _BOUNDARY.match(text, i, end)
        if m is None:
            continue
        scan = m.end()
        if _is_boundary(text, i, scan, end):
            _add_trimmed(text, start, scan, out)
            start = scan
    _add_trimmed(text, start, end, out)


def _marks(text: str) -> list[int]:
    """Sorted offsets where a _BOUNDARY match may begin: str.find is faster than a regex scan."""
    out = []
    for mark in _MARKS:
        i = text.find(mark)
        while i >= 0:
            j = i + 1
            if j < len(text) and (text[j] in _MARKS_AND_CLOSERS or text[j].isspace()):
                out.append(i)
            i = text.find(mark, j)
    out.sort()
    return out


def _is_boundary(text: str, punct_start: int, punct_end: int, limit: int) -> bool:
    if text[punct_start] != ".":
        return True
    if punct_start >= 7 and text[punct_start - 7 : punct_start].isalpha():  # seven letters: no abbreviation
        return True
    i, lo = punct_start, max(0, punct_start - 40)
    while i > lo and (text[i - 1].isalpha() or text[i - 1] == "."):  # the letters and dots before the period
        i -= 1
    word = text[i : punct_start + 1].lower().rstrip(".")
    key = word.replace(".", "")
    dotted = "." in word
    if key in FINAL_ABBREVIATIONS or (dotted and key in FINAL_DOTTED_ABBREVIATIONS):
        return _opens_sentence(text, punct_end, limit)
    if key in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: J. R. Smith
        return False
    if dotted and len(key) <= 4:  # e.g. i.e. U.S.A.
        return _opens_sentence(text, punct_end, limit)
    return True


def _opens_sentence(text: str, pos: int, limit: int) -> bool:
    """The word after pos is a typical sentence opener."""
    nxt = _NEXT_WORD.match(text, pos, limit)
    return nxt is not None and nxt.group(1).lower() in SENTENCE_OPENERS
