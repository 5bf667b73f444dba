"""Every page runs for every cluster and council without an exception (AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.page_budgetscenarier import VIEWS

PAGES = [
    "pages/overblik.py",
    "pages/budgetscenarier.py",
    "pages/fokusomraader.py",
    "pages/idekatalog.py",
    "pages/moeder.py",
    "pages/opfoelgning.py",
    "pages/importer_referat.py",
    "pages/indikatorer.py",
    "pages/datagrundlag.py",
    "pages/data_og_regler.py",
    "pages/soeg.py",
    "pages/hvem_arbejder.py",
]
# Pages that show figures (Data og regler holds forms, Søg the hits of a search, Importér referat
# an upload, Hvem arbejder med hvad a table of names).
FIGURE_PAGES = [page for page in PAGES if page not in (
    "pages/data_og_regler.py", "pages/soeg.py", "pages/importer_referat.py", "pages/hvem_arbejder.py")]


def cluster_ids(store) -> list[str]:
    """Every cluster, every council with predecessors or data of its own, and one council
    per region without (the other councils without data have the same shape: running all 26
    bodies would more than double these tests' time for no new case)."""
    return [r[0] for r in store.rows(
        """SELECT cluster_id FROM clusters c
           WHERE body_kind = 'sundhedsklynge'
              OR EXISTS (SELECT 1 FROM clusters p WHERE p.successor_id = c.cluster_id)
              OR EXISTS (SELECT 1 FROM initiatives i WHERE i.cluster_id = c.cluster_id)
              OR cluster_id = (SELECT min(cluster_id) FROM clusters r
                               WHERE r.body_kind = 'sundhedsraad' AND r.region = c.region)
           ORDER BY cluster_id"""
    )]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_for_every_cluster(store, db_path, page):
    for cluster_id in cluster_ids(store):
        at = AppTest.from_file("../app.py", default_timeout=90)
        at.query_params["klynge"] = cluster_id
        at.run()
        at.switch_page(page).run()
        assert not at.exception, (page, cluster_id, at.exception)
        assert at.title, (page, cluster_id)
        text = " ".join(str(getattr(e, "value", "")) for e in at.main)
        assert "Traceback" not in text


@pytest.mark.parametrize("view", [view for view in VIEWS if view != "scenarie"])
def test_every_scenario_view_runs_for_every_cluster(store, db_path, view):
    """The views besides Scenarie (covered above), opened as a link with ?visning= would."""
    for cluster_id in cluster_ids(store):
        at = AppTest.from_file("../app.py", default_timeout=90)
        at.query_params["klynge"] = cluster_id
        at.query_params["visning"] = view
        at.run()
        at.switch_page("pages/budgetscenarier.py").run()
        assert not at.exception, (view, cluster_id, at.exception)
        if view == "praesentation":  # made for the room: no view bar, a small way out
            assert at.button(key="scn.leave_presentation"), cluster_id
        else:
            assert at.segmented_control(key="scn.view").value == view, (view, cluster_id)


def test_unknown_cluster_in_url_falls_back(db_path):
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params["klynge"] = "findes-ikke"
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="cluster_id").value != "findes-ikke"


def test_cluster_selector_updates_url(db_path):
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params["klynge"] = "hovedstaden-nord"
    at.run()
    at.sidebar.selectbox(key="cluster_id").set_value("nordjylland-vest").run()
    # AppTest's query_params are its input; the URL itself is checked in the browser test.
    assert not at.exception
    assert "Sundhedsklynge Vest" in " ".join(t.value for t in at.title)


@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_every_page_draws_a_chart_for_a_cluster_with_data(db_path, page):
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params["klynge"] = "hovedstaden-nord"
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.get("vega_lite_chart"), f"{page} shows no chart"
