"""The summary table printed after a batch run (rich)."""

from __future__ import annotations

from collections import Counter


def summarize(records: list[dict]) -> dict:
    """Totals over results' briefs (``output.brief``)."""
    by_cat: Counter = Counter()
    by_sev: Counter = Counter()
    words = findings = passed = scored = errors = 0
    for r in records:
        if r.get("error"):
            errors += 1
            continue
        score = r.get("score") or {}
        words += score.get("words", 0)
        if score:
            scored += 1
            passed += bool(score.get("passed"))
        for (category, severity), n in r["tally"].items():
            findings += n
            by_cat[(category, severity)] += n
            by_sev[severity] += n
    worst = sorted((r for r in records if not r.get("error") and r.get("score")),
                   key=lambda r: (r["score"]["quality"], r.get("id", "")))[:5]
    return {"articles": len(records), "errors": errors, "words": words, "findings": findings,
            "by_category": by_cat, "by_severity": by_sev, "pass_rate": passed / scored if scored else None,
            "worst": [(r.get("id"), r["score"]["quality"], sum(r["tally"].values())) for r in worst]}


def render(result, console) -> None:
    from rich.table import Table

    s = summarize(result.records)
    rate = result.checked / result.seconds if result.seconds else 0.0
    head = Table(title="auditor batch", show_header=False, box=None)
    head.add_column(no_wrap=True)
    head.add_column(overflow="fold")
    head.add_row("output", str(result.out))
    head.add_row("signature", result.signature)
    head.add_row("articles", f"{s['articles']} ({result.checked} checked now at {rate:.1f}/s, {result.skipped} already done)")
    head.add_row("errors", str(s["errors"]))
    head.add_row("words", f"{s['words']:,}")
    head.add_row("findings", f"{s['findings']:,}")
    head.add_row("pass rate", "-" if s["pass_rate"] is None else f"{s['pass_rate']:.1%}")
    console.print(head)
    levels = ("critical", "major", "minor")
    cats = Table(title="findings by category and severity")
    cats.add_column("category")
    for level in levels:
        cats.add_column(level, justify="right")
    cats.add_column("total", justify="right")
    for cat in sorted({c for c, _ in s["by_category"]}):
        row = [s["by_category"].get((cat, lv), 0) for lv in levels]
        cats.add_row(cat, *map(str, row), str(sum(row)))
    cats.add_row("total", *(str(s["by_severity"].get(lv, 0)) for lv in levels), str(s["findings"]), style="bold")
    console.print(cats)
    if s["worst"]:
        worst = Table(title="worst articles")
        worst.add_column("id")
        worst.add_column("quality", justify="right")
        worst.add_column("findings", justify="right")
        for ident, quality, n in s["worst"]:
            worst.add_row(str(ident), f"{quality:.1f}", str(n))
        console.print(worst)
