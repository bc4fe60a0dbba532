"""Discover rule packs, apply language-pair fallback, compile every rule once per process."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from ..errors import RuleError
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
    """All rules for a language pair plus user rule directories; user rules win on equal names."""
    available = bundled_packs()
    chain = fallback_chain(pair, available)
    if not chain:
        raise RuleError(f"no rule pack for language pair {pair!r} (packs: {', '.join(available)})")
    by_name: dict[str, Rule] = {}
    # Least specific first, so a more specific pack overrides a rule of the same relative name.
    for pack in reversed(chain):
        for path, rel in _rule_files(PACKS_DIR / pack):
            by_name[rel] = load_rule(path, f"{pack}.{rel}")
    for d in rule_dirs:
        root = Path(d)
        if not root.is_dir():
            raise RuleError(f"{d}: rule directory not found")
        files = _rule_files(root)
        if not files:
            raise RuleError(f"{d}: no .yml rule files in this directory")
        pack = root.resolve().name
        for path, rel in files:
            by_name[rel] = load_rule(path, f"{pack}.{rel}")
    from . import prefilter

    prefilter.save()  # pattern analyses and validations, for the next process
    return tuple(sorted(by_name.values(), key=lambda r: r.id))


def select(rules: tuple[Rule, ...], selectors: tuple[str, ...]) -> list[Rule]:
    """Keep rules whose id is a selector or starts with ``selector.``; no selector keeps all."""
    if not selectors:
        return list(rules)
    chosen = [r for r in rules if any(r.id == s or r.id.startswith(s + ".") for s in selectors)]
    unknown = [s for s in selectors if not any(r.id == s or r.id.startswith(s + ".") for r in rules)]
    if unknown:
        raise RuleError(f"no rule or pack matches {', '.join(map(repr, unknown))} (see `auditor rules`)")
    return chosen
