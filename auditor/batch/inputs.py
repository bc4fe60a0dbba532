"""Batch inputs: directories, globs, JSONL (``{"id","text","source"?,"date"?}``) and Parquet files."""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..document import FORMATS
from ..errors import InputError


@dataclass
class Article:
    """One unit of batch work. ``data`` is raw bytes (files) or text (JSONL/Parquet)."""

    id: str
    data: bytes | str | None
    source: str | None = None
    date: str | None = None
    fmt: str = "txt"
    error: str | None = None  # an input problem found before checking (unreadable line…)

    @property
    def hash(self) -> str:
        """Content hash: the text and every input that changes the result (format, date, source)."""
        h = hashlib.sha256()
        data = self.data
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        h.update(data or b"")
        h.update(b"\0" + json.dumps([self.fmt, self.date, self.source, self.error]).encode())
        return h.hexdigest()[:32]

    def payload(self) -> tuple:
        return (self.id, self.data, self.source, self.date, self.fmt, self.error)


def _is_table(p: Path) -> str | None:
    name = p.name.lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    return None


def expand(inputs: list[str]) -> Iterator[Article]:
    """Articles from every input, in a stable order; problems become error Articles, never exceptions."""
    seen: set[Path] = set()
    for arg in inputs:
        p = Path(arg)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not files:
                yield Article(arg, None, error=f"{arg}: no .txt, .md or .html files in this directory")
            for f in files:
                if f.resolve() not in seen:
                    seen.add(f.resolve())
                    yield _file_article(f, str(f.relative_to(p)) if len(inputs) == 1 else str(f))
        elif p.is_file():
            kind = _is_table(p)
            if kind == "jsonl":
                yield from _jsonl(p)
            elif kind == "parquet":
                yield from _parquet(p)
            elif p.resolve() not in seen:
                seen.add(p.resolve())
                yield _file_article(p, str(p))
        elif set("*?[") & set(arg):
            files = sorted(Path(f) for f in glob.glob(arg, recursive=True) if Path(f).is_file())
            if not files:
                yield Article(arg, None, error=f"{arg}: no file matches this pattern")
            for f in files:
                kind = _is_table(f)
                if kind == "jsonl":
                    yield from _jsonl(f)
                elif kind == "parquet":
                    yield from _parquet(f)
                elif f.resolve() not in seen:
                    seen.add(f.resolve())
                    yield _file_article(f, str(f))
        else:
            yield Article(arg, None, error=f"{arg}: no such file or directory")


def count(inputs: list[str]) -> int | None:
    """Number of articles, cheaply (lines of JSONL, rows of Parquet, files); None if unknown."""
    n = 0
    for arg in inputs:
        p = Path(arg)
        paths = [p] if p.is_file() else sorted(Path(f) for f in glob.glob(arg, recursive=True)) if set("*?[") & set(arg) else []
        if p.is_dir():
            n += sum(1 for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS)
            continue
        for f in paths:
            kind = _is_table(f)
            if kind == "jsonl":
                with _open_text(f) as fh:
                    n += sum(1 for line in fh if line.strip())
            elif kind == "parquet":
                try:
                    import pyarrow.parquet as pq

                    n += pq.ParquetFile(f).metadata.num_rows
                except Exception:  # noqa: BLE001 - a count is only for the progress bar
                    return None
            else:
                n += 1
    return n


def _file_article(path: Path, ident: str) -> Article:
    fmt = FORMATS.get(path.suffix.lower(), "txt")
    try:
        return Article(ident, path.read_bytes(), source=str(path), fmt=fmt)
    except OSError as exc:
        return Article(ident, None, source=str(path), fmt=fmt, error=f"{ident}: cannot read: {exc.strerror or exc}")


def _open_text(path: Path):
    if path.name.lower().endswith(".gz"):
        import gzip

        return gzip.open(path, "rt", encoding="utf-8", errors="surrogateescape")
    return path.open(encoding="utf-8", errors="surrogateescape")


def _jsonl(path: Path) -> Iterator[Article]:
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{lineno}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                bad = "not valid UTF-8" if max(line) >= "\udc80" else f"invalid JSON ({exc.msg})"
                yield Article(where, None, source=str(path), error=f"{where}: {bad}")
                continue
            yield _record(rec, where, str(path))


def _record(rec, where: str, default_source: str) -> Article:
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), (str, bytes)):
        ident = str(rec.get("id", where)) if isinstance(rec, dict) else where
        return Article(ident, None, source=default_source, error=f"{ident}: a record needs a 'text' string")
    ident = str(rec.get("id") if rec.get("id") is not None else where)
    date = rec.get("date")
    fmt = rec.get("format") or "txt"
    if fmt not in ("txt", "md", "html"):
        return Article(ident, None, source=default_source, error=f"{ident}: unknown format {fmt!r} (txt, md or html)")
    return Article(ident, rec["text"], source=rec.get("source"), date=str(date)[:10] if date else None, fmt=fmt)


def _parquet(path: Path) -> Iterator[Article]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f'{path}: reading Parquet needs pyarrow: pip install "auditor[batch]"') from None
    pf = pq.ParquetFile(path)
    row = 0
    for batch in pf.iter_batches(batch_size=1024):
        for rec in batch.to_pylist():
            row += 1
            yield _record(rec, f"{path.name}:{row}", str(path))
