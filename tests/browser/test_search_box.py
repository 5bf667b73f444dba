"""The sidebar search box in Chromium at 1280×720: type "genindlæggelse" in »Søg i alt«, press
Enter, see Søg with the matched words highlighted (bold) in the snippets, click an idea hit
and land on the suggestion under its theme in Idékatalog. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest

from .conftest import wait_for_streamlit
from .playwright_api import Page, expect
from .server import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"
PROJECTOR = {"width": 1280, "height": 720}
MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'


def test_search_box_to_hits_to_the_exact_place(page: Page, app_url: str):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/?klynge=hovedstaden-nord")
    wait_for_streamlit(page)
    box = page.locator(SIDEBAR).get_by_label("Søg i alt", exact=True).and_(page.locator("input"))
    box.click()
    box.press_sequentially("genindlæggelse", delay=20)
    page.wait_for_timeout(300)  # the typed value reaches the form before Enter submits it
    box.press("Enter")
    wait_for_streamlit(page)
    page.screenshot(path=ROOT / "tests" / "artifacts" / "search-after-enter.png")
    main = page.locator(MAIN)
    expect(main.locator("h1", has_text="Søg")).to_be_visible(timeout=30_000)
    wait_for_streamlit(page)
    assert "q=genindl%C3%A6ggelse" in page.url or "q=genindlæggelse" in page.url
    highlighted = main.locator("strong").filter(has_text="genindlæggelse")
    expect(highlighted.first).to_be_visible()
    assert highlighted.count() >= 3
    expect(main.get_by_text("Forslag i idékataloget", exact=False).first).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "search-1280x720.png")

    hit = main.locator('[data-testid="stPageLink"] a').filter(has_text="Forslag").first
    title = hit.inner_text()
    hit.click()
    wait_for_streamlit(page)
    expect(main.locator("h1", has_text="Idékatalog")).to_be_visible()
    assert "tema=" in page.url and "forslag=" in page.url
    expect(main.get_by_text("Forslaget fra linket")).to_be_visible()
    theme = page.url.split("tema=")[1].split("&")[0]
    expect(main.locator("h2", has_text=f"Tema {theme}")).to_be_visible()
    assert f"tema {theme}" in title.lower()
    page.screenshot(path=ARTIFACTS / "search-hit-idekatalog-1280x720.png")
