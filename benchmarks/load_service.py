"""Load test of `auditor serve`: POST /v1/check with a 1,600-word article, on 127.0.0.1 only.

usage: python benchmarks/load_service.py [--requests 200] [--concurrency 1 8] [--workers 1]
                                         [--article PATH] [--port PORT]

Starts `auditor serve` on a free 127.0.0.1 port (or uses a server already running on --port), sends
a few warm-up requests, then for each concurrency a fixed number of requests from that many client
threads (one keep-alive connection each), and prints requests/s and p50/p99 latency as a Markdown
table. Needs the service extra: pip install "auditor[service]".
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "corpora" / "mt" / "korrespondent-2022-09-13-armenia-azerbaijan.txt"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_API_KEY"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "serve", "--host", HOST, "--port", str(port), "--workers", str(workers),
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                # every worker compiles its checks at start; give the others a moment
                time.sleep(1.0 * (workers - 1))
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.terminate()
    sys.exit("server did not answer /healthz within 120 s")


def run(port: int, body: bytes, requests: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while True:
            with lock:
                if next(counter, None) is None:
                    break
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
                resp = conn.getresponse()
                data = resp.read()
                ok = resp.status == 200 and json.loads(data)["files"][0]["findings"]
            except (OSError, http.client.HTTPException, ValueError) as exc:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                data = str(exc).encode()
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(data[:200].decode(errors="replace"))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    latencies.sort()
    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "wall_s": wall,
        "first_error": errors[0] if errors else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--workers", type=int, default=1, help="server worker processes (when this script starts it)")
    ap.add_argument("--article", type=Path, default=ARTICLE)
    ap.add_argument("--port", type=int, help=f"use a server already running on {HOST}:PORT")
    ap.add_argument("--warmup", type=int, default=5)
    args = ap.parse_args()

    text = args.article.read_text(encoding="utf-8")
    body = json.dumps({"text": text, "path": args.article.name}).encode()
    proc = None
    port = args.port
    if port is None:
        port = free_port()
        proc = start_server(port, args.workers)
    try:
        run(port, body, args.warmup, 1)
        results = [run(port, body, args.requests, c) for c in args.concurrency]
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    print(
        f"article: {args.article.name} ({len(text.split())} words, {len(body) / 1000:.1f} kB request); "
        f"server workers: {args.workers if proc else '?'}; {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print()
    print("| concurrency | requests | errors | requests/s | p50 latency | p99 latency |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['concurrency']} | {r['requests']} | {r['errors']} | {r['rps']:.1f} | {r['p50_ms']:.0f} ms | {r['p99_ms']:.0f} ms |"
        )
    for r in results:
        if r["first_error"]:
            print(f"\nconcurrency {r['concurrency']}: first error: {r['first_error']}", file=sys.stderr)
    if any(r["errors"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
