"""Optional transformers-based checks (``pip install "auditor[neural]"``).

Nothing heavy is imported here or by the detector modules at import time: torch and transformers
are imported by :mod:`auditor.neural.model` only when a neural check first runs, after
``HF_HUB_OFFLINE=1`` is set (no network, ever).

- :mod:`.calques`  semantic calque matching against rule ``anchors`` (``--neural``)
- :mod:`.fluency`  surprisal spans from a local causal LM (``--lm PATH``)
- :mod:`.qe`       sentence quality estimation from a local regression model (``--qe-model PATH``)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..errors import AuditorError

EXTRA = "neural"
INSTALL_HINT = 'pip install "auditor[neural]"'
_REQUIRED = ("torch", "transformers")


def missing() -> list[str]:
    """Modules of the neural extra that cannot be imported (no import is performed)."""
    return [name for name in _REQUIRED if importlib.util.find_spec(name) is None]


def require(what: str = "the neural checks") -> None:
    """Raise a one-line AuditorError naming the extra when torch or transformers is missing."""
    gone = missing()
    if gone:
        raise AuditorError(f"{what} need {' and '.join(gone)}: {INSTALL_HINT}")


def setting(options, name: str, default=None):
    """An Options field of the neural group, tolerating Options without it (older callers)."""
    value = getattr(options, name, None) if options is not None else None
    return default if value is None else value


def cli_options(neural: bool, lm, qe_model, qe_threshold: float, device: str, batch_size: int) -> dict:
    """Options fields for the check command's neural flags; fails fast (one line, exit 2) without the extra."""
    if not (neural or lm or qe_model):
        return {}
    require("--neural, --lm and --qe-model")
    for flag, path in (("--lm", lm), ("--qe-model", qe_model)):
        if path is not None and not Path(path).is_dir():
            raise AuditorError(f"{flag} {path}: model directory not found")
    out = {"neural": bool(neural), "qe_threshold": float(qe_threshold), "device": device, "batch_size": int(batch_size)}
    if lm is not None:
        out["lm"] = str(lm)
    if qe_model is not None:
        out["qe_model"] = str(qe_model)
    return out
