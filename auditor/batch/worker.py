"""Check articles in a worker (process pool, Ray task or inline); one Auditor per process."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import time

_AUDITOR = None
_SETTINGS: dict = {}


def adopt(auditor) -> None:
    """Use the driver's Auditor: forked workers and the inline engine then start with it built."""
    global _AUDITOR
    _AUDITOR = auditor


def init(options, settings: dict) -> None:
    """Pool initializer: build the Auditor once in this process."""
    global _AUDITOR, _SETTINGS
    from ..engine import Auditor

    _SETTINGS = dict(settings)
    if _AUDITOR is None or _AUDITOR.options != options:
        _AUDITOR = Auditor(options)
        gc.freeze()  # rules and glossary live as long as the worker: keep them out of every collection
    if settings.get("ignore_sigint"):  # the driver handles Ctrl-C and stops the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if settings.get("exit_with_parent"):
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A pool worker whose driver died (kill -9, SIGTERM) exits too, instead of holding its terminal."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _deadline(seconds: float | None):
    """Raise _Timeout after ``seconds`` (main thread only; elsewhere the rule timeouts still apply)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _raise(signum, frame):
        raise _Timeout

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_chunk(chunk: list[tuple]) -> list[tuple[bytes, dict]]:
    """Each article's output line (JSON, encoded here so the driver only writes bytes) and its
    ``output.brief``, for a chunk of payloads; errors are recorded, never raised."""
    from .output import brief, encode

    delay = _SETTINGS.get("chunk_delay")
    if delay:  # test hook: makes a run slow enough to interrupt
        time.sleep(delay)
    out = []
    for payload in chunk:
        record = check_one(payload[:-1])
        record["hash"] = payload[-1]
        record["signature"] = _SETTINGS.get("signature", "")
        out.append((encode(record), brief(record)))
    return out


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


def check_one(payload: tuple) -> dict:
    from ..api import check_document
    from ..document import Document, parse_date
    from ..errors import AuditorError
    from ..inputs import decode
    from ..report import FileReport

    ident, data, source, date, fmt, error = payload
    base = {"id": ident}
    max_bytes = _SETTINGS.get("max_bytes", 10_000_000)
    try:
        if error:
            raise AuditorError(error)
        if isinstance(data, str):
            size = len(data.encode("utf-8", "surrogatepass"))
            try:
                data.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise AuditorError(f"{ident}: not valid UTF-8 (unpaired surrogate at character {exc.start})") from None
            text = data
        else:
            size = len(data or b"")
            text = None
        if size > max_bytes:
            raise AuditorError(f"{ident}: article is {_size(size)}, over the {_size(max_bytes)} limit (raise it with --max-size)")
        if text is None:
            text = decode(data or b"", ident)
        day = parse_date(date, f"{ident}: date") if date else None
        with _deadline(_SETTINGS.get("timeout")):
            doc = Document.from_string(text, path=ident, fmt=fmt, date=day, outlet=_SETTINGS.get("outlet"))
            report = check_document(_AUDITOR, doc)
        out = report.to_dict()
    except _Timeout:
        out = FileReport(path=ident, error=f"{ident}: timed out after {_SETTINGS.get('timeout')} s").to_dict()
    except AuditorError as exc:
        out = FileReport(path=ident, error=str(exc)).to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
        out = FileReport(path=ident, error=f"{ident}: internal error: {type(exc).__name__}: {exc}").to_dict()
    base.update(out)
    if source:
        base["source"] = source
    return base
