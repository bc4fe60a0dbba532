"""Library entry point: ``audit(text_or_path, ...) -> Report``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .document import Document
from .engine import Auditor, Options
from .errors import AuditorError
from .findings import Severity
from .inputs import DEFAULT_MAX_BYTES, Source, load
from .language import detect
from .policy import apply_policy
from .report import FileReport, Report
from .score import score


def audit(
    text_or_path: str | os.PathLike,
    *,
    lang_pair: str = "auto",
    rules: tuple[str, ...] | list[str] = (),
    rule_dirs: tuple[str, ...] | list[str] = (),
    min_severity: str | Severity = "minor",
    date: str | dt.date | None = None,
    outlet: str | None = None,
    fmt: str | None = None,
    glossaries: tuple[str, ...] | list[str] = (),
) -> Report:
    """Check one article given as text or as a path (a ``Path``, or a string naming an existing file).

    Raises ``AuditorError`` (with a one-line message) for unreadable input or invalid rules.
    """
    from .document import parse_date

    options = Options(
        lang_pair=lang_pair,
        rules=tuple(rules),
        rule_dirs=tuple(str(d) for d in rule_dirs),
        min_severity=Severity.parse(min_severity),
        date=parse_date(date) if date else None,
        outlet=outlet,
        glossaries=tuple(str(g) for g in glossaries),
    )
    auditor = Auditor(options)
    if isinstance(text_or_path, os.PathLike) or _names_file(text_or_path):
        path = Path(text_or_path)
        doc = load(Source(str(path), path), max_bytes=DEFAULT_MAX_BYTES, date=options.date, outlet=outlet)
        if fmt:
            doc = Document.from_string(doc.raw, path=doc.path, fmt=fmt, date=options.date, outlet=outlet)
    elif isinstance(text_or_path, str):
        doc = Document.from_string(text_or_path, fmt=fmt or "txt", date=options.date, outlet=outlet)
    else:
        raise AuditorError(f"audit() takes text or a path, not {type(text_or_path).__name__}")
    return Report([check_document(auditor, doc)])


def check_document(auditor: Auditor, doc: Document) -> FileReport:
    findings = apply_policy(auditor, doc, auditor.check(doc))  # suppressions, baseline
    words = doc.word_count
    note = "empty file" if not doc.text.strip() else None
    return FileReport(
        path=doc.path,
        language=detect(doc.text) if doc.text.strip() else "und",
        findings=findings,
        score=score(findings, words, weights=dict(zip(Severity, auditor.options.weights, strict=True)), threshold=auditor.options.threshold),
        note=note,
        extra=auditor.document_extra(doc),
    )


def _names_file(value) -> bool:
    return isinstance(value, str) and "\n" not in value and len(value) < 4096 and os.path.isfile(value)
