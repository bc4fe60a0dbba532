"""Compiled ``regex`` patterns that survive the process: a cold start skips the pattern parser.

The ``regex`` module parses and optimises a pattern in Python (about 1 ms each; a cold
``auditor check`` needs a few hundred) and then hands a flat opcode list to its C core. We keep
the arguments of that last C call on disk (``auditor.cache``, keyed by the ``regex`` and
Python versions) and rebuild the pattern from them directly next time. Anything unexpected
(another ``regex`` release, a cache written by a different build) falls back to
``regex.compile``, so the cache can only make compiling faster, never different.
"""

from __future__ import annotations

import atexit
import sys
import threading

import regex
from regex import _regex

_LOCK = threading.Lock()
_TABLE: dict | None = None
_DIRTY = False
_USED: set = set()  # keys compiled or rebuilt in this process
MAX_ENTRIES = 5000
_KEY = f"{regex.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"


def _table() -> dict:
    global _TABLE
    if _TABLE is None:
        from . import cache

        _TABLE = cache.load_table("regex", _KEY)
    return _TABLE


def compile(pattern: str, flags: int = 0):  # noqa: A001 - mirrors regex.compile
    """``regex.compile(pattern, flags)``, rebuilt from the on-disk cache when possible."""
    table = _table()
    args = table.get((pattern, flags))
    _USED.add((pattern, flags))
    if args is not None:
        try:
            return _regex.compile(*args)
        except Exception:  # noqa: BLE001 - a stale entry: compile normally below
            pass
    return _compile_and_record(pattern, flags, table)


def _compile_and_record(pattern: str, flags: int, table: dict):
    global _DIRTY
    captured: list[tuple] = []
    real = _regex.compile

    def spy(*args):
        captured.append(args)
        return real(*args)

    with _LOCK:
        _regex.compile = spy
        try:
            compiled = regex.compile(pattern, flags, cache_pattern=False)
        finally:
            _regex.compile = real
    if len(captured) == 1 and captured[0][0] == pattern:
        table[(pattern, flags)] = captured[0]
        if not _DIRTY:
            _DIRTY = True
            atexit.register(save)
    return compiled


def save() -> None:
    """Write patterns compiled in this process for the next one (also run at exit).

    Keeps at most MAX_ENTRIES: the ones this process used first, so patterns of edited rules age out.
    """
    global _DIRTY
    if _DIRTY and _TABLE is not None:
        from . import cache

        cache.store_table("regex", _KEY, _TABLE, _USED, MAX_ENTRIES)
        _DIRTY = False
