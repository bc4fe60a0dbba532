"""Batch output: an append-only JSONL journal (flush + fsync per chunk), optionally turned into Parquet.

Resuming reads the records already there; a torn last line (a run killed mid-write) is cut off.
For ``--out x.parquet`` the journal is ``x.parquet.partial.jsonl`` and the Parquet file is written
atomically (temporary file + rename) when the run completes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import InputError


def key(record: dict) -> tuple[str, str, str]:
    """What a record is the result of: (article id, content hash, signature)."""
    return record.get("id", ""), record.get("hash", ""), record.get("signature", "")


def latest(records: list[dict]) -> list[dict]:
    """One record per ``key``, the last one written, in the order each first appeared."""
    out: dict = {}
    for r in records:
        out[key(r)] = r
    return list(out.values())


_START = b'{"id": '  # how every result line starts (the worker puts the id first)


def encode(record: dict) -> bytes:
    """One output line. backslashreplace: a lone surrogate that slipped into a message is written as its
    JSON escape, never a crash."""
    return json.dumps(record, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n"


def brief(record: dict) -> dict:
    """What a run keeps of a result in memory (resume keys and the summary), not its findings."""
    tally: dict = {}
    for f in record.get("findings") or ():
        k = (f.get("category"), f.get("severity"))
        tally[k] = tally.get(k, 0) + 1
    return {"id": record.get("id", ""), "hash": record.get("hash", ""), "signature": record.get("signature", ""),
            "error": record.get("error"), "score": record.get("score"), "tally": tally}


def _result(line: bytes) -> dict | None:
    """The batch result on one line, or None when the line is something else."""
    try:
        rec = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    ok = isinstance(rec, dict) and all(isinstance(rec.get(k), str) for k in ("id", "hash", "signature"))
    return rec if ok else None


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``.<out>.lock`` for a whole run; another run on the same output is refused."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fh = path.open("a+b")
        if not _try_lock(fh):
            fh.close()
            raise InputError(f"{out}: another auditor batch run is writing it (lock file {path}); wait for it or use another --out")
        try:
            same = os.stat(path).st_ino == os.fstat(fh.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        fh.close()  # the previous holder removed the file just before we locked it: lock the new one
    try:
        yield
    finally:
        with suppress(OSError):
            path.unlink()  # before unlocking, so that a waiting run sees a fresh file
        fh.close()


def lock_path(out: Path) -> Path:
    return out.with_name("." + out.name + ".lock")  # hidden: globs and folder inputs pass it by


def _try_lock(fh) -> bool:
    """False when another process holds the lock; True when it is ours, or when the file system has no locks."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:  # held by another process
            return False
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:  # held by another process
        return False
    except OSError:  # no locking on this file system (some network mounts): run unlocked
        return True


class Journal:
    """The output journal; ``briefs`` holds a ``brief`` of every result in it, read or appended."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.briefs: list[dict] = []
        self.truncated = 0
        if path.exists():
            self._recover()
        self._fh = None

    def _recover(self) -> None:
        """Read the results already written; refuse a file that holds anything else, before touching it."""
        data = self.path.read_bytes()
        end = data.rfind(b"\n") + 1
        for lineno, line in enumerate(data[:end].splitlines(), 1):
            if not line.strip():
                continue
            rec = _result(line)
            if rec is None:
                raise InputError(f"{self.path}:{lineno}: not a batch result line; refusing to append to it")
            self.briefs.append(brief(rec))
        tail = data[end:]
        if tail.strip():
            if not (tail.startswith(_START) or _START.startswith(tail)):  # a result line starts so: someone else's text
                lineno = data.count(b"\n", 0, end) + 1
                raise InputError(f"{self.path}:{lineno}: not a batch result line; refusing to append to it")
            self.truncated = len(tail)  # torn last line of an interrupted run: dropped (it is re-checked)
            with self.path.open("r+b") as fh:
                fh.truncate(end)
                fh.flush()
                os.fsync(fh.fileno())

    def append(self, lines: list[bytes], briefs: list[dict]) -> None:
        """Append encoded result lines (``encode``) and flush them to disk."""
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("ab")
        self._fh.write(b"".join(lines))
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.briefs.extend(briefs)

    def results(self) -> list[dict]:
        """Every result in the journal, whole (read back from disk)."""
        if not self.path.exists():
            return []
        with self.path.open("rb") as fh:
            return [r for r in map(_result, fh) if r is not None]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


PARQUET_COLUMNS = ("id", "hash", "signature", "path", "source", "language", "words", "penalty", "quality", "passed",
                   "findings_count", "error", "note", "report")


def read_parquet(path: Path) -> list[dict]:
    """The records of a Parquet file ``auditor batch`` wrote (its ``report`` column)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=["report"])
        return [json.loads(r) for r in table.column("report").to_pylist()]
    except (pa.ArrowException, ValueError, KeyError, TypeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: not a Parquet file of batch results ({first}); move it away or choose another --out") from None


def write_parquet(path: Path, records: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = {c: [] for c in PARQUET_COLUMNS}
    for r in records:
        score = r.get("score") or {}
        rows["id"].append(str(r.get("id")))
        rows["hash"].append(r.get("hash"))
        rows["signature"].append(r.get("signature"))
        rows["path"].append(r.get("path"))
        rows["source"].append(r.get("source"))
        rows["language"].append(r.get("language"))
        rows["words"].append(score.get("words"))
        rows["penalty"].append(score.get("penalty"))
        rows["quality"].append(score.get("quality"))
        rows["passed"].append(score.get("passed"))
        rows["findings_count"].append(len(r.get("findings") or ()))
        rows["error"].append(r.get("error"))
        rows["note"].append(r.get("note"))
        rows["report"].append(json.dumps(r, ensure_ascii=False))
    schema = pa.schema([
        ("id", pa.string()), ("hash", pa.string()), ("signature", pa.string()), ("path", pa.string()),
        ("source", pa.string()), ("language", pa.string()), ("words", pa.int64()), ("penalty", pa.float64()),
        ("quality", pa.float64()), ("passed", pa.bool_()), ("findings_count", pa.int64()), ("error", pa.string()),
        ("note", pa.string()), ("report", pa.string()),
    ])
    table = pa.table(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
