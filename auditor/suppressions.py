"""Suppressions: inline comments (Markdown/HTML) and ``.auditor-ignore`` sidecar files.

- ``<!-- auditor-ignore RULE… -->`` suppresses those rules (ids or id prefixes) on the next line;
- ``<!-- auditor-ignore-start RULE… -->`` … ``<!-- auditor-ignore-end -->`` suppresses them in between;
- a ``.auditor-ignore`` file in an article's folder holds ``RULE<TAB>exact text`` or
  ``RULE: "exact text"`` lines: a finding of that rule whose flagged text is exactly that is dropped.

A suppression that suppresses nothing is reported as ``meta.unused-suppression`` (minor).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from . import regexcache
from .errors import InputError
from .findings import Finding, Severity
from .policy import UNUSED_SUPPRESSION, matches

SIDECAR = ".auditor-ignore"
_COMMENT = regexcache.compile(r"<!--[ \t\r\n]*auditor-ignore(?P<kind>(?:-\w+)*)(?P<ids>.*?)-->", regex.S)
_ID = regexcache.compile(r"^[A-Za-z0-9_*-]+(?:\.[A-Za-z0-9_*-]+)*$")
_SPLIT = regexcache.compile(r"[\s,]+")


@dataclass
class Suppression:
    ids: tuple[str, ...]
    start: int  # findings starting in [start, end) of the raw text are suppressed
    end: int
    comment: tuple[int, int] = (0, 0)  # raw span of the comment (inline) ...
    sidecar: tuple[str, int] | None = None  # ... or (sidecar path, line)
    text: str | None = None  # sidecar: the exact flagged text
    kind: str = ""
    used: set[str] = field(default_factory=set)

    def covers(self, f: Finding) -> str | None:
        if self.text is not None:
            if f.text != self.text:
                return None
        elif not (self.start <= f.start < self.end):
            return None
        for i in self.ids:
            if matches(f.rule, (i,)):
                return i
        return None


def _ids(raw_ids: str, where: str) -> tuple[str, ...]:
    ids = tuple(i for i in _SPLIT.split(raw_ids.strip()) if i)
    if not ids:
        raise InputError(f"{where}: suppression needs a rule id")
    for i in ids:
        if not _ID.match(i):
            raise InputError(f"{where}: {i!r} is not a rule id")
    return ids


def inline(doc) -> list[Suppression]:
    """Parse the suppression comments of a Markdown or HTML document (raw offsets)."""
    if doc.format not in ("md", "html") or "auditor-ignore" not in doc.raw:
        return []
    raw, lines = doc.raw, doc.lines
    out: list[Suppression] = []
    open_blocks: list[Suppression] = []
    for m in _COMMENT.finditer(raw):
        line = lines.locate(m.start())[0]
        where = f"{doc.path}:{line}"
        kind = m.group("kind")
        if kind == "-end":
            if not open_blocks:
                raise InputError(f"{where}: auditor-ignore-end without auditor-ignore-start")
            block = open_blocks.pop()
            block.end = m.start()
            continue
        if kind not in ("", "-start"):
            raise InputError(f"{where}: unknown suppression 'auditor-ignore{kind}' (use auditor-ignore, -start or -end)")
        ids = _ids(m.group("ids"), where)
        if kind == "-start":
            s = Suppression(ids, m.end(), len(raw), comment=(m.start(), m.end()), kind="block")
            open_blocks.append(s)
        else:  # the line after the comment's last line
            nl = raw.find("\n", m.end())
            start = len(raw) if nl < 0 else nl + 1
            nl2 = raw.find("\n", start)
            s = Suppression(ids, start, len(raw) if nl2 < 0 else nl2 + 1, comment=(m.start(), m.end()), kind="line")
        out.append(s)
    if open_blocks:
        line = lines.locate(open_blocks[0].comment[0])[0]
        raise InputError(f"{doc.path}:{line}: auditor-ignore-start without auditor-ignore-end")
    return out


def sidecar_for(doc_path: str) -> Path | None:
    if not doc_path or doc_path in ("-", "<string>"):
        return None
    p = Path(doc_path).parent / SIDECAR
    return p if p.is_file() else None


def sidecar(doc) -> list[Suppression]:
    path = sidecar_for(doc.path)
    if path is None:
        return []
    st = path.stat()
    return [
        Suppression(ids, 0, 0, sidecar=(str(path), line), text=text, kind="sidecar")
        for ids, text, line in _parse_sidecar(str(path), st.st_mtime_ns, st.st_size)
    ]


@lru_cache(maxsize=32)
def _parse_sidecar(path: str, _mtime: int, _size: int) -> tuple[tuple[tuple[str, ...], str, int], ...]:
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    entries = []
    for n, line in enumerate(content.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"{path}:{n}"
        if "\t" in line:
            rule, text = line.split("\t", 1)
        else:
            m = regex.match(r'^\s*([^:"]*?)\s*:\s*(".*")\s*$', line)
            if not m:
                raise InputError(f'{where}: expected RULE<TAB>exact text or RULE: "exact text"')
            rule = m.group(1)
            try:
                text = json.loads(m.group(2))
            except ValueError:
                raise InputError(f"{where}: bad quoted text {m.group(2)}") from None
        if not text:
            raise InputError(f"{where}: suppression needs the exact flagged text")
        entries.append((_ids(rule, where), text, n))
    return tuple(entries)


def apply(
    doc, findings: list[Finding], *, enabled: frozenset[str], known: Callable[[], frozenset[str]], report_unused: bool = True
) -> tuple[list[Finding], list[Finding]]:
    """Drop suppressed findings; return (kept findings, unused-suppression findings)."""
    sups = inline(doc) + sidecar(doc)
    if not sups:
        return list(findings), []
    kept = []
    for f in findings:
        hit = False
        for s in sups:
            rule = s.covers(f)
            if rule is not None:
                s.used.add(rule)
                hit = True
        if not hit:
            kept.append(f)
    if not report_unused:
        return kept, []
    return kept, [u for s in sups if (u := _unused(doc, s, enabled, known)) is not None]


def _unused(doc, s: Suppression, enabled: frozenset[str], known: Callable[[], frozenset[str]]) -> Finding | None:
    if s.sidecar is not None:
        at = doc.raw.find(s.text)
        if at < 0:  # a sidecar entry for another article in the folder
            return None
        start, end = at, at + len(s.text)
    else:
        start, end = s.comment
    unused, unknown = [], []
    for i in s.ids:
        if i in s.used:
            continue
        if any(matches(r, (i,)) for r in enabled):
            unused.append(i)
        elif not any(matches(r, (i,)) for r in known()):
            unknown.append(i)
    if not unused and not unknown:
        return None
    parts = []
    if unused:
        parts.append(f"suppresses no {', '.join(unused)} finding here")
    if unknown:
        parts.append(f"names no known rule ({', '.join(unknown)})")
    where = f" ({s.sidecar[0]}:{s.sidecar[1]})" if s.sidecar else ""
    suggestions: tuple[str, ...] = ()
    if s.sidecar is None:
        keep = [i for i in s.ids if i not in unused and i not in unknown]
        if keep:
            name = "auditor-ignore-start" if s.kind == "block" else "auditor-ignore"
            suggestions = (f"<!-- {name} {' '.join(keep)} -->",)
        elif s.kind == "line":
            suggestions = ("",)
    line, column = doc.lines.locate(start)
    return Finding(
        rule=UNUSED_SUPPRESSION,
        category="style",
        severity=Severity.MINOR,
        start=start,
        end=end,
        text=doc.raw[start:end],
        message=f"Unused suppression{where}: it {' and '.join(parts)}; remove it",
        suggestions=suggestions,
        source="policy:suppressions",
        line=line,
        column=column,
    )
