"""The HTTP API (FastAPI): ``POST /v1/check``, ``POST /v1/fix``, ``GET /v1/rules``, ``GET /healthz``, and a web page at ``/``.

Each worker process compiles its checks once (an :class:`~auditor.engine.Auditor` per distinct option
set, kept in a small LRU) and reuses them for every request. Requests never name files: glossaries
and rule folders are fixed when the server starts. Every error is JSON
``{"error": {"status": …, "code": …, "message": …}}`` with a 4xx status (503 for a check that ran
past the time limit); malformed input never causes a 500.
"""

import asyncio
import datetime as dt
import hmac
import json
import re
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.exceptions import HTTPException

from .. import __version__
from ..engine import Auditor, Options
from ..errors import AuditorError
from ..findings import Severity
from .config import ServiceConfig

REPORT_FORMATS = ("json", "html", "sarif", "junit")
MEDIA_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "sarif": "application/sarif+json",
    "junit": "application/xml",
}
# The HTML report and the page use inline CSS/JS only and fetch nothing but this server.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'self'; "
    "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


class ServiceError(HTTPException):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code


def error_body(status: int, code: str, message: str, **extra) -> dict:
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def error_response(status: int, code: str, message: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, **extra), status_code=status, headers=headers)


# -- request models ---------------------------------------------------------------------------
class CheckRequest(BaseModel):
    """An article to check: ``text`` (the English copy), or ``target`` with its ``source`` (bilingual)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The English article to check.")
    target: str | None = Field(None, description="The English translation to check (with `source`).")
    source: str | None = Field(None, description="The Russian/Ukrainian source of `target` (kept for bilingual checks).")
    format: Literal["txt", "md", "html"] = Field("txt", description="How to read the text: plain, Markdown or HTML.")
    path: str = Field("article.txt", max_length=255, description="Name shown in the report (never opened).")
    lang_pair: str = Field(
        "auto", max_length=16, pattern=r"^[A-Za-z*]{1,8}(-[A-Za-z]{1,8})?$", description="ru-en, uk-en, or auto."
    )
    rules: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=500, description="Only these packs, rule ids or id prefixes."
    )
    min_severity: Literal["minor", "major", "critical"] = "minor"
    date: dt.date | None = Field(None, description="Publication date (YYYY-MM-DD), for dated titles and roles.")
    outlet: str | None = Field(None, max_length=200)

    @field_validator("text", "target", "source", "path", "outlet", "rules")
    @classmethod
    def _unicode(cls, value):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and _SURROGATE.search(item):
                raise ValueError("not valid Unicode (a lone surrogate such as \\ud800)")
        return value

    @model_validator(mode="after")
    def _one_text(self) -> "CheckRequest":
        if (self.text is None) == (self.target is None):
            raise ValueError("give either `text` or `target` (with an optional `source`), not both or neither")
        if self.source is not None and self.target is None:
            raise ValueError("`source` needs `target`")
        return self

    @property
    def article(self) -> str:
        return self.text if self.text is not None else (self.target or "")


class FixRequest(CheckRequest):
    """A CheckRequest plus which findings to fix (as `auditor fix`: --min-severity, --only)."""

    fix_severity: Literal["minor", "major", "critical"] = Field("major", description="Fix findings at or above this severity.")
    only: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=500, description="Fix only these rule ids or prefixes."
    )


# -- per-process state ------------------------------------------------------------------------
class AuditorPool:
    """Compiled Auditors for this process, one per distinct option set (least recently used dropped)."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self._auditors: OrderedDict[Options, Auditor] = OrderedDict()
        self._lock = threading.Lock()
        self._rules: dict[str, list] = {}

    def options(self, lang_pair: str = "auto", rules: tuple[str, ...] = (), min_severity: str = "minor") -> Options:
        c = self.config
        return Options(
            lang_pair=lang_pair,
            rules=rules,
            rule_dirs=c.rule_dirs,
            min_severity=Severity.parse(min_severity),
            threshold=c.threshold,
            optional=frozenset(c.optional),
            glossaries=c.glossaries,
        )

    def get(self, options: Options) -> Auditor:
        with self._lock:
            auditor = self._auditors.get(options)
            if auditor is not None:
                self._auditors.move_to_end(options)
                return auditor
            auditor = Auditor(options)  # built under the lock: one compile per option set
            self._auditors[options] = auditor
            while len(self._auditors) > max(1, self.config.cache_size):
                self._auditors.popitem(last=False)
            return auditor

    def rules(self, lang_pair: str) -> list:
        with self._lock:
            if lang_pair not in self._rules:
                from ..checks import available_checks

                self._rules[lang_pair] = available_checks(lang_pair, self.config.rule_dirs, frozenset(self.config.optional))
            return self._rules[lang_pair]


