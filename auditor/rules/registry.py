"""Discover rule packs, apply language-pair fallback, compile every rule once per process."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import regex

from .. import cache
from ..errors import RuleError
from . import hsgate
from .examples import example_text
from .loader import load_rule
from .types import Rule

PACKS_DIR = Path(__file__).parent / "packs"
GENERIC_SOURCE = "any"  # the `*-en` pack lives in packs/any-en/


def bundled_packs() -> list[str]:
    return sorted(p.name for p in PACKS_DIR.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def fallback_chain(pair: str, available: list[str]) -> list[str]:
    """Packs for a language pair, most specific first: ``ru-en`` → ``any-en`` → ``en``.

    ``auto`` takes every source-language pack that targets the same language.
    """
    pair = pair.replace("*", GENERIC_SOURCE)
    if pair in ("auto", ""):
        target = "en"
        chain = sorted(p for p in available if p.endswith(f"-{target}") and p != f"{GENERIC_SOURCE}-{target}")
    else:
        if "-" not in pair:
            return [pair] if pair in available else []
        else:
            source, target = pair.split("-", 1)
            chain = [pair] if source != GENERIC_SOURCE else []
    chain += [f"{GENERIC_SOURCE}-{target}", target]
    return [p for p in chain if p in available]


def _rule_files(root: Path) -> list[tuple[Path, str]]:
    """(path, dotted name relative to root) of every rule file, skipping ``_`` and ``.`` entries."""
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel.replace(os.sep, ".") + "."
        out.extend((Path(folder, f), prefix + f[:-4]) for f in files if f.endswith(".yml") and not f.startswith(("_", ".")))
    return sorted(out)


@lru_cache(maxsize=16)
def load_rules(pair: str = "auto", rule_dirs: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """All rules for a language pair plus user rule directories; user rules win on equal names.

    The loaded rules are kept on disk (``auditor.cache``) keyed as ``_snapshot_key`` says, so a cold
    process unpickles them instead of parsing and validating 250 YAML files.
    """
    files = _files_to_load(pair, rule_dirs)
    key = _snapshot_key(files)
    loaded = cache.load("rules", key) if key else None
    if not isinstance(loaded, list):
        loaded = [(rel, load_rule(path, rule_id)) for path, rel, rule_id in files]
        from . import prefilter

        prefilter.save()  # pattern analyses and validations, for the next process
        if key:
            # In load order, overridden rules included: unpickling registers their patterns with the
            # prefilter and Hyperscan gate in the same order, so the gate's cached database still fits.
            cache.store("rules", key, loaded)
    by_name = dict(loaded)
    rules = tuple(sorted(by_name.values(), key=lambda r: r.id))
    hsgate.vouch_with(key or id(rules), lambda: _samples(rules))
    return rules


def _samples(rules) -> Iterator[tuple[int, str]]:
    """(Hyperscan gate id, text) for every registered pattern of ``rules`` and each example (flag or pass)
    it matches: texts the gate must report the pattern in (``hsgate.vouch_with``)."""
    for rule in rules:
        examples = rule.examples or {}
        texts = [example_text(e) for e in (*examples.get("flag", []), *examples.get("pass", []))]
        for alternative in rule.requirements() or ():
            for pattern in alternative:
                if pattern.hs >= 0:
                    for text in texts:
                        if pattern.compiled.search(text):
                            yield pattern.hs, text


def _files_to_load(pair: str, rule_dirs: tuple[str, ...]) -> list[tuple[Path, str, str]]:
    """(path, relative name, rule id) of every rule file, in load order (a later one wins)."""
    available = bundled_packs()
    chain = fallback_chain(pair, available)
    if not chain:
        raise RuleError(f"no rule pack for language pair {pair!r} (packs: {', '.join(available)})")
    out = []
    # Least specific first, so a more specific pack overrides a rule of the same relative name.
    for pack in reversed(chain):
        out.extend((path, rel, f"{pack}.{rel}") for path, rel in _rule_files(PACKS_DIR / pack))
    for d in rule_dirs:
        root = Path(d)
        if not root.is_dir():
            raise RuleError(f"{d}: rule directory not found")
        files = _rule_files(root)
        if not files:
            raise RuleError(f"{d}: no .yml rule files in this directory")
        pack = root.resolve().name
        out.extend((path, rel, f"{pack}.{rel}") for path, rel in files)
    return out


def _snapshot_key(files: list[tuple[Path, str, str]]) -> str | None:
    """A digest of the files' paths, ids and contents and of the code that loads them; None if unreadable."""
    digest = hashlib.sha256(regex.__version__.encode())  # the version that validated the patterns
    try:
        # The code that loads and validates a rule: this package, and the categories and severities it checks.
        for module in [*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parent.parent / "findings.py"]:
            digest.update(module.read_bytes())
        for path, _, rule_id in files:
            digest.update(f"{path}\0{rule_id}\0".encode() + path.read_bytes() + b"\0")
    except OSError:
        return None  # the loader reports the unreadable file
    return digest.hexdigest()[:24]


def select(rules: tuple[Rule, ...], selectors: tuple[str, ...]) -> list[Rule]:
    """Keep rules whose id is a selector or starts with ``selector.``; no selector keeps all."""
    if not selectors:
        return list(rules)
    chosen = [r for r in rules if any(r.id == s or r.id.startswith(s + ".") for s in selectors)]
    unknown = [s for s in selectors if not any(r.id == s or r.id.startswith(s + ".") for r in rules)]
    if unknown:
        raise RuleError(f"no rule or pack matches {', '.join(map(repr, unknown))} (see `auditor rules`)")
    return chosen
