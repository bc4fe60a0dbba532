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


def run_ray(payloads, write, options, settings, *, jobs: int, address: str | None = None) -> None:
    ray = require_ray()
    started = False
    if not ray.is_initialized():
        kwargs = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
        if address:
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
