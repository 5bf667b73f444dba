"""How fast the scenario page follows a slider, measured with Streamlit's AppTest.

Times N moves of the pool slider on the Budgetscenarier page (view Scenarie) and N reruns
of a one-line app (the floor) in one process, interleaved so both see the same machine
load, and prints JSON. `--scale national` loads a synthetic national
scenario (200 initiatives, 98 municipalities, 5 years) into the page instead of the seed
data, and also times the engine alone. Figures go to docs/performance.md.

    python bench/scenario_latency.py [--runs 40] [--scale seed|national]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from streamlit.testing.v1 import AppTest  # noqa: E402
from synthetic import national_scenario  # noqa: E402

from core import scenario, store  # noqa: E402
from ui.scenario_panels import Keys  # noqa: E402

POOL_LABEL = "Pulje til mindre initiativer (H)"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def floor_app() -> AppTest:
    """A one-line app: what any rerun costs under AppTest."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write("import streamlit as st\nst.write('Klyngeblik')\n")
    return AppTest.from_file(handle.name, default_timeout=60).run()


def scenario_page(national: bool) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["klynge"] = "hovedstaden-nord"
    at.run()
    if national:
        at.session_state[Keys.BASE] = national_scenario()
        at.session_state[Keys.BASE_CLUSTER] = "hovedstaden-nord"
        at.session_state[Keys.REV] = 1
    at.switch_page("pages/budgetscenarier.py").run()
    assert not at.exception, at.exception
    return at


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    assert not at.exception, at.exception
    return elapsed


POOL_OPTIONS = [0, 100_000, 250_000, 500_000]
WARM_UP = 3


def time_interleaved(apps: dict[str, AppTest], runs: int) -> dict[str, list[float]]:
    """Per round, a pool slider move in each app that has the slider and a rerun of each
    that has not (the floor), so all see the same machine load; after WARM_UP rounds."""
    times: dict[str, list[float]] = {name: [] for name in apps}
    for i in range(runs + WARM_UP):
        for name, at in apps.items():
            slider = next((s for s in at.select_slider if s.label == POOL_LABEL), None)
            if slider is not None:
                slider.set_value(POOL_OPTIONS[i % len(POOL_OPTIONS)])
            elapsed = timed_run(at)
            if i >= WARM_UP:
                times[name].append(elapsed)
    return times


def time_page_and_floor(runs: int, national: bool) -> tuple[list[float], list[float]]:
    """Slider moves and floor reruns interleaved, so both see the same machine load."""
    floor, page = floor_app(), scenario_page(national)
    times = time_interleaved({"page": page, "floor": floor}, runs)
    shown = next(m.value for m in page.metric if m.label == "Pulje (H)")
    last = POOL_OPTIONS[(runs + WARM_UP - 1) % len(POOL_OPTIONS)]
    assert shown.replace(".", "").startswith(str(last)), shown
    return times["page"], times["floor"]


def time_engine(runs: int) -> list[float]:
    document = national_scenario()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        scenario.evaluate_document(document)
        times.append((time.perf_counter() - start) * 1000)
    return times


@contextlib.contextmanager
def built_store() -> Iterator[None]:
    """A store built from data/ in a temporary folder, which the pages use (KLYNGEBLIK_DB)."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KLYNGEBLIK_DB"] = str(Path(tmp) / "bench.duckdb")
        store.build(os.environ["KLYNGEBLIK_DB"])
        yield


def arguments(runs: int) -> argparse.Namespace:
    """--runs and --scale, as every AppTest bench of the scenario page takes them."""
    parser = argparse.ArgumentParser(description=sys.modules["__main__"].__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--scale", choices=["seed", "national"], default="seed")
    return parser.parse_args()


def main() -> None:
    args = arguments(40)
    with built_store():
        page, floor = time_page_and_floor(args.runs, args.scale == "national")
    result = {
        "scale": args.scale,
        "runs": args.runs,
        "scenario_rerun_ms_p50": round(statistics.median(page), 2),
        "scenario_rerun_ms_p95": round(percentile(page, 0.95), 2),
        "floor_rerun_ms_p50": round(statistics.median(floor), 2),
        "ratio_p50": round(statistics.median(page) / statistics.median(floor), 2),
    }
    if args.scale == "national":
        engine = time_engine(args.runs)
        result["engine_ms_p50"] = round(statistics.median(engine), 2)
        result["engine_ms_p95"] = round(percentile(engine, 0.95), 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
