"""What opening each page costs under AppTest: a fresh session (cold: nothing cached in the
session) and a rerun of the same page (warm), per page, on a store built from data/.

AppTest runs a switched-to page alone, without app.py's shell; a real server runs every
page inside the shell, which holds one read-only connection for the run (Store.held). So
each page is run through a small harness script that does what the shell does: the
cluster selector, then the page's render() inside Store.held() (when the store has it).

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


HARNESS = ROOT / "_bench_page_open.py"
HARNESS_TEXT = """import contextlib, importlib
import streamlit as st
from ui import state
held = getattr(state.store(), "held", None)
with held() if held else contextlib.nullcontext():
    state.cluster_selector()
    importlib.import_module("ui.page_" + st.query_params["side"]).render()
"""


def open_page(page: str, cluster: str, cold: bool = False) -> tuple[float, float]:
    """Seconds for the first run of `page` in a new session, and for a rerun. `cold`: the
    process-wide read cache is emptied first, so every read goes to the store (what the
    first visit after a write costs)."""
    at = AppTest.from_file(str(HARNESS), default_timeout=120)
    at.query_params["klynge"] = cluster
    at.query_params["side"] = Path(page).stem
    if cold:
        st.cache_data.clear()
    start = time.perf_counter()
    at.run()
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
    HARNESS.write_text(HARNESS_TEXT, encoding="utf-8")
    try:
        result = measure(args)
    finally:
        HARNESS.unlink()
    print(json.dumps(result, indent=2, ensure_ascii=False))


def measure(args: argparse.Namespace) -> dict:
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
    return result


if __name__ == "__main__":
    main()