def _check(pool: AuditorPool, req: CheckRequest):
    from ..api import check_document
    from ..document import Document
    from ..report import Report

    auditor = pool.get(pool.options(req.lang_pair, tuple(req.rules), req.min_severity))
    doc = Document.from_string(req.article, path=req.path, fmt=req.format, date=req.date, outlet=req.outlet)
    if req.source is None:
        return Report([check_document(auditor, doc)]), doc, auditor
    # Bilingual: align the source with the target; findings get extra["source_sentence"].
    from ..bilingual.formats import pair_document
    from ..bilingual.report import check_bilingual

    doc = pair_document(doc, req.source, "source.txt", lang_pair=req.lang_pair)
    return Report([check_bilingual(auditor, doc, source_name="source")]), doc, auditor


# -- middleware -------------------------------------------------------------------------------
class BodyLimit:
    """Pure ASGI middleware: reject bodies over ``max_body`` (413) or slower than ``body_timeout`` (408).

    The body is read here, within the limits, and replayed to the app.
    """

    def __init__(self, app, max_body: int, body_timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return await _send_error(send, 400, "bad_request", "invalid Content-Length header")
            if declared > self.max_body:
                return await _send_error(send, 413, "too_large", self._too_large())
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout
        chunks, size = [], 0
        while True:
            remaining = deadline - loop.time()
            try:
                if remaining <= 0:
                    raise TimeoutError
                message = await asyncio.wait_for(receive(), remaining)
            except TimeoutError:
                return await _send_error(
                    send, 408, "body_timeout", f"request body not received within {self.body_timeout:g} s", close=True
                )
            if message["type"] == "http.disconnect":
                return None
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                return await _send_error(send, 413, "too_large", self._too_large(), close=True)
            chunks.append(body)
            if not message.get("more_body", False):
                break
        data = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"request body over the {self.max_body / 1e6:g} MB limit"


async def _send_error(send, status: int, code: str, message: str, close: bool = False) -> None:
    body = json.dumps(error_body(status, code, message)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Pure ASGI middleware: nosniff and no-referrer on every response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                for k, v in ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")):
                    if k not in names:
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


# -- the app ----------------------------------------------------------------------------------
def create_app(config: ServiceConfig | None = None, pool: AuditorPool | None = None) -> FastAPI:
    """Build the app. Compiles the default checks now, so a bad glossary or rule folder fails at start."""
    config = config or ServiceConfig()
    pool = pool or AuditorPool(config)
    pool.get(pool.options())  # warm: rules and glossaries loaded once per worker
    api_key = config.resolved_api_key()
    executor = ThreadPoolExecutor(max_workers=max(1, config.threads), thread_name_prefix="auditor-check")

    app = FastAPI(
        title="auditor",
        version=__version__,
        description="Find machine-translation artifacts in English news translated from Russian and Ukrainian. "
        "Responses follow the JSON report contract `auditor-report/1`.",
    )
    app.state.config = config
    app.state.pool = pool

    # -- errors: always JSON, never a 500 for bad input ------------------------------------
    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        code = getattr(exc, "code", None) or {
            400: "bad_request",
            401: "unauthorized",
            404: "not_found",
            405: "method_not_allowed",
        }.get(exc.status_code, "error")
        return error_response(exc.status_code, code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(400, "invalid_json", "request body is not valid JSON")
        problems = []
        for e in errors:
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
            msg = e.get("msg", "invalid")
            if e.get("type") == "extra_forbidden":
                msg = "unknown field (requests cannot name server files such as glossaries or rule folders)"
            problems.append(f"{where}: {msg}" if where else msg)
        return error_response(422, "invalid_request", "; ".join(problems) or "invalid request", details=problems)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):  # a bug, not bad input: still JSON
        import logging

        logging.getLogger("auditor.service").exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "internal", f"internal error: {type(exc).__name__}")

    @app.exception_handler(AuditorError)
    async def _auditor_error(request: Request, exc: AuditorError):
        return error_response(400, "bad_options", str(exc))

    # -- dependencies ------------------------------------------------------------------------
    bearer = HTTPBearer(auto_error=False, description="API key as a bearer token (when AUDITOR_API_KEY is set).")
    header_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key (when AUDITOR_API_KEY is set).")

    async def authorised(
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        key: Annotated[str | None, Depends(header_key)],
    ) -> None:
        if api_key is None:
            return
        given = key or (creds.credentials if creds else None)
        if not given or not hmac.compare_digest(given.encode(), api_key.encode()):
            raise ServiceError(
                401,
                "unauthorized",
                "missing or wrong API key (Authorization: Bearer … or X-API-Key)",
                {"WWW-Authenticate": "Bearer"},
            )

    async def json_body(request: Request) -> None:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json" and not ctype.endswith("+json"):
            raise ServiceError(415, "unsupported_media_type", "send the request body as application/json")

    async def run_limited(fn, *args):
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(executor, fn, *args), config.timeout)
        except TimeoutError:
            raise ServiceError(503, "timeout", f"the check took longer than {config.timeout:g} s", {"Retry-After": "1"}) from None

    guarded = [Depends(authorised)]

    # -- routes ------------------------------------------------------------------------------
    @app.post("/v1/check", dependencies=[*guarded, Depends(json_body)], tags=["check"], summary="Check an article")
    async def check(
        req: CheckRequest,
        fmt: Annotated[Literal["json", "html", "sarif", "junit"], Query(alias="format", description="Report format.")] = "json",
    ):
        """Check one article; returns the report (`auditor-report/1` JSON by default, or HTML, SARIF, JUnit)."""

        def work():
            from ..report import render

            report, doc, auditor = _check(pool, req)
            if fmt == "json":
                return report.to_dict()
            return render(report, fmt, documents={doc.path: doc.raw}, checks=auditor.checks)

        result = await run_limited(work)
        if fmt == "json":
            return JSONResponse(result)
        headers = {"Content-Security-Policy": REPORT_CSP} if fmt == "html" else None
        return Response(result, media_type=MEDIA_TYPES[fmt], headers=headers)

    @app.post("/v1/fix", dependencies=[*guarded, Depends(json_body)], tags=["check"], summary="Apply suggested fixes")
    async def fix(req: FixRequest):
        """Apply the first suggestion of each finding at or above `fix_severity` (overlapping ones skipped), like `auditor fix`.

        Returns the fixed text, a unified diff, the findings applied and skipped, and the report of the original text.
        """

        def work():
            from ..fixes import apply, candidates, plan, unified_diff

            report, doc, _ = _check(pool, req)
            findings = report.files[0].findings
            level, only = Severity.parse(req.fix_severity), tuple(req.only)
            edits = plan(findings, level, only)
            fixed = apply(doc.raw, edits)
            applied = [e.finding for e in edits if e.finding is not None]
            chosen = {id(f) for f in applied}
            skipped = [f for f in candidates(findings, level, only) if id(f) not in chosen]
            return {
                "schema": "auditor-fix/1",
                "version": __version__,
                "path": doc.path,
                "text": fixed,
                "diff": unified_diff(doc.path, doc.raw, fixed),
                "applied": [f.to_dict() for f in applied],
                "skipped": [f.to_dict() for f in skipped],
                "report": report.to_dict(),
            }

        return JSONResponse(await run_limited(work))

    @app.get("/v1/rules", dependencies=guarded, tags=["rules"], summary="List rules")
    async def rules(lang_pair: Annotated[str, Query(max_length=16, pattern=r"^[A-Za-z*]{1,8}(-[A-Za-z]{1,8})?$")] = "auto"):
        """Every rule the server can run for a language pair: id, type, severity, category, message, examples."""

        def work():
            from ..rules.docs import rules_json

            return json.loads(rules_json(pool.rules(lang_pair)))

        return JSONResponse(await run_limited(work))

    @app.get("/healthz", tags=["service"], summary="Liveness")
    async def healthz():
        return {"status": "ok", "version": __version__}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page():
        html = resources.files("auditor.service").joinpath("static/index.html").read_text(encoding="utf-8")
        return HTMLResponse(html.replace("{{version}}", __version__), headers={"Content-Security-Policy": PAGE_CSP})

    app.add_middleware(BodyLimit, max_body=config.max_body, body_timeout=config.body_timeout)
    if config.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    return app


def create_app_from_env() -> FastAPI:
    """uvicorn factory for worker processes: settings from ``$AUDITOR_SERVICE_CONFIG``."""
    return create_app(ServiceConfig.from_env())
