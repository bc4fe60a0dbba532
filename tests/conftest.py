from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests check many short texts: let the Hyperscan gate compile its database at once (auditor/rules/hsgate.py).
os.environ.setdefault("AUDITOR_HYPERSCAN_BUILD_AFTER", "0")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "mt" / "korrespondent-2022-09-13-armenia-azerbaijan.txt"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p
