"""Self-contained HTML report: each article with its findings highlighted at their exact offsets.

No external assets and no network: CSS, JavaScript and the SVG chart are inline. Highlights are
``<mark data-f="N">`` elements; a finding that crosses another is split into fragments that share
``data-f``, so the text of all fragments of finding N is exactly ``raw[start:end]``. Everything from
the input is escaped (the article text by :func:`text_html`, the rest by Jinja2 autoescaping, the
embedded JSON by :func:`script_json`).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter

from ..findings import CATEGORIES, Severity

SEVERITIES = ("critical", "major", "minor")
# C0 controls (except tab and newline), CR (the HTML parser would normalise it away), and DEL:
# written as character references so that the text content round-trips exactly.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def text_html(text: str) -> str:
    """Escape article text for an element with ``white-space: pre-wrap``."""
    out = html.escape(text, quote=True)
    out = _CONTROL.sub(lambda m: f"&#{ord(m.group()) if m.group() != chr(0) else 0xFFFD};", out)
    return _LONE_SURROGATE.sub("\ufffd", out)


def script_json(data) -> str:
    """JSON safe inside a <script> element (no ``</script>``, ``<!--`` or line separators)."""
    s = json.dumps(data, ensure_ascii=False)
    return (
        s.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _mark_open(f, fid: int, first: bool) -> str:
    sev = f.severity.label
    tip = f"{sev} · {f.rule}: {f.message}"
    if f.suggestions:
        tip += f" → {f.suggestions[0]}" if f.suggestions[0] else " → delete"
    attrs = [
        f'class="hl sev-{sev}{"" if first else " cont"}"',
        f'data-f="{fid}"',
        f'data-sev="{sev}"',
        f'data-cat="{html.escape(f.category, quote=True)}"',
        f'title="{text_html(tip)}"',
    ]
    if first:
        attrs += ['tabindex="0"', 'role="button"', f'aria-label="{text_html(tip)}"', f'id="f{fid}"']
    return f"<mark {' '.join(attrs)}>"


def highlight(raw: str, findings: list, first_id: int = 0) -> str:
    """``raw`` as HTML with finding ``first_id + i`` wrapped in ``<mark data-f=…>`` fragments.

    Elementary segments between all finding boundaries are emitted in order; for each segment the
    covering findings (outermost first) form a stack of open marks, reopened as a fragment when a
    crossing finding forces one closed. Empty findings (insertion points) are empty marks.
    """
    spans = []
    for i, f in enumerate(findings):
        start, end = max(0, min(f.start, len(raw))), max(0, min(f.end, len(raw)))
        spans.append((start, max(start, end), first_id + i, f))
    bounds = sorted({0, len(raw)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    order = sorted((s for s in spans if s[1] > s[0]), key=lambda s: (s[0], -s[1], s[2]))
    empties: dict[int, list] = {}
    for s in spans:
        if s[1] == s[0]:
            empties.setdefault(s[0], []).append(s)
    out: list[str] = []
    stack: list[int] = []
    opened: set[int] = set()
    by_id = {s[2]: s for s in spans}
    for a, b in zip(bounds, bounds[1:] + [None], strict=False):
        for s in empties.get(a, ()):
            out.append(_mark_open(s[3], s[2], True) + "</mark>")
        if b is None:
            break
        covering = [s[2] for s in order if s[0] <= a and b <= s[1]]
        keep = 0
        while keep < len(stack) and keep < len(covering) and stack[keep] == covering[keep]:
            keep += 1
        while len(stack) > keep:
            stack.pop()
            out.append("</mark>")
        for fid in covering[keep:]:
            out.append(_mark_open(by_id[fid][3], fid, fid not in opened))
            opened.add(fid)
            stack.append(fid)
        out.append(text_html(raw[a:b]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _finding_data(f, fid: int, path: str) -> dict:
    return {
        "id": fid,
        "file": path,
        "rule": f.rule,
        "category": f.category,
        "severity": f.severity.label,
        "line": f.line,
        "column": f.column,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "message": f.message,
        "suggestions": list(f.suggestions),
        "source_sentence": (f.extra or {}).get("source_sentence"),
    }


def _chart(counts: Counter, width: int = 320, bar: int = 16, gap: int = 6) -> dict:
    """Geometry of a horizontal bar chart of counts by category (drawn by the template as SVG)."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = max(counts.values(), default=1)
    label_w = 170
    rows = []
    for i, (cat, n) in enumerate(items):
        y = i * (bar + gap)
        rows.append({"label": cat, "n": n, "y": y, "w": max(2, round((width - label_w - 40) * n / top))})
    return {"rows": rows, "width": width, "height": max(bar, len(items) * (bar + gap) - gap), "bar": bar, "x": label_w}


def html_context(report, documents: dict | None = None, title: str = "auditor report") -> dict:
    from .. import __version__

    documents = documents or {}
    files, data, fid = [], [], 0
    all_counts: Counter = Counter()
    sev_counts: Counter = Counter()
    for index, file in enumerate(report.files):
        findings = list(file.findings)
        raw = documents.get(file.path)
        body = highlight(raw, findings, fid) if raw is not None else None
        items = []
        for f in findings:
            data.append(_finding_data(f, fid, file.path))
            items.append({"id": fid, "f": f, "sev": f.severity.label, "source_sentence": (f.extra or {}).get("source_sentence")})
            fid += 1
        counts = Counter(f.category for f in findings)
        all_counts.update(counts)
        sev_counts.update(f.severity.label for f in findings)
        files.append(
            {
                "index": index,
                "path": file.path,
                "language": file.language,
                "score": file.score,
                "error": file.error,
                "note": file.note,
                "body": body,
                "items": items,
                "sev": Counter(f.severity.label for f in findings),
                "chart": _chart(counts) if counts else None,
            }
        )
    categories = sorted(all_counts, key=lambda c: list(CATEGORIES).index(c) if c in CATEGORIES else 99)
    return {
        "title": title,
        "version": __version__,
        "files": files,
        "total": fid,
        "categories": [(c, all_counts[c]) for c in categories],
        "severities": [(s, sev_counts[s]) for s in SEVERITIES],
        "chart": _chart(all_counts) if all_counts and len(files) > 1 else None,
        "findings_json": script_json(data),
        "severity_order": {s.label: int(s) for s in Severity},
    }


def render_html(report, *, documents: dict | None = None, title: str = "auditor report", **_) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("auditor.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    context = html_context(report, documents, title)
    for file in context["files"]:
        if file["body"] is not None:
            file["body"] = Markup(file["body"])  # built from escaped pieces by highlight()
    context["findings_json"] = Markup(context["findings_json"])
    return env.get_template("report.html.j2").render(**context)
