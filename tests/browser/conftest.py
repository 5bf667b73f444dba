"""Fixtures for the real-browser tests: `app_url` (a running `streamlit run app.py`),
`browser` (headless Debian Chromium driven by Playwright) and `page` (a fresh tab per test),
plus `wait_for_streamlit(page)` for waiting until the app is idle after an interaction.

Without Chromium these tests skip, unless KLYNGEBLIK_REQUIRE_BROWSER=1 (set in CI): then
they fail, so CI can never pass with the browser tests silently skipped."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from .server import running_streamlit

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1600, "height": 1000}
LOCALE = "da-DK"
IDLE_TIMEOUT_MS = 30_000
# How long the app must stay idle before we believe it: a rerun is requested over the
# websocket, so right after a click the old "notRunning" state can still be showing.
SETTLE_MS = 400

# Polled every 100 ms: true once the app has been idle for `settleMs` in a row. Idle means
# connected, no script run pending or running, and no placeholder left on the page (stale
# element, skeleton, spinner).
_SETTLED_JS = """(settleMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = !!app
    && app.dataset.testConnectionState === 'CONNECTED'
    && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector(
      '[data-stale="true"], [data-testid="stSkeleton"], [data-testid="stSpinner"]');
  const now = performance.now();
  if (!idle) { window.__klyngeblikIdleSince = undefined; return false; }
  if (window.__klyngeblikIdleSince === undefined) window.__klyngeblikIdleSince = now;
  return now - window.__klyngeblikIdleSince >= settleMs;
}"""


def browser_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if shutil.which("chromium") is None:
        return "chromium is not installed (`make browser-deps` installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def require_browser() -> None:
    """Skip, or fail when KLYNGEBLIK_REQUIRE_BROWSER=1, if Chromium/Playwright are missing."""
    reason = browser_missing_reason()
    if reason is None:
        return
    if os.environ.get("KLYNGEBLIK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KLYNGEBLIK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Decide skip/fail before any fixture starts a server."""
    if item.get_closest_marker("browser") is not None:
        require_browser()


def wait_for_streamlit(page, timeout_ms: int = IDLE_TIMEOUT_MS) -> None:
    """Wait until the app has finished its script run and drawn the result.

    Use after page.goto(...) and after every interaction (click, selectbox choice, slider
    drag). The idle condition must hold for SETTLE_MS in a row, which covers the moment
    between an interaction and the rerun it triggers."""
    page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=timeout_ms)
    page.evaluate("window.__klyngeblikIdleSince = undefined")
    page.wait_for_function(_SETTLED_JS, arg=SETTLE_MS, polling=100, timeout=timeout_ms)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """Base URL (http://127.0.0.1:<port>, no trailing slash) of `streamlit run app.py`
    against a store of its own; the server is stopped at the end of the session."""
    require_browser()
    with running_streamlit(tmp_path_factory.mktemp("browser_app")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (Playwright's own browser download does not work here)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A new tab in a fresh context (own cookies and Streamlit session): 1600×1000, da-DK."""
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    context.set_default_timeout(IDLE_TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    context.close()
