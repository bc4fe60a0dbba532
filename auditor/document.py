"""Document: decoded input, visible text, segmentation and metadata, built once per article."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

import regex

from . import regexcache, segment
from .errors import InputError
from .offsets import LineIndex, OffsetMap

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_FRONT_MATTER = regexcache.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", regex.S)


@dataclass
class Metadata:
    date: dt.date | None = None
    outlet: str | None = None
    title: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class Document:
    """An article ready for checking. Checks read it and never mutate it.

    ``raw`` is the decoded input (BOM stripped); ``text`` is what checks read (the visible
    text of HTML or Markdown, the body after front matter). Findings carry raw offsets.
    """

    path: str
    raw: str
    text: str
    format: str = "txt"
    offsets: OffsetMap | None = None
    meta: Metadata = field(default_factory=Metadata)
    heading_spans: tuple[segment.Span, ...] = ()
    # Bilingual input (auditor.bilingual): the source-language text, its language ("ru"/"uk") and
    # the sentence alignment (auditor.bilingual.align.Alignment); None for a monolingual article.
    source: str | None = None
    source_lang: str | None = None
    alignment: object | None = None

    @classmethod
    def from_string(
        cls, raw: str, *, path: str = "<string>", fmt: str = "txt", date: dt.date | None = None, outlet: str | None = None
    ) -> Document:
        if raw.startswith("\ufeff"):
            raw = raw[1:]
        meta, body_start = _front_matter(raw, path)
        meta.date = meta.date or date
        meta.outlet = meta.outlet or outlet
        if fmt == "html":
            from .formats import html_visible_text

            text, offsets, headings = html_visible_text(raw, body_start)
        elif fmt == "md":
            from .formats import markdown_visible_text

            text, offsets, headings = markdown_visible_text(raw, body_start)
        else:
            text, offsets, headings = raw[body_start:], None, ()
            if body_start:
                offsets = OffsetMap()
                offsets.add(0, body_start, len(text), len(text))
        return cls(path=path, raw=raw, text=text, format=fmt, offsets=offsets, meta=meta, heading_spans=tuple(headings))

    # -- segmentation (computed once, lazily) --------------------------------------
    @cached_property
    def paragraphs(self) -> list[segment.Span]:
        return segment.paragraphs(self.text)

    @cached_property
    def sentences(self) -> list[segment.Span]:
        return segment.sentences(self.text, self.paragraphs)

    @cached_property
    def headings(self) -> list[segment.Span]:
        if self.heading_spans:
            return list(self.heading_spans)
        return [p for p in self.paragraphs if segment.is_heading(self.text, p)]

    @cached_property
    def quotations(self) -> list[tuple[int, int]]:
        """Spans of direct quotations (``auditor.quotations``)."""
        from .quotations import spans

        return spans(self.text)

    @cached_property
    def word_count(self) -> int:
        return segment.count_words(self.text)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.raw)

    # -- offsets ---------------------------------------------------------------------
    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        return self.offsets.to_raw(start), self.offsets.to_raw(end, end=True)

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int | None:
        """Index in ``sentences`` of the sentence containing ``offset``, or None between sentences."""
        sents = self.sentences
        i = bisect_right(self.sentence_starts, offset) - 1
        if i >= 0 and sents[i].start <= offset < sents[i].end:
            return i
        return None

    def sentence_at(self, offset: int) -> segment.Span | None:
        i = self.sentence_index(offset)
        return None if i is None else self.sentences[i]


def _front_matter(raw: str, path: str) -> tuple[Metadata, int]:
    m = _FRONT_MATTER.match(raw)
    if not m:
        return Metadata(), 0
    import yaml

    try:
        data = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 2
        raise InputError(f"{path}:{line}: invalid YAML front matter") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}:1: front matter must be a mapping")
    meta = Metadata(extra=data)
    raw_date = data.get("date", data.get("published"))
    if raw_date is not None:
        meta.date = parse_date(raw_date, f"{path}: front matter date")
    meta.outlet = data.get("outlet") or data.get("source")
    meta.title = data.get("title")
    return meta, m.end()


def parse_date(value, where: str = "date") -> dt.date:
    """Parse an ISO date (YYYY-MM-DD) or 'today'; datetimes are truncated to their date."""
    if isinstance(value, str) and value.strip().lower() == "today":
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date (use YYYY-MM-DD)") from None
