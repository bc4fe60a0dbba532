"""Terminal reporter (rich): location, severity colour, the span in context, ``old → new``."""

from __future__ import annotations

import io
import unicodedata

from ..findings import Severity

COLOURS = {Severity.MINOR: "cyan", Severity.MAJOR: "yellow", Severity.CRITICAL: "bold red"}
CONTEXT = 40


class _PlainText:
    """Stands in for ``rich.text.Text`` without colour: styles are dropped (rich is not even imported)."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.parts = [text]

    def append(self, text: str, style: str = "") -> None:
        self.parts.append(text)

    def __str__(self) -> str:
        return "".join(self.parts)


class _PlainConsole:
    def __init__(self, buf) -> None:
        self.buf = buf

    def print(self, text) -> None:
        line = str(text)
        self.buf.write((_expand_tabs(line) if "\t" in line else line) + "\n")


def _expand_tabs(line: str, size: int = 8) -> str:
    """Tabs to spaces at terminal-cell stops, as rich prints them (wide characters take two cells)."""
    out, col = [], 0
    for ch in line:
        if ch == "\t":
            n = size - col % size
            out.append(" " * n)
            col += n
        else:
            out.append(ch)
            col += 2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
    return "".join(out)


def render_terminal(report, *, color: bool | None = None, width: int | None = None, documents: dict | None = None) -> str:
    buf = io.StringIO()
    if color:
        from rich.console import Console
        from rich.text import Text

        console = Console(file=buf, force_terminal=True, width=width or 100, highlight=False, soft_wrap=True)
    else:  # the same text, without the cost of rich (most of a short check's output time)
        Text, console = _PlainText, _PlainConsole(buf)
    documents = documents or {}
    total = 0
    for file in report.files:
        if file.error:
            console.print(Text(f"{file.path}: error: {file.error}", style="bold red"))
            continue
        raw = documents.get(file.path)
        for f in file.findings:
            total += 1
            head = Text()
            head.append(f"{file.path}:{f.line}:{f.column}", style="bold")
            head.append(" ")
            head.append(f.severity.label, style=COLOURS[f.severity])
            head.append(f" {f.rule}", style="dim")
            head.append(f"  {f.message}")
            console.print(head)
            if raw is not None and "unit" not in f.extra:  # unit findings carry offsets into their unit
                console.print(_context(raw, f, Text))
            if "unit" in f.extra or f.extra.get("source_sentence"):  # bilingual input: the aligned source
                src = Text(f"    unit {f.extra['unit']}" + (" · " if f.extra.get("source_sentence") else ""), style="dim") if "unit" in f.extra else Text("    ")
                if f.extra.get("source_sentence"):
                    src.append("source: ", style="dim")
                    src.append(" ".join(f.extra["source_sentence"].split()), style="italic")
                console.print(src)
            if f.suggestions:
                fix = Text("    ")
                fix.append(f.text.replace("\n", " "), style="red strike")
                fix.append(" → ")
                fix.append(f.suggestions[0] or "(delete)", style="green")
                if len(f.suggestions) > 1:
                    fix.append(f"  (also: {', '.join(repr(s) for s in f.suggestions[1:3])})", style="dim")
                console.print(fix)
        summary = f"{file.path}: {len(file.findings)} finding(s)"
        if file.score is not None:
            summary += f", {file.score.words} words, quality {file.score.quality}"
        if file.note:
            summary += f" ({file.note})"
        console.print(Text(summary, style="dim"))
    if len(report.files) > 1:
        console.print(Text(f"{total} finding(s) in {len(report.files)} file(s)", style="bold"))
    return buf.getvalue()


def _context(raw: str, f, Text):
    lo = max(raw.rfind("\n", 0, f.start) + 1, f.start - CONTEXT)
    hi = raw.find("\n", f.end)
    hi = min(len(raw) if hi < 0 else hi, f.end + CONTEXT)
    line = Text("    ")
    line.append(("…" if lo > 0 and raw[lo - 1] != "\n" else "") + raw[lo : f.start])
    line.append(raw[f.start : f.end].replace("\n", " "), style="reverse " + COLOURS[f.severity].split()[-1])
    line.append(raw[f.end : hi] + ("…" if hi < len(raw) and raw[hi] != "\n" else ""))
    return line
