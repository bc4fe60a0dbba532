"""Visible text of HTML and Markdown, with a map back to the raw input."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import regex

from . import regexcache
from .offsets import LineIndex, OffsetMap
from .segment import Span

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "br",
    "hr",
    "title",
    "dd",
    "dt",
    "dl",
    "form",
    "body",
    "html",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "title"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


class _VisibleText:
    """Accumulates visible text pieces and their raw offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.map = OffsetMap()

    def add(self, text: str, raw_start: int, raw_len: int) -> None:
        if not text:
            return
        self.map.add(self.length, raw_start, len(text), raw_len)
        self.parts.append(text)
        self.length += len(text)

    def paragraph_break(self, raw_at: int) -> None:
        if self.length and not "".join(self.parts[-2:]).endswith("\n\n"):
            self.add("\n\n", raw_at, 0)

    def text(self) -> str:
        return "".join(self.parts)


class _HTMLText(HTMLParser):
    def __init__(self, raw: str, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.base = base
        self.lines = LineIndex(raw[base:])
        self.out = _VisibleText()
        self.skip_depth = 0
        self.heading_start: int | None = None
        self.headings: list[Span] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.base + self.lines._starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP and tag not in _VOID:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.out.paragraph_break(self._pos())
            if tag in _HEADINGS:
                self.heading_start = self.out.length

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK:
            if tag in _HEADINGS and self.heading_start is not None:
                text = self.out.text()
                start, end = self.heading_start, self.out.length
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    self.headings.append(Span(start, end))
                self.heading_start = None
            self.out.paragraph_break(self._pos())

    def handle_data(self, data):
        if self.skip_depth:
            return
        start = self._pos()
        collapsed = regex.sub(r"[ \t\r\n]+", " ", data)
        if collapsed == data:
            self.out.add(data, start, len(data))
            return
        pos = 0  # keep offsets exact: map each run of text and each collapsed whitespace run
        for m in regex.finditer(r"[ \t\r\n]+", data):
            self.out.add(data[pos : m.start()], start + pos, m.start() - pos)
            self.out.add(" ", start + m.start(), m.end() - m.start())
            pos = m.end()
        self.out.add(data[pos:], start + pos, len(data) - pos)

    def _entity(self, ref: str):
        if self.skip_depth:
            return
        start = self._pos()
        end = self.raw.find(";", start, start + 40)
        raw_len = (end + 1 - start) if end >= 0 else len(ref) + 1
        self.out.add(unescape(self.raw[start : start + raw_len]), start, raw_len)

    def handle_entityref(self, name):
        self._entity(name)

    def handle_charref(self, name):
        self._entity(name)


def html_visible_text(raw: str, base: int = 0) -> tuple[str, OffsetMap, list[Span]]:
    parser = _HTMLText(raw, base)
    parser.feed(raw[base:])
    parser.close()
    return parser.out.text(), parser.out.map, parser.headings


# Markdown: remove markup that is not prose, keep everything else in place.
_MD_SKIP = regexcache.compile(
    r"(?P<fence>^(```|~~~)[^\n]*\n.*?(?:^\2[ \t]*$|\Z))"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<image>!\[(?P<alt>[^\]\n]*)\]\([^)\n]*\))"
    r"|(?P<link>\[(?P<label>[^\]\n]+)\]\([^)\n]*\))"
    r"|(?P<heading>^[ \t]{0,3}#{1,6}[ \t]+)"
    r"|(?P<quote>^[ \t]{0,3}>[ \t]?)"
    r"|(?P<emph>\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))"
    r"|(?P<code>`+)",
    regex.S | regex.M,
)


def markdown_visible_text(raw: str, base: int = 0) -> tuple[str, OffsetMap, list[Span]]:
    out = _VisibleText()
    heading_starts: list[int] = []
    pos = base
    for m in _MD_SKIP.finditer(raw, base):
        out.add(raw[pos : m.start()], pos, m.start() - pos)
        if m.group("image") is not None:
            out.add(m.group("alt"), m.start("alt"), len(m.group("alt")))
        elif m.group("link") is not None:
            out.add(m.group("label"), m.start("label"), len(m.group("label")))
        elif m.group("fence") is not None:
            out.add("\n", m.start(), 0)
        elif m.group("heading") is not None:
            heading_starts.append(out.length)
        pos = m.end()
    out.add(raw[pos:], pos, len(raw) - pos)
    text = out.text()
    headings = []
    for start in heading_starts:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end > start and text[end - 1] in " \t#":
            end -= 1
        headings.append(Span(start, end))
    return text, out.map, headings
