"""YAML reading with line numbers for error messages (libyaml when available)."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import yaml

from .. import cache

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


PARSED = cache.Table("yaml", f"1-{yaml.__version__}", limit=4000)  # content hash -> pickled parse


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
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlFileError(path, line, f"invalid YAML: {problem}") from None
    PARSED.put(key, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return data


def line_of(text: str, keys: tuple) -> int:
    """1-based line of the node at ``keys`` (mapping keys / list indexes), best effort."""
    try:
        node = yaml.compose(text, Loader=_Loader)
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
