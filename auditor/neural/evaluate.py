"""Precision and recall of the semantic calque matcher on corpora/neural/, and a threshold sweep.

    python -m auditor.neural.evaluate [--corpus corpora/neural] [--extra-negatives corpora/clean] [--json OUT]

``variants.tsv`` holds paraphrased calques (``rule<TAB>sentence``) that the literal rules do not
match; ``innocent.txt`` holds innocent news sentences. A sentence counts as flagged when any of
its spans reaches the threshold (the matcher's best span per sentence is kept at every threshold,
so one embedding pass serves the whole sweep). A variant is a true positive when it is flagged,
and "right rule" when the best span belongs to the rule it paraphrases. The chosen threshold is
the lowest one whose precision is at least ``--min-precision`` with no false positive on the
extra negatives (edited news), falling back to the best F1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def read_variants(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rule, text = line.split("\t", 1)
            out.append((rule.strip(), text.strip()))
    return out


def read_lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def clean_sentences(folder: Path, limit: int = 150) -> list[str]:
    """Sentences of the edited-news corpora (extra negatives), in file order."""
    from ..document import Document

    out: list[str] = []
    for path in sorted(folder.rglob("*.txt")) + sorted(folder.rglob("*.md")):
        doc = Document.from_string(path.read_text(encoding="utf-8"))
        out += [doc.text[a:b].strip() for a, b in doc.sentences if len(doc.text[a:b].split()) >= 4]
    return out[:limit]


def best_per_sentence(detector, sentences: list[str]) -> list[tuple[float, str | None]]:
    """(best similarity, its rule) of each sentence, from one document of one sentence per paragraph."""
    from bisect import bisect_right

    from ..document import Document

    text = "\n\n".join(s.replace("\n", " ") for s in sentences)
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 2
    doc = Document.from_string(text)
    best: list[tuple[float, str | None]] = [(0.0, None)] * len(sentences)
    for h in detector.scored_spans(doc):
        i = bisect_right(starts, h.start) - 1
        if h.similarity > best[i][0]:
            best[i] = (h.similarity, h.rule.rsplit(".", 1)[-1])
    return best


def literal_hits(sentences: list[str]) -> list[bool]:
    """Whether any anchored literal rule already flags each sentence."""
    from ..document import Document
    from ..rules.registry import load_rules

    rules = [r for r in load_rules("auto") if r.spec.get("anchors")]
    return [any(True for r in rules for _ in r.check(Document.from_string(s))) for s in sentences]


def sweep(pos: list[tuple[float, str | None]], gold: list[str], neg: list[tuple[float, str | None]], extra: list) -> list[dict]:
    rows = []
    for k in range(40, 86):
        t = k / 100
        tp = sum(s >= t for s, _ in pos)
        right = sum(s >= t and r == g for (s, r), g in zip(pos, gold, strict=True))
        fp = sum(s >= t for s, _ in neg)
        fp_extra = sum(s >= t for s, _ in extra)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / len(pos) if pos else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            {
                "threshold": t,
                "tp": tp,
                "fp": fp,
                "fn": len(pos) - tp,
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(f1, 3),
                "right_rule": round(right / len(pos), 3) if pos else 0.0,
                "fp_extra": fp_extra,
            }
        )
    return rows


def choose(rows: list[dict], min_precision: float) -> dict:
    ok = [r for r in rows if r["precision"] >= min_precision and r["fp_extra"] == 0 and r["tp"]]
    return min(ok, key=lambda r: r["threshold"]) if ok else max(rows, key=lambda r: (r["f1"], r["threshold"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "neural")
    ap.add_argument(
        "--extra-negatives", type=Path, action="append", default=None, help="folders of edited news (default corpora/clean*)"
    )
    ap.add_argument("--min-precision", type=float, default=0.95)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--json", type=Path, help="write the sweep and the choice as JSON")
    args = ap.parse_args(argv)

    from ..engine import Options
    from .calques import DEFAULT_THRESHOLD, NeuralCalqueDetector

    variants = read_variants(args.corpus / "variants.tsv")
    innocent = read_lines(args.corpus / "innocent.txt")
    folders = args.extra_negatives or sorted(p for p in (ROOT / "corpora").glob("clean*") if p.is_dir())
    extra = [s for f in folders for s in clean_sentences(f)]
    caught = literal_hits([t for _, t in variants])
    if any(caught):
        for (rule, text), c in zip(variants, caught, strict=True):
            if c:
                print(f"literal rule already matches variant ({rule}): {text}", file=sys.stderr)
    t0 = time.perf_counter()
    det = NeuralCalqueDetector(Options(neural=True, device=args.device))
    pos = best_per_sentence(det, [t for _, t in variants])
    neg = best_per_sentence(det, innocent)
    ext = best_per_sentence(det, extra) if extra else []
    elapsed = time.perf_counter() - t0
    rows = sweep(pos, [r for r, _ in variants], neg, ext)
    chosen = choose(rows, args.min_precision)
    current = next(r for r in rows if abs(r["threshold"] - DEFAULT_THRESHOLD) < 1e-9)
    print(
        f"variants {len(variants)} (literal rules catch {sum(caught)}), innocent {len(innocent)}, extra negatives {len(extra)}; {elapsed:.1f} s"
    )
    print("threshold  precision  recall   f1   right-rule  fp  fp(extra)")
    for r in rows:
        if round(r["threshold"] * 100) % 2 == 0 or r is chosen:
            mark = " <- chosen" if r is chosen else (" <- default" if r is current else "")
            print(
                f"  {r['threshold']:.2f}      {r['precision']:.3f}    {r['recall']:.3f}  {r['f1']:.3f}   {r['right_rule']:.3f}"
                f"     {r['fp']:>3}  {r['fp_extra']:>3}{mark}"
            )
    print(f"chosen threshold {chosen['threshold']:.2f} (DEFAULT_THRESHOLD is {DEFAULT_THRESHOLD})")
    missed = [(s, g, t) for (s, _), (g, t) in zip(pos, variants, strict=True) if s < chosen["threshold"]]
    fps = [(s, r, t) for (s, r), t in zip(neg, innocent, strict=True) if s >= chosen["threshold"]]
    for s, r, t in sorted(fps, reverse=True)[:10]:
        print(f"  false positive {s:.3f} {r}: {t}")
    for s, g, t in sorted(missed)[:10]:
        print(f"  missed {s:.3f} {g}: {t}")
    if args.json:
        args.json.write_text(
            json.dumps({"sweep": rows, "chosen": chosen, "default": DEFAULT_THRESHOLD}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
