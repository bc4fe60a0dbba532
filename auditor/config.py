"""Configuration: ``auditor.toml`` or ``[tool.auditor]`` in ``pyproject.toml``, found upward from a file.

Every value remembers where it came from (``default``, ``FILE:LINE`` or ``command line``), so
``auditor config show`` can explain the effective configuration. Errors are ``FILE:LINE: problem``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AuditorError, ConfigError
from .findings import Severity

CONFIG_FILES = ("auditor.toml", "pyproject.toml")  # in one folder auditor.toml wins
LEVELS = tuple(s.label for s in Severity)
FAIL_ON = (*LEVELS, "never")
DEFAULT_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 25.0}
COMMAND_LINE = "command line"
DEFAULT = "default"

# key: (kind, default, help)
KEYS: dict[str, tuple[str, Any, str]] = {
    "lang_pair": ("str", "auto", "language pair, e.g. ru-en; auto uses every *-en pack"),
    "rules": ("ids", [], "only these packs, rule ids or id prefixes (empty: all)"),
    "disable": ("ids", [], "rule ids or id prefixes to turn off"),
    "severity": ("severity", {}, "severity overrides: rule id or prefix = minor|major|critical"),
    "glossaries": ("paths", [], "house glossary files or folders (relative to the config file)"),
    "rule_dirs": ("paths", [], "extra rule pack directories (relative to the config file)"),
    "threshold": ("number", 80.0, "quality at or above which an article passes the gate"),
    "weights": ("weights", dict(DEFAULT_WEIGHTS), "penalty per finding, by severity"),
    "date": ("date", None, "publication date for articles without front matter: YYYY-MM-DD or today"),
    "format": ("format", "terminal", "output format"),
    "fail_on": ("fail_on", "major", "exit 1 when a finding is at or above this severity (or never)"),
    "min_severity": ("level", "minor", "report only findings at or above this severity"),
    "gate": ("bool", False, "exit 1 when an article's quality is below the threshold or it has a critical finding"),
    "grammar": ("bool", False, 'run the parser-based grammar checks (pip install "auditor[grammar]")'),
    "neural": ("bool", False, 'match calque rules\' anchors semantically (pip install "auditor[neural]")'),
}


@dataclass
class Config:
    """Effective settings and their origins; ``path`` is the config file used (None: defaults only)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=lambda: {k: _copy(v[1]) for k, v in KEYS.items()})
    origins: dict[str, str] = field(default_factory=lambda: dict.fromkeys(KEYS, DEFAULT))
    # per-entry origins of the table-valued settings: ("severity", "ru-en.x") -> "auditor.toml:7"
    entry_origins: dict[tuple[str, str], str] = field(default_factory=dict)

    def origin(self, key: str, entry: str | None = None) -> str:
        if entry is not None and (key, entry) in self.entry_origins:
            return self.entry_origins[(key, entry)]
        if entry is not None and key == "weights":  # a weight the table did not set
            return DEFAULT
        return self.origins[key]

    def options(self, **extra):
        """Engine Options for these settings; ``extra`` adds CLI-only ones (outlet, optional, baseline)."""
        from .document import parse_date
        from .engine import Options

        date = self.values["date"]
        if date is not None:
            try:
                date = parse_date(date, "date")
            except AuditorError as exc:
                raise ConfigError(f"{self.origin('date')}: {exc}") from None
        weights = self.values["weights"]
        optional = frozenset(extra.pop("optional", frozenset())) | ({"grammar"} if self.values["grammar"] else frozenset())
        extra["neural"] = bool(extra.get("neural")) or bool(self.values["neural"])
        return Options(
            optional=optional,
            lang_pair=self.values["lang_pair"],
            rules=tuple(self.values["rules"]),
            rule_dirs=tuple(self.values["rule_dirs"]),
            min_severity=Severity.parse(self.values["min_severity"]),
            date=date,
            threshold=float(self.values["threshold"]),
            glossaries=tuple(self.values["glossaries"]),
            disable=tuple(self.values["disable"]),
            severity=tuple(sorted(self.values["severity"].items())),
            weights=(float(weights["minor"]), float(weights["major"]), float(weights["critical"])),
            **extra,
        )


def _copy(value):
    return dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list) else value


