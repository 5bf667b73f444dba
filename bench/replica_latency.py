"""How low the AppTest slider ratio can go: the *Scenarie* view's elements with none of our code.

Interleaves, move for move, three apps under AppTest: the one-line floor, the real page
(as `bench/scenario_latency.py` opens it) and `bench/scenario_replica.py` (the same elements
in the same structure, every value made once at import), the replica run as a page of an
app whose `pages/` folder has the same thirteen pages as ours. A move sets the pool
slider in both. Prints each one's p50 and its ratio to the floor; issue 7's target is ≤ 6.
Figures go to docs/performance.md.

    python bench/replica_latency.py [--runs 40] [--scale seed|national]
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from element_cost import element_counts  # noqa: E402
from scenario_latency import arguments, built_store, floor_app, scenario_page, time_interleaved  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from synthetic import national_scenario  # noqa: E402

import scenario_replica  # noqa: E402

PAGE = "import sys\nsys.path[:0] = [{root!r}, {bench!r}]\nimport scenario_replica\nscenario_replica.render()\n"


def replica_app(folder: Path) -> AppTest:
    """An app with our pages/ folder's file names; the scenario page is the replica."""
    (folder / "pages").mkdir()
    (folder / "app.py").write_text("import streamlit as st\nst.write('Klyngeblik')\n")
    for page in sorted((ROOT / "pages").glob("*.py")):
        body = PAGE.format(root=str(ROOT), bench=str(BENCH)) if page.name == "budgetscenarier.py" else (
            "import streamlit as st\nst.write('side')\n")
        (folder / "pages" / page.name).write_text(body)
    at = AppTest.from_file(str(folder / "app.py"), default_timeout=120).run()
    at.switch_page("pages/budgetscenarier.py").run()
    assert not at.exception, at.exception
    return at


def main() -> None:
    args = arguments(40)
    national = args.scale == "national"
    scenario_replica.DOCUMENT = national_scenario() if national else None
    with built_store(), tempfile.TemporaryDirectory() as tmp:
        apps = {"floor": floor_app(), "page": scenario_page(national), "replica": replica_app(Path(tmp))}
        times = time_interleaved(apps, args.runs)
        counts = {name: element_counts(at) for name, at in apps.items() if name != "floor"}
    floor = statistics.median(times["floor"])
    print(json.dumps({
        "scale": args.scale,
        "elements": {name: sum(c.values()) for name, c in counts.items()},
        "elements_differ": {kind: [counts["page"][kind], counts["replica"][kind]]
                            for kind in sorted(counts["page"] | counts["replica"])
                            if counts["page"][kind] != counts["replica"][kind]},
        "runs": args.runs,
        **{f"{name}_rerun_ms_p50": round(statistics.median(values), 2) for name, values in times.items()},
        "page_ratio_p50": round(statistics.median(times["page"]) / floor, 2),
        "replica_ratio_p50": round(statistics.median(times["replica"]) / floor, 2),
    }))


if __name__ == "__main__":
    main()
