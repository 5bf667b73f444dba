"""A CLI write while a real `streamlit run` dashboard serves the same store file: the
write succeeds (or waits), and the dashboard keeps serving, in Chromium, without an
exception box or traceback; after the write the dashboard shows the new data."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import wait_for_streamlit
from .playwright_api import expect
from .server import ROOT, running_streamlit

pytestmark = pytest.mark.browser

MAIN = '[data-testid="stMain"]'
PAGES = ["", "moeder", "fokusomraader", "datagrundlag"]


def assert_serving(page, url: str, title: str) -> None:
    page.goto(url)
    wait_for_streamlit(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Databasen er optaget" not in body
    expect(page.locator(f"{MAIN} h1").first).to_contain_text(title)


def test_cli_build_while_the_dashboard_serves(tmp_path, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="da-DK")
    page = context.new_page()
    try:
        with running_streamlit(tmp_path) as base_url:
            db = tmp_path / "browser.duckdb"
            assert_serving(page, f"{base_url}/?klynge=hovedstaden-nord", "Sundhedsklynge Nord")
            env = {**os.environ, "KLYNGEBLIK_LOCK_TIMEOUT": "30"}
            for round_no in range(2):
                build = subprocess.Popen(
                    [sys.executable, "-m", "core", "--db", str(db), "build"],
                    cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                )
                # the dashboard serves pages while the build runs
                for path in PAGES:
                    assert_serving(page, f"{base_url}/{path}?klynge=sundhedsraad-nordsjaelland", "")
                out, err = build.communicate(timeout=120)
                assert build.returncode == 0, (round_no, out, err)
                assert "Traceback" not in err
            # a write by another process (an entered population, as a CLI import makes) is seen by the dashboard
            write = subprocess.run(
                [sys.executable, "-c",
                 "import sys\nfrom core import userdata\nfrom core.store import Store\n"
                 "userdata.set_population(Store(sys.argv[1]), 'Allerød', 27777, as_of='2026-07-01', "
                 "source='FOLK1A 2026K3 (test)', who='test')",
                 str(db)],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
            )
            assert write.returncode == 0, write.stderr
            assert_serving(page, f"{base_url}/?klynge=hovedstaden-nord", "Sundhedsklynge Nord")
            expect(page.locator(MAIN)).to_contain_text("27.777")
    finally:
        context.close()