# -- discovery --------------------------------------------------------------------------------
def discover(start: Path) -> tuple[Path, dict, str] | None:
    """The nearest config file at or above ``start`` (a file or folder): (path, table, table name)."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for d in (folder, *folder.parents):
        for name in CONFIG_FILES:
            p = d / name
            if p.is_file():
                data = _parse(p)
                if name == "auditor.toml":
                    return p, data, ""
                table = data.get("tool", {}).get("auditor") if isinstance(data.get("tool"), dict) else None
                if table is not None:
                    return p, table, "tool.auditor"
    return None


def _parse(path: Path) -> dict:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 at byte offset {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = m.group(1) if m else str(max(path.read_text(encoding="utf-8").count("\n"), 1))
        raise ConfigError(f"{path}:{line}: invalid TOML: {re.sub(r' ?[(]at line.*[)]', '', msg)}") from None


def load_file(path: Path) -> tuple[Path, dict, str]:
    """A config file named with --config: auditor.toml (whole file) or pyproject.toml ([tool.auditor])."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    data = _parse(path)
    if path.name == "pyproject.toml" or "tool" in data and "auditor" in data.get("tool", {}):
        table = data.get("tool", {}).get("auditor")
        if table is None:
            raise ConfigError(f"{path}:1: no [tool.auditor] table")
        return path.resolve(), table, "tool.auditor"
    return path.resolve(), data, ""


