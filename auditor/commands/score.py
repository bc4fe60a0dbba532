"""`auditor score` (BLEU, chrF, chrF++, TER against references) and `auditor compare` (paired
significance tests between systems), both through sacrebleu."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import error as _error


class ScoreFormat(StrEnum):
    text = "text"
    json = "json"


class TestType(StrEnum):
    bs = "bs"
    ar = "ar"
    both = "both"


def _read(path: Path) -> str:
    from auditor.errors import AuditorError
    from auditor.inputs import Source, decode, read_bytes

    try:
        return decode(read_bytes(Source(str(path), path)), str(path))
    except AuditorError as exc:
        raise _error(str(exc)) from None


def _metric_list(metrics: Optional[list[str]]) -> list[str]:
    from auditor.metrics import METRICS

    chosen = [m.lower() for m in metrics] if metrics else list(METRICS)
    bad = [m for m in chosen if m not in METRICS]
    if bad:
        raise _error(f"unknown metric {bad[0]!r} (choose from {', '.join(METRICS)})")
    return chosen


def score_command(
    hyp: Annotated[Path, typer.Argument(help="Hypothesis (system output) file.")],
    ref: Annotated[list[Path], typer.Option("--ref", "-r", help="Reference file (repeatable for several references).")],
    metric: Annotated[
        Optional[list[str]], typer.Option("--metric", "-m", help="bleu, chrf, chrf++ or ter (repeatable; default all).")
    ] = None,
    segments: Annotated[bool, typer.Option("--segments", help="Also print per-segment scores.")] = False,
    lines: Annotated[bool, typer.Option("--lines", help="One segment per line (as sacrebleu) instead of sentence splitting.")] = False,
    fmt: Annotated[ScoreFormat, typer.Option("--format", "-f", help="text or json.")] = ScoreFormat.text,
) -> None:
    """Score a translation against references: BLEU, chrF, chrF++ and TER with sacrebleu signatures."""
    from auditor.metrics import corpus_scores, read_segments, segment_scores

    metrics = _metric_list(metric)
    hyp_text = _read(hyp)
    ref_texts = [_read(r) for r in ref]
    try:
        hyps, refs = read_segments(hyp_text, ref_texts, lines=lines)
        scores = corpus_scores(hyps, refs, metrics)
        rows = segment_scores(hyps, refs, metrics) if segments else None
    except ValueError as exc:
        raise _error(f"{hyp}: {exc}") from None
    if fmt is ScoreFormat.json:
        data = {
            "hypothesis": str(hyp),
            "references": [str(r) for r in ref],
            "segmentation": "lines" if lines else "sentences",
            "segments": len(hyps),
            "scores": scores,
        }
        if rows is not None:
            data["segment_scores"] = rows
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    out = [f"{hyp}: {len(hyps)} segment(s), {len(ref)} reference(s)"]
    for s in scores.values():
        out.append(f"{s['name']:<8} {s['score']:6.2f}  {s['signature']}")
    if rows is not None:
        out.append("")
        out.append("segment  " + "  ".join(f"{m:>7}" for m in metrics) + "  hypothesis")
        for row in rows:
            vals = "  ".join(f"{row[m]:7.2f}" for m in metrics)
            out.append(f"{row['segment']:>7}  {vals}  {row['hypothesis'][:70]}")
    sys.stdout.write("\n".join(out) + "\n")


def compare_command(
    systems: Annotated[list[Path], typer.Argument(help="System outputs; the first is the baseline.")],
    ref: Annotated[list[Path], typer.Option("--ref", "-r", help="Reference file (repeatable).")],
    metric: Annotated[
        Optional[list[str]], typer.Option("--metric", "-m", help="bleu, chrf, chrf++ or ter (repeatable; default all).")
    ] = None,
    test: Annotated[
        TestType, typer.Option("--test", help="bs: paired bootstrap; ar: approximate randomization; both.")
    ] = TestType.both,
    n_samples: Annotated[
        int, typer.Option("--n-samples", help="Resamples (bs, default 1000) or trials (ar, default 10000).")
    ] = 0,
    lines: Annotated[bool, typer.Option("--lines", help="One segment per line instead of sentence splitting.")] = False,
    fmt: Annotated[ScoreFormat, typer.Option("--format", "-f", help="text or json.")] = ScoreFormat.text,
) -> None:
    """Compare systems against the first with sacrebleu's paired significance tests (p-values, 95% CIs)."""
    from auditor.metrics import compare, read_segments

    if len(systems) < 2:
        raise _error("compare needs at least two system outputs (the first is the baseline)")
    metrics = _metric_list(metric)
    ref_texts = [_read(r) for r in ref]
    texts = [_read(s) for s in systems]
    try:
        if lines:
            segs = [read_segments(t, ref_texts, lines=True) for t in texts]
            refs = segs[0][1]
            named = [(str(p), h) for p, (h, _) in zip(systems, segs, strict=True)]
        else:
            # Segment the references once; every system is aligned to those segments.
            from auditor.metrics.sacre import split_sentences

            refs = [split_sentences(t) for t in ref_texts]
            named = []
            for p, t in zip(systems, texts, strict=True):
                named.append((str(p), _fit(split_sentences(t), refs)))
        tests = ["bs", "ar"] if test is TestType.both else [test.value]
        results = [compare(named, refs, metrics, test=t, n_samples=n_samples) for t in tests]
    except ValueError as exc:
        raise _error(str(exc)) from None
    if fmt is ScoreFormat.json:
        sys.stdout.write(json.dumps({"references": [str(r) for r in ref], "tests": results}, indent=2) + "\n")
        return
    out = []
    for res in results:
        title = "paired bootstrap resampling" if res["test"] == "bs" else "paired approximate randomization"
        out.append(f"{title} ({res['n_samples']} samples), baseline {res['baseline']}")
        for name, block in res["metrics"].items():
            out.append(f"  {name}  [{block['signature']}]")
            for row in block["results"]:
                ci = f" ({row['mean']:.2f} ± {row['ci']:.2f})" if row["mean"] is not None and row["ci"] is not None else ""
                p = "" if row["p_value"] is None else f"  p = {row['p_value']:.4f}" + (" *" if row["p_value"] < 0.05 else "")
                out.append(f"    {row['system']:<40} {row['score']:6.2f}{ci}{p}")
        out.append("")
    out.append("* p < 0.05: the difference from the baseline is significant")
    sys.stdout.write("\n".join(out) + "\n")


def _fit(hyp: list[str], refs: list[list[str]]) -> list[str]:
    """Hypothesis sentences regrouped to the references' segments (Gale–Church), one string per segment."""
    from auditor.bilingual.align import gale_church

    n = len(refs[0])
    if any(len(r) != n for r in refs):
        raise ValueError("references split into different numbers of sentences; use --lines")
    if len(hyp) == n:
        return hyp
    ref0 = refs[0]
    beads = gale_church([len(x) for x in ref0], [len(x) for x in hyp])
    out = [""] * n
    pos = 0
    for bs, bt in beads:
        if bs:
            pos = bs[0]
        tgt = min(pos, n - 1)
        text = " ".join(hyp[j] for j in bt)
        if bs and len(bs) > 1:  # two reference sentences, one hypothesis sentence: keep it on the first
            out[bs[0]] = (out[bs[0]] + " " + text).strip()
        elif text:
            out[tgt] = (out[tgt] + " " + text).strip()
        if bs:
            pos = bs[-1] + 1
    return out


def register(app: typer.Typer) -> None:
    app.command("score")(score_command)
    app.command("compare")(compare_command)
