"""How long each page takes to draw the first time, against a one-line app, under AppTest.

For every page × every body (cluster or council) in the store, with `st.cache_data` empty
before each measurement (the first visitor for that body after a server start), two ratios,
each against the one-line app (the floor) timed right after it, so both see the same load:

- first run: a fresh AppTest of the page for the body (as a link /<page>?klynge=… opens it)
  against a fresh AppTest of the floor. Both pay AppTest's own start-up (a thread, a
  session, ~50 ms on an idle machine), which dominates the floor.
- own: the page drawn in a session that is already running (AppTest has run app.py for the
  body, then switches page) against a rerun of the floor: what the page itself costs over
  any Streamlit run. Issue 7's 138× for Indikatorer (Hovedstaden-Nord) was this measure.

Target (issue 7): every page × body within 10× the floor. Prints one JSON line per cell
with `--verbose`, then a JSON summary with the worst cells. Figures go to docs/performance.md.

    python bench/page_render.py [--rounds 3] [--pages indikatorer,overblik] [--bodies hovedstaden-nord]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
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


def floor_runs(path: str) -> tuple[float, float]:
    """The floor's first run in a fresh AppTest and one rerun (what any run costs), in ms."""
    at = AppTest.from_file(path, default_timeout=60)
    start = time.perf_counter()
    at.run()
    first = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    at.run()
    return first, (time.perf_counter() - start) * 1000


def page_first_run(page: str, body: str) -> float:
    """A fresh AppTest's first run of `page` for `body`, in ms."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["klynge"] = body
    at.switch_page(page)  # AppTest runs a switched-to page alone, without the shell
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    assert not at.exception, (page, body, at.exception)
    return elapsed


def page_own_run(page: str, body: str) -> float:
    """`page` drawn in a running session (app.py has run for `body`), with empty
    st.cache_data, in ms."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["klynge"] = body
    at.run()
    assert not at.exception, (body, at.exception)
    st.cache_data.clear()
    at.switch_page(page)
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
        # Built by another process, as `make run` does: a build in this process would leave
        # the search's dictionary and stems cached here, which a fresh server does not have.
        subprocess.run([sys.executable, "-m", "core", "build", "--db", os.environ["KLYNGEBLIK_DB"]],
                       cwd=ROOT, check=True, capture_output=True)
        opened = store.Store(os.environ["KLYNGEBLIK_DB"], read_only=True)
        try:
            bodies = queries.clusters(opened)["cluster_id"].tolist()
        finally:
            opened.close()
        if args.bodies:
            bodies = [b for b in bodies if b in args.bodies.split(",")]
        floor_path = Path(tmp) / "floor.py"
        floor_path.write_text(FLOOR_SCRIPT, encoding="utf-8")
        floor_runs(str(floor_path))  # imports and first compile, for both
        page_first_run(pages[0], bodies[0])
        cells = []
        for page in pages:
            for body in bodies:
                first, floor_first, own, floor_rerun = [], [], [], []
                for _ in range(args.rounds):
                    st.cache_data.clear()
                    first.append(page_first_run(page, body))
                    own.append(page_own_run(page, body))
                    floor = floor_runs(str(floor_path))
                    floor_first.append(floor[0])
                    floor_rerun.append(floor[1])
                cell = {
                    "page": Path(page).stem,
                    "body": body,
                    "first_ms": round(statistics.median(first), 1),
                    "floor_first_ms": round(statistics.median(floor_first), 1),
                    "own_ms": round(statistics.median(own), 1),
                    "floor_rerun_ms": round(statistics.median(floor_rerun), 2),
                }
                cell["first_ratio"] = round(cell["first_ms"] / cell["floor_first_ms"], 1)
                cell["own_ratio"] = round(cell["own_ms"] / cell["floor_rerun_ms"], 1)
                cells.append(cell)
                if args.verbose:
                    print(json.dumps(cell), flush=True)
    worst_first = max(cells, key=lambda c: c["first_ratio"])
    worst_own = max(cells, key=lambda c: c["own_ratio"])
    per_page: dict[str, dict] = {}
    for cell in cells:
        entry = per_page.setdefault(cell["page"], {"first_ratio": 0, "own_ratio": 0, "own_ms": 0})
        for key in entry:
            entry[key] = max(entry[key], cell[key])
    print(json.dumps({
        "cells": len(cells),
        "rounds": args.rounds,
        "floor_first_ms_p50": round(statistics.median(c["floor_first_ms"] for c in cells), 1),
        "floor_rerun_ms_p50": round(statistics.median(c["floor_rerun_ms"] for c in cells), 2),
        "max_first_ratio": worst_first["first_ratio"],
        "max_first_at": f"{worst_first['page']} / {worst_first['body']}",
        "max_own_ratio": worst_own["own_ratio"],
        "max_own_at": f"{worst_own['page']} / {worst_own['body']}",
        "per_page_max": per_page,
        "target": TARGET,
        "first_met": worst_first["first_ratio"] <= TARGET,
        "own_met": worst_own["own_ratio"] <= TARGET,
    }))


if __name__ == "__main__":
    main()
