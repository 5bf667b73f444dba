"""A fresh `streamlit run` until the first page is on screen, against the one-line app.

For each round, alternating which goes first: start `streamlit run app.py` (the store is
built and the app's modules compiled beforehand, as `make run` does) and, the same way, `streamlit run bench/floor_line.py`;
time from starting the server process until headless Chromium shows the first page's content
(Overblik's first key figure, read from the store; the one-line app's text). Target (issue 7): within 1,5× the one-line app.
Prints JSON; figures go to docs/performance.md.

    python bench/startup.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from playwright.sync_api import sync_playwright  # noqa: E402

from core import store  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.browser.server import _is_healthy, _stop, free_port, streamlit_command  # noqa: E402

TARGET = 1.5
TIMEOUT_S = 90.0
APPS = {
    # script, what shows that the first page is drawn
    "app": ("app.py", '[data-testid="stMetric"]:has-text("Klyngemidler i alt")'),
    "floor": ("bench/floor_line.py", '[data-testid="stMarkdown"]:has-text("Klyngeblik")'),
}


def start_to_content(browser, script: str, selector: str, env: dict, log_path: Path) -> float:
    """ms from starting the server process until `selector` is visible in a new tab."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    with log_path.open("ab") as log:
        process = subprocess.Popen(streamlit_command(port, script), cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while not _is_healthy(base_url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{script} did not start; see {log_path}:\n{log_path.read_text()}")
            time.sleep(0.02)
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="da-DK")
        try:
            page = context.new_page()
            page.goto(f"{base_url}/")
            page.locator(selector).first.wait_for(state="visible", timeout=TIMEOUT_S * 1000)
            elapsed = (time.perf_counter() - start) * 1000
        finally:
            context.close()
    finally:
        _stop(process)
    return elapsed


def compile_app() -> None:
    """Bytecode for the app's modules, as `make run` writes it. Python writes it itself on
    a first import, unless PYTHONDONTWRITEBYTECODE is set (as on this project's machine):
    then every start compiled ~85 modules again, ~120 ms before the first figure."""
    compileall.compile_file(str(ROOT / "app.py"), quiet=1)
    for folder in ("core", "ui", "pages"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in APPS}
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "startup.duckdb"
        store.build(db_path)
        compile_app()
        env = {**os.environ, "KLYNGEBLIK_DB": str(db_path), "PYTHONUNBUFFERED": "1"}
        log_path = Path(tmp) / "streamlit.log"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            # One untimed start of each: the OS file cache then holds both alike.
            for script, selector in APPS.values():
                start_to_content(browser, script, selector, env, log_path)
            for i in range(args.rounds):
                order = list(APPS) if i % 2 == 0 else list(reversed(APPS))
                for name in order:
                    script, selector = APPS[name]
                    times[name].append(start_to_content(browser, script, selector, env, log_path))
            browser.close()
    app_p50, floor_p50 = statistics.median(times["app"]), statistics.median(times["floor"])
    print(json.dumps({
        "rounds": args.rounds,
        "app_ms": [round(t) for t in times["app"]],
        "floor_ms": [round(t) for t in times["floor"]],
        "app_ms_p50": round(app_p50),
        "floor_ms_p50": round(floor_p50),
        "ratio_p50": round(app_p50 / floor_p50, 2),
        "target": TARGET,
        "met": app_p50 / floor_p50 <= TARGET,
    }))


if __name__ == "__main__":
    main()
