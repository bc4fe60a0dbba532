"""Time alignment and the full check of a generated 2,000-segment bilingual file (docs/bilingual.md).

    python benchmarks/bench_bilingual.py [N]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from auditor.bilingual.evaluate import synthetic
from auditor.bilingual.formats import load_bilingual
from auditor.bilingual.report import check_bilingual
from auditor.engine import Auditor, Options


def main(n: int = 2000) -> None:
    src, tgt, units = synthetic(n)
    auditor = Auditor(Options())
    with tempfile.TemporaryDirectory() as tmp:
        # Warm caches (glossary, automata) outside the timed part, as a long-running service would.
        load_bilingual("warm.txt", b"One.", source=("s.txt", "Один.".encode()))
        t0 = time.perf_counter()
        doc = load_bilingual("t.txt", tgt.encode(), source=("s.txt", src.encode()))
        t1 = time.perf_counter()
        report = check_bilingual(auditor, doc)
        t2 = time.perf_counter()
        print(f"text pair, {n} source sentences: align {t1 - t0:.2f} s, check {t2 - t1:.2f} s, "
              f"{len(report.findings)} findings")
        # The same content as a JSONL translation file, one unit per source sentence.
        path = Path(tmp) / "units.jsonl"
        m = len(units)
        path.write_text("".join(json.dumps({"id": str(i), "source": s, "target": t}, ensure_ascii=False) + "\n"
                                for i, (s, t) in enumerate(units)), encoding="utf-8")  # fmt: skip
        t0 = time.perf_counter()
        doc = load_bilingual(str(path), path.read_bytes())
        t1 = time.perf_counter()
        report = check_bilingual(auditor, doc)
        t2 = time.perf_counter()
        print(f"JSONL, {m} units: read+align {t1 - t0:.2f} s, check {t2 - t1:.2f} s, {len(report.findings)} findings")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
