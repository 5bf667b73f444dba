"""Playwright's sync API for the browser test modules, imported once with the conftest's
skip-or-fail rule: without Playwright the importing module is skipped, unless
KLYNGEBLIK_REQUIRE_BROWSER=1 (CI), where the ImportError fails the run."""

from __future__ import annotations

import os

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:
    if os.environ.get("KLYNGEBLIK_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("browser tests skipped: playwright is not installed", allow_module_level=True)

__all__ = ["Page", "expect"]
