"""In Chromium at a projector's 1280×720: screenshots of Scenarie, Initiativer, Præsentation and
Sammenlign (tests/artifacts/, to look at), nothing from a scenario name is fetched, the view
bar keeps the active view, and controls are reachable by keyboard with a visible focus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core import scenario_repo, scenario_source
from core import store as store_module

from .conftest import IDLE_TIMEOUT_MS, LOCALE, wait_for_streamlit
from .playwright_api import Page, expect
from .server import ROOT, running_streamlit

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"
PROJECTOR = {"width": 1280, "height": 720}
CLUSTER = "hovedstaden-nord"
PAYLOAD = "![x](http://127.0.0.1:9/x.png)"
TRAP = "http://127.0.0.1:9/"
MAIN = '[data-testid="stMain"]'


@pytest.fixture(scope="module")
def projector_url(tmp_path_factory) -> Iterator[str]:
    """A server whose store already holds Forslag A, Forslag B and a scenario (with an
    initiative) named with an image payload. Built before the server starts: only one
    process may write the DuckDB file, and a rebuild keeps saved scenarios."""
    work = tmp_path_factory.mktemp("projector")
    db_path = work / "browser.duckdb"
    store_module.build(db_path)
    store = store_module.Store(db_path)
    try:
        document = scenario_source.editable(store, CLUSTER)
        scenario_repo.save(store, {**document, "name": "Forslag A"}, author="Mette")
        halved = {**document, "name": "Forslag B", "lines": [{**line, "scale": 0.5} for line in document["lines"]]}
        scenario_repo.save(store, halved, author="Jens")
        trap = {**document, "name": PAYLOAD,
                "lines": [{**document["lines"][0], "name": f"{PAYLOAD} initiativ"}, *document["lines"][1:]]}
        scenario_repo.save(store, trap, author=f"{PAYLOAD} forfatter")
    finally:
        store.close()
    with running_streamlit(work) as base_url:
        yield base_url


@pytest.fixture
def projector(browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PROJECTOR, locale=LOCALE)
    context.set_default_timeout(IDLE_TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    context.close()


def shoot(page: Page, name: str) -> None:
    """What the room sees: the first screen at 1280×720 (not the whole page)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    wait_for_streamlit(page)
    page.screenshot(path=ARTIFACTS / f"projector-{name}.png")


