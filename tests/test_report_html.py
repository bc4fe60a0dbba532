"""HTML report: exact highlights, escaping, self-containment; and in a real headless Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from auditor.findings import Finding, Severity
from auditor.report import FileReport, Report, render
from auditor.report.html import highlight
from auditor.score import score
from cli import app
from tests.browser import browser_missing, chromium_driver, close_driver, console_errors
from tests.conftest import SAMPLE

runner = CliRunner()

TRICKY = (
    "Weak RF. <script>alert('x')</script> & “quotes”\r\n"
    "A crossing span here, and a nested one inside.\n"
    "\n"
    "Last line with é, 😀 and \x0c form feed </mark></div>"
)


def finding(rule, start, end, raw, severity=Severity.MAJOR, category="terminology", suggestions=(), message="msg", **extra):
    from auditor.offsets import LineIndex

    line, column = LineIndex(raw).locate(start)
    return Finding(
        rule, category, severity, start, end, raw[start:end], message, tuple(suggestions), line=line, column=column, extra=extra
    )


def tricky_findings(raw=TRICKY):
    i = raw.index
    return [
        finding("en.terminology.rf", i("RF"), i("RF") + 2, raw, suggestions=("Russia",), message="say <b>Russia</b>"),
        finding("x.script", i("<script>"), i("</script>") + 9, raw, severity=Severity.CRITICAL, category="boilerplate",
                message="</script><img src=x onerror=alert(1)>", source_sentence="Слабая РФ. <i>source</i>"),
        finding("x.crlf", i("“quotes”"), i("A crossing") + 1, raw, severity=Severity.MINOR, category="fluency/punctuation"),
        finding("x.cross-a", i("crossing span"), i("here,"), raw, severity=Severity.MINOR, category="style"),
        finding("x.cross-b", i("span here"), i(", and a"), raw, category="fluency/calque", suggestions=("",)),
        finding("x.outer", i("a nested"), i("inside.") + 7, raw, category="style"),
        finding("x.inner", i("nested"), i("nested") + 6, raw, severity=Severity.MINOR, category="style"),
        finding("x.insert", i("Last"), i("Last"), raw, severity=Severity.MINOR, category="fluency/punctuation", suggestions=("\n",)),
        finding("x.emoji", i("😀"), i("😀") + 1, raw, severity=Severity.MINOR, category="style"),
        finding("x.tail", i("</mark>"), len(raw), raw, severity=Severity.MINOR, category="boilerplate"),
    ]  # fmt: skip


class MarkText(HTMLParser):
    """Text content of each data-f highlight (all fragments) and of each .text block, as a browser sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.texts: dict[str, str] = {}
        self.bodies: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        fid = a.get("data-f") if tag == "mark" else None
        is_body = tag == "div" and a.get("class") == "text"
        if is_body:
            self.bodies.append("")
        self.stack.append((tag, fid, is_body))
        if fid is not None:
            self.texts.setdefault(fid, "")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            return
        for _, fid, is_body in self.stack:
            if fid is not None:
                self.texts[fid] += data
            if is_body:
                self.bodies[-1] += data


def parse(html: str) -> MarkText:
    p = MarkText()
    p.feed(html)
    p.close()
    return p


def tricky_report():
    findings = tricky_findings()
    return Report([FileReport('dir/<evil>".txt', "en", findings, score(findings, 30))]), {'dir/<evil>".txt': TRICKY}


# -- static checks ------------------------------------------------------------------------------
def test_highlight_text_of_every_finding_is_exact():
    findings = tricky_findings()
    p = parse('<div class="text">' + highlight(TRICKY, findings) + "</div>")
    # Python's parser, like a browser, turns CR LF into LF in raw text; character references survive.
    assert p.bodies == [TRICKY]
    for i, f in enumerate(findings):
        assert p.texts.get(str(i), "") == f.text, f.rule


def test_highlight_crossing_spans_are_fragments_with_one_focus_target():
    findings = tricky_findings()
    out = highlight(TRICKY, findings)
    b = findings.index(next(f for f in findings if f.rule == "x.cross-b"))
    assert out.count(f'data-f="{b}"') == 2  # split where it crosses x.cross-a
    assert out.count(f'id="f{b}"') == 1 and out.count("tabindex") == len(findings)


def test_html_escapes_everything_and_is_self_contained():
    report, docs = tricky_report()
    out = render(report, "html", documents=docs)
    assert "<script>alert" not in out and "<img src=x" not in out and "<evil>" not in out
    assert out.count("<script") == 2  # the JSON data block and the page script
    data = json.loads(re.search(r'<script type="application/json" id="findings-data">(.*?)</script>', out, re.S).group(1))
    assert data[1]["message"] == "</script><img src=x onerror=alert(1)>"
    assert data[1]["source_sentence"] == "Слабая РФ. <i>source</i>"
    assert "source: Слабая РФ. &lt;i&gt;source&lt;/i&gt;" in out
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", out), "no external assets"
    assert "<link" not in out and "@import" not in out
    assert "<svg" in out and "fluency/calque" in out


