"""Direct quotations: where a text quotes someone's words, which style rules leave as spoken.

A quotation is a span from an opening mark to its closing mark within one paragraph: “…”, «…»,
„…“, straight "…", and single ‘…’ or '…'. An opener stands at the start of a paragraph or after a
space or opening bracket and is followed by a non-space; a closer follows a non-space. A single
closer must also not be followed by a letter, so apostrophes (Russia’s, don't) never close one.
A quotation left open at the end of a paragraph runs on when the next paragraph opens with the
same mark (the convention for quotes over several paragraphs), or, for double marks, into the next
two paragraphs when its closer comes there before any opening mark (MT often drops the reopening
mark); otherwise it is not a quotation.
"""

from __future__ import annotations

import re

_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "'": "'"}
_SINGLE = frozenset("‘'")
_OPEN_AFTER = frozenset(" \t\n([{—–-/")
_MARK = re.compile("[" + "".join(_PAIRS) + "]")
MAX_SINGLE = 400  # characters: a single-quoted span longer than this is more likely two apostrophes
MAX_UNMARKED = 2  # paragraphs a double quotation may run on without its reopening mark


def spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) of the direct quotations in ``text``, marks included."""
    if not any(mark in text for mark in _PAIRS):
        return []
    out: list[tuple[int, int]] = []
    open_: tuple[int, str] | None = None  # (start, opener) of a quotation the last paragraph left open
    unmarked = 0  # paragraphs the open quotation has run on without reopening it
    pos, n = 0, len(text)
    while pos < n:
        end = text.find("\n\n", pos)
        end = n if end < 0 else end
        body = text[pos:end]
        first = body.lstrip()
        start = pos
        strict = False
        if open_ is not None and first[:1] == open_[1]:
            start = pos + len(body) - len(first) + 1  # the reopening mark
            unmarked = 0
        elif open_ is not None and unmarked < MAX_UNMARKED and open_[1] not in _SINGLE:
            unmarked += 1  # a run-on quotation whose reopening mark MT dropped
            strict = True
        else:
            open_, unmarked = None, 0
        open_ = _paragraph(text, start, end, out, open_, strict)
        pos = end + 2
    return _merged(out)


def _paragraph(text: str, lo: int, hi: int, out: list, carried: tuple[int, str] | None, strict: bool = False) -> tuple[int, str] | None:
    """Append the quotations of ``text[lo:hi]``; return (start, opener) of the one left open at its end.
    A ``strict`` carried quotation (its reopening mark missing) continues only if its closer comes before any
    opening mark."""
    i = lo
    if carried is not None:  # the paragraph continues a quotation: look for its closer first
        close = _closer(text, i, hi, carried[1])
        opener = _next_opener(text, i, hi) if strict else -1
        if opener >= 0 and (close < 0 or opener < close):
            carried = None  # a new quotation starts first: the old one was never closed
        elif close < 0:
            return carried
        else:
            out.append((carried[0], close + 1))
            i = close + 1
    while i < hi:
        i = _next_opener(text, i, hi)
        if i < 0:
            return None
        mark = text[i]
        close = _closer(text, i + 1, hi, mark)
        if close < 0:
            if mark in _SINGLE:
                i += 1
                continue
            return (i, mark)
        if mark in _SINGLE and close - i > MAX_SINGLE:
            i += 1
            continue
        out.append((i, close + 1))
        i = close + 1
    return None


def _next_opener(text: str, i: int, hi: int) -> int:
    m = _MARK.search(text, i, hi)
    while m:
        j = m.start()
        if (j == 0 or text[j - 1] in _OPEN_AFTER) and j + 1 < hi and not text[j + 1].isspace():
            return j
        m = _MARK.search(text, j + 1, hi)
    return -1


def _closer(text: str, i: int, hi: int, opener: str) -> int:
    """Offset of the mark that closes ``opener`` in ``text[i:hi]``, or -1."""
    mark = _PAIRS[opener]
    j = text.find(mark, i, hi)
    while j >= 0:
        if j > 0 and not text[j - 1].isspace() and (opener not in _SINGLE or j + 1 >= len(text) or not text[j + 1].isalpha()):
            return j
        j = text.find(mark, j + 1, hi)
    return -1


def _merged(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def outside(text: str, quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The regions of ``text`` between the ``quoted`` spans."""
    out, pos = [], 0
    for a, b in quoted:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < len(text):
        out.append((pos, len(text)))
    return out
