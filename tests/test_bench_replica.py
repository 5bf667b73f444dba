"""The replica of the Scenarie view (bench/scenario_replica.py) is what docs/performance.md
says it is: the page's own elements, type for type, in the page's shell. Its AppTest and
Chromium figures stand for "any implementation of this view in Streamlit" only while that
holds; when the page gains or loses an element, this test says the replica must follow."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import element_cost  # noqa: E402
import replica_latency  # noqa: E402
import scenario_latency  # noqa: E402
import scenario_replica  # noqa: E402
from synthetic import national_scenario  # noqa: E402


@pytest.mark.parametrize("national", [False, True], ids=["seed", "national"])
def test_the_replica_draws_the_pages_elements(db_path, tmp_path, national):
    scenario_replica.DOCUMENT = national_scenario() if national else None
    scenario_replica.prepared.clear()
    try:
        page = scenario_latency.scenario_page(national)
        replica = replica_latency.replica_app(tmp_path)
        counts = element_cost.element_counts(page), element_cost.element_counts(replica)
    finally:
        scenario_replica.DOCUMENT = None
        scenario_replica.prepared.clear()
    assert counts[0] == counts[1]
    assert counts[0]["select_slider"] >= 8 and counts[0]["vega_lite_chart"] == 2  # the view, not an error page
    labels = [s.label for s in replica.select_slider]
    assert labels == [s.label for s in page.select_slider]
