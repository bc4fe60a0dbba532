"""On-disk cache for compiled data (glossaries, anchor embeddings), keyed by content hashes."""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__


def cache_dir() -> Path | None:
    """``$AUDITOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/auditor`` or ``~/.cache/auditor``; ``AUDITOR_CACHE_DIR=off`` disables."""
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        return None if env.lower() in ("off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "auditor"


KEEP = 8  # files kept per kind, the most recently used: an edited rule or glossary leaves its old entry behind


def load(kind: str, key: str):
    d = cache_dir()
    if d is None:
        return None
    path = d / f"{kind}-{__version__}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: kept when older entries of its kind are pruned
    return value


def store(kind: str, key: str, value) -> None:
    """Write atomically; a cache that cannot be written is silently skipped."""
    d = cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, d / f"{kind}-{__version__}-{key}.pickle")
        _prune(d, kind)
    except OSError:
        pass


def _prune(d: Path, kind: str) -> None:
    """Delete all but the ``KEEP`` most recently used files of ``kind`` (any version)."""
    def used(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(d.glob(f"{kind}-*.pickle"), key=used, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)


class Table:
    """A dict shared between processes: loaded on first use, saved at exit when it gained entries.

    At most ``limit`` entries are written, those this process used first, so stale ones age out.
    ``key`` (a string, or a function giving one) names the file; a different key starts empty.
    """

    def __init__(self, kind: str, key, limit: int) -> None:
        self.kind, self._key, self.limit = kind, key, limit
        self._data: dict | None = None
        self._used: set = set()
        self._dirty = False

    @property
    def data(self) -> dict:
        if self._data is None:
            if callable(self._key):
                self._key = self._key()
            loaded = load(self.kind, self._key)
            self._data = loaded if isinstance(loaded, dict) else {}
        return self._data

    def get(self, key, default=None):
        self._used.add(key)
        return self.data.get(key, default)

    def put(self, key, value) -> None:
        self.data[key] = value
        self._used.add(key)
        if not self._dirty:
            self._dirty = True
            atexit.register(self.save)

    def save(self) -> None:
        if not self._dirty or self._data is None:
            return
        out = {k: self._data[k] for k in self._used if k in self._data}
        for k, v in self._data.items():
            if len(out) >= self.limit:
                break
            out.setdefault(k, v)
        store(self.kind, self._key, out)
        self._dirty = False

    def reset(self) -> None:
        """Forget what is in memory, as a new process would (tests)."""
        self._data, self._used, self._dirty = None, set(), False
