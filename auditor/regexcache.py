"""Compiled ``regex`` patterns that survive the process: a cold start skips the pattern parser.

The ``regex`` module parses and optimises a pattern in Python (about 1 ms each; a cold
``auditor check`` needs a few hundred) and then hands a flat opcode list to its C core. We keep
the arguments of that last C call on disk (``auditor.cache``, keyed by the ``regex`` and
Python versions) and rebuild the pattern from them directly next time. Anything unexpected
(another ``regex`` release, a cache written by a different build) falls back to
``regex.compile``, so the cache can only make compiling faster, never different.
"""

from __future__ import annotations

import sys
import threading

import regex
from regex import _regex

from . import cache

_LOCK = threading.Lock()
# (pattern, flags) -> arguments of the C-level compile; the patterns this process used are kept first
TABLE = cache.Table("regex", f"{regex.__version__}-py{sys.version_info[0]}{sys.version_info[1]}", limit=5000)


_COMPILED: dict[tuple[str, int], object] = {}  # this process's patterns, as regex's own cache would keep them


def compile(pattern: str, flags: int = 0):  # noqa: A001 - mirrors regex.compile
    """``regex.compile(pattern, flags)``, rebuilt from the on-disk cache when possible."""
    key = (pattern, flags)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = _rebuild(key) or _compile_and_record(pattern, flags)
    return compiled


def _rebuild(key: tuple[str, int]):
    args = TABLE.get(key)
    if args is not None:
        try:
            return _regex.compile(*args)
        except Exception:  # noqa: BLE001 - a stale entry: compile normally
            return None
    return None


def _compile_and_record(pattern: str, flags: int):
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
        TABLE.put((pattern, flags), captured[0])
    return compiled
