"""Checks that need code rather than patterns. Each module defines Detector subclasses;
they are discovered, not listed by hand."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .base import Detector


@lru_cache(maxsize=1)
def detector_classes() -> tuple[type[Detector], ...]:
    """Every Detector subclass defined in this package, in module order."""
    from .. import glossary

    for package in (__name__, glossary.__name__):
        path = importlib.import_module(package).__path__
        for info in pkgutil.iter_modules(path):
            if not info.name.startswith("_") and info.name != "base":
                importlib.import_module(f"{package}.{info.name}")
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
