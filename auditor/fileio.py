"""Safe file writing: temp file in the same folder, fsync, rename; permissions kept."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path | str, text: str, *, encoding: str = "utf-8", backup: bool = False) -> None:
    """Replace ``path`` with ``text`` atomically; the original survives any failure before the rename."""
    path = Path(path)
    mode = None
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if backup:
            bak = path.with_name(path.name + ".bak")
            bak.write_bytes(path.read_bytes())
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
