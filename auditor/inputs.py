"""Expand CLI inputs (paths, globs, directories, ``-``) and decode them into Documents."""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .document import FORMATS, Document
from .errors import InputError

DEFAULT_MAX_BYTES = 10_000_000
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Source:
    """One input to check: a file path or standard input."""

    name: str
    path: Path | None = None

    @property
    def format(self) -> str:
        if self.path is None:
            return "txt"
        return FORMATS.get(self.path.suffix.lower(), "txt")


def expand(args: list[str]) -> Iterator[Source | InputError]:
    """Yield a Source per file, or an InputError for an argument that names nothing readable."""
    seen: set[Path] = set()
    for arg in args:
        if arg == "-":
            yield Source("-")
            continue
        p = Path(arg)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS and not _hidden(f, p))
            if not files:
                yield InputError(f"{arg}: no .txt, .md or .html files in this directory")
            yield from _unique(files, seen)
        elif p.exists():
            yield from _unique([p], seen)
        elif _GLOB_CHARS & set(arg):
            files = sorted(Path(f) for f in glob.glob(arg, recursive=True) if Path(f).is_file())
            if not files:
                yield InputError(f"{arg}: no file matches this pattern")
            yield from _unique(files, seen)
        else:
            yield InputError(f"{arg}: no such file or directory")


def _hidden(f: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in f.relative_to(root).parts)


def _unique(files: list[Path], seen: set[Path]) -> Iterator[Source]:
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            yield Source(str(f), f)


def read_bytes(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    try:
        if source.path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            size = source.path.stat().st_size
            if size > max_bytes:
                raise InputError(
                    f"{source.name}: file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit (raise it with --max-size)"
                )
            data = source.path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source.name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(f"{source.name}: input is over the {max_bytes / 1e6:.1f} MB limit (raise it with --max-size)")
    return data


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM stripped); binary or undecodable input is an InputError naming the byte offset."""
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise InputError(f"{name}: binary file (NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 at byte offset {exc.start}") from None
    return text[1:] if text.startswith("\ufeff") else text


def load(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES, date=None, outlet=None) -> Document:
    text = decode(read_bytes(source, max_bytes), source.name)
    return Document.from_string(text, path=source.name, fmt=source.format, date=date, outlet=outlet)
