"""How long each page takes to draw the first time, against a one-line app, under AppTest.

For every page × every body (cluster or council) in the store: the first run of a fresh
AppTest of the page for the body (as a link /<page>?klynge=… opens it), paired with the first
run of a fresh AppTest of a one-line app (the floor), so both pay the same AppTest start-up
and see the same machine load. Round 1 of each cell starts with empty `st.cache_data`
(cold: the first visitor after a server start); later rounds find the cached reads (warm).
Prints one JSON line per cell with `--verbose`, then a JSON summary with the worst ratios.
Target (issue 7): every cell within 10× the floor. Figures go to docs/performance.md.

    python bench/page_render.py [--rounds 3] [--pages indikatorer,overblik] [--bodies hovedstaden-nord]
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
os.chdir(ROOT)  # Streamlit reads .streamlit/config.toml from the working directory

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from core import queries, store  # noqa: E402
from ui.shell import PAGES  # noqa: E402

FLOOR_SCRIPT = "import streamlit as st\nst.write('Klyngeblik')\n"
TARGET = 10.0


def floor_first_run(path: str) -> tuple[float, float]:
    """The floor's first run and one rerun (what any rerun costs), in ms."""
    at = AppTest.from_file(path, default_timeout=60)
    start = time.perf_counter()
    at.run()
    first = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    at.run()
    return first, (time.perf_counter() - start) * 1000


def page_first_run(page: str, body: str) -> float:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["klynge"] = body
    at.switch_page(page)  # AppTest runs a switched-to page alone, without the shell
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    assert not at.exception, (page, body, at.exception)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs per cell; the first is cold")
    parser.add_argument("--pages", help="comma-separated page names (e.g. indikatorer); default all")
    parser.add_argument("--bodies", help="comma-separated cluster ids; default every body in the store")
    parser.add_argument("--verbose", action="store_true", help="one JSON line per cell")
    args = parser.parse_args()
    pages = [p for p, *_ in PAGES]
    if args.pages:
        wanted = args.pages.split(",")
        pages = [p for p in pages if Path(p).stem in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KLYNGEBLIK_DB"] = str(Path(tmp) / "bench.duckdb")
        store.build(os.environ["KLYNGEBLIK_DB"])
        opened = store.Store(os.environ["KLYNGEBLIK_DB"], read_only=True)
        try:
            bodies = queries.clusters(opened)["cluster_id"].tolist()
        finally:
            opened.close()
        if args.bodies:
            bodies = [b for b in bodies if b in args.bodies.split(",")]
        floor_path = Path(tmp) / "floor.py"
        floor_path.write_text(FLOOR_SCRIPT, encoding="utf-8")
        floor_first_run(str(floor_path))  # imports and first compile, for both
        page_first_run(pages[0], bodies[0])
        cells = []
        for page in pages:
            for body in bodies:
                st.cache_data.clear()
                page_ms, floor_ms, rerun_ms = [], [], []
                for _ in range(args.rounds):
                    page_ms.append(page_first_run(page, body))
                    first, rerun = floor_first_run(str(floor_path))
                    floor_ms.append(first)
                    rerun_ms.append(rerun)
                cell = {
                    "page": Path(page).stem,
                    "body": body,
                    "cold_ms": round(page_ms[0], 1),
                    "warm_ms": round(statistics.median(page_ms[1:] or page_ms), 1),
                    "floor_ms": round(statistics.median(floor_ms), 1),
                    "floor_rerun_ms": round(statistics.median(rerun_ms), 2),
                }
                cell["cold_ratio"] = round(page_ms[0] / cell["floor_ms"], 1)
                cell["warm_ratio"] = round(cell["warm_ms"] / cell["floor_ms"], 1)
                cells.append(cell)
                if args.verbose:
                    print(json.dumps(cell), flush=True)
    worst_cold = max(cells, key=lambda c: c["cold_ratio"])
    worst_warm = max(cells, key=lambda c: c["warm_ratio"])
    per_page = {}
    for cell in cells:
        per_page[cell["page"]] = max(per_page.get(cell["page"], 0), cell["cold_ratio"])
    print(json.dumps({
        "cells": len(cells),
        "rounds": args.rounds,
        "floor_ms_p50": round(statistics.median(c["floor_ms"] for c in cells), 1),
        "floor_rerun_ms_p50": round(statistics.median(c["floor_rerun_ms"] for c in cells), 2),
        "page_cold_ms_max": max(c["cold_ms"] for c in cells),
        "max_cold_ratio": worst_cold["cold_ratio"],
        "max_cold_at": f"{worst_cold['page']} / {worst_cold['body']}",
        "max_warm_ratio": worst_warm["warm_ratio"],
        "max_warm_at": f"{worst_warm['page']} / {worst_warm['body']}",
        "max_cold_ratio_per_page": per_page,
        "target": TARGET,
        "met": worst_cold["cold_ratio"] <= TARGET,
    }))


if __name__ == "__main__":
    main()
