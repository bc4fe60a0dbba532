"""Baseline files: record today's findings so that ``check --baseline`` reports only new ones.

A finding is keyed by its rule, a hash of the flagged text and a hash of its sentence (whitespace
folded), never by offsets, so edits elsewhere in an article do not make old findings look new.
Keys are counted per article; an article the baseline does not name (renamed, moved) is matched
against the counts of every article.
"""

from __future__ import annotations

import hashlib
import json
import os
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from pathlib import Path

from . import regexcache
from .errors import ConfigError

SCHEMA = "auditor-baseline/1"
_WS = regexcache.compile(r"\s+")


def _hash(text: str) -> str:
    return hashlib.sha256(_WS.sub(" ", text).strip().encode("utf-8")).hexdigest()[:16]


def _text_offset(doc, raw_offset: int) -> int:
    """Invert the document's text→raw offset map (approximately, for markup)."""
    om = doc.offsets
    if om is None or not om.pieces:
        return raw_offset
    raw_starts = [p[1] for p in om.pieces]
    i = max(bisect_right(raw_starts, raw_offset) - 1, 0)
    t, r, tn, rn = om.pieces[i]
    return t + min(max(raw_offset - r, 0), tn) if tn == rn else t


def sentence_text(doc, finding) -> str:
    s = doc.sentence_at(_text_offset(doc, finding.start))
    if s is not None:
        return doc.text[s.start : s.end]
    lo = doc.raw.rfind("\n", 0, finding.start) + 1
    hi = doc.raw.find("\n", finding.end)
    return doc.raw[lo : len(doc.raw) if hi < 0 else hi]


def key(doc, finding) -> str:
    return f"{finding.rule}:{_hash(finding.text)}:{_hash(sentence_text(doc, finding))}"


def _rel(path: str, base: Path) -> str:
    if path in ("-", "<string>"):
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def build(entries: list[tuple[object, list]], out: Path) -> dict:
    """The baseline for (document, findings) pairs; paths are stored relative to ``out``'s folder."""
    base = out.parent
    files: dict[str, dict[str, int]] = {}
    for doc, findings in entries:
        counts = Counter(key(doc, f) for f in findings)
        if counts:
            files[_rel(doc.path, base)] = dict(sorted(counts.items()))
    return {"schema": SCHEMA, "files": dict(sorted(files.items()))}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


@lru_cache(maxsize=8)
def _load(path: str, _mtime: int, _size: int) -> tuple[dict[str, Counter], Counter]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}:{getattr(exc, 'lineno', 1)}: not a baseline file (invalid JSON)") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("files"), dict):
        raise ConfigError(f"{path}:1: not a baseline file (expected schema {SCHEMA!r})")
    per_file: dict[str, Counter] = {}
    total: Counter = Counter()
    for name, counts in data["files"].items():
        if not isinstance(counts, dict) or not all(isinstance(v, int) for v in counts.values()):
            raise ConfigError(f"{path}:1: baseline entry for {name!r} must map keys to counts")
        per_file[name] = Counter(counts)
        total.update(counts)
    return per_file, total


def load(path: str | Path) -> tuple[dict[str, Counter], Counter]:
    p = Path(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    return _load(str(p), st.st_mtime_ns, st.st_size)


def filter_new(baseline_path: str | Path, doc, findings: list) -> list:
    """Findings not in the baseline (the first N occurrences of a key recorded N times are known)."""
    per_file, total = load(baseline_path)
    known = per_file.get(_rel(doc.path, Path(baseline_path).parent))
    budget = Counter(known if known is not None else total)
    new = []
    for f in findings:
        k = key(doc, f)
        if budget[k] > 0:
            budget[k] -= 1
        else:
            new.append(f)
    return new