# -- line numbers -----------------------------------------------------------------------------
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def _norm_table(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', name))


class _Lines:
    """Best-effort line numbers for keys (tomllib keeps none)."""

    def __init__(self, path: Path, table: str) -> None:
        self.path = path
        self.table = table
        try:
            self.lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            self.lines = []

    def _sections(self):
        current = ""
        for n, line in enumerate(self.lines, 1):
            m = _HEADER.match(line)
            if m:
                current = _norm_table(m.group(1))
                yield n, current, None
            else:
                yield n, current, line

    def find(self, key: str, entry: str | None = None) -> str:
        full = f"{self.table}.{key}" if self.table else key
        key_re = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*[=.]")
        header_line = key_line = None
        for n, table, line in self._sections():
            if line is None:
                if table == full and header_line is None:
                    header_line = n
                continue
            if entry is not None and table == full and entry in line:
                return f"{self.path}:{n}"
            if table == self.table and key_re.match(line):
                if entry is None:
                    return f"{self.path}:{n}"
                if key_line is None:
                    key_line = n
                if entry in line:
                    return f"{self.path}:{n}"
        n = key_line or header_line
        if n is None:  # a multi-line value: search for the entry anywhere
            n = next((i for i, line in enumerate(self.lines, 1) if entry and entry in line), 1)
        return f"{self.path}:{n}"


# -- validation -------------------------------------------------------------------------------
def _is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _check(key: str, value, where: str, base: Path | None, formats: tuple[str, ...]):
    """Validate one value (from a file or the command line) and normalise it."""
    kind = KEYS[key][0]

    def bad(problem: str) -> ConfigError:
        return ConfigError(f"{where}: {key}: {problem}")

    if kind in ("str", "format", "fail_on", "level"):
        if not isinstance(value, str):
            raise bad(f"expected a string, got {type(value).__name__}")
        choices = {"format": formats, "fail_on": FAIL_ON, "level": LEVELS}.get(kind)
        if choices and value not in choices:
            raise bad(f"{value!r} is not one of {', '.join(choices)}")
        return value
    if kind in ("ids", "paths"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise bad("expected a list of strings")
        if kind == "paths" and base is not None:
            value = [str(base / v) if not Path(v).is_absolute() else v for v in value]
        return list(value)
    if kind == "number":
        if not _is_number(value):
            raise bad(f"expected a number, got {type(value).__name__}")
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad(f"expected true or false, got {type(value).__name__}")
        return value
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if not isinstance(value, str):
            raise bad(f"expected YYYY-MM-DD or 'today', got {type(value).__name__}")
        from .document import parse_date

        try:
            parse_date(value)
        except AuditorError:
            raise bad(f"{value!r} is not a date (use YYYY-MM-DD or 'today')") from None
        return value
    raise AssertionError(kind)  # tables are validated by the caller


class Resolver:
    """Finds, validates and caches configurations; builds one Auditor per configuration."""

    def __init__(
        self,
        overrides: dict[str, Any] | None = None,
        *,
        config: Path | None = None,
        no_config: bool = False,
        formats: tuple[str, ...] | None = None,
        **extra,
    ) -> None:
        if formats is None:
            from .report import FORMATS

            formats = tuple(FORMATS)
        self.formats = formats
        self.overrides = dict(overrides or {})
        self.forced = load_file(config) if config is not None else None
        self.no_config = no_config
        self.extra = extra  # CLI-only Options fields (outlet, optional, baseline)
        self._configs: dict[Path | None, Config] = {}
        self._auditors: dict[Path | None, Any] = {}
        self._known: dict[tuple, frozenset[str]] = {}

    def _found(self, anchor: Path | None):
        if self.no_config:
            return None
        if self.forced is not None:
            return self.forced
        return discover(anchor if anchor is not None else Path.cwd())

    def config_for(self, anchor: Path | None) -> Config:
        """The effective configuration for a file or folder (None: standard input, from the cwd)."""
        found = self._found(anchor)
        path = found[0] if found else None
        if path not in self._configs:
            self._configs[path] = self._build(found)
        return self._configs[path]

    def auditor_for(self, anchor: Path | None):
        config = self.config_for(anchor)
        if config.path not in self._auditors:
            from .engine import Auditor

            self._auditors[config.path] = Auditor(config.options(**self.extra))
        return self._auditors[config.path]

    def _build(self, found) -> Config:
        cfg = Config()
        if found is not None:
            path, table, table_name = found
            cfg.path = path
            lines = _Lines(path, table_name)
            if not isinstance(table, dict):
                raise ConfigError(f"{lines.find('')}: [tool.auditor] must be a table")
            for key, value in table.items():
                where = lines.find(key)
                if key not in KEYS:
                    close = [k for k in KEYS if k.replace("_", "") == key.replace("_", "").replace("-", "")]
                    hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(KEYS)})"
                    raise ConfigError(f"{where}: unknown key {key!r}{hint}")
                self._set(cfg, key, value, where, path.parent, lines)
        for key, value in self.overrides.items():
            self._set(cfg, key, value, COMMAND_LINE, None, None)
        self._validate_rules(cfg)
        return cfg

    def _set(self, cfg: Config, key: str, value, where: str, base: Path | None, lines: _Lines | None) -> None:
        kind = KEYS[key][0]
        if kind == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: severity: expected a table of rule = minor|major|critical")
            out = {}
            for rule, level in value.items():
                w = lines.find(key, rule) if lines else where
                if not isinstance(level, str) or level.lower() not in LEVELS:
                    raise ConfigError(f"{w}: severity: {level!r} for {rule!r} is not one of {', '.join(LEVELS)}")
                out[rule] = level.lower()
                cfg.entry_origins[(key, rule)] = w
            cfg.values[key] = out
        elif kind == "weights":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: weights: expected a table of minor/major/critical = number")
            out = dict(DEFAULT_WEIGHTS)
            for level, weight in value.items():
                w = lines.find(key, level) if lines else where
                if level not in LEVELS:
                    raise ConfigError(f"{w}: weights: unknown severity {level!r} (use {', '.join(LEVELS)})")
                if not _is_number(weight) or weight < 0:
                    raise ConfigError(f"{w}: weights: {level} must be a number >= 0")
                out[level] = float(weight)
                cfg.entry_origins[(key, level)] = w
            cfg.values[key] = out
        else:
            cfg.values[key] = _check(key, value, where, base, self.formats)
        cfg.origins[key] = where

    def _validate_rules(self, cfg: Config) -> None:
        """Rule prefixes named in the file must name some rule (the command line is checked by the engine)."""
        named = [(k, r) for k in ("rules", "disable") for r in cfg.values[k] if cfg.origins[k] != COMMAND_LINE]
        named += [("severity", r) for r in cfg.values["severity"] if cfg.origin("severity", r) != COMMAND_LINE]
        if not named:
            return
        sig = (cfg.values["lang_pair"], tuple(cfg.values["rule_dirs"]))
        if sig not in self._known:
            from .policy import known_rule_ids

            try:
                self._known[sig] = known_rule_ids(_Sig(*sig))
            except AuditorError as exc:
                raise ConfigError(f"{cfg.origin('lang_pair')}: {exc}") from None
        known = self._known[sig]
        from .policy import matches

        for key, prefix in named:
            if not any(matches(r, (prefix,)) for r in known):
                where = cfg.origin(key, prefix) if key == "severity" else _entry_line(cfg, key, prefix)
                raise ConfigError(f"{where}: {key}: unknown rule or rule prefix {prefix!r} (see `auditor rules`)")


