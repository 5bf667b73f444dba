"""In Chromium: dragging a slider on Budgetscenarier changes the figures on screen."""

from __future__ import annotations

import pytest

from .conftest import wait_for_streamlit
from .playwright_api import expect

pytestmark = pytest.mark.browser

POOL_SLIDER = "Pulje til mindre initiativer (H)"


def metric_value(page, label: str):
    return page.locator('[data-testid="stMetric"]', has_text=label).locator('[data-testid="stMetricValue"]')


def test_dragging_the_pool_slider_moves_the_totals(page, app_url):
    page.goto(f"{app_url}/budgetscenarier?klynge=hovedstaden-nord")
    wait_for_streamlit(page)
    available = metric_value(page, "Disponibelt")
    expect(available).to_have_text("8.555.192 kr.")
    thumb = page.locator('[data-testid="stSlider"]', has_text=POOL_SLIDER).get_by_role("slider")
    thumb.scroll_into_view_if_needed()  # the rule controls sit below the key figures and checks
    box = thumb.bounding_box()
    assert box, "the pool slider's handle is not on screen"
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 160, box["y"] + box["height"] / 2, steps=12)
    page.mouse.up()
    wait_for_streamlit(page)
    expect(available).not_to_have_text("8.555.192 kr.")
    pool = metric_value(page, "Pulje (H)").inner_text()
    assert pool != "250.000 kr." and pool.endswith(" kr.")
    # Disponibelt = klyngemidler − pulje, exactly, as shown on screen.
    shown_pool = int(pool.removesuffix(" kr.").replace(".", ""))
    expect(available).to_have_text(f"{8_805_192 - shown_pool:,} kr.".replace(",", "."))


def test_keyboard_moves_the_slider_too(page, app_url):
    page.goto(f"{app_url}/budgetscenarier?klynge=hovedstaden-nord")
    wait_for_streamlit(page)
    thumb = page.locator('[data-testid="stSlider"]', has_text=POOL_SLIDER).get_by_role("slider")
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    wait_for_streamlit(page)
    expect(metric_value(page, "Pulje (H)")).to_have_text("200.000 kr.")
    expect(metric_value(page, "Disponibelt")).to_have_text("8.605.192 kr.")
