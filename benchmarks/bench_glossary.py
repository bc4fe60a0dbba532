"""Glossary cost against glossary size: checking the sample article with 500 vs 50,000 entities.

usage: python benchmarks/bench_glossary.py [--sizes 500 50000] [--repeat 20]
Generates synthetic person/place entities (names, variants, wrong forms, Cyrillic forms, roles)
on top of the bundled glossary and times (a) loading (cold, then from the on-disk cache),
(b) the glossary checks on one 1,600-word article, (c) the same on the article repeated to 1 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "corpora" / "mt" / "korrespondent-2022-09-13-armenia-azerbaijan.txt"
SYLLABLES = ["ka", "lo", "mi", "ra", "ne", "to", "sha", "vi", "ko", "le", "da", "ru", "ya", "zo", "pe", "ti", "na", "bo"]


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic(n: int, seed: int = 1) -> str:
    import yaml

    rng = random.Random(seed)
    entities = []
    for i in range(n):
        first, last = name(rng), name(rng)
        entities.append({
            "id": f"syn-{i}", "type": "person", "canonical": f"{first} {last}", "variants": [last],
            "wrong": [{"form": f"{first}h {last}", "reason": "synthetic"}],
            "source_forms": {"ru": [f"Синтетик{i}"]},
            "roles": [{"title": "Minister", "org": "Synthetia", "before_name": "Synthetic Minister", "from": "2015-01-01", "to": "2020-01-01"}],
        })
    return yaml.safe_dump({"source": "synthetic benchmark data", "entities": entities}, allow_unicode=True, sort_keys=False)


def time_checks(options, text: str, repeat: int) -> float:
    from auditor.document import Document
    from auditor.engine import Auditor

    auditor = Auditor(options)
    auditor.check(Document.from_string(text))  # warm: glossary loaded, automaton built
    best = float("inf")
    for _ in range(repeat):
        doc = Document.from_string(text)
        t = time.perf_counter()
        auditor.check(doc)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 50_000])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    from auditor.engine import Options
    from auditor.glossary import loader

    article = SAMPLE.read_text(encoding="utf-8")
    big = "\n\n".join([article] * (1_000_000 // len(article.encode()) + 1))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AUDITOR_CACHE_DIR"] = str(Path(tmp) / "cache")
        for n in args.sizes:
            path = Path(tmp) / f"syn-{n}.yml"
            path.write_text(synthetic(n), encoding="utf-8")
            loader.load_glossary.cache_clear()
            t = time.perf_counter()
            g = loader.load_glossary((str(path),))
            cold = time.perf_counter() - t
            loader.load_glossary.cache_clear()
            t = time.perf_counter()
            loader.load_glossary((str(path),))
            cached = time.perf_counter() - t
            opts = Options(rules=("glossary",), glossaries=(str(path),))
            results.append({
                "synthetic_entities": n, "total_entities": len(g),
                "load_cold_s": round(cold, 3), "load_cached_s": round(cached, 3),
                "check_article_ms": round(time_checks(opts, article, args.repeat) * 1000, 2),
                "check_1mb_s": round(time_checks(opts, big, 2), 3),
            })
    base = results[0]
    for r in results:
        r["article_cost_ratio"] = round(r["check_article_ms"] / base["check_article_ms"], 2)
        r["1mb_cost_ratio"] = round(r["check_1mb_s"] / base["check_1mb_s"], 2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
