"""Non-overlapping text spans kept in order, with overlap tests by bisection."""

from __future__ import annotations

from bisect import bisect_right


class Spans:
    """Spans that do not overlap one another (glossary mentions, then names found later)."""

    def __init__(self, found) -> None:
        self.starts = [m.start for m in found]  # sorted, and so are the ends
        self.ends = [m.end for m in found]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.ends, start)  # the first span ending after ``start``
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.ends, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
