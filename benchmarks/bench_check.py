"""Throughput of `auditor check` (all non-neural checks) on the sample article repeated to ~1 MB.

usage: python benchmarks/bench_check.py [--size-mb 1] [--repeat 3] [--lang-pair auto]
Prints words/s and MB/s for the in-process engine and for the whole CLI process.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "corpora" / "mt" / "korrespondent-2022-09-13-armenia-azerbaijan.txt"


def build_text(size_mb: float) -> str:
    article = SAMPLE.read_text(encoding="utf-8")
    target = int(size_mb * 1_000_000)
    parts, size = [], 0
    while size < target:
        parts.append(article)
        size += len(article.encode("utf-8")) + 2
    return "\n\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lang-pair", default="auto")
    args = ap.parse_args()

    from auditor.document import Document
    from auditor.engine import Auditor, Options

    text = build_text(args.size_mb)
    mb = len(text.encode("utf-8")) / 1e6
    t0 = time.perf_counter()
    auditor = Auditor(Options(lang_pair=args.lang_pair))
    load_s = time.perf_counter() - t0
    best, findings, words = float("inf"), 0, 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        doc = Document.from_string(text, path="bench.txt")
        findings = len(auditor.check(doc))
        words = doc.word_count
        best = min(best, time.perf_counter() - t)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(text)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", "--exit-zero", "--lang-pair", args.lang_pair, fh.name],
                   check=True, capture_output=True, cwd=ROOT)
    process_s = time.perf_counter() - t
    Path(fh.name).unlink()
    result = {
        "input_mb": round(mb, 2), "words": words, "rules": len(auditor.checks), "findings": findings,
        "rule_load_s": round(load_s, 3), "engine_s": round(best, 3),
        "engine_words_per_s": round(words / best), "engine_mb_per_s": round(mb / best, 2),
        "process_s": round(process_s, 3), "process_mb_per_s": round(mb / process_s, 2),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
