"""On-disk cache for compiled data (glossaries, anchor embeddings), keyed by content hashes."""

from __future__ import annotations

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


def load(kind: str, key: str):
    d = cache_dir()
    if d is None:
        return None
    path = d / f"{kind}-{__version__}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return None


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
    except OSError:
        pass


def load_table(kind: str, key: str) -> dict:
    """A cached dict, or an empty one."""
    loaded = load(kind, key)
    return loaded if isinstance(loaded, dict) else {}


def store_table(kind: str, key: str, table: dict, first, limit: int) -> None:
    """Store ``table`` cut to ``limit`` entries, keeping the keys in ``first`` (this process's) first."""
    out = {k: table[k] for k in first if k in table}
    for k, v in table.items():
        if len(out) >= limit:
            break
        out.setdefault(k, v)
    store(kind, key, out)
