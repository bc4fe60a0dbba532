"""Batch checking: many articles, in parallel, resumable, with a reproducible signature.

``run_batch`` reads articles (``inputs.expand``), skips those whose (id, content hash, signature) is
already in the output, checks the rest in chunks — inline, in a process pool, or on Ray — and
appends each finished chunk to the output journal with flush + fsync, so an interrupted run loses
at most the chunks in flight. Only the driver writes the output, and only one run at a time
(``output.output_lock``).
"""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..errors import AuditorError, InputError
from .inputs import Article, count, expand, missing
from .output import Journal, brief, key, latest, lock_path, output_lock, read_parquet, write_parquet

__all__ = ["Article", "BatchResult", "run_batch", "signature", "expand", "count"]


def signature(auditor) -> str:
    """How results were computed, like sacrebleu's signature: version, rule packs, glossary, options.

    ``auditor:0.1.0|rules:ru-en+any-en+en@3f2a…|glossary:9c1e…|opts:5b7d…``; equal signatures mean a
    result can be reused.
    """
    from .. import __version__
    from ..glossary.loader import glossary_fingerprint
    from ..rules.registry import PACKS_DIR

    h = hashlib.sha256()
    packs: set[str] = set()
    root = os.path.realpath(PACKS_DIR) + os.sep
    files: dict[str, tuple[bytes, str] | None] = {}  # a rule file's bytes and pack, read once
    for check in sorted(auditor.checks, key=lambda c: c.id):
        h.update(check.id.encode() + b"\0")
        path = str(getattr(check, "path", "") or "")
        if path not in files:
            files[path] = _rule_file(path, root)
        if files[path] is None:
            packs.add("detectors")
        else:
            data, pack = files[path]
            h.update(data)
            packs.add(pack)
    try:
        glossary = glossary_fingerprint(tuple(auditor.options.glossaries)) or "none"
    except Exception:  # noqa: BLE001 - a signature never fails a run
        glossary = "unknown"
    opts = hashlib.sha256(_options_repr(auditor.options).encode()).hexdigest()[:8]
    order = ("ru-en", "uk-en", "any-en", "en", "detectors", "custom")
    names = "+".join(sorted(packs, key=lambda p: (order.index(p) if p in order else 99, p)))
    return f"auditor:{__version__}|rules:{names}@{h.hexdigest()[:12]}|glossary:{glossary[:12]}|opts:{opts}"


def _rule_file(path: str, packs_root: str) -> tuple[bytes, str] | None:
    """A YAML rule file's bytes and its pack (``custom`` outside the bundled packs); None for a detector."""
    if not path.endswith(".yml") or not os.path.isfile(path):
        return None
    real = os.path.realpath(path)
    pack = real[len(packs_root):].split(os.sep, 1)[0] if real.startswith(packs_root) else "custom"
    return Path(path).read_bytes(), pack


RUN_ONLY = ("jobs", "device", "batch_size")  # how the work is spread, not what it finds: not in the signature


def _options_repr(options) -> str:
    parts = []
    for f in fields(options):
        if f.name in RUN_ONLY:
            continue
        value = getattr(options, f.name)
        if isinstance(value, (set, frozenset)):
            value = sorted(value)
        parts.append(f"{f.name}={value!r}")
    return ";".join(parts)


@dataclass
class BatchResult:
    records: list[dict] = field(default_factory=list)  # a brief (output.brief) of each input article's latest result
    checked: int = 0  # checked in this run
    skipped: int = 0  # already in the output
    errors: int = 0  # per-article errors in this run
    seconds: float = 0.0
    signature: str = ""
    truncated_bytes: int = 0
    out: Path | None = None


def journal_path(out: Path) -> Path:
    return out.with_name(out.name + ".partial.jsonl") if _is_parquet(out) else out


