"""Opfølgning in Chromium at the projector size (1280×720): the "Siden sidste møde" tab of a
cluster and the handover of a council render without errors; screenshots in tests/artifacts/."""

from __future__ import annotations

import pytest

from .conftest import wait_for_streamlit
from .playwright_api import Page, expect
from .test_pages import ARTIFACTS, MAIN, assert_no_error

pytestmark = pytest.mark.browser
PROJECTOR = {"width": 1280, "height": 720}


def _open_tab(page: Page, url: str, tab: str) -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(url)
    wait_for_streamlit(page)
    page.get_by_role("tab", name=tab).click()
    wait_for_streamlit(page)


def test_siden_sidste_moede_at_1280x720(page: Page, app_url: str):
    _open_tab(page, f"{app_url}/opfoelgning?klynge=hovedstaden-nord", "Siden sidste møde")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator('[data-testid="stVegaLiteChart"]').first.scroll_into_view_if_needed()
    wait_for_streamlit(page)
    page.screenshot(path=ARTIFACTS / "opfoelgning-siden-sidste-moede-1280x720.png")
    assert_no_error(page)
    expect(page.locator(MAIN).locator("h1").first).to_contain_text("Opfølgning")
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    body = page.locator(MAIN).inner_text()
    assert "Besluttet og forbrugt pr. initiativ" in body and "ikke angivet" in body


def test_overdragelse_of_a_council_at_1280x720(page: Page, app_url: str):
    _open_tab(page, f"{app_url}/opfoelgning?klynge=sundhedsraad-vendsyssel", "Overdragelse")
    page.screenshot(path=ARTIFACTS / "opfoelgning-overdragelse-1280x720.png")
    assert_no_error(page)
    expect(page.get_by_text("Fra Sundhedsklynge Nord (Region Nordjylland)")).to_be_visible()
    expect(page.get_by_role("button", name="Hent overdragelsesnotat (Word)")).to_be_visible()
