"""In Chromium: the working scenario is not lost. Untick STIME in Initiativer, open another
page, come back and reload: STIME is still out, the page says "Ændret – ikke gemt", and
"Fortryd ændringer" brings it back. Links with an unknown body or scenario say so in Danish."""

from __future__ import annotations

import re

import pytest

from .conftest import wait_for_streamlit
from .playwright_api import expect
from .test_initiatives_editor import STIME_ROW, toggle_included
from .test_scenario_slider import metric_value

pytestmark = pytest.mark.browser

CHANGED = "Ændret – ikke gemt"


def test_an_unticked_initiative_survives_another_page_and_a_reload(page, app_url):
    page.goto(f"{app_url}/budgetscenarier?klynge=hovedstaden-nord&visning=initiativer")
    wait_for_streamlit(page)
    allocated = metric_value(page, "Fordelt")
    expect(allocated).to_have_text("4.000.000 kr.")
    expect(page.get_by_text(CHANGED)).to_have_count(0)

    toggle_included(page, STIME_ROW)
    wait_for_streamlit(page)
    expect(allocated).to_have_text("0 kr.")
    expect(page.get_by_text(CHANGED)).to_be_visible()
    expect(page.get_by_text(re.compile(r"«STIME.*» er taget ud af scenariet"))).to_be_visible()

    page.get_by_role("link", name="Møder og beslutninger").click()
    wait_for_streamlit(page)
    page.get_by_role("link", name="Budgetscenarier").click()
    wait_for_streamlit(page)
    expect(metric_value(page, "Fordelt")).to_have_text("0 kr.")
    expect(page.get_by_text(CHANGED)).to_be_visible()
    assert "udkast=" in page.url

    page.reload()
    wait_for_streamlit(page)
    expect(metric_value(page, "Fordelt")).to_have_text("0 kr.")
    expect(page.get_by_text(CHANGED)).to_be_visible()

    page.get_by_role("button", name="Fortryd ændringer").click()
    wait_for_streamlit(page)
    expect(metric_value(page, "Fordelt")).to_have_text("4.000.000 kr.")
    expect(page.get_by_text(CHANGED)).to_have_count(0)


def test_the_pool_slider_survives_switching_body_and_back(page, app_url):
    page.goto(f"{app_url}/budgetscenarier?klynge=hovedstaden-nord")
    wait_for_streamlit(page)
    thumb = page.locator('[data-testid="stSlider"]', has_text="Pulje til mindre initiativer (H)").get_by_role("slider")
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    wait_for_streamlit(page)
    expect(metric_value(page, "Pulje (H)")).to_have_text("200.000 kr.")

    def choose(label: str) -> None:
        # typing filters the (virtualised) list of 26 bodies, so the option is rendered
        box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Klynge eller sundhedsråd")
        box.click()
        box.fill(label.split(" › ")[1])
        page.get_by_role("option", name=label, exact=True).click()
        wait_for_streamlit(page)

    choose("Region Nordjylland › Sundhedsklynge Vest")
    choose("Region Hovedstaden › Sundhedsklynge Nord")
    expect(metric_value(page, "Pulje (H)")).to_have_text("200.000 kr.")
    expect(page.get_by_text(CHANGED)).to_be_visible()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("klynge=nope", "«nope», som ikke findes"),
        ("klynge=hovedstaden-nord&scenarie=findes-ikke", "«findes-ikke», som ikke findes"),
        ("klynge=hovedstaden-nord&sammenlign=a,b", "scenarier, der ikke findes"),
    ],
)
def test_a_link_to_something_unknown_says_so(page, app_url, query, message):
    page.goto(f"{app_url}/budgetscenarier?{query}")
    wait_for_streamlit(page)
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_contain_text(message)
