"""What opening each page costs under AppTest: a fresh session (cold: nothing cached in the
session) and a rerun of the same page (warm), per page, on a store built from data/.

Each round starts a new AppTest (a new session, like a new browser tab) for every page,
so the process-wide caches (st.cache_data, st.cache_resource) are warm after the first
round, as they are on a running server. Prints JSON; figures go to docs/scaling.md.

    python bench/page_open.py [--rounds 5] [--cluster hovedstaden-nord] [--cold]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from core import store  # noqa: E402

PAGES = (
    "pages/overblik.py",
    "pages/budgetscenarier.py",
    "pages/fokusomraader.py",
    "pages/idekatalog.py",
    "pages/moeder.py",
    "pages/indikatorer.py",
    "pages/datagrundlag.py",
)


def open_page(page: str, cluster: str, cold: bool = False) -> tuple[float, float]:
    """Seconds for the first run of `page` in a new session, and for a rerun. `cold`: the
    process-wide read cache is emptied first, so every read goes to the store (what the
    first visit after a write costs)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["klynge"] = cluster
    at.run()
    if cold:
        st.cache_data.clear()
    start = time.perf_counter()
    at.switch_page(page).run()
    first = time.perf_counter() - start
    assert not at.exception, at.exception
    start = time.perf_counter()
    at.run()
    rerun = time.perf_counter() - start
    return first, rerun


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cluster", default="hovedstaden-nord")
    parser.add_argument("--cold", action="store_true", help="empty the read cache before each page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "bench.duckdb"
        store.build(db)
        os.environ["KLYNGEBLIK_DB"] = str(db)
        for page in PAGES:  # warm-up: imports, process-wide caches
            open_page(page, args.cluster)
        firsts: dict[str, list[float]] = {p: [] for p in PAGES}
        reruns: dict[str, list[float]] = {p: [] for p in PAGES}
        for _ in range(args.rounds):
            for page in PAGES:
                first, rerun = open_page(page, args.cluster, args.cold)
                firsts[page].append(first)
                reruns[page].append(rerun)
    result = {
        Path(p).stem: {
            "open_median_ms": round(1000 * statistics.median(firsts[p]), 1),
            "rerun_median_ms": round(1000 * statistics.median(reruns[p]), 1),
        }
        for p in PAGES
    }
    result["_total_open_median_ms"] = round(sum(v["open_median_ms"] for v in result.values()), 1)
    result["_rounds"] = args.rounds
    result["_cluster"] = args.cluster
    result["_cold"] = args.cold
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
