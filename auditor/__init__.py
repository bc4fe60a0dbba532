"""auditor: find machine-translation artifacts in English news copy.

``import auditor`` stays light: heavy libraries are imported only where used.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "audit", "Auditor", "Options", "Document", "Finding", "Severity", "Report"]


def __getattr__(name: str):
    if name == "audit":
        from .api import audit

        return audit
    if name in ("Auditor", "Options"):
        from . import engine

        return getattr(engine, name)
    if name == "Document":
        from .document import Document

        return Document
    if name in ("Finding", "Severity"):
        from . import findings

        return getattr(findings, name)
    if name == "Report":
        from .report import Report

        return Report
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
