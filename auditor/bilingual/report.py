"""Bilingual files in reports: loading for `auditor check`, unit offsets, source sentences, metrics."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

from ..document import Document
from ..errors import InputError
from ..findings import Finding
from . import is_translation_file
from .formats import alignment_of, load_bilingual


def needs_bilingual(name: str, source_path) -> bool:
    return bool(source_path) or is_translation_file(name)


def load_for_check(source, source_path=None, *, max_bytes: int, date=None, outlet=None, lang_pair: str = "auto") -> Document:
    """Load one `auditor check` input that is a translation file or has a ``--source``."""
    from ..inputs import Source, read_bytes

    data = read_bytes(source, max_bytes)
    src = None
    if source_path is not None and not is_translation_file(source.name):
        sp = Path(source_path)
        src = (str(sp), read_bytes(Source(str(sp), sp), max_bytes))
    return load_bilingual(source.name, data, source=src, lang_pair=lang_pair, date=date, outlet=outlet)


def check_bilingual(auditor, doc: Document, refs=(), *, source_name: str | None = None):
    """check_document plus: source sentences on findings, unit offsets, and reference metrics."""
    from ..api import check_document

    report = check_document(auditor, doc)
    if doc.source is not None:
        report.findings = finalize(doc, report.findings)
        report.source = source_name
    if refs:
        report.metrics = metrics_for(doc, [str(r) for r in refs])
    return report


def finalize(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Add ``extra["source_sentence"]`` to every finding; for translation files, give offsets, line and
    column inside the unit's target text and ``extra["unit"]``."""
    alignment = alignment_of(doc)
    if alignment is None:
        return findings
    ranges = []
    for p in alignment.pairs:
        if p.target:
            a, b = doc.raw_span(p.target[0].start, p.target[-1].end)
            ranges.append((a, b, p))
    ranges.sort(key=lambda r: r[0])
    starts = [r[0] for r in ranges]
    out = []
    for f in findings:
        extra = dict(f.extra)
        if "source_sentence" not in extra:
            pairs = _overlapping(ranges, starts, f.start, f.end)
            if pairs:
                extra["source_sentence"] = " ".join(doc.source[s.start : s.end] for p in pairs for s in p.source)
        f = replace(f, extra=extra)
        if alignment.units:
            f = _to_unit(doc, alignment.units, f)
        out.append(f)
    return out


def _overlapping(ranges, starts, start: int, end: int):
    i = bisect_right(starts, start) - 1
    out = []
    for a, b, p in ranges[max(0, i - 1) : i + 3]:
        if a <= start < b or (start < b and a < max(end, start + 1)):
            out.append(p)
    return out


def _to_unit(doc: Document, units, f: Finding) -> Finding:
    starts = [u.target.start for u in units]
    i = max(0, bisect_right(starts, f.start) - 1)
    u = units[i]
    text = doc.text[u.target.start : u.target.end]
    start = min(max(f.start - u.target.start, 0), len(text))
    end = min(max(f.end - u.target.start, start), len(text))
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    extra = dict(f.extra)
    extra["unit"] = u.id
    return replace(f, start=start, end=end, text=text[start:end], line=line, column=column, extra=extra)


def metrics_for(doc: Document, refs: list[str]) -> dict:
    """Reference metrics of the document's target text (units matched by id for translation files)."""
    from ..inputs import Source, decode, read_bytes
    from ..metrics import corpus_scores, read_segments

    alignment = doc.alignment if doc.source is not None else None
    units = getattr(alignment, "units", None) or []
    streams, segmentation = [], "sentences"
    hyps: list[str] = []
    if units and all(is_translation_file(r) for r in refs):
        from .formats import read_units

        hyps = [doc.text[u.target.start : u.target.end] for u in units]
        for r in refs:
            by_id = {x.id: x.target for x in read_units(r, read_bytes(Source(r, Path(r))))}
            streams.append([by_id.get(u.id, "") for u in units])
        segmentation = "units"
    else:
        texts = []
        for r in refs:
            if is_translation_file(r):
                from .formats import read_units

                texts.append("\n\n".join(x.target for x in read_units(r, read_bytes(Source(r, Path(r))))))
            else:
                texts.append(decode(read_bytes(Source(r, Path(r))), r))
        try:
            hyps, streams = read_segments(doc.text, texts)
        except ValueError as exc:
            raise InputError(f"{doc.path}: {exc}") from None
    return {"references": refs, "segments": len(hyps), "segmentation": segmentation, "scores": corpus_scores(hyps, streams)}
