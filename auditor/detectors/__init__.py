"""Checks that need code rather than patterns. Each module of this package defines (or imports,
for checks that live with their data: glossary, bilingual, neural) Detector subclasses; they are
discovered, not listed by hand."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .base import Detector


@lru_cache(maxsize=1)
def detector_classes() -> tuple[type[Detector], ...]:
    """Every Detector subclass defined in this package, in module order."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and info.name != "base":
            importlib.import_module(f"{__name__}.{info.name}")
    seen, out = set(), []
    stack = list(Detector.__subclasses__())
    while stack:
        cls = stack.pop(0)
        if cls not in seen:
            seen.add(cls)
            stack.extend(cls.__subclasses__())
            if cls.name:
                out.append(cls)
    return tuple(sorted(out, key=lambda c: c.name))
