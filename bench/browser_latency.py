"""How long a slider move takes in a real browser: key press on the pool slider until the
shown figure has changed, in headless Chromium against `streamlit run` on localhost.

This is what the chair sees: Streamlit reruns only the scenario fragment here (AppTest,
in scenario_latency.py, always reruns the whole page). Prints JSON; figures go to
docs/performance.md.

    python bench/browser_latency.py [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM_ARGS, wait_for_streamlit  # noqa: E402
from tests.browser.server import running_streamlit  # noqa: E402

POOL_SLIDER = "Pulje til Faglig Sundhedsklynge (H)"
CHANGED_JS = """([label, before]) => {
  const metric = [...document.querySelectorAll('[data-testid="stMetric"]')]
    .find(m => m.innerText.includes(label));
  const value = metric && metric.querySelector('[data-testid="stMetricValue"]');
  return value && value.innerText !== before;
}"""


def measure(base_url: str, runs: int) -> list[float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{base_url}/budgetscenarier?klynge=hovedstaden-nord")
        wait_for_streamlit(page)
        value = page.locator('[data-testid="stMetric"]', has_text="Disponibelt").locator(
            '[data-testid="stMetricValue"]'
        )
        thumb = page.locator('[data-testid="stSlider"]', has_text=POOL_SLIDER).get_by_role("slider")
        thumb.focus()
        times = []
        for i in range(runs + 3):
            before = value.inner_text()
            start = time.perf_counter()
            page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            page.wait_for_function(CHANGED_JS, arg=["Disponibelt", before], polling="raf", timeout=10_000)
            if i >= 3:
                times.append((time.perf_counter() - start) * 1000)
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_streamlit(Path(tmp)) as base_url:
        times = measure(base_url, args.runs)
    ordered = sorted(times)
    print(json.dumps({
        "runs": args.runs,
        "browser_slider_ms_p50": round(statistics.median(times), 1),
        "browser_slider_ms_p95": round(ordered[round(0.95 * (len(ordered) - 1))], 1),
    }))


if __name__ == "__main__":
    main()
