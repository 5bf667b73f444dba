"""Every page in a real headless Chromium against `streamlit run app.py`.

Each page is opened by its URL with ?klynge=…, must render without an exception box or a
traceback and show its Danish title; a full-page screenshot goes to tests/artifacts/."""

from __future__ import annotations

import re

import pytest

from ui.page_budgetscenarier import VIEWS

from .conftest import wait_for_streamlit
from .playwright_api import Page, expect
from .server import ROOT, running_streamlit

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"
CLUSTER = "hovedstaden-nord"
# url_path in app.py -> the page's title, as the page itself must show it (main area h1).
PAGE_TITLES = {
    "": "Overblik",
    "budgetscenarier": "Budgetscenarier",
    "fokusomraader": "Fokusområder",
    "idekatalog": "Idékatalog",
    "moeder": "Møder og beslutninger",
    "opfoelgning": "Opfølgning",
    "importer_referat": "Importér referat",
    "indikatorer": "Indikatorer",
    "datagrundlag": "Datagrundlag",
    "data_og_regler": "Data og regler",
}
MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'
CLUSTER_SELECT_LABEL = "Klynge eller sundhedsråd"
MAX_SHOT_HEIGHT = 12_000
CONTENT_HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
    .map(element => element.scrollHeight))"""


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_streamlit(page)


def save_screenshot(page: Page, name: str) -> None:
    """The whole page, not just the first screen. Streamlit scrolls inside its own container,
    so `full_page=True` alone stops at the viewport: grow the viewport to the content first."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    height = min(max(page.evaluate(CONTENT_HEIGHT_JS), viewport["height"]), MAX_SHOT_HEIGHT)
    page.set_viewport_size({"width": viewport["width"], "height": height})
    wait_for_streamlit(page)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    page.set_viewport_size(viewport)


def assert_no_error(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert "Traceback" not in page.locator("body").inner_text()


@pytest.mark.parametrize("url_path", list(PAGE_TITLES), ids=lambda path: path or "overblik")
def test_every_page_renders(page: Page, app_url: str, url_path: str):
    open_page(page, f"{app_url}/{url_path}?klynge={CLUSTER}")
    # The screenshot comes first so that a failing page still leaves its picture behind.
    save_screenshot(page, url_path or "overblik")
    assert_no_error(page)
    expect(page.locator(MAIN).locator("h1").first).to_contain_text(PAGE_TITLES[url_path])


# Every view but the default one (covered above), with the label its button shows.
SCENARIO_VIEWS = {view: label for view, label in VIEWS.items() if view != "scenarie"}


@pytest.mark.parametrize("view", list(SCENARIO_VIEWS))
def test_every_view_of_the_scenario_page_renders(page: Page, app_url: str, view: str):
    """The views besides Scenarie (covered above), opened from a link with ?visning=."""
    open_page(page, f"{app_url}/budgetscenarier?klynge={CLUSTER}&visning={view}")
    save_screenshot(page, f"budgetscenarier-{view}")
    assert_no_error(page)
    if view == "praesentation":  # for the room: no view bar, a small way out instead
        expect(page.get_by_role("button", name="Afslut præsentation")).to_be_visible()
        return
    chosen = page.locator(MAIN).locator('[data-testid="stButtonGroup"]').first.get_by_role("radio", checked=True)
    expect(chosen).to_have_text(SCENARIO_VIEWS[view])


def test_meetings_of_another_cluster_from_the_url(page: Page, app_url: str):
    """?klynge= picks the cluster: Nordjylland Nord's meeting of 28 May 2025 is listed."""
    open_page(page, f"{app_url}/moeder?klynge=nordjylland-nord")
    assert_no_error(page)
    expect(page.locator(MAIN)).to_contain_text("28. maj 2025")


def test_cluster_selector_updates_the_url(page: Page, app_url: str):
    open_page(page, f"{app_url}/?klynge={CLUSTER}")
    selector = page.locator(SIDEBAR).get_by_role("combobox", name=CLUSTER_SELECT_LABEL)
    selector.click()
    # Typing filters the (virtualised) option list, so the option is sure to be rendered.
    selector.fill("Sundhedsklynge Vest")
    page.get_by_role("option", name="Region Nordjylland › Sundhedsklynge Vest", exact=True).click()
    wait_for_streamlit(page)
    expect(page).to_have_url(re.compile(r"[?&]klynge=nordjylland-vest(&|$)"))
    expect(selector).to_have_value("Region Nordjylland › Sundhedsklynge Vest")
    assert_no_error(page)


def test_deep_link_on_a_fresh_server_runs_the_app_shell(page: Page, tmp_path):
    """A bookmark to a sub-page, opened before anyone has visited the start page, must still
    run app.py (navigation with Danish titles, the cluster selector). Its own server, so no
    earlier test can have warmed it up."""
    with running_streamlit(tmp_path) as base_url:
        open_page(page, f"{base_url}/moeder?klynge=nordjylland-nord")
        save_screenshot(page, "moeder-deep-link-fresh-server")
        sidebar = page.locator(SIDEBAR)
        expect(sidebar.get_by_role("combobox", name=CLUSTER_SELECT_LABEL)).to_be_visible()
        expect(sidebar.get_by_role("link", name=re.compile("Møder og beslutninger"))).to_be_visible()
        expect(page.locator(MAIN)).to_contain_text("28. maj 2025")
