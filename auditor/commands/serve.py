"""`auditor serve`: the HTTP API and web page (needs the `service` extra: FastAPI and uvicorn)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import error as _error


def _require_service() -> None:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        from auditor.service import SERVICE_EXTRA_HINT

        raise _error(f"the HTTP service needs FastAPI and uvicorn: {SERVICE_EXTRA_HINT}") from None


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes; each compiles the checks once.")] = 1,
    glossary: Annotated[
        Optional[list[Path]], typer.Option("--glossary", help="House glossary file or folder for every request (repeatable).")
    ] = None,
    rule_dir: Annotated[Optional[list[Path]], typer.Option("--rule-dir", help="Extra rule pack directory (repeatable).")] = None,
    grammar: Annotated[
        bool, typer.Option("--grammar", help='Also run the parser-based grammar checks (needs "auditor[grammar]").')
    ] = False,
    max_body: Annotated[float, typer.Option(help="Largest request body accepted, in MB (larger: 413).")] = 2.0,
    timeout: Annotated[float, typer.Option(help="Seconds one check may take (longer: 503).")] = 10.0,
    body_timeout: Annotated[float, typer.Option(help="Seconds to receive a request body (slower: 408).")] = 10.0,
    cors_origin: Annotated[
        Optional[list[str]],
        typer.Option("--cors-origin", help="Allow browser calls from this origin (repeatable; default none)."),
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (POST /v1/check, POST /v1/fix, GET /v1/rules, GET /healthz, docs at /docs) and a web page at /.

    Set AUDITOR_API_KEY to require `Authorization: Bearer KEY` or `X-API-Key: KEY` on /v1/ routes.
    """
    _require_service()
    import uvicorn

    from auditor.errors import AuditorError
    from auditor.service.app import create_app
    from auditor.service.config import ENV_CONFIG, ServiceConfig

    config = ServiceConfig(
        glossaries=tuple(str(g) for g in glossary or ()),
        rule_dirs=tuple(str(d) for d in rule_dir or ()),
        optional=("grammar",) if grammar else (),
        max_body=int(max_body * 1_000_000),
        timeout=timeout,
        body_timeout=body_timeout,
        cors_origins=tuple(cors_origin or ()),
    )
    try:
        app = create_app(config)  # fails fast on a bad glossary or rule folder
    except AuditorError as exc:
        raise _error(str(exc)) from None
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
        return
    os.environ[ENV_CONFIG] = config.to_env()
    uvicorn.run(
        "auditor.service.app:create_app_from_env", factory=True, host=host, port=port, workers=workers, log_level=log_level
    )