def _is_parquet(out: Path) -> bool:
    return out.suffix.lower() in (".parquet", ".pq")


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(
    inputs: list[str],
    out: Path,
    options,
    *,
    jobs: int | None = None,
    chunk_size: int = 16,
    engine: str = "process",
    address: str | None = None,
    max_bytes: int = 10_000_000,
    timeout: float | None = 60.0,
    outlet: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_total: Callable[[int | None], None] | None = None,
) -> BatchResult:
    """Check every article of ``inputs`` not already in ``out``; see the module docstring."""
    from ..engine import Auditor
    from . import worker

    start = time.perf_counter()
    out = Path(out)
    problem = missing(inputs)
    if problem:
        raise InputError(problem)
    auditor = Auditor(options)
    sig = signature(auditor)
    worker.adopt(auditor)
    with output_lock(out):  # a second run on the same --out is refused, before the journal is read
        journal = Journal(journal_path(out))
        previous = list(journal.briefs)
        if _is_parquet(out) and out.exists():
            previous = [brief(r) for r in read_parquet(out)] + previous
        mine = [r for r in previous if r.get("signature") == sig]
        done = {key(r) for r in mine if not r.get("error")}  # an error is tried again: a limit or a file may have changed
        failed = {key(r): r.get("error") for r in latest(mine) if r.get("error")}
        own = frozenset({out.resolve(), journal.path.resolve(), lock_path(out).resolve()})  # never read the run's own files as input
        result = BatchResult(signature=sig, truncated_bytes=journal.truncated, out=out)
        settings = {"max_bytes": max_bytes, "timeout": timeout, "outlet": outlet, "signature": sig,
                    "chunk_delay": float(os.environ.get("AUDITOR_BATCH_CHUNK_DELAY", "0") or 0)}
        jobs = max(1, jobs or os.cpu_count() or 1)
        if on_total:
            on_total(count(inputs, own))

        wanted: dict[tuple, None] = {}  # every input article's key, in input order: what the summary describes

        def todo() -> Iterator[Article]:
            for article in expand(inputs, own):
                k = (article.id, article.hash, sig)
                wanted[k] = None
                if k in done:
                    result.skipped += 1
                    if on_progress:
                        on_progress(1, 0)
                    continue
                done.add(k)  # an article twice in the input is checked once; the same text under another id has its own record
                yield article

        def payloads() -> Iterator[tuple[list[Article], list[tuple]]]:
            for chunk in chunks(todo(), chunk_size):
                yield chunk, [a.payload() for a in chunk]

        def write(chunk: list[Article], results: list[tuple[bytes, dict]]) -> None:
            lines, briefs = [], []
            for _article, (line, short) in zip(chunk, results, strict=True):
                if short["error"]:
                    result.errors += 1
                    if failed.get(key(short)) == short["error"]:
                        continue  # the same error as last time: the record already in the output stands
                lines.append(line)
                briefs.append(short)
            journal.append(lines, briefs)
            result.checked += len(results)
            if on_progress:
                on_progress(0, len(results))

        gc.freeze()  # the Auditor lives as long as the run (and in forked workers): keep it out of every collection
        try:
            if engine == "ray":
                from .ray_engine import run_ray

                run_ray(payloads(), write, options, settings, jobs=jobs, address=address)
            elif jobs == 1:
                worker.init(options, settings)
                for chunk, payload in payloads():
                    write(chunk, worker.check_chunk(payload))
            else:
                _run_pool(payloads(), write, options, settings, jobs)
        finally:
            gc.unfreeze()
            journal.close()
        if _is_parquet(out):
            write_parquet(out, latest((read_parquet(out) if out.exists() else []) + journal.results()))
            journal.path.unlink(missing_ok=True)
        # The summary describes the articles of this run's inputs, each by the latest result for its current
        # content (not an older version's, nor another input's).
        results = {key(r): r for r in previous + journal.briefs if r.get("signature") == sig}
        result.records = [results[k] for k in wanted if k in results]
        result.seconds = time.perf_counter() - start
        return result


def _run_pool(payloads, write, options, settings, jobs: int) -> None:
    """A process pool (fork where available) whose initializer builds the Auditor once per worker.

    A worker that dies (killed, out of memory) ends the run with a one-line error instead of a
    wait for a result that never comes; the chunks written so far stay for the next run.
    """
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    settings = dict(settings, ignore_sigint=True, exit_with_parent=True)
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_pool_init, initargs=(options, settings))
    try:
        pending: deque = deque()
        # Keep 2 chunks per worker in flight; write results in input order as they complete.
        for chunk, payload in payloads:
            pending.append((chunk, pool.submit(_pool_check, payload)))
            while len(pending) >= 2 * jobs or (pending and pending[0][1].done()):
                head, fut = pending.popleft()
                write(head, fut.result())
        while pending:
            head, fut = pending.popleft()
            write(head, fut.result())
    except BrokenProcessPool:
        raise AuditorError("a worker process died (killed, or out of memory?); the chunks finished before it are kept, "
                           "re-run the same command to resume") from None
    except BaseException:
        for proc in list((getattr(pool, "_processes", None) or {}).values()):  # stop the work in flight now
            proc.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool_init(options, settings) -> None:
    from . import worker

    worker.init(options, settings)


def _pool_check(payload):
    from . import worker

    return worker.check_chunk(payload)
