"""Batch inputs: directories, globs, JSONL (``{"id","text","source"?,"date"?}``) and Parquet files."""

from __future__ import annotations

import glob
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
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
    origin: str | None = None  # a file's real path: the same file reached by another path is the same article

    def __post_init__(self) -> None:
        self.id = printable(self.id)
        if self.source is not None:
            self.source = printable(self.source)

    @cached_property
    def hash(self) -> str:
        """Content hash: the text and every input that changes the result (format, date; a file's real path or the record's source)."""
        h = hashlib.sha256()
        data = self.data
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        h.update(data or b"")
        h.update(b"\0" + json.dumps([self.fmt, self.date, self.origin or self.source, self.error]).encode())
        return h.hexdigest()[:32]

    def payload(self) -> tuple:
        """What a worker needs: ``worker.check_one``'s tuple, then the content hash."""
        return (self.id, self.data, self.source, self.date, self.fmt, self.error, self.hash)


def printable(value) -> str:
    """``value`` as text that can be written as UTF-8: lone surrogates (an undecodable file name, an
    escaped surrogate in JSON) become ``\\udcxx`` escapes; a number, date or mapping its JSON-ish text."""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    text = value if isinstance(value, str) else str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _is_table(p: Path) -> str | None:
    name = p.name.lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    return None


def missing(inputs: list[str]) -> str | None:
    """The first input that names nothing (no such path, a pattern matching no file), or None."""
    for arg in inputs:
        if not Path(arg).exists() and not _files(arg):
            return f"{arg}: no file matches this pattern" if _is_pattern(arg) else f"{arg}: no such file or directory"
    return None


def _is_pattern(arg: str) -> bool:
    return bool(set("*?[") & set(arg))


def _dir_files(p: Path) -> list[Path]:
    return sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS
                  and not any(part.startswith(".") for part in f.relative_to(p).parts))


def _files(arg: str) -> list[tuple[Path, str]]:
    """(file, article id) for one input: a directory's files are named relative to it (so an id does
    not change when other inputs are added), a file or glob match by its path as given."""
    p = Path(arg)
    if p.is_dir():
        return [(f, str(f.relative_to(p))) for f in _dir_files(p)]
    if p.is_file():
        return [(p, str(p))]
    if _is_pattern(arg):
        return [(Path(f), f) for f in sorted(glob.glob(arg, recursive=True)) if Path(f).is_file()]
    return []


def _unique_files(inputs: list[str], exclude: frozenset[Path]) -> Iterator[tuple[str, Path | None, str]]:
    """(input, file, article id) for every file not met before (nor in ``exclude``), in input order;
    (input, None, "") for an input that yields no file."""
    seen: set[Path] = set(exclude)
    for arg in inputs:
        files = _files(arg)
        if not files:
            yield arg, None, ""
        for f, ident in files:
            real = f.resolve()
            if real not in seen:
                seen.add(real)
                yield arg, f, ident


def expand(inputs: list[str], exclude: frozenset[Path] = frozenset()) -> Iterator[Article]:
    """Articles from every input, in a stable order; problems become error Articles, never exceptions.

    Files in ``exclude`` (the run's own output) are skipped; a table file that cannot be read to
    the end yields the records before the problem, then one error Article naming the file.
    """
    for arg, f, ident in _unique_files(inputs, exclude):
        if f is None:
            empty = Path(arg).is_dir()
            problem = f"{arg}: no .txt, .md or .html files in this directory" if empty else missing([arg])
            yield Article(arg, None, error=problem or f"{arg}: not a file or directory")
            continue
        kind = _is_table(f)
        yield from _table(f, kind) if kind is not None else (_file_article(f, ident),)


def _table(path: Path, kind: str) -> Iterator[Article]:
    try:
        yield from (_jsonl(path) if kind == "jsonl" else _parquet(path))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt or truncated table file is one error record, not the end of the run
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield Article(str(path), None, source=str(path), error=f"{path}: cannot read: {reason}")


def count(inputs: list[str], exclude: frozenset[Path] = frozenset()) -> int | None:
    """How many articles ``expand`` yields, cheaply (lines of JSONL, rows of Parquet, files); None if unknown."""
    n = 0
    for _, f, _ in _unique_files(inputs, exclude):
        kind = None if f is None else _is_table(f)
        try:
            if kind == "jsonl":
                with _open_text(f) as fh:
                    n += sum(1 for line in fh if line.strip())
            elif kind == "parquet":
                import pyarrow.parquet as pq

                n += pq.ParquetFile(f).metadata.num_rows
            else:
                n += 1  # a file, or the error record of an input without one
        except Exception:  # noqa: BLE001 - a count is only for the progress bar; the run reports the problem
            return None
    return n


def _file_article(path: Path, ident: str) -> Article:
    fmt = FORMATS.get(path.suffix.lower(), "txt")
    origin = printable(os.path.realpath(path))
    try:
        return Article(ident, path.read_bytes(), source=str(path), fmt=fmt, origin=origin)
    except OSError as exc:
        return Article(ident, None, source=str(path), fmt=fmt, error=f"{ident}: cannot read: {exc.strerror or exc}", origin=origin)


def _open_text(path: Path):
    if path.name.lower().endswith(".gz"):
        import gzip

        return gzip.open(path, "rt", encoding="utf-8-sig", errors="surrogateescape")
    return path.open(encoding="utf-8-sig", errors="surrogateescape")


def _jsonl(path: Path) -> Iterator[Article]:
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                undecodable = any("\udc80" <= c <= "\udcff" for c in line)  # bytes surrogateescape kept
                bad = "not valid UTF-8" if undecodable else f"invalid JSON ({exc.msg})"
                yield Article(where, None, source=str(path), error=f"{where}: {bad}")
                continue
            yield _record(rec, where, str(path))


def _record(rec, where: str, default_source: str) -> Article:
    if not isinstance(rec, dict):
        return Article(where, None, source=default_source, error=f"{where}: a record needs a 'text' string")
    ident = str(rec.get("id") if rec.get("id") is not None else where)
    source = rec.get("source")  # the record's own (an error record too, so that it names the same article)
    if not isinstance(rec.get("text"), (str, bytes)):
        return Article(ident, None, source=source, error=f"{ident}: a record needs a 'text' string")
    date = rec.get("date")
    fmt = rec.get("format") or "txt"
    if fmt not in ("txt", "md", "html"):
        return Article(ident, None, source=source, error=f"{ident}: unknown format {fmt!r} (txt, md or html)")
    return Article(ident, rec["text"], source=source, date=str(date)[:10] if date else None, fmt=fmt)


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
            yield _record(rec, f"{path}:{row}", str(path))