@dataclass(frozen=True)
class _Sig:
    lang_pair: str
    rule_dirs: tuple[str, ...]


def _entry_line(cfg: Config, key: str, entry: str) -> str:
    origin = cfg.origins[key]
    if cfg.path is None or origin in (DEFAULT, COMMAND_LINE):
        return origin
    lines = cfg.path.read_text(encoding="utf-8").splitlines()
    start = int(origin.rsplit(":", 1)[1])
    for n in range(start, min(len(lines), start + 200) + 1):
        if f'"{entry}"' in lines[n - 1] or f"'{entry}'" in lines[n - 1]:
            return f"{cfg.path}:{n}"
    return origin


# -- command line -----------------------------------------------------------------------------
# CLI parameter name -> config key
CLI_KEYS = {
    "fmt": "format",
    "fail_on": "fail_on",
    "min_severity": "min_severity",
    "rules": "rules",
    "disable": "disable",
    "rule_dir": "rule_dirs",
    "lang_pair": "lang_pair",
    "date": "date",
    "glossary": "glossaries",
    "gate": "gate",
    "threshold": "threshold",
    "severity": "severity",
}


def cli_overrides(ctx, params: dict[str, Any]) -> dict[str, Any]:
    """Config values given on the command line (not left at their defaults)."""
    out: dict[str, Any] = {}
    for name, key in CLI_KEYS.items():
        if name not in params:
            continue
        source = ctx.get_parameter_source(name)  # typer may vendor click: compare enum names
        if source is None or getattr(source, "name", str(source)) in ("DEFAULT", "DEFAULT_MAP"):
            continue
        value = params[name]
        if value is None:
            continue
        if hasattr(value, "value"):  # an enum
            value = value.value
        elif isinstance(value, list | tuple):
            value = [str(v.value if hasattr(v, "value") else v) for v in value]
        if key == "severity":
            value = _parse_severity_flags(value)
        out[key] = value
    return out


def _parse_severity_flags(values: list[str]) -> dict[str, str]:
    out = {}
    for item in values:
        rule, sep, level = item.partition("=")
        if not sep or not rule.strip():
            raise ConfigError(f"--severity: expected RULE=LEVEL, got {item!r}")
        out[rule.strip()] = level.strip()
    return out


def anchor_of(paths: list[str]) -> Path | None:
    """Where run-wide settings (format, fail_on, gate) are discovered from: the first path, or the cwd."""
    for p in paths:
        if p != "-" and Path(p).exists():
            return Path(p)
        break
    return None


# -- show -------------------------------------------------------------------------------------
def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if value is None:
        return '""'
    import json

    return json.dumps(str(value), ensure_ascii=False)


def show(cfg: Config, target: str) -> str:
    """The effective configuration as TOML, each value commented with its origin."""
    out = [f"# effective configuration for {target}", f"# config file: {cfg.path or '(none)'}", ""]
    rows = []
    for key, (kind, _default, _help) in KEYS.items():
        if kind in ("severity", "weights"):
            continue
        value = cfg.values[key]
        rows.append((f"{key} = {_toml(value)}" if value is not None else f"# {key} = (unset)", cfg.origin(key)))
    rows.append(("", None))
    rows.append(("[weights]", None))
    for level in LEVELS:
        rows.append((f"{level} = {_toml(cfg.values['weights'][level])}", cfg.origin("weights", level)))
    rows.append(("", None))
    rows.append(("[severity]", None))
    if not cfg.values["severity"]:
        rows.append(("# (no overrides)", cfg.origin("severity")))
    for rule, level in sorted(cfg.values["severity"].items()):
        rows.append((f"{_toml(rule)} = {_toml(level)}", cfg.origin("severity", rule)))
    width = max(len(r[0]) for r in rows)
    for text, origin in rows:
        out.append(f"{text.ljust(width)}  # {origin}" if origin else text)
    return "\n".join(out).rstrip() + "\n"