def open_view(page: Page, url: str, view: str) -> None:
    page.goto(f"{url}/budgetscenarier?klynge={CLUSTER}&visning={view}")
    wait_for_streamlit(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def choose(page: Page, label: str, option: str) -> None:
    box = page.locator(MAIN).get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()
    wait_for_streamlit(page)


def test_scenarie_and_initiativer_at_1280(projector: Page, projector_url: str):
    open_view(projector, projector_url, "scenarie")
    shoot(projector, "scenarie")
    chart = projector.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    shoot(projector, "scenarie-chart")
    main_box = projector.locator(MAIN).bounding_box()
    box = chart.bounding_box()
    assert box and main_box and box["x"] + box["width"] <= main_box["x"] + main_box["width"] + 1
    years = projector.get_by_text("År for år", exact=True)
    years.scroll_into_view_if_needed()
    shoot(projector, "scenarie-years")
    open_view(projector, projector_url, "initiativer")
    shoot(projector, "initiativer")
    initiatives_table_fits(projector)


def initiatives_table_fits(page: Page) -> None:
    """The Initiativer table at 1280 px: every column on screen (no sideways scrolling), the
    focus areas as numbers with their full names written out above the table."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    widths = grid.locator(".dvn-scroller").first.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1] + 1, f"the table scrolls sideways: {widths}"
    expect(page.get_by_text("Fokusområder: 1 = ", exact=False)).to_be_visible()
    expect(page.get_by_text("1 = Den ældre medicinske patient", exact=False)).to_be_visible()


def test_presentation_is_for_the_room(projector: Page, projector_url: str):
    open_view(projector, projector_url, "scenarie")
    normal = projector.locator('[data-testid="stMetricValue"]').first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    open_view(projector, projector_url, "praesentation")
    shoot(projector, "praesentation")
    expect(projector.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(projector.locator(MAIN).locator('[data-testid="stButtonGroup"]')).to_have_count(0)
    big = projector.locator('[data-testid="stMetricValue"]').first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert big >= 2 * normal, (big, normal)
    # The principle checks (and findings, when there are any) and the focus-area chart are
    # above the fold.
    checks = projector.locator(MAIN).get_by_text("Kontrol af principperne").first.bounding_box()
    assert checks and checks["y"] + checks["height"] <= PROJECTOR["height"], checks
    for selector in ('[data-testid="stAlert"]', '[data-testid="stVegaLiteChart"]'):
        for found in projector.locator(selector).all():
            box = found.bounding_box()
            assert box and box["y"] + box["height"] <= PROJECTOR["height"], (selector, box)
    projector.get_by_role("button", name="Afslut præsentation").click()
    wait_for_streamlit(projector)
    expect(projector.locator(MAIN).locator('[data-testid="stButtonGroup"]').first).to_be_visible()


def test_sammenlign_at_1280(projector: Page, projector_url: str):
    open_view(projector, projector_url, "sammenlign")
    choose(projector, "Vælg 2 eller 3 scenarier", "Forslag A (v1)")
    choose(projector, "Vælg 2 eller 3 scenarier", "Forslag B (v1)")
    tables = projector.locator('[data-testid="stTable"]')
    expect(tables.first).to_contain_text("Forskel til Forslag A (v1)")
    main_box = projector.locator(MAIN).bounding_box()
    for i in range(tables.count()):
        box = tables.nth(i).locator("table").bounding_box()
        assert box and box["x"] + box["width"] <= main_box["x"] + main_box["width"] + 1, i
    shoot(projector, "sammenlign")
    tables.nth(1).scroll_into_view_if_needed()
    shoot(projector, "sammenlign-fokus")


def test_a_name_with_an_image_payload_fetches_nothing(projector: Page, projector_url: str):
    fetched: list[str] = []

    def trap(route):
        fetched.append(route.request.url)
        route.abort()

    projector.route("http://127.0.0.1:9/**", trap)
    projector.on("request", lambda request: request.url.startswith(TRAP) and fetched.append(request.url))
    open_view(projector, projector_url, "gemte")
    choose(projector, "Vælg scenarie", PAYLOAD)
    projector.get_by_role("button", name="Åbn", exact=True).click()
    wait_for_streamlit(projector)
    expect(projector.locator(MAIN)).to_contain_text("Åbnet: «![x](http")
    # Shown as written (an invisible word joiner after "http" keeps GFM from linking it).
    shown = projector.locator(MAIN).inner_text().replace("\u2060", "")
    assert f"Åbnet: «{PAYLOAD}»" in shown and f"{PAYLOAD} initiativ" in shown
    shoot(projector, "payload")
    assert projector.locator(f'{MAIN} img[src^="{TRAP}"]').count() == 0
    assert projector.locator(f'{MAIN} a[href^="{TRAP}"]').count() == 0
    assert fetched == []


def test_view_bar_keeps_the_active_view_and_keyboard_reaches_the_sliders(projector: Page, projector_url: str):
    open_view(projector, projector_url, "scenarie")
    bar = projector.locator(MAIN).locator('[data-testid="stButtonGroup"]').first
    bar.get_by_role("radio", name="Initiativer", exact=True).click()
    wait_for_streamlit(projector)
    bar.get_by_role("radio", name="Initiativer", exact=True).click()  # the active one, again
    wait_for_streamlit(projector)
    expect(bar.get_by_role("radio", checked=True)).to_have_text("Initiativer")
    bar.get_by_role("radio", name="Scenarie", exact=True).click()
    wait_for_streamlit(projector)
    # Tab from the view bar until the first initiative toggle has the focus.
    bar.get_by_role("radio", name="Scenarie", exact=True).focus()
    reached = []
    for _ in range(60):
        projector.keyboard.press("Tab")
        reached.append(projector.evaluate(
            "() => document.activeElement.getAttribute('aria-label') || document.activeElement.innerText || ''"))
        if projector.evaluate("() => document.activeElement.closest('[data-testid=\"stCheckbox\"]') !== null"
                              " && document.activeElement.closest('[class*=\"st-key-scn\"]') !== null"
                              " && /line/.test(document.activeElement.closest('[class*=\"st-key-scn\"]').className)"):
            break
    else:
        pytest.fail(f"no initiative toggle reached by Tab: {reached}")
    focus = projector.evaluate("""() => { const e = document.activeElement.closest('label') || document.activeElement;
        const s = getComputedStyle(document.activeElement); const p = getComputedStyle(e);
        return [s.outlineStyle, s.boxShadow, p.outlineStyle, p.boxShadow].join(' | '); }""")
    assert focus.replace("none", "").strip(" |"), focus
    projector.keyboard.press("Space")
    wait_for_streamlit(projector)