def test_html_multiple_files_and_missing_text():
    raw = "Weak RF.\n"
    f = finding("en.terminology.rf", 5, 7, raw, suggestions=("Russia",))
    report = Report(
        [
            FileReport("a.txt", "en", [f], score([f], 2)),
            FileReport("b.txt", "en", [], score([], 10)),
            FileReport("c.txt", error="c.txt: not valid UTF-8 at byte offset 3"),
        ]
    )
    out = render(report, "html", documents={"a.txt": raw})
    assert out.count('<section class="file" id="file-') == 3
    assert "not valid UTF-8" in out and "(article text not included in this report)" in out
    assert "Findings by category, all files" in out


def test_cli_html_format(tmp_path):
    r = runner.invoke(app, ["check", str(SAMPLE), "--format", "html"])
    assert r.exit_code == 1
    p = parse(r.stdout)
    raw = SAMPLE.read_text(encoding="utf-8")
    assert p.bodies == [raw]
    report = json.loads(runner.invoke(app, ["check", str(SAMPLE), "--format", "json"]).stdout)
    for i, f in enumerate(report["files"][0]["findings"]):
        assert p.texts[str(i)] == f["text"]


# -- in a real browser --------------------------------------------------------------------------
browser = pytest.mark.skipif(bool(browser_missing()), reason=f"browser tests need headless Chromium: {browser_missing()}")

JS_TEXTS = """
const out = {};
document.querySelectorAll('mark.hl').forEach(m => {
  const id = m.getAttribute('data-f'); out[id] = (out[id] || '') + m.textContent; });
return out;
"""


@pytest.fixture(scope="module")
def driver():
    d = chromium_driver()
    yield d
    close_driver(d)


@browser
def test_browser_report_highlights_filters_details(driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    sample_raw = SAMPLE.read_text(encoding="utf-8")
    sample_json = json.loads(runner.invoke(app, ["check", str(SAMPLE), "--format", "json"]).stdout)["files"][0]
    sample_findings = [
        Finding(d["rule"], d["category"], Severity.parse(d["severity"]), d["start"], d["end"], d["text"], d["message"],
                tuple(d["suggestions"]), line=d["line"], column=d["column"])
        for d in sample_json["findings"]
    ]  # fmt: skip
    tricky = tricky_findings()
    report = Report(
        [
            FileReport(str(SAMPLE.name), "en", sample_findings, score(sample_findings, 1600)),
            FileReport("tricky.txt", "en", tricky, score(tricky, 30)),
        ]
    )
    page = tmp_path / "report.html"
    page.write_text(render(report, "html", documents={SAMPLE.name: sample_raw, "tricky.txt": TRICKY}), encoding="utf-8")
    driver.get(page.as_uri())
    assert console_errors(driver) == []

    expected = [f.text for f in sample_findings + tricky]
    texts = driver.execute_script(JS_TEXTS)
    for i, text in enumerate(expected):
        assert texts.get(str(i), "") == text, (i, text)
    bodies = driver.execute_script("return Array.from(document.querySelectorAll('.text')).map(e => e.textContent)")
    assert bodies == [sample_raw, TRICKY]

    # click a highlight: the details panel shows its message and suggestion
    first = driver.find_element(By.CSS_SELECTOR, 'mark.hl[data-f="0"]')
    first.click()
    panel = driver.find_element(By.ID, "details").text
    assert sample_findings[0].message.split(":")[0] in panel
    # keyboard: focus a highlight and press Enter
    rf = next(i for i, f in enumerate(sample_findings) if f.rule == "en.terminology.rf")
    mark = driver.find_element(By.ID, f"f{rf}")
    assert mark.get_attribute("tabindex") == "0" and mark.get_attribute("role") == "button"
    mark.send_keys(Keys.ENTER)
    assert "Russia" in driver.find_element(By.ID, "details").text
    # hover text
    assert "Russia" in mark.get_attribute("title")
    driver.save_screenshot(str(tmp_path / "report.png"))

    def state(sev=None, cat=None):
        return driver.execute_script(
            """
            const [sev, cat] = arguments;
            const marks = Array.from(document.querySelectorAll('mark.hl')).filter(m =>
              (!sev || m.dataset.sev === sev) && (!cat || m.dataset.cat === cat));
            const items = Array.from(document.querySelectorAll('ol.findings li')).filter(m =>
              (!sev || m.dataset.sev === sev) && (!cat || m.dataset.cat === cat));
            return {n: marks.length,
                    off: marks.filter(m => m.classList.contains('off')
                                   && getComputedStyle(m).backgroundColor === 'rgba(0, 0, 0, 0)').length,
                    items: items.length, hidden: items.filter(li => li.offsetParent === null).length};
            """,
            sev,
            cat,
        )

    minor_box = driver.find_element(By.CSS_SELECTOR, 'input[name="severity"][value="minor"]')
    before = state("minor")
    assert before["n"] > 0 and before["off"] == 0 and before["hidden"] == 0
    minor_box.click()
    after = state("minor")
    assert after["off"] == after["n"] and after["hidden"] == after["items"]
    assert state("major")["off"] == 0
    minor_box.click()
    assert state("minor")["off"] == 0

    cat_box = driver.find_element(By.CSS_SELECTOR, 'input[name="category"][value="terminology"]')
    cat_box.click()
    s = state(cat="terminology")
    assert s["n"] > 0 and s["off"] == s["n"] and s["hidden"] == s["items"]
    assert state(cat="boilerplate")["off"] == 0
    driver.save_screenshot(str(tmp_path / "filtered.png"))
    cat_box.click()
    assert state(cat="terminology")["off"] == 0
    assert console_errors(driver) == []
    png = (tmp_path / "report.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
