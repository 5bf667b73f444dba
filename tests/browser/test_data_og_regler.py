"""Data og regler in a real Chromium at the two screen sizes a secretariat uses (1600×900 and
1280×720): the page renders, its forms are reachable, and a bad amount gives the Danish
message naming the field while the typed value stays. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest

from .conftest import wait_for_streamlit
from .playwright_api import Page, expect
from .test_pages import MAIN, assert_no_error, open_page, save_screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), [(1600, 900), (1280, 720)])
def test_data_og_regler_renders_and_refuses_bad_input(page: Page, app_url: str, width: int, height: int):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, f"{app_url}/data_og_regler?klynge=hovedstaden-nord")
    assert_no_error(page)
    main = page.locator(MAIN)
    expect(main.locator("h1").first).to_contain_text("Data og regler")
    page.screenshot(path=_artifact(f"data-og-regler-{width}x{height}"))
    main.get_by_role("textbox", name="Indtastet af").fill("Anne Sekretær")
    main.get_by_role("textbox", name="Indtastet af").press("Tab")
    wait_for_streamlit(page)
    main.get_by_role("textbox", name="Beløb (kr.)").fill("mange penge")
    main.get_by_role("textbox", name="Kilde eller begrundelse").first.fill("Referat 1. marts 2026")
    main.get_by_role("button", name="Gem midler").click()
    wait_for_streamlit(page)
    expect(main.locator('[data-testid="stAlertContentError"]')).to_contain_text("Beløb")
    expect(main.get_by_role("textbox", name="Beløb (kr.)")).to_have_value("mange penge")
    save_screenshot(page, f"data-og-regler-{width}x{height}-fejl")


def _artifact(name: str):
    from .test_pages import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"
