"""YAML reading with line numbers for error messages (libyaml when available)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
from functools import lru_cache
from pathlib import Path

from .. import cache


@lru_cache(maxsize=1)
def _yaml():
    """(yaml module, fastest safe loader): imported only when a file is not in the cache (~20 ms)."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parser_key() -> str:
    """Names the installed PyYAML without importing it: its ``__init__.py`` changes on every upgrade."""
    spec = importlib.util.find_spec("yaml")
    try:
        return f"2-{os.stat(spec.origin).st_mtime_ns}" if spec and spec.origin else "2"
    except OSError:
        return "2"


PARSED = cache.Table("yaml", _parser_key, limit=4000)  # content hash -> pickled parse


class YamlFileError(Exception):
    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


def read_text(path: Path | str) -> str:
    """A data file's text (UTF-8, BOM stripped); failures become ``file:1: cannot read: …``."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlFileError(str(path), 1, f"cannot read: {exc}") from None


def read_yaml(path: Path | str, text: str | None = None):
    """Parse a YAML file; syntax errors become ``file:line: problem``."""
    path = str(path)
    if text is None:
        text = read_text(path)
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    cached = PARSED.get(key)
    if cached is not None:
        return pickle.loads(cached)  # a fresh copy: callers may change what they get
    yaml, loader = _yaml()
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlFileError(path, line, f"invalid YAML: {problem}") from None
    PARSED.put(key, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return data


def line_of(text: str, keys: tuple) -> int:
    """1-based line of the node at ``keys`` (mapping keys / list indexes), best effort."""
    yaml, loader = _yaml()
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return 1
    line = node.start_mark.line + 1 if node else 1
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line
