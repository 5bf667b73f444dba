"""Start `streamlit run app.py` on a free localhost port for the browser tests.

The server gets a store file of its own (KLYNGEBLIK_DB): DuckDB lets only one process
write a file, and the test process already holds the session store open."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core import store as store_module

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int, script: str = "app.py", extra: tuple[str, ...] = ()) -> list[str]:
    """`streamlit run` in the project root, so .streamlit/config.toml applies (bench/ runs
    its floor apps the same way); `extra` adds command-line options."""
    return [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        *extra,
    ]


def _is_healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(process: subprocess.Popen, base_url: str, log_path: Path) -> None:
    """Poll the health endpoint; on timeout or early exit raise with the server's output."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if _is_healthy(base_url):
            return
        time.sleep(0.2)
    _stop(process)
    reason = f"exited with code {process.returncode}" if process.returncode else "did not answer in time"
    raise RuntimeError(
        f"streamlit run {reason} ({base_url}/_stcore/health, {START_TIMEOUT_S:.0f} s).\n"
        f"Server output:\n{log_path.read_text(errors='replace')}"
    )


@contextmanager
def running_streamlit(work_dir: Path, script: str = "app.py", extra: tuple[str, ...] = ()) -> Iterator[str]:
    """Build a store in work_dir, run the app (or `script`) against it and yield its base URL.

    Server output (stdout and stderr) goes to work_dir/streamlit.log: a file, not a pipe,
    so a chatty server can never block on a full pipe buffer."""
    db_path = work_dir / "browser.duckdb"
    store_module.build(db_path)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "KLYNGEBLIK_DB": str(db_path), "PYTHONUNBUFFERED": "1"}
    log_path = work_dir / "streamlit.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            streamlit_command(port, script, extra), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_healthy(process, base_url, log_path)
        yield base_url
    finally:
        _stop(process)
