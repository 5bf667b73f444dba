"""What one store file holds with several processes: reads/s and writes/s with 1, 2 and 4
processes working on one DuckDB file through core.store.Store (each operation opens and
closes the file; a lock held by another process is waited for).

A read is what a page asks for most: one cluster's initiatives (queries.initiatives). A
write is what a form on Data og regler makes: one entered population with its change-log row
(core.userdata.set_population, one transaction).
Each worker runs for --seconds; the figures are the sums over the workers. Prints JSON;
figures go to docs/scaling.md.

    python bench/store_processes.py [--seconds 5] [--processes 1 2 4]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from core import queries, store, userdata  # noqa: E402


def worker(kind: str, db: str, seconds: float, start_at: float, out: mp.Queue) -> None:
    opened = store.Store(db, lock_timeout_s=30)
    done = busy = 0
    latencies: list[float] = []
    while time.time() < start_at:
        time.sleep(0.001)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.perf_counter()
        try:
            if kind == "read":
                queries.initiatives(opened, "hovedstaden-nord")
            else:
                userdata.set_population(opened, "Allerød", 20000 + done, as_of="2026-07-01",
                                        source="bench", who="bench")
            done += 1
            latencies.append(time.perf_counter() - began)
        except store.StoreBusy:
            busy += 1
    out.put((done, busy, latencies))


def run(kind: str, db: str, processes: int, seconds: float) -> dict:
    out: mp.Queue = mp.Queue()
    start_at = time.time() + 1.0
    workers = [mp.Process(target=worker, args=(kind, db, seconds, start_at, out)) for _ in range(processes)]
    for w in workers:
        w.start()
    results = [out.get() for _ in workers]
    for w in workers:
        w.join()
    done = sum(r[0] for r in results)
    latencies = sorted(x for r in results for x in r[2])
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else None
    return {
        "kind": kind,
        "processes": processes,
        "per_second": round(done / seconds, 1),
        "busy": sum(r[1] for r in results),
        "p95_ms": round(1000 * p95, 1) if p95 else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        db = str(Path(work) / "bench.duckdb")
        store.build(db)
        results = []
        for kind in ("read", "write"):
            for n in args.processes:
                results.append(run(kind, db, n, args.seconds))
                print(json.dumps(results[-1]), file=sys.stderr)
        # mixed: readers and one writer at once (a dashboard and an import)
        out: mp.Queue = mp.Queue()
        start_at = time.time() + 1.0
        mixed = [mp.Process(target=worker, args=(k, db, args.seconds, start_at, out)) for k in ("read", "read", "write")]
        for w in mixed:
            w.start()
        got = [out.get() for _ in mixed]
        for w in mixed:
            w.join()
        results.append({"kind": "mixed 2 readers + 1 writer", "processes": 3,
                        "per_second": [round(g[0] / args.seconds, 1) for g in got],
                        "busy": sum(g[1] for g in got)})
    print(json.dumps({"cores": mp.cpu_count(), "seconds": args.seconds, "results": results}, indent=2))


if __name__ == "__main__":
    main()
