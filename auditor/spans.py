"""A set of non-overlapping spans with a logarithmic overlap test."""
from __future__ import annotations

from bisect import bisect_left


class SpanSet:
    """Spans (start, end) kept sorted by start; ``overlaps`` looks only at the neighbours."""

    def __init__(self, spans=()) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, span: tuple[int, int]) -> None:
        i = bisect_left(self._starts, span[0])
        self._spans.insert(i, span)
        self._starts.insert(i, span[0])
        self._longest = max(self._longest, span[1] - span[0])

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)
        lo = bisect_left(self._starts, start - self._longest)
        return any(s < end and start < e for s, e in self._spans[lo:i])
