"""Run batch chunks as Ray tasks; the driver writes the output (same resume semantics as processes)."""

from __future__ import annotations

from collections import deque

from ..errors import AuditorError

INSTALL_HINT = 'the Ray engine needs Ray: pip install "auditor[cluster]"'


def require_ray():
    try:
        import ray
    except ImportError:
        raise AuditorError(INSTALL_HINT) from None
    return ray


def _reachable(address: str, seconds: float = 5.0) -> None:
    """Fail in seconds, with one line, when ``host:port`` (or ``ray://host:port``) does not answer:
    ``ray.init`` would otherwise retry for ever and ignore Ctrl-C. ``auto`` and ``local`` are Ray's to resolve."""
    import socket

    target = address.split("://", 1)[-1]
    host, sep, port = target.rpartition(":")
    if not sep or not port.isdigit() or address in ("auto", "local"):
        return
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=seconds).close()
    except OSError as exc:
        raise AuditorError(f"cannot reach the Ray cluster at {address} ({exc.strerror or exc}); check --address") from None


def run_ray(payloads, write, options, settings, *, jobs: int, address: str | None = None) -> None:
    ray = require_ray()
    started = False
    if not ray.is_initialized():
        kwargs = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
        if address:
            _reachable(address)
            ray.init(address=address, **kwargs)
        else:
            ray.init(num_cpus=jobs, **kwargs)
        started = True
    try:
        task = ray.remote(_check_chunk).options(num_cpus=1, max_retries=2)
        options_ref = ray.put((options, settings))
        width = max(2, 2 * int(ray.cluster_resources().get("CPU", jobs)))
        pending: deque = deque()
        for chunk, payload in payloads:
            pending.append((chunk, task.remote(options_ref, payload)))
            while len(pending) >= width:
                head, ref = pending.popleft()
                write(head, ray.get(ref))
        while pending:
            head, ref = pending.popleft()
            write(head, ray.get(ref))
    finally:
        if started:
            ray.shutdown()


def _check_chunk(options_and_settings, payload):
    """Runs in a Ray worker process; the Auditor is built once per worker and reused."""
    from auditor.batch import worker

    options, settings = options_and_settings
    if worker._AUDITOR is None or worker._AUDITOR.options != options:
        worker.init(options, settings)
    return worker.check_chunk(payload)
