"""Throughput of the neural checks on the sample article (about 1,600 words), cold and warm.

    python benchmarks/bench_neural.py [--device cpu|cuda|auto] [--batch-size 32] [--repeat 5] [--json OUT]

Reports, for all-MiniLM-L6-v2 (the packaged model unless --model-dir names another copy):
- cold: importing torch + transformers, loading the model, embedding the anchors (no cache), and
  the first semantic-calque pass over the article;
- warm: embedding the article's sentences (sentences/s), embedding its candidate spans (spans/s),
  and the whole semantic matcher (article sentences/s), each the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLE = ROOT / "corpora" / "mt" / "korrespondent-2022-09-13-armenia-azerbaijan.txt"


def _timed(fn, repeat: int, sync) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        sync()
        t = time.perf_counter()
        out = fn()
        sync()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--model-dir", type=Path, help="another copy of all-MiniLM-L6-v2 (default: the packaged one)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    os.environ["AUDITOR_CACHE_DIR"] = "off"  # cold means cold: anchors are embedded, not read from the cache

    t0 = time.perf_counter()
    from auditor.neural import model

    model.offline()
    import torch
    import transformers

    t_import = time.perf_counter() - t0

    from auditor.document import Document
    from auditor.engine import Options
    from auditor.neural import calques

    device = model.resolve_device(args.device)

    def sync():
        if device == "cuda":
            torch.cuda.synchronize()

    doc = Document.from_string(ARTICLE.read_text(encoding="utf-8"))
    sentences = [doc.text[a:b] for a, b in doc.sentences if calques._WORD.search(doc.text, a, b)]
    spans = calques.candidate_spans(doc)
    span_texts = [doc.text[a:b] for a, b in spans]

    t = time.perf_counter()
    enc = model.Encoder(args.model_dir or model.minilm_dir(), device, args.batch_size)
    enc.embed(["warm-up"])
    sync()
    t_load = time.perf_counter() - t
    det = calques.NeuralCalqueDetector(Options(neural=True, device=device, batch_size=args.batch_size))
    det.model = lambda kind, path=None: enc  # the instance loaded above
    t = time.perf_counter()
    first = list(det.find(doc))
    sync()
    t_first = time.perf_counter() - t  # anchor embeddings + the first pass

    t_sent, _ = _timed(lambda: enc.embed(sentences), args.repeat, sync)
    t_span, _ = _timed(lambda: enc.embed(span_texts), args.repeat, sync)
    t_match, found = _timed(lambda: list(det.find(doc)), args.repeat, sync)
    assert [(f.start, f.end) for f in found] == [(f.start, f.end) for f in first], "not deterministic"

    result = {
        "device": device,
        "device_name": torch.cuda.get_device_name(0) if device == "cuda" else platform.processor() or platform.machine(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "threads": torch.get_num_threads(),
        "batch_size": args.batch_size,
        "article_words": doc.word_count,
        "sentences": len(sentences),
        "candidate_spans": len(spans),
        "anchors": len(det._index().anchors),
        "cold": {
            "import_s": round(t_import, 2),
            "load_model_s": round(t_load, 2),
            "anchors_and_first_pass_s": round(t_first, 2),
            "total_s": round(t_import + t_load + t_first, 2),
            "sentences_per_s": round(len(sentences) / (t_import + t_load + t_first), 1),
        },
        "warm": {
            "embed_sentences_per_s": round(len(sentences) / t_sent, 1),
            "embed_spans_per_s": round(len(spans) / t_span, 1),
            "matcher_s": round(t_match, 3),
            "matcher_sentences_per_s": round(len(sentences) / t_match, 1),
            "matcher_words_per_s": round(doc.word_count / t_match, 1),
        },
        "findings": [{"text": f.text, "rule": f.extra.get("rule_id"), "similarity": f.extra.get("similarity")} for f in found],
    }
    text = json.dumps(result, indent=1, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
