"""In Chromium: editing the initiatives table (Budgetscenarier › Initiativer) moves the figures,
and the edits are still there in the Scenarie view and when the table is shown again."""

from __future__ import annotations

import pytest

from ui.scenario_panels import LINE_ROW_HEIGHT

from .conftest import wait_for_streamlit
from .playwright_api import expect
from .test_scenario_slider import metric_value

pytestmark = pytest.mark.browser

# Streamlit's table editor draws on a canvas: the header is 35 px high, the rows are
# LINE_ROW_HEIGHT (names wrap instead of being cut on a projector).
HEADER_PX = 35
ROW_PX = LINE_ROW_HEIGHT
STIME_ROW = 1  # KIT, STIME, Tidlig opsporing, Indsats til unge voksne
NAME_PX = 100  # inside the pinned Initiativ column (190 px, shown first)
YEAR_2023_STEPS = 7  # from the Initiativ column: Med, area, cost type, status, scale, 2022, 2023


def toggle_included(page, row: int) -> None:
    """Tick or untick an initiative's "Med" the keyboard way: select its name (the pinned
    first column), step right to Med, press Space. (A click toggles only on the box itself,
    whose place depends on the stretched column widths.)"""
    select_name(page, row)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")


def select_name(page, row: int) -> None:
    """Select an initiative's name cell. The click goes into the middle of the second row, so
    even a late shift of the layout (the banner appearing above the table) keeps it inside the
    data rows: a click on the header would sort the table. The keyboard then walks to the first
    row and down to the wanted one."""
    page.mouse.click(*cell_centre(page, 1, NAME_PX))
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    for _ in range(row):
        page.keyboard.press("ArrowDown")


def cell_centre(page, row: int, x_offset: float) -> tuple[float, float]:
    canvas = page.locator('[data-testid="stDataFrame"] canvas').first
    canvas.scroll_into_view_if_needed()
    box, previous = canvas.bounding_box(), None
    for _ in range(20):  # until the table sits still for 200 ms
        if box == previous:
            break
        page.wait_for_timeout(200)
        previous, box = box, canvas.bounding_box()
    assert box, "the initiatives table is not on screen"
    return box["x"] + x_offset, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2


def test_editing_a_cost_and_unticking_an_initiative(page, app_url):
    page.goto(f"{app_url}/budgetscenarier?klynge=hovedstaden-nord&visning=initiativer")
    wait_for_streamlit(page)
    allocated = metric_value(page, "Fordelt")
    expect(allocated).to_have_text("4.000.000 kr.")

    # Select STIME's name cell, walk to its 2023 cost, open the cell editor and type.
    select_name(page, STIME_ROW)
    for _ in range(YEAR_2023_STEPS):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    cell_editor = page.locator("input.gdg-input")
    cell_editor.fill("900000")
    cell_editor.press("Enter")
    wait_for_streamlit(page)
    expect(allocated).to_have_text("900.000 kr.")

    # Untick STIME's "Med" (the first column): nothing is allocated any more.
    toggle_included(page, STIME_ROW)
    wait_for_streamlit(page)
    expect(allocated).to_have_text("0 kr.")
    toggle_included(page, STIME_ROW)
    wait_for_streamlit(page)
    expect(allocated).to_have_text("900.000 kr.")

    # The other live view works on the edited scenario, and the table keeps the edit.
    page.get_by_role("radio", name="Scenarie", exact=True).click()
    wait_for_streamlit(page)
    expect(allocated).to_have_text("900.000 kr.")
    expect(metric_value(page, "Rest")).to_have_text("7.655.192 kr.")
    page.get_by_role("radio", name="Initiativer", exact=True).click()
    wait_for_streamlit(page)
    expect(page.locator("#glide-cell-7-1")).to_have_text("900000")
