"""HTTP service: FastAPI TestClient, a real uvicorn on 127.0.0.1, and the web page in headless Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import jsonschema
import pytest

pytest.importorskip("fastapi", reason='the service tests need the service extra: pip install "auditor[service]"')
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")

from fastapi.testclient import TestClient  # noqa: E402

from auditor.service.app import AuditorPool, create_app  # noqa: E402
from auditor.service.config import ServiceConfig  # noqa: E402
from tests.browser import browser_missing, chromium_driver, close_driver, console_errors  # noqa: E402
from tests.conftest import ROOT, SAMPLE  # noqa: E402

REPORT_SCHEMA = json.loads((ROOT / "auditor" / "report" / "schema" / "auditor-report-1.schema.json").read_text())
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
TEXT = "Weak RF. Why Azerbaijan is shooting Armenia\n\nThe the talks ended , he said.\n"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(ServiceConfig()), raise_server_exceptions=False) as c:
        yield c


def error_of(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["status"] == status and err["message"]
    if code:
        assert err["code"] == code
    return err


# -- endpoints --------------------------------------------------------------------------------
def test_healthz_and_rules(client):
    assert client.get("/healthz").json() == {"status": "ok", "version": client.app.version}
    rules = client.get("/v1/rules").json()
    ids = {r["id"] for r in rules}
    assert "en.terminology.rf" in ids
    assert {"id", "type", "severity", "category", "message", "examples"} <= set(rules[0])
    assert {r["id"] for r in client.get("/v1/rules", params={"lang_pair": "uk-en"}).json()}


def test_check_returns_report_contract(client):
    r = client.post("/v1/check", json={"text": TEXT, "lang_pair": "ru-en"})
    assert r.status_code == 200
    report = r.json()
    jsonschema.validate(report, REPORT_SCHEMA)
    findings = report["files"][0]["findings"]
    assert {"en.terminology.rf"} <= {f["rule"] for f in findings}
    for f in findings:
        assert TEXT[f["start"] : f["end"]] == f["text"]
    assert report["files"][0]["path"] == "article.txt"


def test_check_options_like_cli(client):
    only = client.post("/v1/check", json={"text": TEXT, "rules": ["en.terminology"]}).json()
    assert {f["rule"].split(".")[1] for f in only["files"][0]["findings"]} == {"terminology"}
    major = client.post("/v1/check", json={"text": TEXT, "min_severity": "major"}).json()
    assert all(f["severity"] != "minor" for f in major["files"][0]["findings"])
    dated = client.post("/v1/check", json={"text": TEXT, "date": "2022-09-13", "outlet": "Korrespondent"})
    assert dated.status_code == 200
    md = client.post("/v1/check", json={"text": "# Weak RF\n\nSee [RF](http://x/RF).\n", "format": "md", "path": "a.md"})
    assert md.status_code == 200 and md.json()["files"][0]["path"] == "a.md"


def test_check_bilingual_pair(client):
    r = client.post(
        "/v1/check",
        json={
            "target": "Weak RF. Why Azerbaijan is shooting Armenia.",
            "source": "Слабая РФ. Почему Азербайджан обстреливает Армению.",
        },
    )
    assert r.status_code == 200
    findings = r.json()["files"][0]["findings"]
    rf = next(f for f in findings if f["rule"] == "en.terminology.rf")
    assert rf["extra"]["source_sentence"] == "Слабая РФ."
    html = client.post(
        "/v1/check?format=html",
        json={
            "target": "Weak RF. Why Azerbaijan is shooting Armenia.",
            "source": "Слабая РФ. Почему Азербайджан обстреливает Армению.",
        },
    ).text
    assert "source: Слабая РФ." in html


@pytest.mark.parametrize("fmt, ctype", [("html", "text/html"), ("sarif", "application/sarif+json"), ("junit", "application/xml")])
def test_check_other_formats(client, fmt, ctype):
    r = client.post(f"/v1/check?format={fmt}", json={"text": TEXT})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    if fmt == "sarif":
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(r.json())
    if fmt == "html":
        assert 'class="hl sev-major' in r.text and "default-src 'none'" in r.headers["content-security-policy"]


def test_fix_returns_text_and_diff(client):
    r = client.post("/v1/fix", json={"text": TEXT})
    assert r.status_code == 200
    data = r.json()
    assert "Weak Russia." in data["text"] and "The the talks" in data["text"]  # fix_severity defaults to major
    assert data["skipped"] == []
    minor = client.post("/v1/fix", json={"text": TEXT, "fix_severity": "minor"}).json()
    assert "The talks ended" in minor["text"]
    only = client.post("/v1/fix", json={"text": TEXT, "fix_severity": "minor", "only": ["en.terminology"]}).json()
    assert only["text"].startswith("Weak Russia. Why Azerbaijan is shooting")
    assert data["diff"].startswith("--- a/article.txt\n+++ b/article.txt\n") and "+Weak Russia." in data["diff"]
    assert data["applied"] and all(f["suggestions"] for f in data["applied"])
    jsonschema.validate(data["report"], REPORT_SCHEMA)
    nothing = client.post("/v1/fix", json={"text": "The talks ended on Monday."}).json()
    assert nothing["text"] == "The talks ended on Monday." and nothing["diff"] == "" and nothing["applied"] == []


def test_page_and_docs(client):
    page = client.get("/")
    assert page.status_code == 200 and 'id="report"' in page.text and 'sandbox="allow-scripts"' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/fix", "/v1/rules", "/healthz"} <= set(spec["paths"])


# -- bad requests: 4xx with a JSON error, never a 500 ----------------------------------------------
def test_malformed_json_is_400(client):
    error_of(
        client.post("/v1/check", content=b'{"text": "x",', headers={"content-type": "application/json"}), 400, "invalid_json"
    )
    error_of(client.post("/v1/check", content=b"\xff\xfe\x00", headers={"content-type": "application/json"}), 400)


def test_wrong_content_type_is_415(client):
    error_of(client.post("/v1/check", content=b"text=Weak RF", headers={"content-type": "text/plain"}), 415)
    error_of(client.post("/v1/check", data={"text": "Weak RF"}), 415)
    error_of(client.post("/v1/check", content=b'{"text": "x"}'), 415)  # no content type at all


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"text": "x", "glossaries": ["/etc/passwd"]}, "cannot name server files"),
        ({"text": "x", "glossary": "/etc/passwd"}, "cannot name server files"),
        ({"text": "x", "rule_dirs": ["/tmp"]}, "cannot name server files"),
        ({}, "either `text` or `target`"),
        ({"text": "x", "target": "y"}, "either `text` or `target`"),
        ({"text": "x", "source": "y"}, "`source` needs `target`"),
        ({"text": 5}, "text"),
        ({"text": "x", "min_severity": "huge"}, "min_severity"),
        ({"text": "x", "date": "2022-13-45"}, "date"),
        ({"text": "x", "lang_pair": "../../etc"}, "lang_pair"),
        ({"text": "x \ud800 y"}, "Unicode"),
        ([1, 2, 3], "dictionary"),
    ],
)
def test_invalid_bodies_are_422(client, body, fragment):
    raw = json.dumps(body).encode()  # json.dumps escapes the lone surrogate as \ud800
    err = error_of(client.post("/v1/check", content=raw, headers={"content-type": "application/json"}), 422, "invalid_request")
    assert fragment in err["message"]


def test_unknown_options_are_400(client):
    assert "xx-yy" in error_of(client.post("/v1/check", json={"text": "x", "lang_pair": "xx-yy"}), 400, "bad_options")["message"]
    error_of(client.post("/v1/check", json={"text": "x", "rules": ["no.such.rule"]}), 400, "bad_options")
    error_of(client.post("/v1/check?format=pdf", json={"text": "x"}), 422)


def test_oversized_bodies_are_413():
    with TestClient(create_app(ServiceConfig(max_body=1000))) as c:
        error_of(c.post("/v1/check", json={"text": "x" * 2000}), 413, "too_large")

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b" " * 200

        error_of(c.post("/v1/check", content=chunks(), headers={"content-type": "application/json"}), 413, "too_large")
        assert c.post("/v1/check", json={"text": "Weak RF."}).status_code == 200
        error_of(c.post("/v1/check", content=b"{}", headers={"content-type": "application/json", "content-length": "x"}), 400)


def test_default_limit_is_2_mb(client):
    error_of(client.post("/v1/check", json={"text": "x" * 2_100_000}), 413, "too_large")


def test_slow_body_is_408():
    app = create_app(ServiceConfig(body_timeout=0.3))
    sent: list[dict] = []

    async def receive():
        if not sent:
            sent.append({})
            return {"type": "http.request", "body": b'{"text": ', "more_body": True}
        await asyncio.sleep(5)  # the client stalls
        return {"type": "http.request", "body": b'"x"}', "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/check",
        "raw_path": b"/v1/check",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"host", b"test")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    started = time.monotonic()
    asyncio.run(app(scope, receive, send))
    assert time.monotonic() - started < 3
    start = next(m for m in sent if m.get("type") == "http.response.start")
    assert start["status"] == 408
    body = b"".join(m.get("body", b"") for m in sent if m.get("type") == "http.response.body")
    assert json.loads(body)["error"]["code"] == "body_timeout"


def test_slow_check_is_503():
    class SlowPool(AuditorPool):
        def get(self, options):
            auditor = super().get(options)
            if options.rules == ("en.terminology",):
                time.sleep(1.0)
            return auditor

    config = ServiceConfig(timeout=0.2)
    with TestClient(create_app(config, pool=SlowPool(config))) as c:
        started = time.monotonic()
        err = error_of(c.post("/v1/check", json={"text": "Weak RF.", "rules": ["en.terminology"]}), 503, "timeout")
        assert time.monotonic() - started < 0.9 and "0.2 s" in err["message"]
        assert c.post("/v1/check", json={"text": "Weak RF."}).status_code == 200


def test_api_key(monkeypatch):
    monkeypatch.setenv("AUDITOR_API_KEY", "s3cret")
    with TestClient(create_app(ServiceConfig())) as c:
        r = c.post("/v1/check", json={"text": "x"})
        error_of(r, 401, "unauthorized")
        assert r.headers["www-authenticate"] == "Bearer"
        error_of(c.post("/v1/check", json={"text": "x"}, headers={"Authorization": "Bearer wrong"}), 401)
        error_of(c.post("/v1/check", json={"text": "x"}, headers={"X-API-Key": "s3cre"}), 401)
        error_of(c.get("/v1/rules"), 401)
        assert c.post("/v1/check", json={"text": "x"}, headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.post("/v1/fix", json={"text": "x"}, headers={"X-API-Key": "s3cret"}).status_code == 200
        assert c.get("/healthz").status_code == 200 and c.get("/").status_code == 200


def test_no_cors_by_default(client):
    r = client.post("/v1/check", json={"text": "x"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    pre = client.options("/v1/check", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers and pre.status_code >= 400
    with TestClient(create_app(ServiceConfig(cors_origins=("https://newsroom.example",)))) as c:
        r = c.post("/v1/check", json={"text": "x"}, headers={"Origin": "https://newsroom.example"})
        assert r.headers["access-control-allow-origin"] == "https://newsroom.example"


def test_auditor_compiled_once_per_option_set(monkeypatch):
    import auditor.service.app as service_app

    built = []
    real = service_app.Auditor

    def counting(options):
        built.append(options)
        return real(options)

    monkeypatch.setattr(service_app, "Auditor", counting)
    with TestClient(create_app(ServiceConfig())) as c:
        assert len(built) == 1  # at start
        for _ in range(3):
            assert c.post("/v1/check", json={"text": TEXT}).status_code == 200
            assert c.post("/v1/fix", json={"text": TEXT, "min_severity": "minor"}).status_code == 200
        assert len(built) == 1
        c.post("/v1/check", json={"text": TEXT, "lang_pair": "uk-en"})
        c.post("/v1/check", json={"text": TEXT, "lang_pair": "uk-en"})
        assert len(built) == 2


def test_bad_server_glossary_fails_at_start(tmp_path):
    from auditor.errors import AuditorError

    bad = tmp_path / "bad.yml"
    bad.write_text("entities: [{id: x}]\n", encoding="utf-8")
    with pytest.raises(AuditorError):
        create_app(ServiceConfig(glossaries=(str(bad),)))


def test_serve_without_extra_says_how_to_install(monkeypatch):
    from typer.testing import CliRunner

    from cli import app

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    r = CliRunner().invoke(app, ["serve"])
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [
        'auditor: error: the HTTP service needs FastAPI and uvicorn: pip install "auditor[service]"'
    ]


# -- a real server ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    pytest.importorskip("uvicorn")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_API_KEY"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "serve", "--host", "127.0.0.1", "--port", str(port), "--body-timeout", "1",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stdout.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not answer /healthz within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def post(url: str, body: bytes, ctype: str = "application/json"):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_real_server_end_to_end(server):
    article = SAMPLE.read_text(encoding="utf-8")
    status, body = post(server + "/v1/check", json.dumps({"text": article, "path": SAMPLE.name}).encode())
    assert status == 200
    report = json.loads(body)
    jsonschema.validate(report, REPORT_SCHEMA)
    findings = report["files"][0]["findings"]
    assert len(findings) > 10 and all(article[f["start"] : f["end"]] == f["text"] for f in findings)
    assert post(server + "/v1/check", b"{nope")[0] == 400
    assert post(server + "/v1/check", b"text", "text/plain")[0] == 415
    # Over the limit by its Content-Length: answered at once, before the body is sent.
    assert raw_request(server, b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       b"Content-Length: 2100000\r\n\r\n").startswith(b"HTTP/1.1 413")  # fmt: skip


def raw_request(server: str, data: bytes) -> bytes:
    """Send ``data`` on a fresh connection; return the response head (the server decides when to answer)."""
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(data)
        out = b""
        while b"\r\n\r\n" not in out:
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk
    return out


def test_real_server_slow_body_is_408(server):
    started = time.monotonic()
    data = raw_request(
        server, b'POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te'
    )
    assert data.startswith(b"HTTP/1.1 408"), data[:200]
    assert time.monotonic() - started < 5


@pytest.mark.skipif(bool(browser_missing()), reason=f"browser tests need headless Chromium: {browser_missing()}")
def test_web_page_in_browser(server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium_driver()
    try:
        driver.get(server + "/")
        box = driver.find_element(By.ID, "text")
        box.send_keys("Weak RF. Why Azerbaijan is shooting Armenia\n\nYerevan and Baku exchanged accusations of bombing.")
        driver.find_element(By.ID, "check").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "status").text == "Done.")
        frame = driver.find_element(By.ID, "report")
        driver.switch_to.frame(frame)
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.hl"))
        texts = driver.execute_script("return Array.from(document.querySelectorAll('mark.hl')).map(m => m.textContent)")
        assert "RF" in texts and "shooting" in texts
        driver.find_element(By.CSS_SELECTOR, "mark.hl").click()
        assert driver.find_element(By.ID, "details").text.strip() != ""
        driver.switch_to.default_content()
        driver.save_screenshot(str(tmp_path / "page.png"))
        assert (tmp_path / "page.png").read_bytes().startswith(b"\x89PNG")
        driver.find_element(By.ID, "fix").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "diff").is_displayed())
        assert "+Weak Russia." in driver.find_element(By.ID, "diff").text
        assert console_errors(driver) == []
    finally:
        close_driver(driver)
