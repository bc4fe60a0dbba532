"""Map offsets in the visible text of a document back to the decoded input file."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass
class OffsetMap:
    """Piecewise map from visible-text offsets to raw-input offsets.

    Each piece says that ``text[t:t+tn]`` came from ``raw[r:r+rn]``. Pieces with equal
    lengths map character by character; others (entities, markup) map to their edges.
    """

    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def add(self, text_start: int, raw_start: int, text_len: int, raw_len: int) -> None:
        self.pieces.append((text_start, raw_start, text_len, raw_len))
        self._starts.append(text_start)

    def to_raw(self, offset: int, *, end: bool = False) -> int:
        if not self.pieces:
            return offset
        i = bisect_right(self._starts, offset) - 1
        if end and i > 0 and self.pieces[i][0] == offset:
            i -= 1  # an end offset belongs to the piece it closes
        if i < 0:
            return self.pieces[0][1]
        t, r, tn, rn = self.pieces[i]
        delta = offset - t
        if tn == rn:
            return r + min(delta, rn)
        if delta <= 0:
            return r
        return r + rn if (end or delta >= tn) else r


class LineIndex:
    """1-based line and column of raw offsets, computed once per document."""

    def __init__(self, raw: str) -> None:
        starts = [0]
        find = raw.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1
