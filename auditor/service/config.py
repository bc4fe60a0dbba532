"""Service settings: plain data, passed to worker processes as JSON in an environment variable."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

ENV_CONFIG = "AUDITOR_SERVICE_CONFIG"
ENV_API_KEY = "AUDITOR_API_KEY"


@dataclass(frozen=True)
class ServiceConfig:
    """What ``auditor serve`` was started with. Glossaries and rule folders are the server's own
    files, fixed at start; requests cannot name files."""

    glossaries: tuple[str, ...] = ()
    rule_dirs: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()  # optional check groups, e.g. ("grammar",)
    threshold: float = 80.0
    max_body: int = 2_000_000  # bytes; larger requests get 413
    timeout: float = 10.0  # seconds to check one request; slower ones get 503
    body_timeout: float = 10.0  # seconds to receive a request body; slower ones get 408
    threads: int = 4  # checks running at once in one worker
    cors_origins: tuple[str, ...] = ()  # none: no CORS headers at all
    cache_size: int = 16  # compiled Auditors kept per worker, one per distinct option set
    api_key: str | None = field(default=None, repr=False)  # default: $AUDITOR_API_KEY

    def resolved_api_key(self) -> str | None:
        return self.api_key if self.api_key is not None else (os.environ.get(ENV_API_KEY) or None)

    def to_env(self) -> str:
        data = asdict(self)
        data.pop("api_key")  # never written to the environment by us; workers read $AUDITOR_API_KEY
        return json.dumps(data)

    @classmethod
    def from_env(cls) -> ServiceConfig:
        raw = os.environ.get(ENV_CONFIG)
        if not raw:
            return cls()
        data = json.loads(raw)
        for key in ("glossaries", "rule_dirs", "optional", "cors_origins"):
            data[key] = tuple(data.get(key) or ())
        return cls(**data)
