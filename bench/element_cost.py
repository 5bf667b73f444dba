"""What the Scenarie view's elements cost under AppTest, and the slider ratio they allow.

Issue 7 asks for an AppTest slider move on *Scenarie* within 6× a one-line app's rerun (seed)
and 10× (national). This bench asks how low that ratio can go with the elements the view
draws, whatever our own code does:

1. For each element type the view draws, an app that draws 20 of it is rerun against an app
   that draws none (both call `bench/element_kinds.py`, so both scripts are as short); the
   difference / 20 is the cost of one such element on a rerun (Streamlit's call, its message,
   AppTest's parse of it).
2. The view is opened as `bench/scenario_latency.py` opens it and its elements are counted
   by type from AppTest's tree.
3. The bound: (floor + Σ count × cost) / floor, the ratio the page would have if our own
   Python took no time at all; beside it the page's measured ratio.

Prints JSON; figures go to docs/performance.md.

    python bench/element_cost.py [--runs 30] [--scale seed|national]
"""

from __future__ import annotations

import collections
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from element_kinds import KINDS  # noqa: E402
from scenario_latency import arguments, built_store, scenario_page, time_page_and_floor  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

PER_APP = 20
APP = "import sys\nsys.path.insert(0, {bench!r})\nfrom element_kinds import draw\ndraw({kind!r}, {n})\n"


def rerun_ms(at: AppTest, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    assert not at.exception, at.exception
    return statistics.median(times)


def kind_app(folder: Path, kind: str, n: int) -> AppTest:
    script = folder / f"kind_{kind}_{n}.py"
    script.write_text(APP.format(bench=str(BENCH), kind=kind, n=n))
    return AppTest.from_file(str(script), default_timeout=60).run()


def element_costs(runs: int) -> tuple[dict[str, float], float]:
    """ms per element of each kind, and the rerun of the app that draws nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = kind_app(folder, "select_slider", 0)
        costs, floors = {}, []
        for kind in KINDS:
            full = kind_app(folder, kind, PER_APP)
            none_ms, full_ms = rerun_ms(empty, runs), rerun_ms(full, runs)  # side by side
            floors.append(none_ms)
            costs[kind] = max(0.0, (full_ms - none_ms) / PER_APP)
    return costs, statistics.median(floors)


def page_elements(national: bool) -> collections.Counter:
    """The Scenarie view's elements by type (as KINDS names them), as the slider bench opens it."""
    return element_counts(scenario_page(national))


def element_counts(at: AppTest) -> collections.Counter:
    """An app's elements by type (as KINDS names them); the three root blocks (main,
    sidebar, event) are not elements."""
    counts: collections.Counter = collections.Counter()

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            kind = getattr(child, "type", "")
            if kind not in ("main", "sidebar", "event"):
                counts["container" if kind in ("flex_container", "column") else kind] += 1
            walk(child)

    walk(at._tree)
    return counts


def main() -> None:
    args = arguments(30)
    with built_store():
        costs, empty_ms = element_costs(args.runs)
        counts = page_elements(args.scale == "national")
        page, floor = time_page_and_floor(args.runs, args.scale == "national")
    floor_ms = statistics.median(floor)
    unknown = sorted(kind for kind in counts if kind not in costs)
    elements_ms = sum(costs.get(kind, 0.0) * n for kind, n in counts.items())
    print(json.dumps({
        "scale": args.scale,
        "cost_ms_per_element": {kind: round(ms, 3) for kind, ms in sorted(costs.items(), key=lambda kv: -kv[1])},
        "page_elements": dict(counts.most_common()),
        "not_costed": unknown,
        "elements_ms": round(elements_ms, 2),
        "empty_app_rerun_ms": round(empty_ms, 2),
        "floor_rerun_ms_p50": round(floor_ms, 2),
        "page_rerun_ms_p50": round(statistics.median(page), 2),
        "ratio_measured": round(statistics.median(page) / floor_ms, 2),
        "ratio_bound_elements_only": round((floor_ms + elements_ms) / floor_ms, 2),
    }))


if __name__ == "__main__":
    main()
